/**
 * Grouping scored pairs into clusters without chaining. Pairs are taken strongest first; two
 * groups join only when the average probability over every pair between them passes the
 * threshold, and never beyond the size cap. So A–B and B–C strong but A–C weak does not make
 * {A, B, C} (single linkage would), and one common phone cannot pull a whole street together.
 */

export const CLUSTER_CAP = 12;

export interface Edge {
	a: number;
	b: number;
	weight: number;
}

/**
 * `probability(i, j)` scores any pair (0 for pairs that must never be together, such as
 * dismissed ones). Returns groups of two or more record indexes.
 */
export function clusterEdges(
	edges: readonly Edge[],
	probability: (i: number, j: number) => number,
	threshold: number,
	cap: number = CLUSTER_CAP
): number[][] {
	const groupOf = new Map<number, number[]>();
	const find = (i: number): number[] => {
		let g = groupOf.get(i);
		if (g === undefined) {
			g = [i];
			groupOf.set(i, g);
		}
		return g;
	};
	const sorted = [...edges].sort((x, y) => y.weight - x.weight || x.a - y.a || x.b - y.b);
	for (const { a, b } of sorted) {
		const ga = find(a);
		const gb = find(b);
		if (ga === gb || ga.length + gb.length > cap) continue;
		let sum = 0;
		for (const i of ga) for (const j of gb) sum += probability(i, j);
		if (sum / (ga.length * gb.length) < threshold) continue;
		const [big, small] = ga.length >= gb.length ? [ga, gb] : [gb, ga];
		for (const j of small) {
			big.push(j);
			groupOf.set(j, big);
		}
	}
	const out: number[][] = [];
	const done = new Set<number[]>();
	for (const g of groupOf.values()) {
		if (g.length < 2 || done.has(g)) continue;
		done.add(g);
		out.push(g);
	}
	return out;
}
