import type { Batch, Change, TableName } from '$lib/domain/types';
import { generateSample, type SampleOptions } from '$lib/sample/generate';
import { toAppError } from './errors';
import { newId } from './ids';
import type { SoKhachDB } from './schema';

export type LoadSampleOptions = SampleOptions;

export interface SampleResult {
	customers: number;
	purchases: number;
}

/**
 * The customer book already has customers. A sample goes only into an empty book: mixed with
 * real customers it could never be told apart and removed again.
 */
export class SampleNotEmptyError extends Error {
	readonly code = 'not-empty';

	constructor() {
		super('The customer book is not empty; a sample is only loaded into an empty one.');
		this.name = 'SampleNotEmptyError';
	}
}

function summary(
	batchId: string,
	at: number,
	table: TableName,
	rows: readonly { id: string }[]
): Change {
	return {
		at,
		batchId,
		table,
		rowId: '*',
		op: 'bulk-create',
		before: null,
		after: { count: rows.length, firstId: rows[0].id, lastId: rows[rows.length - 1].id }
	};
}

/**
 * Writes a generated sample shop: the only writer of samples. Each chunk (≤ 5,000 customers and
 * their purchases) goes in its own transaction, because one transaction over a million rows would
 * keep all of them in memory until it commits. The change log gets one `bulk-create` summary per
 * table per chunk, not a row per record, under one final (not undoable) batch: "start over" is
 * the way back, not a million-step undo.
 *
 * The emptiness check runs in the first chunk's transaction, so a customer saved in another tab
 * at the same moment cannot slip in between the check and the write.
 *
 * `signal` is honoured between chunks: chunks already written stay, and the batch's count says
 * how many rows they hold. The book is then partly filled and no longer empty, so the UI offers
 * "start over" (clearAllData) before another load.
 *
 * @throws SampleNotEmptyError (code 'not-empty') when the book has customers already;
 *   the signal's reason (an AbortError) when aborted; an AppError for storage failures.
 */
export async function loadSample(
	db: SoKhachDB,
	opts: LoadSampleOptions,
	onProgress?: (done: number, total: number) => void,
	signal?: AbortSignal
): Promise<SampleResult> {
	const total = opts.customers;
	const result: SampleResult = { customers: 0, purchases: 0 };
	const chunks = generateSample(opts);
	const batchId = newId();
	let first = true;
	for (;;) {
		signal?.throwIfAborted();
		const next = chunks.next();
		if (next.done) break;
		const { customers, purchases } = next.value;
		const at = Date.now();
		const changes = [summary(batchId, at, 'customers', customers)];
		if (purchases.length > 0) changes.push(summary(batchId, at, 'purchases', purchases));
		const written: SampleResult = {
			customers: result.customers + customers.length,
			purchases: result.purchases + purchases.length
		};
		try {
			await db.transaction('rw', [db.customers, db.purchases, db.changes, db.batches], async () => {
				if (first) {
					if ((await db.customers.count()) > 0) throw new SampleNotEmptyError();
					const batch: Batch = {
						id: batchId,
						at,
						label: 'batch_sample',
						params: { count: 0 },
						origin: 'sample',
						state: 'final',
						count: 0
					};
					// A sample load is a new action (changes.ts, DROPS_REDO): an undone step from before
					// must not be redone over it.
					await db.batches.where('state').equals('undone').modify({ state: 'final' });
					await db.batches.add(batch);
				}
				await db.customers.bulkAdd(customers);
				if (purchases.length > 0) await db.purchases.bulkAdd(purchases);
				await db.changes.bulkAdd(changes);
				// Updated with every chunk, not only at the end, so that after an abort or a closed
				// tab the batch still tells the truth about what is in the book.
				await db.batches.update(batchId, {
					count: written.customers + written.purchases,
					params: { count: written.customers }
				});
			});
		} catch (e) {
			if (e instanceof SampleNotEmptyError) throw e;
			throw toAppError(e);
		}
		first = false;
		result.customers = written.customers;
		result.purchases = written.purchases;
		onProgress?.(result.customers, total);
	}
	return result;
}

/**
 * Empties every table, the change log included, in one transaction: "start over" after a sample
 * or a test drive. Irreversible, so the UI calls it only after the user confirms.
 */
export async function clearAllData(db: SoKhachDB): Promise<void> {
	try {
		await db.transaction('rw', db.tables, async () => {
			await Promise.all(db.tables.map((table) => table.clear()));
		});
	} catch (e) {
		throw toAppError(e);
	}
}
