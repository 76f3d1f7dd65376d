import { describe, expect, it } from 'vitest';
import { joinParts, rankJoined, rankParts, type NeighbourhoodParts } from './ranks';

/** The ranks by the definition: the place of each joined key among the distinct keys, sorted. */
function reference(parts: readonly NeighbourhoodParts[]): number[] {
	const keys = parts.map(joinParts);
	const sorted = [...new Set(keys)].sort();
	return keys.map((k) => sorted.indexOf(k));
}

/** Parts drawn from small pools, so that keys repeat and share prefixes. */
function drawn(count: number, pools: string[][]): NeighbourhoodParts[] {
	let seed = 7;
	const next = (n: number) => {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		return Math.floor((seed / 2 ** 31) * n);
	};
	return Array.from({ length: count }, () => {
		const [d, s, n, w] = pools.map((pool) => pool[next(pool.length)]);
		return [d, s, n, w] as const;
	});
}

describe('rankParts', () => {
	it('ranks keys as their joined strings sort, prefixes and wide letters included', () => {
		const parts = drawn(3000, [
			['', '101', '1010', '11', '1231', '315'],
			['', 'le loi', 'le lo', 'le loi a', 'hang bong', 'le~loi', 'lê lợi', 'le}i'],
			['', '1', '12', '12a', '1/2', '2'],
			['', 'nguyen thi linh', 'nguyen thi', 'nguyen', 'nguyen  thi', 'ng~', 'nguyễn', 'a|b']
		]);
		const ranks = Array.from(rankParts(parts));
		expect(ranks).toEqual(reference(parts));
		// Every kind of tie and order came up: many keys, some repeated.
		expect(new Set(ranks).size).toBeGreaterThan(500);
		expect(new Set(ranks).size).toBeLessThan(parts.length);
	});

	it('falls back to the joined keys when a part holds a |, with the same ranks', () => {
		const parts = drawn(500, [
			['', '101', '1|0'],
			['le loi', 'le|loi', 'le'],
			['1', '1|2'],
			['an', 'an b']
		]);
		expect(Array.from(rankParts(parts))).toEqual(reference(parts));
		expect(Array.from(rankJoined(parts))).toEqual(reference(parts));
	});

	it('ranks nothing and one key', () => {
		expect(Array.from(rankParts([]))).toEqual([]);
		expect(Array.from(rankParts([['1', 'a', '2', 'b']]))).toEqual([0]);
	});
});
