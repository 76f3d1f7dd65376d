import type { Table } from 'dexie';
import type {
	Batch,
	BatchOrigin,
	Change,
	Customer,
	Interaction,
	Purchase,
	Reminder,
	Setting,
	TableName,
	Tag,
	Template
} from '$lib/domain/types';
import { withDb, type SoKhachDB } from './db';
import { NotFoundError } from './errors';
import { newId } from './ids';

/** The record type each data table holds. */
export interface TableRows {
	customers: Customer;
	purchases: Purchase;
	interactions: Interaction;
	reminders: Reminder;
	tags: Tag;
	templates: Template;
	settings: Setting;
}

/** Tables whose records go to the trash (have `deletedAt`) rather than being deleted at once. */
export type TrashableTable = Exclude<TableName, 'settings'>;

export const DATA_TABLES: readonly TableName[] = [
	'customers',
	'purchases',
	'interactions',
	'reminders',
	'tags',
	'templates',
	'settings'
];

/** A change as recorded by a batch; the batch adds `at` and `batchId`, the database `seq`. */
export type ChangeDraft = Omit<Change, 'seq' | 'at' | 'batchId'>;

export type BatchParams = Record<string, string | number>;

export interface BatchOptions {
	/**
	 * Defaults to 'done' (undoable) for user, redo and import batches and 'final' for the others.
	 * Only those three origins may be 'done': the undo stack holds nothing else.
	 */
	state?: Batch['state'];
	/** The data tables the work touches, to lock fewer stores; all of them when omitted. */
	tables?: readonly TableName[];
}

export type KeyPatch<K extends TableName> = { key: string; patch: Partial<TableRows[K]> };

/** What a batch's work may do. Every write goes through here so it lands in the change log. */
export interface BatchContext {
	/** The database, inside the batch's transaction: read anything, but write through the helpers. */
	readonly db: SoKhachDB;
	readonly batchId: string;
	/** One timestamp for the whole batch: every record and change it writes carries it. */
	readonly now: number;
	/** Number of changes recorded so far. */
	readonly count: number;
	/** Adds new records, one 'create' change each with the whole record as `after`. */
	create<K extends TableName>(table: K, rows: readonly TableRows[K][]): Promise<void>;
	/**
	 * Adds many new records (imports, sample data) with one small 'bulk-create' change each that
	 * does not copy the record: the log stays small and undo still removes exactly these records.
	 */
	bulkCreate<K extends TableName>(table: K, rows: readonly TableRows[K][]): Promise<void>;
	/**
	 * bulkCreate() for loads of hundreds of thousands of records (imports): one 'bulk-create'
	 * change for the whole call, rowId '*', naming the new ids (`ListedCreate`). In Chromium the
	 * cost of a write is mostly per request, so a change row per record added about a quarter
	 * to an import's time (docs/import-export.md); undo still removes exactly these records.
	 */
	bulkCreateListed<K extends TableName>(table: K, rows: readonly TableRows[K][]): Promise<void>;
	/**
	 * Applies a patch and records only the fields whose value really changes; a patch that
	 * changes nothing writes nothing. `undefined` removes a field. Stamps `updatedAt`. Throws
	 * NotFoundError when the record does not exist.
	 */
	update<K extends TableName>(
		table: K,
		key: string,
		patch: Partial<TableRows[K]>
	): Promise<TableRows[K]>;
	/** update() for many records at once (one read and one write for all of them). */
	updateMany<K extends TableName>(
		table: K,
		patches: readonly KeyPatch<K>[]
	): Promise<TableRows[K][]>;
	/** Moves records to the trash; records missing or already trashed are skipped. Returns how many moved. */
	trash(table: TrashableTable, keys: readonly string[]): Promise<number>;
	/** Takes records out of the trash; records missing or not trashed are skipped. */
	restore(table: TrashableTable, keys: readonly string[]): Promise<number>;
	/** Deletes records for good; the change keeps the whole record in `before`. */
	purge<K extends TableName>(table: K, keys: readonly string[]): Promise<TableRows[K][]>;
	/** Records a change the caller has already written itself (undo/redo do this). */
	record(change: ChangeDraft): void;
	/**
	 * Adds to the batch's label params what only the work knows (the customer's name, how many
	 * records were trashed).
	 */
	setParams(params: BatchParams): void;
	/** Writes the changes recorded so far to the log if many are pending (commit writes the rest). */
	flush(): Promise<void>;
}

