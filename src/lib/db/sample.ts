import { PACKS_TABLE } from './packs';
import type { Batch, Change, TableName } from '$lib/domain/types';
import { generateSample, type SampleChunk, type SampleOptions } from '$lib/sample/generate';
import { SETTING_KEYS, type ShopProfile } from './care';
import { toAppError } from './errors';
import { newId } from './ids';
import type { SoKhachDB } from './schema';

export type LoadSampleOptions = SampleOptions;

export interface SampleResult {
	customers: number;
	purchases: number;
	reminders: number;
	interactions: number;
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

/**
 * One change row for a chunk's rows of a table. firstId and lastId are the lowest and highest id,
 * so every row of the chunk lies in [firstId, lastId] (customers come in id order; reminders,
 * keyed by their sale, do not).
 */
function summary(
	batchId: string,
	at: number,
	table: TableName,
	rows: readonly { id: string }[]
): Change {
	let firstId = rows[0].id;
	let lastId = firstId;
	for (const { id } of rows) {
		if (id < firstId) firstId = id;
		if (id > lastId) lastId = id;
	}
	return {
		at,
		batchId,
		table,
		rowId: '*',
		op: 'bulk-create',
		before: null,
		after: { count: rows.length, firstId, lastId }
	};
}

const CHUNK_TABLES = ['customers', 'purchases', 'reminders', 'interactions'] as const;

function rowCount(result: SampleResult): number {
	return result.customers + result.purchases + result.reminders + result.interactions;
}

/**
 * Writes a generated sample shop: the only writer of samples. Each chunk (≤ 5,000 customers and
 * their purchases, reminders and interactions) goes in its own transaction, because one transaction over a million rows would
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
	const result: SampleResult = { customers: 0, purchases: 0, reminders: 0, interactions: 0 };
	// The sample's reminders follow its trade's care plan: the shop is set to that trade unless
	// the owner already chose one.
	const profile: ShopProfile = { name: '', businessType: opts.shopType ?? 'spa' };
	const chunks = generateSample(opts);
	const batchId = newId();
	let first = true;
	/** Settings rows written (the shop profile): part of the batch's count. */
	let settingRows = 0;
	for (;;) {
		signal?.throwIfAborted();
		const next = chunks.next();
		if (next.done) break;
		const chunk: SampleChunk = next.value;
		const at = Date.now();
		const changes: Change[] = [];
		for (const table of CHUNK_TABLES) {
			if (chunk[table].length > 0) changes.push(summary(batchId, at, table, chunk[table]));
		}
		const written: SampleResult = {
			customers: result.customers + chunk.customers.length,
			purchases: result.purchases + chunk.purchases.length,
			reminders: result.reminders + chunk.reminders.length,
			interactions: result.interactions + chunk.interactions.length
		};
		let extra = 0;
		try {
			const stores = [...CHUNK_TABLES, 'settings', 'changes', 'batches'];
			await db.transaction('rw', stores, async () => {
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
					if ((await db.settings.get(SETTING_KEYS.shopProfile)) === undefined) {
						const row = { key: SETTING_KEYS.shopProfile, value: profile };
						await db.settings.add(row);
						changes.push({
							at,
							batchId,
							table: 'settings',
							rowId: row.key,
							op: 'create',
							before: null,
							after: { ...row }
						});
						extra = 1;
					}
				}
				for (const table of CHUNK_TABLES) {
					const rows = chunk[table];
					if (rows.length > 0) await db.table(table).bulkAdd(rows);
				}
				await db.changes.bulkAdd(changes);
				// Updated with every chunk, not only at the end, so that after an abort or a closed
				// tab the batch still tells the truth about what is in the book.
				await db.batches.update(batchId, {
					count: rowCount(written) + settingRows + extra,
					params: { count: written.customers }
				});
			});
		} catch (e) {
			if (e instanceof SampleNotEmptyError) throw e;
			throw toAppError(e);
		}
		first = false;
		settingRows += extra;
		Object.assign(result, written);
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
			const derived = db.tables.filter((t) => t.name === PACKS_TABLE);
			await Promise.all(db.tables.filter((t) => !derived.includes(t)).map((t) => t.clear()));
			// Last: clearing the others marks the packs dirty, and none must be left.
			await Promise.all(derived.map((t) => t.clear()));
		});
	} catch (e) {
		throw toAppError(e);
	}
}
