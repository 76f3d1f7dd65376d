/**
 * The page's side of the import/export worker: parsing a file (with progress and cancel), the
 * preview for a mapping, the plan and its rows in chunks, the rejected rows as a CSV, and exports.
 * The typed messages and the error transport live here too; worker.ts is the other side.
 */
import type { CustomColumn } from '$lib/columns/definitions';
import type { ConsentPurpose, Customer } from '$lib/domain/types';
import type { Delimiter } from './csv-parse';
import type { TextEncodingName } from './encoding';
import { ImportError, type ImportErrorCode, type ImportErrorParams } from './errors';
import type { ExportColumnKey, ExportLocale } from './export-columns';
import type { ImportLimits } from './limits';
import type { Decisions, ExistingIndex, PlanCounts, PlanRow, RowDecision, RowGroup } from './plan';
import type { PurchaseDraft, RowProblem } from './rows';
import type { FileKind, Mapping, SourceId } from './types';

export interface ParseOptions {
	/** Override the detected encoding or delimiter of a text file. */
	encoding?: TextEncodingName;
	delimiter?: Delimiter;
	limits?: Partial<ImportLimits>;
	/** Rows in the preview (default 20). */
	previewRows?: number;
	/** ISO date of today (tests). */
	today?: string;
}

/** One row as it will be stored, for the preview table. */
export interface PreviewRow {
	row: number;
	/** The cells as they are in the file. */
	cells: string[];
	customer: Customer;
	tags: string[];
	purchase: PurchaseDraft | null;
	problems: RowProblem[];
}

export interface ParseSummary {
	/** Handle of the parsed file in the worker, for preview/plan/planRows/rejects/close. */
	session: number;
	kind: FileKind;
	encoding: TextEncodingName | null;
	delimiter: Delimiter | null;
	source: SourceId;
	header: string[];
	hasHeader: boolean;
	rowCount: number;
	blankRows: number;
	mapping: Mapping;
	preview: PreviewRow[];
}

export interface PlanSummary {
	counts: PlanCounts;
	/** Rows per decision with the default decisions. */
	decisions: Record<RowDecision, number>;
}

export interface PlanRowsQuery {
	/** Only the rows of this group; start/end then count within the group. */
	group?: RowGroup;
	start: number;
	end: number;
	decisions?: Decisions;
	/**
	 * Rows for the repository to write: their records leave out what the customer already holds
	 * (the typed values, the custom columns), so less is cloned between the worker and the page.
	 */
	forWrite?: boolean;
}

export type ExportKind = 'csv' | 'xlsx' | 'vcf';

export type ExportSource =
	/** Customers sent with the request (a selection, or a page's rows). */
	| { kind: 'rows'; customers: Customer[] }
	/** Read by the worker from the book: these ids, or every customer not in the trash. */
	| { kind: 'db'; ids?: string[] };

export interface ExportOptions {
	columns?: ExportColumnKey[];
	/** Add a column per custom field found (default true when `columns` is not given). */
	customColumns?: boolean;
	/** The shop's custom columns (the worker reads them from the book when not given). */
	customDefs?: CustomColumn[];
	locale?: ExportLocale;
	/** Tag id → name (the worker reads them from the book for a 'db' source). */
	tagNames?: Map<string, string>;
	sheetName?: string;
	/** Only customers who consented to this purpose (privacy/consent.ts), e.g. a promotions list. */
	consentFor?: ConsentPurpose;
}

export interface ExportedFile {
	blob: Blob;
	fileName: string;
}

type Req<T> = T & { id: number };

