/**
 * RFM: recency, frequency and monetary scores 1–5 by quintiles over the shop's own customers
 * with purchases, and the usual named segments of the recency × frequency grid. Scores are
 * relative: they say how a customer compares with the others of this shop, not with a norm.
 * See docs/lifecycle.md for the method and the tie rule.
 */
import { dayNumber } from './stages';

export interface RfmRow {
	id: string;
	/** ISO day of the latest purchase; null without purchases. */
	lastPurchase: string | null;
	count: number;
	/** Whole đồng. */
	total: number;
}

export const RFM_SEGMENT_IDS = [
	'champions',
	'loyal',
	'potential-loyalist',
	'new',
	'promising',
	'need-attention',
	'about-to-sleep',
	'at-risk',
	'cant-lose',
	'hibernating',
	'lost'
] as const;
export type RfmSegmentId = (typeof RFM_SEGMENT_IDS)[number];

export function isRfmSegmentId(value: unknown): value is RfmSegmentId {
	return (RFM_SEGMENT_IDS as readonly unknown[]).includes(value);
}

export interface RfmScore {
	r: number;
	f: number;
	m: number;
	segment: RfmSegmentId;
}

/** The least and greatest value that got a score (index 0 = score 1); null when none did. */
export type ScoreRanges = Array<[number, number] | null>;

export interface RfmResult {
	/** The customers with purchases, in input order; the others have no RFM. */
	ids: string[];
	r: Uint8Array;
	f: Uint8Array;
	m: Uint8Array;
	/** Index into RFM_SEGMENT_IDS. */
	segment: Uint8Array;
	/** What each score stands for in this shop: days since the latest purchase, count, đồng. */
	ranges: { recencyDays: ScoreRanges; count: ScoreRanges; total: ScoreRanges };
}

// The common recency × frequency grid, rows R = 1…5, columns F = 1…5. The grid's usual
// "hibernating" corner (R 1–2, F 1–2) is split by recency: the oldest row is lost.
const S = (id: RfmSegmentId): number => RFM_SEGMENT_IDS.indexOf(id);
const GRID: readonly number[] = [
	// R = 1
	S('lost'),
	S('lost'),
	S('at-risk'),
	S('at-risk'),
	S('cant-lose'),
	// R = 2
	S('hibernating'),
	S('hibernating'),
	S('at-risk'),
	S('at-risk'),
	S('cant-lose'),
	// R = 3
	S('about-to-sleep'),
	S('about-to-sleep'),
	S('need-attention'),
	S('loyal'),
	S('loyal'),
	// R = 4
	S('promising'),
	S('potential-loyalist'),
	S('potential-loyalist'),
	S('loyal'),
	S('loyal'),
	// R = 5
	S('new'),
	S('potential-loyalist'),
	S('potential-loyalist'),
	S('champions'),
	S('champions')
];

function segmentIndex(r: number, f: number): number {
	return GRID[(r - 1) * 5 + (f - 1)];
}

/** The named segment of a recency and a frequency score (both 1–5). */
export function rfmSegment(r: number, f: number): RfmSegmentId {
	if (!Number.isInteger(r) || !Number.isInteger(f) || r < 1 || r > 5 || f < 1 || f > 5) {
		throw new RangeError(`RFM scores are whole numbers 1–5, got R=${r} F=${f}`);
	}
	return RFM_SEGMENT_IDS[segmentIndex(r, f)];
}

/** Index of the first element of `sorted` (ascending) that is ≥ v. */
function lowerBound(sorted: Float64Array, v: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid] < v) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * Scores 1–5 for values where higher is better. The tie rule: a customer's score depends only on
 * how many customers have a strictly worse value (`below`), so equal values always get equal
 * scores and a tie is never split across two scores:
 *
 *   score = 1 + min(4, ⌊5 · below / (n − 1)⌋)
 *
 * With distinct values this is the usual quintile split (n = 10 → two customers per score),
 * and the worst value always scores 1 and the best 5, also in a shop of two. A tie takes the
 * score of its lowest member, so a crowd of one-time buyers is F = 1, not spread over 1–3, and
 * a score may then be left empty. When everyone has the same value (one customer, or all
 * bought once) there is nothing to rank: everyone gets the middle score, 3.
 */
