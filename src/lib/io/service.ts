/**
 * What the io worker does, apart from the worker globals (worker.ts): parsed files kept as
 * sessions of compact rows, previews, plans kept as one byte per row plus the matches, plan rows
 * materialised on request in chunks, rejected rows, and exports. Runs in Node for the tests.
 */
import { isoToday } from '$lib/domain/date';
import type { Customer } from '$lib/domain/types';
import type {
	ExportSource,
	IoRequest,
	IoResponse,
	ParseSummary,
	PlanRowsQuery,
	PreviewRow
} from './client';
import { consentingOnly } from '$lib/privacy/consent';
import { serializeError } from './client';
import { csvBlob } from './csv-write';
import { ImportError, throwIfCancelled } from './errors';
import { customKeys, exportBlob, exportFileName, inBatches, type ExportFormat } from './export';
import { customExportKeys } from './export-columns';
import type { CustomColumn } from '$lib/columns/definitions';
import { proposeMapping } from './mapping';
import {
	decide,
	emptyCounts,
	lookupFromIndex,
	Planner,
	ROW_GROUPS,
	type Decisions,
	type ExistingIndex,
	type PlanCounts,
	type PlanRow,
	type RowDecision,
	type RowGroup,
	type RowMatch
} from './plan';
import { readTable, type ReadResult } from './read';
import { ERROR_COLUMN, describeProblems } from './rejects';
import { previewCustomer, recordProblems, rowToRecord } from './rows';
import type { Mapping, SourceId } from './types';

interface StoredPlan {
	mapping: Mapping;
	today: string;
	/** Group of each row, as an index in ROW_GROUPS. */
	groups: Uint8Array;
	matches: Map<number, RowMatch>;
	/** Row indexes of each group, in file order. */
	byGroup: Record<RowGroup, Uint32Array>;
	counts: PlanCounts;
}

interface Session {
	read: ReadResult;
	source: SourceId;
	today: string;
	plan: StoredPlan | null;
}

/** Reads customers for a 'db' export; the worker passes one over its own Dexie connection. */
export interface CustomerReader {
	batches(ids: string[] | undefined, size: number): AsyncIterable<Customer[]>;
	tagNames(): Promise<Map<string, string>>;
	/** The shop's custom column definitions (labels, types, order). */
	customColumns?(): Promise<CustomColumn[]>;
}

export interface IoServiceOptions {
	post(message: IoResponse): void;
	reader?: () => CustomerReader;
}

const YIELD_EVERY = 8192;

function pause(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}

