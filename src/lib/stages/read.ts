/**
 * The stages worker's reading side: streams the customers out of IndexedDB in key order, a
 * chunk per read transaction, into the pure recompute. Reads only; the change list goes back to
 * the page, whose repository writes it.
 */
import Dexie from 'dexie';
import { withDb } from '$lib/db/db';
import type { StageDays } from '$lib/domain/stages';
import type { Customer, CustomerId } from '$lib/domain/types';
import {
	createStageRecompute,
	needsSecondPurchase,
	withSecondPurchases,
	type RecomputeResult
} from './recompute';

/**
 * Customers per read: one short read transaction each, so a write from the page (a sale being
 * recorded) waits for one chunk at most, not for the whole book.
 */
export const READ_CHUNK = 2000;

export interface ReadOptions {
	settings: StageDays;
	today: string;
	chunkSize?: number;
	onProgress?: (done: number, total: number) => void;
	signal?: AbortSignal;
}

function abortError(): Error {
	const e = new Error('Stage recompute cancelled');
	e.name = 'AbortError';
	return e;
}

/** Dates of the second live purchase of each customer, through `[customerId+date]`. */
async function secondPurchaseDates(ids: readonly CustomerId[]): Promise<Map<CustomerId, string>> {
	const dates = new Map<CustomerId, string>();
	if (ids.length === 0) return dates;
	await withDb((db) =>
		db.transaction('r', db.purchases, async () => {
			for (const id of ids) {
				const two = await db.purchases
					.where('[customerId+date]')
					.between([id, Dexie.minKey], [id, Dexie.maxKey])
					.filter((p) => p.deletedAt === undefined)
					.limit(2)
					.toArray();
				if (two.length === 2) dates.set(id, two[1].date);
			}
		})
	);
	return dates;
}

/** Reads every customer (trash included: their referrals must not count) and recomputes. */
export async function recomputeFromDb(options: ReadOptions): Promise<RecomputeResult> {
	const chunk = Math.max(1, options.chunkSize ?? READ_CHUNK);
	const run = createStageRecompute(options.settings, options.today);
	const total = await withDb((db) => db.customers.count());
	let done = 0;
	let after: string | null = null;
	for (;;) {
		if (options.signal?.aborted) throw abortError();
		const from: string | null = after;
		const rows: Customer[] = await withDb((db) =>
			from === null
				? db.customers.orderBy(':id').limit(chunk).toArray()
				: db.customers.where(':id').above(from).limit(chunk).toArray()
		);
		if (rows.length === 0) break;
		run.add(rows);
		done += rows.length;
		after = rows[rows.length - 1].id;
		options.onProgress?.(done, Math.max(total, done));
		if (rows.length < chunk) break;
	}
	const result = run.finish();
	if (options.signal?.aborted) throw abortError();
	const dates = await secondPurchaseDates(needsSecondPurchase(result.changes));
	return { ...result, changes: withSecondPurchases(result.changes, dates) };
}
