/**
 * The two passes of a scan over candidate pairs, each over a range of records so that two
 * workers can share them (engine.ts hands out the ranges, helper.ts runs the other worker's):
 * the sample EM learns from, and the comparison of every pair. A range's results do not depend
 * on who ran it, and joined in range order they are what one pass over the whole book gives.
 */
import { forEachCandidate, type Blocks } from './blocking';
import type { Columns } from './columns';
import {
	comparePair,
	explainMask,
	LEVELS_PER_PAIR,
	pairLevels,
	pairSides,
	SIDES_PER_PAIR,
	weighLevels,
	type Model
} from './score';

/** The sampled pairs of a range: records i = every × k, each with every candidate j. */
export interface SampleChunk {
	/** Pairs met, including those past the cap. */
	pairs: number;
	/** Pairs kept (at most the cap), with their levels, sides and slots. */
	stored: number;
	levels: Uint8Array;
	sides: Int32Array;
	owner: Int32Array;
	partner: Int32Array;
}

/** The pairs of a range whose weight reaches `keepFrom`, and how many pairs were compared. */
export interface EdgeChunk {
	a: Int32Array;
	b: Int32Array;
	weight: Float64Array;
	/** The fields for and against each pair (score.ts explainMask). */
	masks: Uint16Array;
	comparisons: number;
}

/** Sampled pairs already compared (all of one range's, or the whole book's), owners ascending. */
export interface KeptSample {
	levels: Uint8Array;
	sides: Int32Array;
	owner: Int32Array;
	partner: Int32Array;
	/** Pairs first…end-1 of the arrays are the ones to use. */
	first: number;
	end: number;
}

export interface PairContext {
	columns: Columns;
	model: Model;
	blocks: Blocks;
	/**
	 * One entry per record (see forEachCandidate): -1 before a pass, kept between the ranges of
	 * one pass, filled with -1 again before the next pass.
	 */
	seen: Int32Array;
}

function grow<T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(
	a: T,
	size: number
): T {
	if (size <= a.length) return a;
	const bigger = new (a.constructor as new (n: number) => T)(size);
	bigger.set(a);
	return bigger;
}

export function sampleRange(
	{ columns, model, blocks, seen }: PairContext,
	from: number,
	to: number,
	every: number,
	cap: number
): SampleChunk {
	let levels = new Uint8Array(1024 * LEVELS_PER_PAIR);
	let sides = new Int32Array(1024 * SIDES_PER_PAIR);
	let owner = new Int32Array(1024);
	let partner = new Int32Array(1024);
	let pairs = 0;
	for (let i = Math.ceil(from / every) * every; i < to; i += every) {
		forEachCandidate(blocks, i, seen, (j) => {
			if (pairs < cap) {
				if (pairs === owner.length) {
					const size = Math.min(cap, pairs * 2);
					levels = grow(levels, size * LEVELS_PER_PAIR);
					sides = grow(sides, size * SIDES_PER_PAIR);
					owner = grow(owner, size);
					partner = grow(partner, size);
				}
				pairLevels(columns, i, j, model, levels, pairs * LEVELS_PER_PAIR);
				pairSides(sides, pairs * SIDES_PER_PAIR);
				owner[pairs] = i;
				partner[pairs] = j;
			}
			pairs++;
		});
	}
	const stored = Math.min(pairs, cap);
	return { pairs, stored, ...slicePairs({ levels, sides, owner, partner }, 0, stored) };
}

type PairArrays = Pick<SampleChunk, 'levels' | 'sides' | 'owner' | 'partner'>;

/** Pairs first…end-1 of some pair arrays, copied. */
function slicePairs(x: PairArrays, first: number, end: number): PairArrays {
	return {
		levels: x.levels.slice(first * LEVELS_PER_PAIR, end * LEVELS_PER_PAIR),
		sides: x.sides.slice(first * SIDES_PER_PAIR, end * SIDES_PER_PAIR),
		owner: x.owner.slice(first, end),
		partner: x.partner.slice(first, end)
	};
}

/** Sampled chunks joined in range order, cut at the cap, as one pass over the book keeps them. */
export function joinSamples(chunks: readonly SampleChunk[], cap: number): KeptSample & SampleChunk {
	let pairs = 0;
	let kept = 0;
	for (const c of chunks) {
		pairs += c.pairs;
		kept += c.stored;
	}
	const stored = Math.min(kept, cap);
	const out = {
		pairs,
		stored,
		levels: new Uint8Array(stored * LEVELS_PER_PAIR),
		sides: new Int32Array(stored * SIDES_PER_PAIR),
		owner: new Int32Array(stored),
		partner: new Int32Array(stored),
		first: 0,
		end: stored
	};
	let at = 0;
	for (const c of chunks) {
		const take = Math.min(c.stored, stored - at);
		if (take <= 0) break;
		out.levels.set(c.levels.subarray(0, take * LEVELS_PER_PAIR), at * LEVELS_PER_PAIR);
		out.sides.set(c.sides.subarray(0, take * SIDES_PER_PAIR), at * SIDES_PER_PAIR);
		out.owner.set(c.owner.subarray(0, take), at);
		out.partner.set(c.partner.subarray(0, take), at);
		at += take;
	}
	return out;
}

/** The first kept pair whose owner is at least `slot` (owners ascend). */
export function firstOwnedFrom(sample: KeptSample, slot: number): number {
	let lo = sample.first;
	let hi = sample.end;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sample.owner[mid] < slot) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** The kept pairs owned by records from…to-1, copied (what a helper needs of the sample). */
export function sampleSlice(sample: KeptSample, from: number, to: number): KeptSample {
	const first = firstOwnedFrom(sample, from);
	const end = firstOwnedFrom(sample, to);
	return { ...slicePairs(sample, first, end), first: 0, end: end - first };
}

/**
 * Every candidate pair of records from…to-1 (each pair once, from its lower slot), weighed; a
 * pair the sample compared already is weighed from its kept levels instead of compared again.
 */
export function compareRange(
	{ columns, model, blocks, seen }: PairContext,
	from: number,
	to: number,
	sample: KeptSample,
	keepFrom: number,
	onCompared?: (i: number, j: number) => void
): EdgeChunk {
	let a = new Int32Array(256);
	let b = new Int32Array(256);
	let weight = new Float64Array(256);
	let masks = new Uint16Array(256);
	let edges = 0;
	let comparisons = 0;
	let kept = firstOwnedFrom(sample, from);
	const { owner, partner, levels, sides, end } = sample;
	for (let i = from; i < to; i++) {
		forEachCandidate(blocks, i, seen, (j) => {
			comparisons++;
			onCompared?.(i, j);
			const e =
				kept < end && owner[kept] === i && partner[kept] === j
					? weighLevels(
							columns,
							i,
							model,
							levels,
							kept * LEVELS_PER_PAIR,
							sides,
							kept++ * SIDES_PER_PAIR
						)
					: comparePair(columns, i, j, model);
			if (e.weight < keepFrom) return;
			if (edges === a.length) {
				a = grow(a, edges * 2);
				b = grow(b, edges * 2);
				weight = grow(weight, edges * 2);
				masks = grow(masks, edges * 2);
			}
			a[edges] = i;
			b[edges] = j;
			weight[edges] = e.weight;
			masks[edges++] = explainMask(e);
		});
	}
	return {
		a: a.slice(0, edges),
		b: b.slice(0, edges),
		weight: weight.slice(0, edges),
		masks: masks.slice(0, edges),
		comparisons
	};
}
