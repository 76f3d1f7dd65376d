import type { Batch, Change, TableName } from '$lib/domain/types';
import {
	asRow,
	batchScope,
	deepEqual,
	hasUpdatedAt,
	listedIds,
	openBatch,
	pick,
	setField,
	tableOf,
	type BatchContext,
	type BatchParams,
	type Row
} from './changes';
import { withDb, type SoKhachDB } from './db';
import { IMPORT_LABEL, settleImportColumns } from '$lib/columns/import-undo';

/** Why part of an undo or redo was skipped. */
export interface UndoConflict {
	table: TableName;
	rowId: string;
	/**
	 * For 'changed': the field whose current value is no longer what the undone action left
	 * (someone changed it since), so it was kept as it is.
	 */
	field?: string;
	/**
	 * changed: see field. missing: the record no longer exists. exists: a record with that id is
	 * back. not-undoable: a summary row (a bulk load logged as one row for many records, rowId
	 * '*') that names no record to take back.
	 */
	reason: 'changed' | 'missing' | 'exists' | 'not-undoable';
}

export interface UndoResult {
	/** The batch that was undone or redone: its label and params describe it to the user. */
	batch: Batch;
	/** How many changes were applied; 0 when every part conflicted. */
	applied: number;
	conflicts: UndoConflict[];
}

const UNDOABLE_ORIGINS = new Set<Batch['origin']>(['user', 'redo', 'import']);

/** Changes are applied this many at a time, so undoing an import of 100,000 rows stays in memory. */
const CHUNK = 2000;

/** Params that link undo/redo batches to the batch they act on; not part of the action's own params. */
const LINK_PARAMS = ['undoOf', 'redoOf'];

function ownParams(params: BatchParams | undefined): BatchParams {
	const out: BatchParams = {};
	for (const [k, v] of Object.entries(params ?? {})) if (!LINK_PARAMS.includes(k)) out[k] = v;
	return out;
}

/** The latest batch still in 'done': ids sort by time, and the state index orders equal keys by id. */
async function latestUndoable(db: SoKhachDB): Promise<Batch | undefined> {
	return db.batches
		.where('state')
		.equals('done')
		.reverse()
		.filter((b) => UNDOABLE_ORIGINS.has(b.origin))
		.first();
}

/** The most recently undone batch. Few exist: every new action turns them 'final'. */
async function latestUndone(db: SoKhachDB): Promise<Batch | undefined> {
	const undone = await db.batches.where('state').equals('undone').toArray();
	let best: Batch | undefined;
	for (const b of undone) {
		if (!best || (b.undoneAt ?? 0) > (best.undoneAt ?? 0)) best = b;
		else if ((b.undoneAt ?? 0) === (best.undoneAt ?? 0) && b.id > best.id) best = b;
	}
	return best;
}

/** The undo batch that reverted `batch` (written in the same transaction, so at === undoneAt). */
async function undoBatchOf(db: SoKhachDB, batch: Batch): Promise<Batch | undefined> {
	if (batch.undoneAt === undefined) return undefined;
	return db.batches
		.where('at')
		.equals(batch.undoneAt)
		.filter((b) => b.origin === 'undo' && b.params?.undoOf === batch.id)
		.first();
}

interface Slot {
	table: TableName;
	key: string;
	row: Row | undefined;
	dirty: boolean;
}

const slotKey = (table: TableName, key: string) => `${table}\u0000${key}`;

/**
 * Applies the inverse of `changes` (given newest first), recording each inverse through `ctx`.
 * Field-level rule: a field is put back only while it still holds the value the change left;
 * anything else was changed since and is kept, and reported.
 */