/**
 * What a listed 'bulk-create' change holds in `after`. firstId and lastId bound the ids, so a
 * reader that follows the log (the query worker) can read the new records as one key range.
 */
export interface ListedCreate {
	count: number;
	firstId: string;
	lastId: string;
	ids: string[];
}

/** The ids a listed 'bulk-create' change created, or null for any other change. */
export function listedIds(change: Pick<Change, 'op' | 'rowId' | 'after'>): string[] | null {
	if (change.op !== 'bulk-create' || change.rowId !== '*') return null;
	const ids = change.after?.ids;
	return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? ids : null;
}

/** Origins whose batches are new actions: after one, what was undone can no longer be redone. */
const DROPS_REDO: readonly BatchOrigin[] = ['user', 'import', 'sample'];
const UNDOABLE: readonly BatchOrigin[] = ['user', 'redo', 'import'];

/**
 * Changes are written to the log as they pile up rather than all at commit, so emptying a trash
 * of 100,000 customers does not hold every record in memory twice. Still one transaction.
 */
const FLUSH_AT = 5000;

/** Fields a patch never changes, and never records: keys, and the write stamp itself. */
const BOOKKEEPING = new Set(['id', 'key', 'updatedAt']);

export type Row = Record<string, unknown>;

export function asRow(record: object): Row {
	return record as Row;
}

export function tableOf<K extends TableName>(db: SoKhachDB, table: K): Table<TableRows[K], string> {
	return db.table<TableRows[K], string>(table);
}

export function keyOf(table: TableName, row: object): string {
	const r = asRow(row);
	return String(table === 'settings' ? r.key : r.id);
}

export function hasUpdatedAt(table: TableName): boolean {
	return table !== 'settings';
}

/** Structural equality of stored values; a missing field equals `undefined`. */
export function deepEqual(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a) && Array.isArray(b)) {
		return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
	}
	const ra = a as Row;
	const rb = b as Row;
	const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
	for (const k of keys) if (!deepEqual(ra[k], rb[k])) return false;
	return true;
}

/** Sets `field` to `value`, or removes it for `undefined` so indexes skip it (e.g. deletedAt). */
export function setField(row: Row, field: string, value: unknown): void {
	if (value === undefined) delete row[field];
	else row[field] = value;
}

/** Only the given fields of a record, leaving out the absent ones (absent means undefined). */
export function pick(row: Row, fields: readonly string[]): Row {
	const out: Row = {};
	for (const f of fields) if (row[f] !== undefined) out[f] = row[f];
	return out;
}

export function defaultState(origin: BatchOrigin): Batch['state'] {
	return UNDOABLE.includes(origin) ? 'done' : 'final';
}

/**
 * A batch being built inside a transaction: the context its work uses, and `commit`, which
 * writes the Batch row and its changes. Exported for history.ts, which must read the batch to
 * undo before it knows the new batch's label; everything else uses runBatch.
 */
