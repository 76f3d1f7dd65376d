/**
 * The only writer of file imports. An io plan (src/lib/io/plan.ts) arrives a page of rows at a
 * time; each page is written in its own transaction — one transaction over a million rows would
 * hold them all in memory until it commits — and every page carries the import's one batch id.
 *
 * All or nothing, from the user's view: while an import runs its Batch row says
 * `params.status: 'running'` (and is `final`, so Ctrl+Z cannot half-undo it). A failure or a
 * cancel rolls back the pages already written at once; a tab closed midway leaves the status
 * behind, and `recoverImports()` (called at startup) rolls that import back. Only the last step
 * turns the batch into a normal `done` import batch: one undo step, which survives a reload.
 */
import { addDays, planForPurchase } from '$lib/domain/care';
import { fold, collapseSpaces } from '$lib/domain/text';
import type {
	Batch,
	Customer,
	CustomerId,
	Purchase,
	PurchaseStats,
	Reminder
} from '$lib/domain/types';
import { mergeInto } from '$lib/io/merge';
import type { ExistingIndex, PlanRow } from '$lib/io/plan';
import { carePlanIn, reminderIdOf, shopToday } from './care';
import { batchScope, openBatch, type KeyPatch } from './changes';
import { withDb, type SoKhachDB } from './db';
import { revert } from './history';
import { newId } from './ids';
import { ensureTags } from './tags';
import {
	COLUMNS_SETTING_KEY,
	readColumns,
	withImportedColumns,
	type CustomColumn
} from '$lib/columns/definitions';

/** Where the plan's rows come from: the io worker (`planRows`) in the app, an array in tests. */
export interface ImportRowSource {
	/** Rows in the plan (every row of the file, skipped ones included). */
	total: number;
	/** Rows [start, end) with their decisions applied. */
	rows(start: number, end: number): Promise<PlanRow[]>;
}

export interface ImportOptions {
	/** The file's name, shown in the list of imports. */
	fileName: string;
	/** Rows per transaction. */
	chunkSize?: number;
	signal?: AbortSignal;
	onProgress?: (done: number, total: number) => void;
	/** The shop's today (ISO); for tests. */
	today?: string;
	/**
	 * Custom columns the file brings (new keys, types guessed): defined once the rows are in, in
	 * the import's own batch, so undoing the import takes them away too (columns/import-undo.ts).
	 */
	columns?: readonly CustomColumn[];
}

export interface ImportCounts {
	/** Customers created. */
	created: number;
	/** Rows merged into a customer (already in the book, or created by an earlier row). */
	merged: number;
	/** Rows not written (by decision); empty rows are not counted. */
	skipped: number;
	/** Rows written with values kept as typed and flagged. */
	flagged: number;
	purchases: number;
	reminders: number;
}

export interface ImportResult extends ImportCounts {
	/** The import's batch (its undo step); null when the import wrote nothing. */
	batchId: string | null;
}

/** One past import, for the list of imports. */
export interface ImportEntry extends ImportCounts {
	id: string;
	at: number;
	fileName: string;
	/** done: can be undone; undone: was undone; final: can no longer be undone. */
	state: Batch['state'];
}

/**
 * Imported purchases are history, and a shop bringing five years of sales must not find
 * thousands of overdue calls on Today. So only a purchase from the last CARE_WINDOW_DAYS plans
 * its care steps, and only the steps still ahead of today; older purchases plan nothing.
 */
export const CARE_WINDOW_DAYS = 30;

/**
 * Rows per page and transaction. Larger pages mean fewer transactions and fewer rounds of the
 * query worker following the log; 5,000 customers are a few MB in one transaction.
 */
const DEFAULT_CHUNK = 5000;
const LABEL = 'batch_import';
const ROLLBACK_LABEL = 'batch_import_rollback';
const TABLES = ['customers', 'purchases', 'reminders', 'tags', 'settings'] as const;

const COUNT_KEYS: readonly (keyof ImportCounts)[] = [
	'created',
	'merged',
	'skipped',
	'flagged',
	'purchases',
	'reminders'
];

function zeroCounts(): ImportCounts {
	return { created: 0, merged: 0, skipped: 0, flagged: 0, purchases: 0, reminders: 0 };
}

/** What the pages of one import share: which customer each file row became. */
interface ImportState {
	batchId: string;
	counts: ImportCounts;
	/** Change rows written so far (the batch's count). */
	changes: number;
	/** File row number → the customer it created, for later rows of the same person. */
	rowCustomer: Map<number, CustomerId>;
	today: string;
}

function addToStats(stats: PurchaseStats, p: Purchase): PurchaseStats {
	return {
		count: stats.count + 1,
		total: stats.total + p.amount,
		first: stats.first === null || p.date < stats.first ? p.date : stats.first,
		last: stats.last === null || p.date > stats.last ? p.date : stats.last
	};
}

