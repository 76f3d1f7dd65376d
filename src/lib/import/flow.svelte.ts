/**
 * The import screen's state, step by step: read the file in the io worker (progress, cancel),
 * let the user fix the mapping (and the encoding or delimiter), classify every row against the
 * book, take the decisions per group and per row, write (progress, cancel, all or nothing), and
 * afterwards offer the rejected rows and the undo. Components render it and call its methods.
 */
import type { Delimiter } from '$lib/io/csv-parse';
import type { TextEncodingName } from '$lib/io/encoding';
import { createIoClient, type IoClient, type ParseSummary, type PreviewRow } from '$lib/io/client';
import {
	adoptCustomColumns,
	newCustomColumns,
	validateMapping,
	withCustomSpecs,
	type MappingProblem
} from '$lib/io/mapping';
import type { CustomColumn } from '$lib/columns/definitions';
import { listColumns } from '$lib/columns/store';
import type { Decisions, PlanCounts, PlanRow, RowDecision, RowGroup } from '$lib/io/plan';
import type { Mapping, MappingTarget } from '$lib/io/types';
import { applyImport, existingIndex, type ImportResult } from '$lib/db/imports';
import { undoBatch } from '$lib/db/history';
import { getLocale } from '$lib/i18n';
import { downloadBlob } from '$lib/ui/download';

export type ImportStep =
	'choose' | 'reading' | 'mapping' | 'planning' | 'report' | 'writing' | 'done';

/** Rows per page of the per-row list. */
export const ROWS_PAGE = 50;

function isCancel(e: unknown): boolean {
	const name = typeof e === 'object' && e !== null ? (e as { name?: unknown }).name : undefined;
	const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
	return name === 'AbortError' || code === 'cancelled';
}

export class ImportFlow {
	step = $state<ImportStep>('choose');
	file = $state<File | null>(null);
	summary = $state<ParseSummary | null>(null);
	mapping = $state<Mapping | null>(null);
	preview = $state<PreviewRow[]>([]);
	counts = $state<PlanCounts | null>(null);
	groupDecisions = $state<Partial<Record<RowGroup, RowDecision>>>({});
	/** Per-row overrides by file row number. */
	rowDecisions = $state<Record<number, RowDecision>>({});
	totals = $state<Record<RowDecision, number> | null>(null);
	/** 0..1, or null when the total is unknown. */
	progress = $state<number | null>(null);
	written = $state(0);
	result = $state<ImportResult | null>(null);
	/** A message for the user; `cancelled` says it was their choice. */
	error = $state<unknown>(null);
	cancelled = $state(false);
	undone = $state(false);
	/** The per-row list: group shown, its page, its rows. */
	listGroup = $state<RowGroup | null>(null);
	listPage = $state(0);
	listRows = $state<PlanRow[]>([]);
	/** The shop's custom columns: targets of the mapping, and what a new one is checked against. */
	customColumns = $state<CustomColumn[]>([]);
	/** Custom columns the last import added to the shop's. */
	addedColumns = $state(0);

	private client: IoClient | null = null;
	private controller: AbortController | null = null;

	get problems(): MappingProblem[] {
		return this.mapping === null ? [] : validateMapping(this.mapping);
	}

	private io(): IoClient {
		this.client ??= createIoClient();
		return this.client;
	}

	private decisions(): Decisions {
		const rows = Object.entries(this.rowDecisions).map(([k, v]): [number, RowDecision] => [
			Number(k),
			v
		]);
		// A message for the worker (structured clone), not reactive state.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		return { groups: { ...this.groupDecisions }, rows: new Map(rows) };
	}

	private begin(step: ImportStep): AbortSignal {
		this.step = step;
		this.progress = null;
		this.error = null;
		this.cancelled = false;
		this.controller = new AbortController();
		return this.controller.signal;
	}

	private fail(e: unknown, back: ImportStep): void {
		this.step = back;
		if (isCancel(e)) this.cancelled = true;
		else this.error = e;
	}

	private onProgress = (done: number, total: number): void => {
		this.progress = total > 0 ? Math.min(1, done / total) : null;
	};

	cancel(): void {
		this.controller?.abort();
	}

	async choose(
		file: File,
		overrides: { encoding?: TextEncodingName; delimiter?: Delimiter } = {}
	): Promise<void> {
		await this.closeSession();
		this.file = file;
		this.summary = null;
		this.counts = null;
		this.result = null;
		this.undone = false;
		const signal = this.begin('reading');
		try {
			const summary = await this.io().parse(file, {
				...overrides,
				onProgress: this.onProgress,
				signal
			});
			this.summary = summary;
			this.customColumns = await listColumns();
			this.preview = summary.preview;
			const mapping = this.typed(adoptCustomColumns(summary.mapping, this.customColumns));
			this.mapping = mapping;
			// The proposal went to the shop's own columns and their types: preview with those.
			if (JSON.stringify(mapping) !== JSON.stringify(summary.mapping)) await this.refreshPreview();
			this.step = 'mapping';
		} catch (e) {
			this.fail(e, 'choose');
		}
	}

	/** Reads the same file again with another encoding or delimiter. */
	async reread(encoding: TextEncodingName | null, delimiter: Delimiter | null): Promise<void> {
		if (this.file === null) return;
		await this.choose(this.file, {
			encoding: encoding ?? undefined,
			delimiter: delimiter ?? undefined
		});
	}

	/** The mapping with the type of each custom target (the shop's, or guessed from the file). */
	private typed(mapping: Mapping): Mapping {
		return withCustomSpecs(
			mapping,
			this.customColumns,
			this.preview.map((r) => r.cells)
		);
	}