async function applyInverse(
	ctx: BatchContext,
	changes: readonly Change[]
): Promise<UndoConflict[]> {
	const conflicts: UndoConflict[] = [];
	const slots = new Map<string, Slot>();

	for (const table of new Set(changes.map((c) => c.table))) {
		const keys = [...new Set(changes.filter((c) => c.table === table).map((c) => c.rowId))];
		const rows = await tableOf(ctx.db, table).bulkGet(keys);
		keys.forEach((key, i) => {
			const found = rows[i];
			slots.set(slotKey(table, key), {
				table,
				key,
				row: found ? { ...asRow(found) } : undefined,
				dirty: false
			});
		});
	}

	for (const change of changes) {
		const { table, rowId } = change;
		const slot = slots.get(slotKey(table, rowId));
		if (!slot) continue;
		const row = slot.row;
		const touch = (next: Row | undefined) => {
			if (next && hasUpdatedAt(table)) next.updatedAt = ctx.now;
			slot.row = next;
			slot.dirty = true;
		};

		switch (change.op) {
			case 'create':
			case 'bulk-create': {
				if (change.op === 'bulk-create' && change.after !== null) {
					conflicts.push({ table, rowId, reason: 'not-undoable' });
					break;
				}
				if (!row) {
					conflicts.push({ table, rowId, reason: 'missing' });
					break;
				}
				ctx.record({ table, rowId, op: 'purge', before: { ...row }, after: null });
				slot.row = undefined;
				slot.dirty = true;
				break;
			}
			case 'purge': {
				if (row) {
					conflicts.push({ table, rowId, reason: 'exists' });
					break;
				}
				if (!change.before) break;
				// The record comes back exactly as it was, timestamps included.
				const revived = { ...change.before };
				ctx.record({ table, rowId, op: 'create', before: null, after: { ...revived } });
				slot.row = revived;
				slot.dirty = true;
				break;
			}
			case 'trash': {
				if (!row) {
					conflicts.push({ table, rowId, reason: 'missing' });
					break;
				}
				if (row.deletedAt === undefined || !deepEqual(row.deletedAt, change.after?.deletedAt)) {
					conflicts.push({ table, rowId, field: 'deletedAt', reason: 'changed' });
					break;
				}
				const next = { ...row };
				ctx.record({
					table,
					rowId,
					op: 'restore',
					fields: ['deletedAt'],
					before: { deletedAt: row.deletedAt },
					after: {}
				});
				delete next.deletedAt;
				touch(next);
				break;
			}
			case 'restore': {
				if (!row) {
					conflicts.push({ table, rowId, reason: 'missing' });
					break;
				}
				if (row.deletedAt !== undefined || change.before?.deletedAt === undefined) {
					conflicts.push({ table, rowId, field: 'deletedAt', reason: 'changed' });
					break;
				}
				const deletedAt = change.before.deletedAt;
				ctx.record({
					table,
					rowId,
					op: 'trash',
					fields: ['deletedAt'],
					before: { ...row },
					after: { deletedAt }
				});
				touch({ ...row, deletedAt });
				break;
			}
			case 'update': {
				const fields = change.fields ?? [];
				if (!row) {
					for (const field of fields) conflicts.push({ table, rowId, field, reason: 'missing' });
					if (fields.length === 0) conflicts.push({ table, rowId, reason: 'missing' });
					break;
				}
				const before = change.before ?? {};
				const after = change.after ?? {};
				const reverted: string[] = [];
				for (const field of fields) {
					if (deepEqual(row[field], after[field])) reverted.push(field);
					else conflicts.push({ table, rowId, field, reason: 'changed' });
				}
				if (reverted.length === 0) break;
				const next = { ...row };
				for (const field of reverted) setField(next, field, before[field]);
				ctx.record({
					table,
					rowId,
					op: 'update',
					fields: reverted,
					before: pick(row, reverted),
					after: pick(next, reverted)
				});
				touch(next);
				break;
			}
		}
	}

	for (const table of new Set([...slots.values()].map((s) => s.table))) {
		const dirty = [...slots.values()].filter((s) => s.dirty && s.table === table);
		const puts = dirty.flatMap((s) => (s.row ? [s.row] : []));
		const deletes = dirty.filter((s) => !s.row).map((s) => s.key);
		const t = ctx.db.table<Row, string>(table);
		if (deletes.length > 0) await t.bulkDelete(deletes);
		if (puts.length > 0) await t.bulkPut(puts);
	}
	return conflicts;
}

/**
 * Applies the inverse of every change of `batch`, newest first, a chunk at a time. Exported for
 * imports.ts, which rolls an unfinished import back with it.
 */
export async function revert(ctx: BatchContext, batch: Batch): Promise<UndoConflict[]> {
	const keys = await ctx.db.changes.where('batchId').equals(batch.id).primaryKeys();
	const seqs = keys.filter((k): k is number => typeof k === 'number').sort((a, b) => b - a);
	const conflicts: UndoConflict[] = [];
	for (let i = 0; i < seqs.length; i += CHUNK) {
		const chunk = await ctx.db.changes.bulkGet(seqs.slice(i, i + CHUNK));
		const changes = chunk.filter((c): c is Change => c !== undefined);
		for (const part of slicesOf(changes)) {
			conflicts.push(...(await applyInverse(ctx, part)));
			await ctx.flush();
		}
	}
	return conflicts;
}

/**
 * The changes in slices of at most CHUNK records, a listed 'bulk-create' (one row naming
 * thousands of new records, see changes.ts) counted as one create per record it names.
 */
