/**
 * Grouping scored pairs into clusters without chaining. Pairs are taken strongest first; two
 * groups join only when the average probability over every pair between them passes the
 * threshold, and never beyond the size cap. So A–B and B–C strong but A–C weak does not make
 * {A, B, C} (single linkage would), and one common phone cannot pull a whole street together.
 */

export const CLUSTER_CAP = 12;

/** Scored pairs, a < b, in three arrays (and each pair's field mask, score.ts explainMask). */
export interface Edges {
	a: Int32Array;
	b: Int32Array;
	weight: Float64Array;
	masks: Uint16Array;
}

/** The pairs of several lists, in their order, as one. */
export function joinEdges(lists: readonly Edges[]): Edges {
	const total = lists.reduce((sum, e) => sum + e.a.length, 0);
	const out: Edges = {
		a: new Int32Array(total),
		b: new Int32Array(total),
		weight: new Float64Array(total),
		masks: new Uint16Array(total)
	};
	let at = 0;
	for (const e of lists) {
		out.a.set(e.a, at);
		out.b.set(e.b, at);
		out.weight.set(e.weight, at);
		out.masks.set(e.masks, at);
		at += e.a.length;
	}
	return out;
}

/** The pairs `keep(k)` says yes to. */
export function filterEdges(edges: Edges, keep: (k: number) => boolean): Edges {
	const kept: number[] = [];
	for (let k = 0; k < edges.a.length; k++) if (keep(k)) kept.push(k);
	const pick = <T extends Int32Array | Float64Array | Uint16Array>(from: T, to: T): T => {
		kept.forEach((k, at) => (to[at] = from[k]));
		return to;
	};
	return {
		a: pick(edges.a, new Int32Array(kept.length)),
		b: pick(edges.b, new Int32Array(kept.length)),
		weight: pick(edges.weight, new Float64Array(kept.length)),
		masks: pick(edges.masks, new Uint16Array(kept.length))
	};
}

/**
 * Finds a pair among the edges of records 0…n-1: each record's edges (as the lower of the pair)
 * are listed together, so a look-up reads a handful of entries instead of hashing a key made
 * of two record numbers (past 2^31 at a million records, which a Map keeps as a boxed number).
 */
export class EdgeIndex {
	private readonly start: Int32Array;
	private readonly order: Int32Array;

	constructor(
		private readonly edges: Edges,
		n: number
	) {
		const { a } = edges;
		const start = new Int32Array(n + 1);
		for (let k = 0; k < a.length; k++) start[a[k] + 1]++;
		for (let i = 0; i < n; i++) start[i + 1] += start[i];
		const fill = start.slice(0, n);
		const order = new Int32Array(a.length);
		for (let k = 0; k < a.length; k++) order[fill[a[k]]++] = k;
		this.start = start;
		this.order = order;
	}

	/** The edge of x < y, or -1. */
	find(x: number, y: number): number {
		const { start, order } = this;
		const { b } = this.edges;
		for (let p = start[x]; p < start[x + 1]; p++) if (b[order[p]] === y) return order[p];
		return -1;
	}
}

/**
 * `probability(i, j)` scores any pair (0 for pairs that must never be together, such as
 * dismissed ones). Returns groups of two or more record indexes.
 */
export function clusterEdges(
	edges: Pick<Edges, 'a' | 'b' | 'weight'>,
	probability: (i: number, j: number) => number,
	threshold: number,
	cap: number = CLUSTER_CAP
): number[][] {
	const { a, b, weight } = edges;
	let n = 0;
	for (let k = 0; k < b.length; k++) n = Math.max(n, a[k] + 1, b[k] + 1);
	// Each record's group, as an index into `groups`, once an edge names it; `named`: records in
	// the order edges first named them.
	const groupOf = new Int32Array(n).fill(-1);
	const groups: number[][] = [];
	const named: number[] = [];
	const find = (i: number): number[] => {
		if (groupOf[i] < 0) {
			groupOf[i] = groups.length;
			groups.push([i]);
			named.push(i);
		}
		return groups[groupOf[i]];
	};
	const sorted = Array.from({ length: a.length }, (_, k) => k).sort(
		(x, y) => weight[y] - weight[x] || a[x] - a[y] || b[x] - b[y]
	);
	for (const k of sorted) {
		const ga = find(a[k]);
		const gb = find(b[k]);
		if (ga === gb || ga.length + gb.length > cap) continue;
		let sum = 0;
		for (const i of ga) for (const j of gb) sum += probability(i, j);
		if (sum / (ga.length * gb.length) < threshold) continue;
		const big = ga.length >= gb.length ? ga : gb;
		const small = big === ga ? gb : ga;
		const into = groupOf[big[0]];
		for (const j of small) {
			big.push(j);
			groupOf[j] = into;
		}
	}
	const out: number[][] = [];
	const done = new Uint8Array(groups.length);
	for (const i of named) {
		const g = groupOf[i];
		if (groups[g].length < 2 || done[g] === 1) continue;
		done[g] = 1;
		out.push(groups[g]);
	}
	return out;
}
