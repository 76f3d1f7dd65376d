/**
 * The whole-book recompute: every customer's stage by the rules, RFM over the customers with
 * purchases, the referrer set. Pure: it takes customers (in chunks, as read from IndexedDB) and
 * returns what should change; writing the changes is the customers repository's job, in one
 * system batch. Runs in the stages worker when the app opens on a new day and after imports.
 */
import { createRfmBuilder, type RfmResult } from '$lib/domain/rfm';
import {
	dayNumber,
	isoOfDayNumber,
	nextCheckDay,
	nextStage,
	stageFacts,
	type StageChange,
	type StageDays
} from '$lib/domain/stages';
import type { Customer, CustomerId } from '$lib/domain/types';

/** What the recompute reads of a customer; a whole Customer will do. */
export type StageInput = Pick<Customer, 'id' | 'stage' | 'stageManual' | 'stats' | 'referredBy'> & {
	deletedAt?: number;
	/** The date of the second purchase, when the caller knows it (for the reason's date). */
	secondPurchase?: string | null;
	/** The stats name a day that is not a real one (db/facts.ts, GAP_BAD_DATE). */
	badDate?: boolean;
};

export interface RecomputeSkip {
	id: CustomerId;
	/** A date in `stats` is not a real ISO day: the customer is left as is, and reported. */
	problem: 'bad-date';
}

export interface RecomputeResult {
	today: string;
	/** Customers whose stage (or manual mark) must change, in input order. */
	changes: StageChange[];
	rfm: RfmResult;
	/** Customers (not in the trash) that someone not in the trash names as referrer. */
	referrers: CustomerId[];
	/** Customers per stage after the changes; 'none' for no stage. */
	stageCounts: Record<string, number>;
	/**
	 * The earliest day after `today` on which time alone moves some customer (manual stages
	 * excluded); null when no one will move without a purchase. Until then a new day's run can
	 * be skipped.
	 */
	nextCheck: string | null;
	/** Customers looked at (not in the trash). */
	scanned: number;
	skipped: RecomputeSkip[];
}

export interface StageRecompute {
	add(customers: Iterable<StageInput>): void;
	finish(): RecomputeResult;
}

/**
 * Fed chunk by chunk; holds a few typed arrays, the changes and the ids of trashed customers,
 * not the customers themselves.
 */
export function createStageRecompute(settings: StageDays, today: string): StageRecompute {
	const rfm = createRfmBuilder(today);
	const changes: StageChange[] = [];
	const referrers = new Set<CustomerId>();
	const trashed = new Set<CustomerId>();
	const stageCounts: Record<string, number> = {};
	const skipped: RecomputeSkip[] = [];
	const now = dayNumber(today);
	let nextCheck = Infinity;
	let scanned = 0;

	function count(stage: string | null): void {
		const key = stage ?? 'none';
		stageCounts[key] = (stageCounts[key] ?? 0) + 1;
	}

	return {
		add(customers) {
			for (const c of customers) {
				if (c.deletedAt !== undefined) {
					trashed.add(c.id);
					continue;
				}
				scanned += 1;
				if (c.referredBy !== null) referrers.add(c.referredBy);
				if (c.badDate === true) {
					skipped.push({ id: c.id, problem: 'bad-date' });
					count(c.stage);
					continue;
				}
				const facts = stageFacts(c.stats, c.secondPurchase ?? null);
				let change: StageChange | null;
				let check: number | null;
				try {
					change = nextStage(c, facts, settings, today);
					const manual = change === null ? c.stageManual && c.stage !== null : change.manual;
					check = manual ? null : nextCheckDay(facts, settings, now);
					rfm.add(c.id, facts.last, facts.count, c.stats.total);
				} catch (e) {
					if (!(e instanceof RangeError)) throw e;
					skipped.push({ id: c.id, problem: 'bad-date' });
					count(c.stage);
					continue;
				}
				if (change !== null) changes.push(change);
				count(change === null ? c.stage : change.to);
				if (check !== null && check < nextCheck) nextCheck = check;
			}
		},
		finish() {
			return {
				today,
				changes,
				rfm: rfm.finish(),
				// A referral from a live customer to one in the trash gives the trashed one no badge
				// that anyone sees; it is left out so segment counts match the grid.
				referrers: [...referrers].filter((id) => !trashed.has(id)),
				stageCounts,
				nextCheck: nextCheck === Infinity ? null : isoOfDayNumber(nextCheck),
				scanned,
				skipped
			};
		}
	};
}

/** The recompute over customers already in hand (tests, command-line tools, small books). */
export function recomputeStages(
	customers: Iterable<StageInput>,
	settings: StageDays,
	today: string
): RecomputeResult {
	const run = createStageRecompute(settings, today);
	run.add(customers);
	return run.finish();
}

/**
 * Changes to loyal whose reason lacks the second purchase's date (more than two purchases, so
 * `stats` cannot tell): the ids to look up, so that the reason can read "2nd purchase on …".
 */
export function needsSecondPurchase(changes: readonly StageChange[]): CustomerId[] {
	return changes.filter((c) => c.reason.rule === 'repeat-purchase').map((c) => c.id);
}

/** Puts the second purchase's date into the reasons that lacked it. */
export function withSecondPurchases(
	changes: readonly StageChange[],
	dates: ReadonlyMap<CustomerId, string>
): StageChange[] {
	return changes.map((c) => {
		const date = c.reason.rule === 'repeat-purchase' ? dates.get(c.id) : undefined;
		return date === undefined ? c : { ...c, reason: { rule: 'second-purchase', date } };
	});
}
