/**
 * The stages worker's reading side: streams the customers' facts (db/facts.ts: the few fields
 * the rules and RFM read, kept beside each customer) out of IndexedDB in key order, a chunk per
 * read transaction, into the pure recompute. Reads only; the change list goes back to
 * the page, whose repository writes it.
 */
import Dexie from 'dexie';
import { withDb } from '$lib/db/db';
import type { StageDays } from '$lib/domain/stages';
import type { CustomerFacts } from '$lib/db/facts';
import type { CustomerId } from '$lib/domain/types';
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

type Read = Promise<CustomerFacts[]>;

/**
 * Reads every customer (trash included: their referrals must not count) and recomputes. Two
 * readers walk the book at once, one up from the first key and one down from the last, until
 * they meet: IndexedDB serves two read transactions side by side, and reading — not computing —
 * is what a whole-book pass costs (see docs/lifecycle.md, Measured). The next pair of chunks is
 * asked for before the current one is added, so the reads also overlap the computing. Changes
 * and problems come back in key order, whatever order the readers found them in.
 */
export async function recomputeFromDb(options: ReadOptions): Promise<RecomputeResult> {
	const chunk = Math.max(1, options.chunkSize ?? READ_CHUNK);
	const run = createStageRecompute(options.settings, options.today);
	// Each chunk in its own short read transaction, strictly between the bounds known so far.
	const up = (after: string | null, before: string | null): Read =>
		withDb((db) => {
			const keys = db.facts.where(':id');
			const range =
				after === null
					? before === null
						? db.facts.orderBy(':id')
						: keys.below(before)
					: before === null
						? keys.above(after)
						: keys.between(after, before, false, false);
			return range.limit(chunk).toArray();
		});
	const down = (before: string | null, after: string | null): Read =>
		withDb((db) => {
			const keys = db.facts.where(':id');
			const range =
				before === null
					? after === null
						? db.facts.orderBy(':id')
						: keys.above(after)
					: after === null
						? keys.below(before)
						: keys.between(after, before, false, false);
			return range.reverse().limit(chunk).toArray();
		});
	const counted = withDb((db) => db.facts.count());
	let after: string | null = null;
	let before: string | null = null;
	let next: [Read, Read] | null = [up(null, null), down(null, null)];
	let done = 0;
	try {
		while (next !== null) {
			const [low, high]: [CustomerFacts[], CustomerFacts[]] = await Promise.all(next);
			next = null;
			if (options.signal?.aborted) throw abortError();
			// Both read the same gap: the upper reader keeps only what lies above the lower's rows.
			if (low.length > 0) after = low[low.length - 1].id;
			const floor = after;
			const above: CustomerFacts[] = floor === null ? high : high.filter((c) => c.id > floor);
			if (above.length > 0) before = above[above.length - 1].id;
			const met = low.length < chunk || high.length < chunk || above.length < high.length;
			if (!met) next = [up(after, before), down(before, after)];
			run.add(low);
			run.add(above);
			if (low.length + above.length === 0) continue;
			done += low.length + above.length;
			options.onProgress?.(done, Math.max(await counted, done));
		}
	} finally {
		// A read left in flight by an abort or a failure must not surface as unhandled.
		next?.forEach((r) => r.catch(() => {}));
		counted.catch(() => {});
	}
	const result = run.finish();
	if (options.signal?.aborted) throw abortError();
	const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
	const dates = await secondPurchaseDates(needsSecondPurchase(result.changes));
	return {
		...result,
		changes: withSecondPurchases(result.changes, dates).sort(byId),
		skipped: result.skipped.sort(byId),
		referrers: result.referrers.sort()
	};
}
