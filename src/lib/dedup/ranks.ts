/**
 * Ranking the neighbourhood keys of a large block's records (blocking.ts): the order of the
 * joined keys, without sorting a million long strings. At a million customers, comparing the
 * joined keys in a sort took seconds, most of it waiting for strings scattered over the heap.
 */

/** A neighbourhood key in its parts: birthday (mmdd), street, house number, name words. */
export type NeighbourhoodParts = readonly [string, string, string, string];

/** The key the parts stand for; keys sort in this string's order. */
export const joinParts = (p: NeighbourhoodParts) => p.join('|');

/**
 * Each entry's rank in the order of its joined key (`joinParts`): equal keys, equal ranks; the
 * ranks run 0, 1, 2… without gaps.
 *
 * In the joined key each of the first three parts is followed by '|'. So while no part holds a
 * '|' of its own, comparing two keys is comparing their first parts each with its '|', then,
 * when equal, the next parts: each part is ranked alone (a few thousand distinct streets, not a
 * million keys) and the entries sorted by their four ranks with counting sorts, last part
 * first. A part with a '|' in it falls back to sorting the joined keys.
 */
export function rankParts(parts: readonly NeighbourhoodParts[]): Int32Array {
	const m = parts.length;
	const ranks: Int32Array[] = [];
	const sizes: number[] = [];
	for (let c = 0; c < 4; c++) {
		const suffix = c < 3 ? '|' : '';
		const rankOf = new Map<string, number>();
		for (const p of parts) rankOf.set(p[c], 0);
		const distinct = [...rankOf.keys()];
		if (suffix !== '' && distinct.some((s) => s.includes('|'))) return rankJoined(parts);
		distinct
			.map((s) => s + suffix)
			.sort()
			.forEach((s, r) => rankOf.set(s.slice(0, s.length - suffix.length), r));
		const rank = new Int32Array(m);
		for (let k = 0; k < m; k++) rank[k] = rankOf.get(parts[k][c])!;
		ranks.push(rank);
		sizes.push(distinct.length);
	}
	let order: Int32Array<ArrayBuffer> = Int32Array.from({ length: m }, (_, k) => k);
	for (let c = 3; c >= 0; c--) order = countingSort(order, ranks[c], sizes[c]);
	const out = new Int32Array(m);
	for (let p = 1; p < m; p++) {
		const x = order[p - 1];
		const y = order[p];
		const same = ranks.every((rank) => rank[x] === rank[y]);
		out[y] = out[x] + (same ? 0 : 1);
	}
	return out;
}

/** `order` stably sorted by `key` (values 0…size-1). */
function countingSort(order: Int32Array, key: Int32Array, size: number): Int32Array<ArrayBuffer> {
	const start = new Int32Array(size + 1);
	for (let p = 0; p < order.length; p++) start[key[order[p]] + 1]++;
	for (let v = 0; v < size; v++) start[v + 1] += start[v];
	const out = new Int32Array(order.length);
	for (let p = 0; p < order.length; p++) out[start[key[order[p]]]++] = order[p];
	return out;
}

/** The same ranks by sorting the joined keys. */
export function rankJoined(parts: readonly NeighbourhoodParts[]): Int32Array {
	const keys = parts.map(joinParts);
	const order = Int32Array.from({ length: keys.length }, (_, k) => k).sort((x, y) =>
		keys[x] < keys[y] ? -1 : keys[x] > keys[y] ? 1 : 0
	);
	const out = new Int32Array(keys.length);
	for (let p = 1; p < order.length; p++) {
		out[order[p]] = out[order[p - 1]] + (keys[order[p]] === keys[order[p - 1]] ? 0 : 1);
	}
	return out;
}