function hasKeys(c: Customer): boolean {
	return c.phoneKeys.length > 0 || c.emailKeys.length > 0;
}

interface Pending {
	customer: Customer;
	/** Created in this page (bulk-created) rather than already stored (updated). */
	isNew: boolean;
}

/** Writes one page of plan rows in one transaction, under the import's batch id. */
async function writeChunk(db: SoKhachDB, rows: readonly PlanRow[], state: ImportState) {
	const { ctx, flushAll } = openBatch(db, 'import', 'final', state.batchId);
	const counts = zeroCounts();
	const written = rows.filter((r) => r.decision !== 'skip');
	for (const r of rows) if (r.decision === 'skip' && r.group !== 'empty') counts.skipped++;

	// Tag names → ids, one ensureTags for the whole page (a shop has tens of tags).
	const names = [...new Set(written.flatMap((r) => r.record.tags))];
	const tagIds = new Map<string, string>();
	for (const tag of names.length > 0 ? await ensureTags(ctx, names) : []) {
		tagIds.set(fold(tag.name), tag.id);
	}
	const idsOf = (tags: readonly string[]): string[] => [
		...new Set(tags.flatMap((t) => tagIds.get(fold(collapseSpaces(t))) ?? []))
	];

	// Which stored customers this page merges into; one read for all of them.
	const targetOf = (r: PlanRow): CustomerId | undefined => {
		if (r.decision !== 'merge' || r.match === null) return undefined;
		return r.match.kind === 'existing' ? r.match.id : state.rowCustomer.get(r.match.row);
	};
	const wanted = [...new Set(written.flatMap((r) => targetOf(r) ?? []))];
	const stored = new Map<string, Customer>();
	if (wanted.length > 0) {
		(await ctx.db.customers.bulkGet(wanted)).forEach((c) => {
			if (c && c.deletedAt === undefined) stored.set(c.id, c);
		});
	}

	const pending = new Map<CustomerId, Pending>();
	const purchases: Purchase[] = [];
	const reminders: Reminder[] = [];
	const plan = written.some((r) => r.record.purchase?.date) ? await carePlanIn(ctx.db) : null;
	const careFrom = addDays(state.today, -CARE_WINDOW_DAYS);

	for (const r of written) {
		const target = targetOf(r);
		const tags = r.record.tags.length > 0 ? idsOf(r.record.tags) : [];
		const base = target === undefined ? undefined : (pending.get(target) ?? null);
		const current = base?.customer ?? (target === undefined ? undefined : stored.get(target));
		let entry: Pending;
		if (target !== undefined && current !== undefined) {
			entry = {
				customer: mergeInto(current, { ...r.customer, tags }, ctx.now).customer,
				isNew: base?.isNew ?? false
			};
			counts.merged++;
		} else {
			// A create, or a merge whose customer is gone (skipped earlier row, trashed since).
			entry = {
				customer: { ...r.customer, tags, id: newId(), createdAt: ctx.now, updatedAt: ctx.now },
				isNew: true
			};
			counts.created++;
			if (hasKeys(entry.customer)) state.rowCustomer.set(r.row, entry.customer.id);
			// Later rows matching a skipped row join this customer instead.
			if (r.match?.kind === 'row' && !state.rowCustomer.has(r.match.row)) {
				state.rowCustomer.set(r.match.row, entry.customer.id);
			}
		}
		if (r.problems.length > 0) counts.flagged++;
		pending.set(entry.customer.id, entry);

		const draft = r.record.purchase;
		if (draft === null || draft.date === null) continue;
		const customer = entry.customer;
		const purchase: Purchase = {
			id: newId(),
			customerId: customer.id,
			date: draft.date,
			items: draft.items,
			amount: draft.amount ?? 0,
			channel: '',
			staff: '',
			// An amount that is not money is kept as typed rather than lost.
			note: draft.amount === null ? draft.raw.amount : '',
			aftercare: { done: {}, chance: null },
			createdAt: ctx.now,
			updatedAt: ctx.now
		};
		purchases.push(purchase);
		if (plan !== null && purchase.date >= careFrom) {
			const drafts = planForPurchase(purchase, plan, {
				customerTags: customer.tags,
				today: state.today,
				makeId: reminderIdOf,
				latestOtherPurchase: customer.stats.last
			});
			for (const d of drafts) {
				if (d.due >= state.today) reminders.push({ ...d, createdAt: ctx.now, updatedAt: ctx.now });
			}
		}
		entry.customer = { ...customer, stats: addToStats(customer.stats, purchase) };
	}
	counts.purchases = purchases.length;
	counts.reminders = reminders.length;

	const created: Customer[] = [];
	const patches: KeyPatch<'customers'>[] = [];
	for (const { customer, isNew } of pending.values()) {
		if (isNew) created.push(customer);
		else patches.push({ key: customer.id, patch: customer });
	}
	// One listed change per table and page, not one per record: see bulkCreateListed.
	await ctx.bulkCreateListed('customers', created);
	// Only the fields that really changed are recorded: undo puts back exactly those.
	if (patches.length > 0) await ctx.updateMany('customers', patches);
	await ctx.bulkCreateListed('purchases', purchases);
	await ctx.bulkCreateListed('reminders', reminders);
	await flushAll();

	// The Batch row is not touched per page: the counts live here until finish() writes them, and
	// a rollback finds the pages by the batch id of their changes, not by the count.
	for (const k of COUNT_KEYS) state.counts[k] += counts[k];
	state.changes += ctx.count;
}