	async setTarget(column: number, target: MappingTarget): Promise<void> {
		if (this.mapping === null) return;
		this.mapping = this.typed({
			...this.mapping,
			columns: this.mapping.columns.map((c) => (c.column === column ? { ...c, target } : c))
		});
		await this.refreshPreview();
	}

	async setDateOrder(order: Mapping['dateOrder']): Promise<void> {
		if (this.mapping === null) return;
		this.mapping = { ...this.mapping, dateOrder: order };
		await this.refreshPreview();
	}

	private async refreshPreview(): Promise<void> {
		if (this.summary === null || this.mapping === null) return;
		try {
			this.preview = await this.io().preview(
				this.summary.session,
				$state.snapshot(this.mapping) as Mapping
			);
		} catch (e) {
			this.error = e;
		}
	}

	/** Classifies every row against the book: the report. */
	async plan(): Promise<void> {
		if (this.summary === null || this.mapping === null || this.problems.length > 0) return;
		const signal = this.begin('planning');
		try {
			const existing = await existingIndex();
			const plan = await this.io().plan(
				this.summary.session,
				$state.snapshot(this.mapping) as Mapping,
				existing,
				{ onProgress: this.onProgress, signal }
			);
			this.counts = plan.counts;
			this.groupDecisions = {};
			this.rowDecisions = {};
			this.totals = plan.decisions;
			this.listGroup = null;
			this.step = 'report';
		} catch (e) {
			this.fail(e, 'mapping');
		}
	}

	backToMapping(): void {
		this.step = 'mapping';
	}

	async setGroupDecision(group: RowGroup, decision: RowDecision): Promise<void> {
		this.groupDecisions = { ...this.groupDecisions, [group]: decision };
		await this.refreshDecisions();
	}

	async setRowDecision(row: number, decision: RowDecision): Promise<void> {
		this.rowDecisions = { ...this.rowDecisions, [row]: decision };
		await this.refreshDecisions();
	}

	private async refreshDecisions(): Promise<void> {
		if (this.summary === null) return;
		try {
			this.totals = await this.io().decisionCounts(this.summary.session, this.decisions());
			if (this.listGroup !== null) await this.showRows(this.listGroup, this.listPage);
		} catch (e) {
			this.error = e;
		}
	}

	async showRows(group: RowGroup | null, page = 0): Promise<void> {
		this.listGroup = group;
		this.listPage = page;
		if (group === null || this.summary === null) {
			this.listRows = [];
			return;
		}
		try {
			this.listRows = await this.io().planRows(this.summary.session, {
				group,
				start: page * ROWS_PAGE,
				end: (page + 1) * ROWS_PAGE,
				decisions: this.decisions()
			});
		} catch (e) {
			this.error = e;
		}
	}

	/** Writes the plan with the chosen decisions; all or nothing. */
	async run(): Promise<void> {
		const summary = this.summary;
		const file = this.file;
		if (summary === null || file === null || this.counts === null) return;
		const signal = this.begin('writing');
		const decisions = this.decisions();
		const io = this.io();
		const mapping = this.mapping ? ($state.snapshot(this.mapping) as Mapping) : null;
		this.written = 0;
		this.addedColumns = 0;
		// Columns the file brought: defined with the rows, typed as guessed, undone with them.
		const added = mapping ? newCustomColumns(mapping, this.customColumns) : [];
		try {
			this.result = await applyImport(
				{
					total: this.counts.total,
					rows: (start, end) =>
						io.planRows(summary.session, { start, end, decisions, forWrite: true })
				},
				{
					fileName: file.name,
					signal,
					onProgress: (done, total) => {
						this.written = done;
						this.onProgress(done, total);
					},
					columns: added
				}
			);
			this.step = 'done';
			if (added.length > 0 && this.result.batchId !== null) {
				// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
				const before = new Set(this.customColumns.map((c) => c.id));
				try {
					this.customColumns = await listColumns();
					this.addedColumns = this.customColumns.filter((c) => !before.has(c.id)).length;
				} catch (e) {
					// The customers and columns are in; only this page's copy of the list is stale.
					this.error = e;
				}
			}
		} catch (e) {
			this.fail(e, 'report');
		}
	}

	async downloadRejects(): Promise<void> {
		if (this.summary === null) return;
		try {
			const { blob } = await this.io().rejects(
				this.summary.session,
				this.decisions(),
				getLocale() === 'en' ? 'en' : 'vi'
			);
			const base = (this.file?.name ?? 'import').replace(/\.[^.]*$/, '');
			downloadBlob(blob, `${base}_can-sua.csv`);
		} catch (e) {
			this.error = e;
		}
	}

	async undo(): Promise<boolean> {
		const id = this.result?.batchId;
		if (!id) return false;
		try {
			const r = await undoBatch(id);
			this.undone = r !== null;
			return this.undone;
		} catch (e) {
			this.error = e;
			return false;
		}
	}

	async reset(): Promise<void> {
		await this.closeSession();
		this.step = 'choose';
		this.file = null;
		this.summary = null;
		this.mapping = null;
		this.preview = [];
		this.counts = null;
		this.result = null;
		this.error = null;
		this.cancelled = false;
		this.undone = false;
	}

	private async closeSession(): Promise<void> {
		const s = this.summary;
		if (s !== null && this.client !== null) await this.client.close(s.session).catch(() => {});
	}

	dispose(): void {
		this.controller?.abort();
		this.client?.dispose();
		this.client = null;
	}
}
