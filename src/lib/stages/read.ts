/**
 * The stages worker's reading side: the customers' facts (db/facts.ts: the few fields the rules
 * and RFM read) out of the facts blocks (db/packs.ts) into the pure recompute. The customers and
 * the change log are only read; the change list goes back to the page, whose repository writes
 * it. The blocks, derived data, may be brought up to date on the way.
 */
import Dexie from 'dexie';
import { withDb } from '$lib/db/db';
import { GAP_BAD_DATE } from '$lib/db/facts';
import { NO_DAY, type FactsBlock } from '$lib/db/packs';
import { isoOfDayNumber, type StageDays } from '$lib/domain/stages';
import type { Customer, CustomerId } from '$lib/domain/types';
import { loadFacts } from '$lib/reports/packs-facts';
import {
	createStageRecompute,
	needsSecondPurchase,
	withSecondPurchases,
	type RecomputeResult,
	type StageInput
} from './recompute';

export interface ReadOptions {
	settings: StageDays;
	today: string;
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

const isoOrNull = (d: number): string | null => (d === NO_DAY ? null : isoOfDayNumber(d));

/** What the recompute reads of the block's customer i. */
function inputOf(b: FactsBlock, i: number): StageInput {
	const input: StageInput = {
		id: b.ids[i],
		stage: b.stageNames[b.stage[i]] as Customer['stage'],
		stageManual: b.manual[i] === 1,
		stats: {
			count: b.count[i],
			total: b.total[i],
			first: isoOrNull(b.first[i]),
			last: isoOrNull(b.last[i])
		},
		referredBy: b.referredBy[i]
	};
	if (b.deleted[i] === 1) input.deletedAt = 0;
	if ((b.gaps[i] & GAP_BAD_DATE) !== 0) input.badDate = true;
	return input;
}

/**
 * Reads every customer (trash included: their referrals must not count) and recomputes. The
 * book is read as the facts blocks the reports read too (reports/packs-facts.ts): a few dozen
 * records at 100,000 customers, brought up to date first where a write marked them (from the
 * customers themselves, with progress, after an import). Reading — not computing — is what a
 * whole-book pass costs (docs/lifecycle.md, Measured).
 */
export async function recomputeFromDb(options: ReadOptions): Promise<RecomputeResult> {
	const run = createStageRecompute(options.settings, options.today);
	// Progress comes from rebuilding the blocks, when they need it; otherwise once, at the end.
	let reported = false;
	const { blocks } = await loadFacts({
		signal: options.signal,
		onProgress: (done, total) => {
			reported = true;
			options.onProgress?.(done, total);
		}
	});
	if (options.signal?.aborted) throw abortError();
	let total = 0;
	for (const b of blocks) {
		const inputs: StageInput[] = new Array(b.ids.length);
		for (let i = 0; i < b.ids.length; i++) inputs[i] = inputOf(b, i);
		run.add(inputs);
		total += b.ids.length;
	}
	if (!reported) options.onProgress?.(total, total);
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