function countsOf(params: Batch['params']): ImportCounts {
	const out = zeroCounts();
	for (const k of COUNT_KEYS) {
		const v = params?.[k];
		if (typeof v === 'number') out[k] = v;
	}
	return out;
}

/**
 * Holds a Web Lock named after the import while it runs, so that another tab's startup can tell
 * a running import from one whose tab was closed. Without Web Locks (Node) nothing is held.
 */
async function holdLock(batchId: string): Promise<() => void> {
	const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
	if (locks === undefined) return () => {};
	let release = () => {};
	const held = new Promise<void>((resolve) => (release = resolve));
	await new Promise<void>((granted) => {
		void locks.request(`so-khach-import:${batchId}`, () => {
			granted();
			return held;
		});
	});
	return release;
}

async function isRunningElsewhere(batchId: string): Promise<boolean> {
	const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
	if (locks === undefined) return false;
	const { held = [] } = await locks.query();
	return held.some((l) => l.name === `so-khach-import:${batchId}`);
}

/**
 * Writes an import plan to the book: creates, merges (tags by name, in-file repeats joined to
 * the customer the earlier row created) and purchases (stats kept exact; reminders only for
 * recent ones, see CARE_WINDOW_DAYS), a page at a time. Resolves when the whole import is one
 * `done` batch (label 'batch_import', params: file and the counts).
 *
 * @throws the signal's reason when cancelled, or the error of a failed page (an AppError for
 *   storage failures) — in both cases after the pages already written were rolled back.
 */
export async function applyImport(
	source: ImportRowSource,
	options: ImportOptions
): Promise<ImportResult> {
	const size = options.chunkSize ?? DEFAULT_CHUNK;
	const state: ImportState = {
		batchId: newId(),
		counts: zeroCounts(),
		changes: 0,
		rowCustomer: new Map(),
		today: options.today ?? shopToday()
	};
	options.signal?.throwIfAborted();
	const release = await holdLock(state.batchId);
	try {
		await withDb((db) =>
			db.transaction('rw', ['batches'], async () => {
				await db.batches.add({
					id: state.batchId,
					at: Date.now(),
					label: LABEL,
					params: { file: options.fileName, status: 'running', ...state.counts },
					origin: 'import',
					// Not on the undo stack until the last page is in.
					state: 'final',
					count: 0
				});
			})
		);
		// The next page is asked for before the current one is written, so the io worker builds
		// (and clones) it while this page's transaction runs. Outside the transaction: it awaits
		// only IndexedDB.
		const fetchPage = (start: number): Promise<PlanRow[]> | null => {
			if (start >= source.total) return null;
			const page = source.rows(start, Math.min(start + size, source.total));
			// Awaited below, unless a failure or a cancel ends the import first.
			page.catch(() => {});
			return page;
		};
		try {
			options.signal?.throwIfAborted();
			let next = fetchPage(0);
			for (let start = 0; next !== null; start += size) {
				const end = Math.min(start + size, source.total);
				const rows = await next;
				options.signal?.throwIfAborted();
				next = fetchPage(end);
				await withDb((db) =>
					db.transaction('rw', batchScope(TABLES), async () => writeChunk(db, rows, state))
				);
				options.onProgress?.(end, source.total);
				options.signal?.throwIfAborted();
			}
			return await finish(state, options.columns ?? []);
		} catch (e) {
			await rollbackImport(state.batchId);
			throw e;
		}
	} finally {
		release();
	}
}