export type IoRequest =
	| Req<{ type: 'parse'; file: Blob; options: ParseOptions }>
	| Req<{ type: 'preview'; session: number; mapping: Mapping; count: number }>
	| Req<{ type: 'plan'; session: number; mapping: Mapping; existing: ExistingIndex }>
	| Req<{ type: 'plan-rows'; session: number; query: PlanRowsQuery }>
	| Req<{ type: 'decision-counts'; session: number; decisions: Decisions }>
	| Req<{ type: 'rejects'; session: number; decisions: Decisions; locale: ExportLocale }>
	| Req<{ type: 'export'; kind: ExportKind; source: ExportSource; options: ExportOptions }>
	| Req<{ type: 'close'; session: number }>
	| Req<{ type: 'cancel' }>;

export type SerializedError =
	| {
			kind: 'import';
			code: ImportErrorCode;
			params: ImportErrorParams[ImportErrorCode];
			message: string;
	  }
	| { kind: 'unknown'; message: string };

export type IoResponse =
	| Req<{ type: 'progress'; done: number; total: number }>
	| Req<{ type: 'parsed'; summary: ParseSummary }>
	| Req<{ type: 'previewed'; rows: PreviewRow[] }>
	| Req<{ type: 'planned'; plan: PlanSummary }>
	| Req<{ type: 'plan-rows'; rows: PlanRow[] }>
	| Req<{ type: 'decision-counts'; counts: Record<RowDecision, number> }>
	| Req<{ type: 'rejects'; blob: Blob; rows: number }>
	| Req<{ type: 'exported'; file: ExportedFile }>
	| Req<{ type: 'closed' }>
	| Req<{ type: 'failed'; error: SerializedError }>;

export function serializeError(e: unknown): SerializedError {
	if (e instanceof ImportError) {
		return { kind: 'import', code: e.code, params: e.params, message: e.message };
	}
	const name = typeof e === 'object' && e !== null ? (e as { name?: unknown }).name : undefined;
	if (name === 'AbortError') {
		return { kind: 'import', code: 'cancelled', params: {}, message: 'Cancelled.' };
	}
	return { kind: 'unknown', message: e instanceof Error ? e.message : String(e) };
}

export function deserializeError(error: SerializedError): Error {
	if (error.kind === 'import') return new ImportError(error.code, error.params, error.message);
	return new Error(error.message);
}

/** What the client needs of a Worker; a stand-in in tests. */
export interface IoWorkerPort {
	postMessage(message: IoRequest): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<IoResponse>) => void): void;
	removeEventListener(type: 'message', listener: (event: MessageEvent<IoResponse>) => void): void;
	terminate?(): void;
}

export interface TaskOptions {
	/** Bytes (parse) or rows (plan, export) done, and the total (0 when unknown). */
	onProgress?: (done: number, total: number) => void;
	/** Cancels; the promise rejects with ImportError('cancelled'). */
	signal?: AbortSignal;
}

export interface IoClient {
	/** Reads the whole file in the worker; resolves with what the mapping screen needs. */
	parse(file: Blob, options?: ParseOptions & TaskOptions): Promise<ParseSummary>;
	/** The first rows as they would be stored with this mapping. */
	preview(session: number, mapping: Mapping, count?: number): Promise<PreviewRow[]>;
	/** Classifies every row against the book's index; the worker keeps the result for planRows. */
	plan(
		session: number,
		mapping: Mapping,
		existing: ExistingIndex,
		options?: TaskOptions
	): Promise<PlanSummary>;
	/** Rows of the last plan, with decisions applied: the repository writes them chunk by chunk. */
	planRows(session: number, query: PlanRowsQuery): Promise<PlanRow[]>;
	decisionCounts(session: number, decisions: Decisions): Promise<Record<RowDecision, number>>;
	/** A CSV of the skipped and invalid rows: their original cells and an error column. */
	rejects(
		session: number,
		decisions?: Decisions,
		locale?: ExportLocale
	): Promise<{ blob: Blob; rows: number }>;
	exportFile(
		kind: ExportKind,
		source: ExportSource,
		options?: ExportOptions & TaskOptions
	): Promise<ExportedFile>;
	/** Frees a parsed file's rows in the worker. */
	close(session: number): Promise<void>;
	dispose(): void;
}