function* slicesOf(changes: readonly Change[]): Generator<Change[]> {
	let part: Change[] = [];
	for (const change of changes) {
		const ids = listedIds(change);
		const each = ids === null ? [change] : ids.map((rowId) => ({ ...change, rowId, after: null }));
		for (const one of each) {
			part.push(one);
			if (part.length >= CHUNK) {
				yield part;
				part = [];
			}
		}
	}
	if (part.length > 0) yield part;
}

// The scope functions are `async` on purpose: Dexie only keeps a transaction alive across native
// awaits when its scope function is an AsyncFunction (otherwise: PrematureCommitError).
function inOneTransaction<T>(work: (db: SoKhachDB) => Promise<T>): Promise<T> {
	return withDb((db) => db.transaction('rw', batchScope(), async () => work(db)));
}

/**
 * Reverts the latest undoable action (user edits, imports, redos) in one transaction, recorded
 * as a new batch (origin 'undo', state 'final', same label and params plus `undoOf`). Returns
 * null when there is nothing to undo. Fields changed again since are kept and listed in
 * `conflicts`; if nothing at all could be reverted the action leaves the undo stack without
 * going to the redo stack.
 */
export function undo(): Promise<UndoResult | null> {
	return inOneTransaction(async (db) => {
		const batch = await latestUndoable(db);
		return batch ? undoIn(db, batch) : null;
	});
}

/**
 * Undoes one given action, not necessarily the latest (the imports page undoes an import by its
 * id). The field-level rule keeps whatever was changed since, as for undo(). Returns null when
 * the batch is not on the undo stack.
 */
export function undoBatch(id: string): Promise<UndoResult | null> {
	return inOneTransaction(async (db) => {
		const batch = await db.batches.get(id);
		if (!batch || batch.state !== 'done' || !UNDOABLE_ORIGINS.has(batch.origin)) return null;
		return undoIn(db, batch);
	});
}

async function undoIn(db: SoKhachDB, batch: Batch): Promise<UndoResult> {
	const { ctx, commit } = openBatch(db, 'undo', 'final');
	const conflicts = await revert(ctx, batch);
	// The custom columns an import defined go with it once no customer has a value in them.
	if (batch.label === IMPORT_LABEL) await settleImportColumns(ctx, batch.id);
	const applied = ctx.count;
	await commit(batch.label, { ...ownParams(batch.params), undoOf: batch.id });
	const marked: Partial<Batch> =
		applied > 0 ? { state: 'undone', undoneAt: ctx.now } : { state: 'final' };
	await db.batches.update(batch.id, marked);
	return { batch: { ...batch, ...marked }, applied, conflicts };
}

/**
 * Re-applies the most recently undone action by reverting its undo batch, so exactly what the
 * undo took away comes back. Recorded as origin 'redo', state 'done' (it can be undone again);
 * the original batch becomes 'final'. Returns null when there is nothing to redo: a new action
 * since the undo clears the redo stack.
 */
export function redo(): Promise<UndoResult | null> {
	return inOneTransaction(async (db) => {
		const batch = await latestUndone(db);
		if (!batch) return null;
		const undoBatch = await undoBatchOf(db, batch);
		const { ctx, commit } = openBatch(db, 'redo', 'done');
		const conflicts = undoBatch ? await revert(ctx, undoBatch) : [];
		const applied = ctx.count;
		await commit(batch.label, { ...ownParams(batch.params), redoOf: batch.id });
		await db.batches.update(batch.id, { state: 'final' });
		return { batch: { ...batch, state: 'final' }, applied, conflicts };
	});
}

function readOnly<T>(work: (db: SoKhachDB) => Promise<T>): Promise<T> {
	return withDb((db) => db.transaction('r', ['batches'], async () => work(db)));
}

/** The action Ctrl+Z would undo (for the tooltip "Undo: edit phone of …"), or null. */
export function peekUndo(): Promise<Batch | null> {
	return readOnly(async (db) => (await latestUndoable(db)) ?? null);
}

/** The action Ctrl+Y would redo, or null. */
export function peekRedo(): Promise<Batch | null> {
	return readOnly(async (db) => (await latestUndone(db)) ?? null);
}

export async function canUndo(): Promise<boolean> {
	return (await peekUndo()) !== null;
}

export async function canRedo(): Promise<boolean> {
	return (await peekRedo()) !== null;
}

/** Every change made to one record, newest first. */
export function recordHistory(table: TableName, rowId: string, limit?: number): Promise<Change[]> {
	return withDb((db) => {
		const query = db.changes.where('[table+rowId]').equals([table, rowId]).reverse();
		return (limit === undefined ? query : query.limit(limit)).toArray();
	});
}

/** Every change made to one customer, newest first (trash, restore and undo included). */
export function customerHistory(id: string, limit?: number): Promise<Change[]> {
	return recordHistory('customers', id, limit);
}