/** Adds the columns the file brings to the settings, logged under the import's batch. */
async function defineColumns(
	db: SoKhachDB,
	batchId: string,
	wanted: readonly CustomColumn[]
): Promise<number> {
	const { ctx, flushAll } = openBatch(db, 'import', 'final', batchId);
	const row = await db.settings.get(COLUMNS_SETTING_KEY);
	const all = readColumns(row?.value);
	const next = withImportedColumns(all, wanted);
	if (next.length === all.length) return 0;
	if (row) await ctx.update('settings', COLUMNS_SETTING_KEY, { value: next });
	else await ctx.create('settings', [{ key: COLUMNS_SETTING_KEY, value: next }]);
	await flushAll();
	return ctx.count;
}

/** Turns the running import into one undoable step, or removes it when it wrote nothing. */
async function finish(state: ImportState, columns: readonly CustomColumn[]): Promise<ImportResult> {
	return withDb((db) =>
		db.transaction('rw', batchScope(['settings']), async () => {
			const batch = await db.batches.get(state.batchId);
			if (!batch) throw new Error('The import batch disappeared.');
			if (state.changes === 0) {
				await db.batches.delete(state.batchId);
				return { ...state.counts, batchId: null };
			}
			if (columns.length > 0) state.changes += await defineColumns(db, state.batchId, columns);
			const params: Record<string, string | number> = { ...batch.params, ...state.counts };
			delete params.status;
			// An import is a new action: what was undone before it can no longer be redone.
			await db.batches.where('state').equals('undone').modify({ state: 'final' });
			await db.batches.update(state.batchId, {
				state: 'done',
				at: Date.now(),
				count: state.changes,
				params
			});
			return { ...state.counts, batchId: state.batchId };
		})
	);
}

/**
 * Takes back every page an unfinished import wrote, in one transaction (a closed tab during the
 * rollback leaves the import running, and the next start rolls it back again). The inverse
 * changes are logged under a final 'batch_import_rollback' batch, so the grid's index and other
 * tabs see the records go; the import's batch becomes final with `status: 'rolled-back'`.
 */
export async function rollbackImport(batchId: string): Promise<void> {
	await withDb((db) =>
		db.transaction('rw', batchScope(), async () => {
			const batch = await db.batches.get(batchId);
			if (!batch || batch.params?.status !== 'running') return;
			const { ctx, commit } = openBatch(db, 'system', 'final');
			await revert(ctx, batch);
			await commit(ROLLBACK_LABEL, { file: String(batch.params.file ?? ''), rollbackOf: batchId });
			await db.batches.update(batchId, {
				state: 'final',
				params: { ...batch.params, status: 'rolled-back' }
			});
		})
	);
}

/** Running imports' batches. Few batches are final and imports among them fewer still. */
async function runningImports(db: SoKhachDB): Promise<Batch[]> {
	return db.batches
		.where('state')
		.equals('final')
		.filter((b) => b.origin === 'import' && b.params?.status === 'running')
		.toArray();
}

/**
 * Rolls back the imports a closed tab (or a crash) left half-written; imports still running in
 * another tab are left alone. Called once at startup. Returns how many were rolled back.
 */
export async function recoverImports(): Promise<number> {
	const running = await withDb((db) => runningImports(db));
	let count = 0;
	for (const batch of running) {
		if (await isRunningElsewhere(batch.id)) continue;
		await rollbackImport(batch.id);
		count++;
	}
	return count;
}

/**
 * Past imports, newest first: finished ones (done, undone, or final once redone) with their
 * counts. Reads the batches newest first and stops at `limit` imports.
 */
export function listImports(limit = 50): Promise<ImportEntry[]> {
	return withDb(async (db) => {
		const batches = await db.batches
			.orderBy('at')
			.reverse()
			.filter((b) => b.origin === 'import' && b.params?.status === undefined)
			.limit(limit)
			.toArray();
		return batches.map((b) => ({
			id: b.id,
			at: b.at,
			fileName: String(b.params?.file ?? ''),
			state: b.state,
			...countsOf(b.params)
		}));
	});
}

/**
 * What the plan needs to find customers already in the book: every live customer's phone keys
 * and email keys, read from the multi-entry indexes (keys only, never whole records).
 */
export function existingIndex(): Promise<ExistingIndex> {
	return withDb((db) =>
		db.transaction('r', ['customers'], async () => {
			const trashed = new Set(
				(await db.customers.where('deletedAt').above(-Infinity).primaryKeys()).map(String)
			);
			const phones = new Map<string, string>();
			const emails = new Map<string, string>();
			const collect = (index: 'phoneKeys' | 'emailKeys', into: Map<string, string>) =>
				db.customers.orderBy(index).eachKey((key, cursor) => {
					const id = String(cursor.primaryKey);
					if (!trashed.has(id) && !into.has(String(key))) into.set(String(key), id);
				});
			await collect('phoneKeys', phones);
			await collect('emailKeys', emails);
			return { phones, emails };
		})
	);
}