export function createIoWorker(): Worker {
	return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'io' });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Outgoing = DistributiveOmit<Exclude<IoRequest, { type: 'cancel' }>, 'id'>;

interface Pending {
	resolve(response: IoResponse): void;
	reject(error: Error): void;
	onProgress?: (done: number, total: number) => void;
}

export function createIoClient(worker?: IoWorkerPort): IoClient {
	const port: IoWorkerPort = worker ?? createIoWorker();
	const owned = worker === undefined;
	const pending = new Map<number, Pending>();
	let nextId = 1;
	let disposed = false;

	function onMessage(event: MessageEvent<IoResponse>): void {
		const msg = event.data;
		const task = pending.get(msg.id);
		if (!task) return;
		if (msg.type === 'progress') {
			task.onProgress?.(msg.done, msg.total);
			return;
		}
		pending.delete(msg.id);
		if (msg.type === 'failed') task.reject(deserializeError(msg.error));
		else task.resolve(msg);
	}
	port.addEventListener('message', onMessage);

	function run(request: Outgoing, options: TaskOptions = {}): Promise<IoResponse> {
		if (disposed) return Promise.reject(new ImportError('cancelled', {}));
		const { signal } = options;
		if (signal?.aborted) return Promise.reject(new ImportError('cancelled', {}));
		const id = nextId++;
		return new Promise<IoResponse>((resolve, reject) => {
			const cancel = () => port.postMessage({ type: 'cancel', id });
			signal?.addEventListener('abort', cancel, { once: true });
			const done = () => signal?.removeEventListener('abort', cancel);
			pending.set(id, {
				resolve: (r) => {
					done();
					resolve(r);
				},
				reject: (e) => {
					done();
					reject(e);
				},
				onProgress: options.onProgress
			});
			port.postMessage({ ...request, id } as IoRequest);
		});
	}

	function expect<T extends IoResponse['type']>(
		response: IoResponse,
		type: T
	): Extract<IoResponse, { type: T }> {
		if (response.type !== type) throw new Error(`Unexpected ${response.type} from the io worker.`);
		return response as Extract<IoResponse, { type: T }>;
	}

	return {
		async parse(file, options = {}) {
			const { onProgress, signal, ...parseOptions } = options;
			const r = await run({ type: 'parse', file, options: parseOptions }, { onProgress, signal });
			return expect(r, 'parsed').summary;
		},
		async preview(session, mapping, count = 20) {
			return expect(await run({ type: 'preview', session, mapping, count }), 'previewed').rows;
		},
		async plan(session, mapping, existing, options = {}) {
			const r = await run({ type: 'plan', session, mapping, existing }, options);
			return expect(r, 'planned').plan;
		},
		async planRows(session, query) {
			return expect(await run({ type: 'plan-rows', session, query }), 'plan-rows').rows;
		},
		async decisionCounts(session, decisions) {
			const r = await run({ type: 'decision-counts', session, decisions });
			return expect(r, 'decision-counts').counts;
		},
		async rejects(session, decisions = {}, locale = 'vi') {
			const r = expect(await run({ type: 'rejects', session, decisions, locale }), 'rejects');
			return { blob: r.blob, rows: r.rows };
		},
		async exportFile(kind, source, options = {}) {
			const { onProgress, signal, ...exportOptions } = options;
			const r = await run(
				{ type: 'export', kind, source, options: exportOptions },
				{ onProgress, signal }
			);
			return expect(r, 'exported').file;
		},
		async close(session) {
			expect(await run({ type: 'close', session }), 'closed');
		},
		dispose() {
			if (disposed) return;
			disposed = true;
			port.removeEventListener('message', onMessage);
			for (const task of pending.values()) task.reject(new ImportError('cancelled', {}));
			pending.clear();
			if (owned) port.terminate?.();
		}
	};
}