export function createIoService(options: IoServiceOptions) {
	const { post } = options;
	const sessions = new Map<number, Session>();
	const running = new Map<number, AbortController>();
	let nextSession = 1;

	function session(id: number): Session {
		const s = sessions.get(id);
		if (s === undefined) throw new ImportError('no-session', {});
		return s;
	}

	function previewRows(s: Session, mapping: Mapping, count: number): PreviewRow[] {
		const out: PreviewRow[] = [];
		for (const { cells, row } of s.read.rows.rows(0, Math.min(count, s.read.rows.rowCount))) {
			const record = rowToRecord(cells, mapping, { today: s.today });
			const customer = previewCustomer(record, s.today);
			out.push({
				row,
				cells,
				customer,
				tags: record.tags,
				purchase: record.purchase,
				problems: record.empty ? [] : recordProblems(record, customer, s.today)
			});
		}
		return out;
	}

	async function parse(
		id: number,
		file: Blob,
		opts: Extract<IoRequest, { type: 'parse' }>['options'],
		signal: AbortSignal
	): Promise<ParseSummary> {
		const read = await readTable(file, {
			encoding: opts.encoding,
			delimiter: opts.delimiter,
			limits: opts.limits,
			signal,
			onProgress: (done, total) => post({ type: 'progress', id, done, total })
		});
		const sample = [...read.rows.rows(0, Math.min(200, read.rows.rowCount))].map((r) => r.cells);
		const { mapping, source } = proposeMapping(
			read.header,
			sample,
			read.kind === 'vcard' ? 'vcard' : undefined
		);
		const s: Session = { read, source, today: opts.today ?? isoToday(), plan: null };
		const handle = nextSession++;
		sessions.set(handle, s);
		return {
			session: handle,
			kind: read.kind,
			encoding: read.encoding,
			delimiter: read.delimiter,
			source,
			header: read.header,
			hasHeader: read.hasHeader,
			rowCount: read.rows.rowCount,
			blankRows: read.blankRows,
			mapping,
			preview: previewRows(s, mapping, opts.previewRows ?? 20)
		};
	}

	async function plan(
		id: number,
		s: Session,
		mapping: Mapping,
		existing: ExistingIndex,
		signal: AbortSignal
	): Promise<StoredPlan> {
		const total = s.read.rows.rowCount;
		const planner = new Planner(lookupFromIndex(existing));
		const groups = new Uint8Array(total);
		const matches = new Map<number, RowMatch>();
		for (const { cells, row, index } of s.read.rows.rows()) {
			if (index % YIELD_EVERY === 0 && index > 0) {
				post({ type: 'progress', id, done: index, total });
				await pause();
				throwIfCancelled(signal);
			}
			const record = rowToRecord(cells, mapping, { today: s.today });
			const cls = planner.classify(row, record, previewCustomer(record, s.today), s.today);
			groups[index] = ROW_GROUPS.indexOf(cls.group);
			if (cls.match !== null) matches.set(index, cls.match);
		}
		const counts = planner.counts;
		const byGroup = Object.fromEntries(
			ROW_GROUPS.map((g) => [g, new Uint32Array(counts[g])])
		) as Record<RowGroup, Uint32Array>;
		const fill = Object.fromEntries(ROW_GROUPS.map((g) => [g, 0])) as Record<RowGroup, number>;
		for (let i = 0; i < total; i++) {
			const g = ROW_GROUPS[groups[i]];
			byGroup[g][fill[g]++] = i;
		}
		post({ type: 'progress', id, done: total, total });
		return { mapping, today: s.today, groups, matches, byGroup, counts };
	}

	function countDecisions(s: Session, p: StoredPlan, decisions: Decisions) {
		const out: Record<RowDecision, number> = { create: 0, merge: 0, skip: 0 };
		const numbers = s.read.rows;
		for (let i = 0; i < p.groups.length; i++) {
			const group = ROW_GROUPS[p.groups[i]];
			const row = decisions.rows === undefined ? 0 : numbers.rowNumber(i);
			out[decide({ row, group }, decisions)]++;
		}
		return out;
	}

	function planRowAt(s: Session, p: StoredPlan, index: number, decisions: Decisions): PlanRow {
		const { cells, row } = s.read.rows.row(index);
		const record = rowToRecord(cells, p.mapping, { today: p.today });
		const customer = previewCustomer(record, p.today);
		const group = ROW_GROUPS[p.groups[index]];
		return {
			row,
			group,
			match: p.matches.get(index) ?? null,
			problems: group === 'empty' ? [] : recordProblems(record, customer, p.today),
			decision: decide({ row, group }, decisions),
			record,
			customer
		};
	}

	/** What the repository reads of a row's record: tags and purchase (the rest is in `customer`). */
	function forWrite(r: PlanRow): PlanRow {
		const custom: Record<string, string> = Object.create(null);
		return { ...r, record: { ...r.record, input: {}, custom } };
	}

	function planRows(s: Session, query: PlanRowsQuery): PlanRow[] {
		const p = s.plan;
		if (p === null) throw new ImportError('no-session', {});
		const decisions = query.decisions ?? {};
		const out: PlanRow[] = [];
		if (query.group !== undefined) {
			const list = p.byGroup[query.group];
			for (let k = Math.max(0, query.start); k < Math.min(query.end, list.length); k++) {
				out.push(planRowAt(s, p, list[k], decisions));
			}
		} else {
			for (let i = Math.max(0, query.start); i < Math.min(query.end, p.groups.length); i++) {
				out.push(planRowAt(s, p, i, decisions));
			}
		}
		return query.forWrite === true ? out.map(forWrite) : out;
	}

	function rejects(s: Session, decisions: Decisions, locale: 'vi' | 'en') {
		const stored = s.plan;
		if (stored === null) throw new ImportError('no-session', {});
		const p: StoredPlan = stored;
		let count = 0;
		const header = s.read.header;
		function* lines(): Generator<string[]> {
			yield [...header, ERROR_COLUMN[locale]];
			for (let i = 0; i < p.groups.length; i++) {
				const group = ROW_GROUPS[p.groups[i]];
				if (group === 'empty') continue;
				const pr = planRowAt(s, p, i, decisions);
				if (pr.decision !== 'skip' && group !== 'invalid') continue;
				count++;
				const cells = s.read.rows.row(i).cells;
				const padded = header.map((_, k) => cells[k] ?? '');
				for (let k = header.length; k < cells.length; k++) padded.push(cells[k]);
				yield [...padded, describeProblems(pr.problems, locale)];
			}
		}
		const blob = csvBlob(lines());
		return { blob, rows: count };
	}

	async function exportFile(
		id: number,
		kind: ExportFormat,
		source: ExportSource,
		opts: Extract<IoRequest, { type: 'export' }>['options'],
		signal: AbortSignal
	) {
		let batches: AsyncIterable<Customer[]> | Iterable<Customer[]>;
		let tagNames = opts.tagNames ?? new Map<string, string>();
		let custom = opts.customColumns ?? opts.columns === undefined;
		let customColumns: ReturnType<typeof customKeys> = [];
		let customDefs: CustomColumn[] = opts.customDefs ?? [];
		let total = 0;
		if (opts.customDefs === undefined && options.reader !== undefined) {
			customDefs = (await options.reader().customColumns?.()) ?? [];
		}
		if (source.kind === 'rows') {
			batches = inBatches(source.customers, 1000);
			total = source.customers.length;
			if (custom) customColumns = customKeys(source.customers);
		} else {
			if (options.reader === undefined) throw new Error('No database in this worker.');
			const reader = options.reader();
			if (opts.tagNames === undefined) tagNames = await reader.tagNames();
			total = source.ids?.length ?? 0;
			if (custom) {
				// A first pass for the custom field names (only names are kept).
				const names = new Set<string>();
				for await (const batch of reader.batches(source.ids, 2000)) {
					for (const k of customKeys(batch)) names.add(k);
				}
				customColumns = [...names] as typeof customColumns;
				custom = false;
			}
			batches = reader.batches(source.ids, 1000);
		}
		if (opts.consentFor !== undefined) batches = consentingOnly(batches, opts.consentFor);
		if (opts.customColumns ?? opts.columns === undefined) {
			customColumns = customExportKeys(customDefs, customColumns);
		}
		const blob = await exportBlob(kind, batches, {
			columns: opts.columns,
			customColumns,
			customDefs,
			locale: opts.locale,
			tagNames,
			sheetName: opts.sheetName,
			signal,
			onProgress: (rows) => post({ type: 'progress', id, done: rows, total })
		});
		return { blob, fileName: exportFileName(kind, isoToday()) };
	}

	async function handle(request: Exclude<IoRequest, { type: 'cancel' }>): Promise<void> {
		const { id } = request;
		const controller = new AbortController();
		running.set(id, controller);
		const signal = controller.signal;
		try {
			switch (request.type) {
				case 'parse': {
					const summary = await parse(id, request.file, request.options, signal);
					post({ type: 'parsed', id, summary });
					return;
				}
				case 'preview': {
					const rows = previewRows(session(request.session), request.mapping, request.count);
					post({ type: 'previewed', id, rows });
					return;
				}
				case 'plan': {
					const s = session(request.session);
					s.plan = null;
					s.plan = await plan(id, s, request.mapping, request.existing, signal);
					post({
						type: 'planned',
						id,
						plan: { counts: s.plan.counts, decisions: countDecisions(s, s.plan, {}) }
					});
					return;
				}
				case 'plan-rows':
					post({ type: 'plan-rows', id, rows: planRows(session(request.session), request.query) });
					return;
				case 'decision-counts': {
					const s = session(request.session);
					if (s.plan === null) throw new ImportError('no-session', {});
					post({
						type: 'decision-counts',
						id,
						counts: countDecisions(s, s.plan, request.decisions)
					});
					return;
				}
				case 'rejects': {
					const r = rejects(session(request.session), request.decisions, request.locale);
					post({ type: 'rejects', id, blob: r.blob, rows: r.rows });
					return;
				}
				case 'export': {
					const file = await exportFile(id, request.kind, request.source, request.options, signal);
					post({ type: 'exported', id, file });
					return;
				}
				case 'close':
					sessions.delete(request.session);
					post({ type: 'closed', id });
					return;
			}
		} catch (e) {
			post({ type: 'failed', id, error: serializeError(e) });
		} finally {
			running.delete(id);
		}
	}

	return {
		receive(request: IoRequest): void {
			if (request.type === 'cancel') {
				running.get(request.id)?.abort();
				return;
			}
			void handle(request);
		},
		/** For tests: how many parsed files are held. */
		get sessionCount() {
			return sessions.size;
		},
		emptyCounts
	};
}