export function openBatch(
	db: SoKhachDB,
	origin: BatchOrigin,
	state: Batch['state'] = defaultState(origin),
	/** An import writes in several transactions under one batch id (imports.ts). */
	batchId: string = newId()
): {
	ctx: BatchContext;
	commit: (label: string, params?: BatchParams) => Promise<Batch | null>;
	/** Writes every pending change row without writing the Batch row (imports.ts does that). */
	flushAll: () => Promise<void>;
} {
	const now = Date.now();
	let changes: ChangeDraft[] = [];
	let written = 0;
	let extraParams: BatchParams = {};
	const effectiveState = state === 'done' && !UNDOABLE.includes(origin) ? 'final' : state;

	const flush = async (): Promise<void> => {
		if (changes.length === 0) return;
		const rows = changes.map((c) => ({ ...c, at: now, batchId }));
		written += changes.length;
		changes = [];
		await db.changes.bulkAdd(rows);
	};
	const flushIfLarge = async (): Promise<void> => {
		if (changes.length >= FLUSH_AT) await flush();
	};

	const stamp = (table: TableName, row: Row) => {
		if (hasUpdatedAt(table)) row.updatedAt = now;
	};

	const updateMany = async <K extends TableName>(
		table: K,
		patches: readonly KeyPatch<K>[]
	): Promise<TableRows[K][]> => {
		const t = tableOf(db, table);
		const found = await t.bulkGet(patches.map((p) => p.key));
		const results: TableRows[K][] = [];
		const writes: TableRows[K][] = [];
		// The same record may be patched twice in one call: later patches see earlier ones.
		const latest = new Map<string, Row>();
		patches.forEach(({ key, patch }, i) => {
			const base = latest.get(key) ?? (found[i] ? asRow(found[i]) : undefined);
			if (!base) throw new NotFoundError(table, key);
			const fields: string[] = [];
			for (const [f, v] of Object.entries(patch)) {
				if (!BOOKKEEPING.has(f) && !deepEqual(base[f], v)) fields.push(f);
			}
			if (fields.length === 0) {
				results.push(base as unknown as TableRows[K]);
				return;
			}
			const next: Row = { ...base };
			const p = asRow(patch);
			for (const f of fields) setField(next, f, p[f]);
			stamp(table, next);
			changes.push({
				table,
				rowId: key,
				op: 'update',
				fields,
				before: pick(base, fields),
				after: pick(next, fields)
			});
			latest.set(key, next);
			results.push(next as unknown as TableRows[K]);
		});
		for (const row of latest.values()) writes.push(row as unknown as TableRows[K]);
		if (writes.length > 0) await t.bulkPut(writes);
		await flushIfLarge();
		return results;
	};

	const ctx: BatchContext = {
		db,
		batchId,
		now,
		get count() {
			return written + changes.length;
		},
		async create(table, rows) {
			if (rows.length === 0) return;
			await tableOf(db, table).bulkAdd([...rows]);
			for (const row of rows) {
				changes.push({
					table,
					rowId: keyOf(table, row),
					op: 'create',
					before: null,
					after: { ...asRow(row) }
				});
			}
			await flushIfLarge();
		},
		async bulkCreate(table, rows) {
			if (rows.length === 0) return;
			await tableOf(db, table).bulkAdd([...rows]);
			for (const row of rows) {
				changes.push({
					table,
					rowId: keyOf(table, row),
					op: 'bulk-create',
					before: null,
					after: null
				});
			}
			await flushIfLarge();
		},
		async bulkCreateListed(table, rows) {
			if (rows.length === 0) return;
			await tableOf(db, table).bulkAdd([...rows]);
			const ids = rows.map((row) => keyOf(table, row));
			let firstId = ids[0];
			let lastId = ids[0];
			for (const id of ids) {
				if (id < firstId) firstId = id;
				if (id > lastId) lastId = id;
			}
			const after: ListedCreate = { count: ids.length, firstId, lastId, ids };
			changes.push({ table, rowId: '*', op: 'bulk-create', before: null, after: { ...after } });
			await flushIfLarge();
		},
		async update(table, key, patch) {
			const [row] = await updateMany(table, [{ key, patch }]);
			return row;
		},
		updateMany,
		async trash(table, keys) {
			const t = tableOf(db, table);
			const found = await t.bulkGet([...keys]);
			const writes: TableRows[typeof table][] = [];
			const seen = new Set<string>();
			found.forEach((record, i) => {
				if (!record || record.deletedAt !== undefined || seen.has(keys[i])) return;
				seen.add(keys[i]);
				const next = { ...record, deletedAt: now };
				stamp(table, asRow(next));
				writes.push(next);
				changes.push({
					table,
					rowId: keys[i],
					op: 'trash',
					fields: ['deletedAt'],
					before: { ...asRow(record) },
					after: { deletedAt: now }
				});
			});
			if (writes.length > 0) await t.bulkPut(writes);
			await flushIfLarge();
			return writes.length;
		},
		async restore(table, keys) {
			const t = tableOf(db, table);
			const found = await t.bulkGet([...keys]);
			const writes: TableRows[typeof table][] = [];
			const seen = new Set<string>();
			found.forEach((record, i) => {
				if (!record || record.deletedAt === undefined || seen.has(keys[i])) return;
				seen.add(keys[i]);
				const next = asRow({ ...record });
				delete next.deletedAt;
				stamp(table, next);
				writes.push(next as unknown as TableRows[typeof table]);
				changes.push({
					table,
					rowId: keys[i],
					op: 'restore',
					fields: ['deletedAt'],
					before: { deletedAt: record.deletedAt },
					after: {}
				});
			});
			if (writes.length > 0) await t.bulkPut(writes);
			await flushIfLarge();
			return writes.length;
		},
		async purge(table, keys) {
			const t = tableOf(db, table);
			const found = await t.bulkGet([...keys]);
			const purged: TableRows[typeof table][] = [];
			const seen = new Set<string>();
			found.forEach((record, i) => {
				if (!record || seen.has(keys[i])) return;
				seen.add(keys[i]);
				purged.push(record);
				changes.push({
					table,
					rowId: keys[i],
					op: 'purge',
					before: { ...asRow(record) },
					after: null
				});
			});
			if (purged.length > 0) await t.bulkDelete(purged.map((r) => keyOf(table, r)));
			await flushIfLarge();
			return purged;
		},
		record(change) {
			changes.push(change);
		},
		flush: flushIfLarge,
		setParams(params) {
			extraParams = { ...extraParams, ...params };
		}
	};

	const commit = async (label: string, params?: BatchParams): Promise<Batch | null> => {
		// An action that changed nothing must not leave an empty step on the undo stack.
		if (ctx.count === 0) return null;
		const batch: Batch = {
			id: batchId,
			at: now,
			label,
			origin,
			state: effectiveState,
			count: ctx.count
		};
		const allParams = { ...params, ...extraParams };
		if (Object.keys(allParams).length > 0) batch.params = allParams;
		if (DROPS_REDO.includes(origin)) {
			await db.batches.where('state').equals('undone').modify({ state: 'final' });
		}
		await db.batches.add(batch);
		await flush();
		return batch;
	};

	return { ctx, commit, flushAll: flush };
}

/** Every store a batch may write: the data tables it touches plus the log itself. */
export function batchScope(tables: readonly TableName[] = DATA_TABLES): string[] {
	return [...new Set<string>([...tables, 'changes', 'batches'])];
}

/**
 * Runs one user action (or import, sample load, setting change) as one all-or-nothing
 * transaction: the records, their changes and the Batch row are written together or not at all.
 * If `work` throws, or the browser refuses a write (storage full), nothing is written and the
 * error comes out as an AppError. A batch that records no change writes nothing.
 */
export async function runBatch<T>(
	label: string,
	params: BatchParams | undefined,
	origin: BatchOrigin,
	work: (ctx: BatchContext) => Promise<T>,
	options: BatchOptions = {}
): Promise<T> {
	return withDb((db) =>
		db.transaction('rw', batchScope(options.tables), async () => {
			const { ctx, commit } = openBatch(db, origin, options.state);
			const result = await work(ctx);
			await commit(label, params);
			return result;
		})
	);
}
