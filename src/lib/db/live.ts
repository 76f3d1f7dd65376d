import { liveQuery, type Observable } from 'dexie';
import { getDb } from './db';
import type { Batch, Change, Customer } from '$lib/domain/types';

// Live queries for components: each re-runs when the tables it read change, in this tab or another.
// Each is bounded by an index range or a limit, so none reads a whole large table.

export function liveCustomer(id: string): Observable<Customer | undefined> {
	return liveQuery(() => getDb().customers.get(id));
}

/** The most recently trashed customers, newest first, and how many are in the trash. */
export function liveTrash(limit = 500): Observable<{ rows: Customer[]; total: number }> {
	return liveQuery(async () => {
		const db = getDb();
		const range = db.customers.where('deletedAt').above(0);
		const [rows, total] = await Promise.all([
			db.customers.where('deletedAt').above(0).reverse().limit(limit).toArray(),
			range.count()
		]);
		return { rows, total };
	});
}

export function liveHistory(table: string, rowId: string, limit = 200): Observable<Change[]> {
	return liveQuery(() =>
		getDb().changes.where('[table+rowId]').equals([table, rowId]).reverse().limit(limit).toArray()
	);
}

/** The next batch Ctrl+Z would undo and the next one Ctrl+Y would redo. */
export function liveUndoState(): Observable<{ undo: Batch | null; redo: Batch | null }> {
	return liveQuery(async () => {
		const { peekUndo, peekRedo } = await import('./history');
		const [undo, redo] = await Promise.all([peekUndo(), peekRedo()]);
		return { undo: undo ?? null, redo: redo ?? null };
	});
}