export function quintileScores(values: Float64Array): Uint8Array {
	const n = values.length;
	const scores = new Uint8Array(n);
	if (n === 0) return scores;
	const sorted = Float64Array.from(values).sort();
	if (sorted[0] === sorted[n - 1]) return scores.fill(3);
	for (let i = 0; i < n; i++) {
		const below = lowerBound(sorted, values[i]);
		scores[i] = 1 + Math.min(4, Math.floor((5 * below) / (n - 1)));
	}
	return scores;
}

function rangesOf(values: Float64Array, scores: Uint8Array, sign: 1 | -1): ScoreRanges {
	const ranges: ScoreRanges = [null, null, null, null, null];
	for (let i = 0; i < values.length; i++) {
		const v = values[i] * sign + 0; // + 0 turns -0 into 0
		const s = scores[i] - 1;
		const range = ranges[s];
		if (range === null) ranges[s] = [v, v];
		else {
			if (v < range[0]) range[0] = v;
			if (v > range[1]) range[1] = v;
		}
	}
	return ranges;
}

export interface RfmBuilder {
	/** Adds one customer; one without purchases (count 0 or no latest purchase) is left out. */
	add(id: string, lastPurchase: string | null, count: number, total: number): void;
	finish(): RfmResult;
}

function grow(a: Float64Array): Float64Array {
	const b = new Float64Array(a.length * 2);
	b.set(a);
	return b;
}

/**
 * Collects customers into typed arrays (no object per customer) for the ranking at the end:
 * the recompute feeds it chunk by chunk as it reads the book.
 */
export function createRfmBuilder(today: string): RfmBuilder {
	const now = dayNumber(today);
	const ids: string[] = [];
	let recency: Float64Array = new Float64Array(1024);
	let count: Float64Array = new Float64Array(1024);
	let total: Float64Array = new Float64Array(1024);
	return {
		add(id, lastPurchase, n, amount) {
			if (!(n > 0) || lastPurchase === null) return;
			// Parsed before anything is stored, so a bad date leaves the builder as it was.
			const last = dayNumber(lastPurchase);
			const i = ids.length;
			if (i === recency.length) {
				recency = grow(recency);
				count = grow(count);
				total = grow(total);
			}
			ids.push(id);
			// Negated so that higher is better for all three; Math.min keeps today at +0, not -0,
			// which a typed-array sort would put before +0.
			recency[i] = Math.min(0, last - now);
			count[i] = n;
			total[i] = amount;
		},
		finish() {
			const n = ids.length;
			return {
				ids: ids.slice(),
				...rankRfm(recency.subarray(0, n), count.subarray(0, n), total.subarray(0, n))
			};
		}
	};
}

/**
 * The ranking itself, for callers that hold the values already (the query index): `recency` is
 * minus the days since the latest purchase, never above 0 (higher is better for all three).
 */
export function rankRfm(
	recency: Float64Array,
	count: Float64Array,
	total: Float64Array
): Omit<RfmResult, 'ids'> {
	const n = recency.length;
	const r = quintileScores(recency);
	const f = quintileScores(count);
	const m = quintileScores(total);
	const segment = new Uint8Array(n);
	for (let i = 0; i < n; i++) segment[i] = segmentIndex(r[i], f[i]);
	return {
		r,
		f,
		m,
		segment,
		ranges: {
			recencyDays: rangesOf(recency, r, -1),
			count: rangesOf(count, f, 1),
			total: rangesOf(total, m, 1)
		}
	};
}

/**
 * RFM of every customer with purchases (count > 0 and a latest purchase), ranked among them
 * only: customers without purchases get no scores. Recency is whole days from the latest
 * purchase to `today` (fewer is better, so the most recent score 5; a purchase dated after
 * today counts as today). O(n log n): three typed-array sorts and a binary search per value.
 */
export function rfmScores(rows: Iterable<RfmRow>, today: string): RfmResult {
	const builder = createRfmBuilder(today);
	for (const row of rows) builder.add(row.id, row.lastPurchase, row.count, row.total);
	return builder.finish();
}

/** The scores by customer id, for segment conditions and the customer panel. */
export function rfmLookup(result: RfmResult): Map<string, RfmScore> {
	const map = new Map<string, RfmScore>();
	for (let i = 0; i < result.ids.length; i++) {
		map.set(result.ids[i], {
			r: result.r[i],
			f: result.f[i],
			m: result.m[i],
			segment: RFM_SEGMENT_IDS[result.segment[i]]
		});
	}
	return map;
}
