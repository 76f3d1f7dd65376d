import { describe, expect, it } from 'vitest';
import {
	createRfmBuilder,
	quintileScores,
	RFM_SEGMENT_IDS,
	rfmLookup,
	rfmScores,
	rfmSegment,
	type RfmRow
} from './rfm';

function scores(values: number[]): number[] {
	return [...quintileScores(Float64Array.from(values))];
}

describe('rfmSegment', () => {
	it('maps the whole recency × frequency grid to the common named segments', () => {
		// Rows R = 5…1, columns F = 1…5.
		const rows = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((f) => rfmSegment(r, f)));
		expect(rows).toEqual([
			['new', 'potential-loyalist', 'potential-loyalist', 'champions', 'champions'],
			['promising', 'potential-loyalist', 'potential-loyalist', 'loyal', 'loyal'],
			['about-to-sleep', 'about-to-sleep', 'need-attention', 'loyal', 'loyal'],
			['hibernating', 'hibernating', 'at-risk', 'at-risk', 'cant-lose'],
			['lost', 'lost', 'at-risk', 'at-risk', 'cant-lose']
		]);
	});

	it('uses every one of the eleven segments', () => {
		const used = new Set<string>();
		for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) used.add(rfmSegment(r, f));
		expect([...used].sort()).toEqual([...RFM_SEGMENT_IDS].sort());
	});

	it('refuses scores outside 1–5', () => {
		expect(() => rfmSegment(0, 3)).toThrow(RangeError);
		expect(() => rfmSegment(3, 6)).toThrow(RangeError);
		expect(() => rfmSegment(2.5, 3)).toThrow(RangeError);
	});
});

describe('quintileScores', () => {
	it('splits ten distinct values two per score', () => {
		expect(scores([3, 1, 4, 10, 5, 9, 2, 6, 8, 7])).toEqual([2, 1, 2, 5, 3, 5, 1, 3, 4, 4]);
	});

	it('gives equal values the score of the lowest of them, never splitting a tie', () => {
		// Seven one-time buyers, two two-timers, one three-timer.
		expect(scores([1, 2, 1, 1, 3, 1, 1, 2, 1, 1])).toEqual([1, 4, 1, 1, 5, 1, 1, 4, 1, 1]);
	});

	it('scores tiny shops from worst 1 to best 5, and a lone or all-equal shop 3', () => {
		expect(scores([])).toEqual([]);
		expect(scores([42])).toEqual([3]);
		expect(scores([7, 7])).toEqual([3, 3]);
		expect(scores([5, 9])).toEqual([1, 5]);
		expect(scores([40, 10, 30, 20])).toEqual([5, 1, 4, 2]);
		expect(scores([10, 40, 10, 20])).toEqual([1, 5, 1, 4]);
	});

	it('keeps scores in value order with equal values equal, over many random ties', () => {
		let seed = 7;
		const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
		const values = Array.from({ length: 5000 }, () => Math.floor(rand() * 40));
		const s = scores(values);
		const byValue = new Map<number, number>();
		values.forEach((v, i) => {
			if (byValue.has(v)) expect(s[i]).toBe(byValue.get(v));
			byValue.set(v, s[i]);
		});
		const ordered = [...byValue.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
		for (let i = 1; i < ordered.length; i++) {
			expect(ordered[i]).toBeGreaterThanOrEqual(ordered[i - 1]);
		}
	});

	it('gives a fifth of a large shop each score when values are distinct', () => {
		const values = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000);
		const counts = [0, 0, 0, 0, 0];
		for (const s of scores(values)) counts[s - 1] += 1;
		for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThanOrEqual(2);
	});
});

describe('rfmScores', () => {
	const today = '2026-03-12';
	const rows: RfmRow[] = [
		{ id: 'a', lastPurchase: '2026-03-12', count: 5, total: 5_000_000 }, // 0 days
		{ id: 'b', lastPurchase: '2026-03-02', count: 2, total: 1_000_000 }, // 10 days
		{ id: 'lead', lastPurchase: null, count: 0, total: 0 },
		{ id: 'c', lastPurchase: '2026-03-02', count: 1, total: 300_000 }, // 10 days
		{ id: 'd', lastPurchase: '2025-12-12', count: 1, total: 300_000 }, // 90 days
		{ id: 'e', lastPurchase: '2025-03-12', count: 3, total: 2_000_000 } // 365 days
	];

	it('ranks only the customers with purchases; fewer days since the last is better', () => {
		const result = rfmScores(rows, today);
		expect(result.ids).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect([...result.r]).toEqual([5, 3, 3, 2, 1]);
		expect([...result.f]).toEqual([5, 3, 1, 1, 4]);
		expect([...result.m]).toEqual([5, 3, 1, 1, 4]);
	});

	it('names each customer’s segment and has none for a customer without purchases', () => {
		const lookup = rfmLookup(rfmScores(rows, today));
		expect(lookup.get('a')).toEqual({ r: 5, f: 5, m: 5, segment: 'champions' });
		expect(lookup.get('b')?.segment).toBe('need-attention');
		expect(lookup.get('c')?.segment).toBe('about-to-sleep');
		expect(lookup.get('d')?.segment).toBe('hibernating');
		expect(lookup.get('e')?.segment).toBe('at-risk');
		expect(lookup.has('lead')).toBe(false);
	});

	it('says what each score stands for in this shop', () => {
		const { ranges } = rfmScores(rows, today);
		expect(ranges.recencyDays).toEqual([[365, 365], [90, 90], [10, 10], null, [0, 0]]);
		expect(ranges.count).toEqual([[1, 1], null, [2, 2], [3, 3], [5, 5]]);
		expect(ranges.total).toEqual([
			[300_000, 300_000],
			null,
			[1_000_000, 1_000_000],
			[2_000_000, 2_000_000],
			[5_000_000, 5_000_000]
		]);
	});

	it('counts a purchase dated after today as bought today', () => {
		const result = rfmScores(
			[
				{ id: 'today', lastPurchase: '2026-03-12', count: 1, total: 1 },
				{ id: 'future', lastPurchase: '2026-03-20', count: 1, total: 1 },
				{ id: 'old', lastPurchase: '2026-01-01', count: 1, total: 1 }
			],
			today
		);
		// Both are 0 days, one customer is worse: 1 + ⌊5 · 1 / 2⌋ = 3.
		expect([...result.r]).toEqual([3, 3, 1]);
		expect(result.ranges.recencyDays[2]).toEqual([0, 0]);
	});

	it('scores a shop with a single buyer in the middle: nothing to compare with', () => {
		const lookup = rfmLookup(
			rfmScores([{ id: 'x', lastPurchase: '2026-03-11', count: 1, total: 100 }], today)
		);
		expect(lookup.get('x')).toEqual({ r: 3, f: 3, m: 3, segment: 'need-attention' });
	});

	it('scores a shop of two apart: the better one 5, the other 1', () => {
		const lookup = rfmLookup(
			rfmScores(
				[
					{ id: 'x', lastPurchase: '2026-03-11', count: 3, total: 900 },
					{ id: 'y', lastPurchase: '2025-03-11', count: 1, total: 100 }
				],
				today
			)
		);
		expect(lookup.get('x')?.segment).toBe('champions');
		expect(lookup.get('y')?.segment).toBe('lost');
	});

	it('is the same fed row by row to the builder, which grows past its first arrays', () => {
		const many: RfmRow[] = Array.from({ length: 3000 }, (_, i) => ({
			id: `c${i}`,
			lastPurchase: `2025-${String((i % 12) + 1).padStart(2, '0')}-15`,
			count: (i % 7) + 1,
			total: (i % 13) * 100_000
		}));
		const builder = createRfmBuilder(today);
		for (const r of many) builder.add(r.id, r.lastPurchase, r.count, r.total);
		const a = builder.finish();
		const b = rfmScores(many, today);
		expect(a.ids.length).toBe(3000);
		expect([...a.r]).toEqual([...b.r]);
		expect([...a.segment]).toEqual([...b.segment]);
	});

	it('refuses a latest purchase that is not a date, leaving the other rows as they were', () => {
		const builder = createRfmBuilder(today);
		builder.add('a', '2026-03-01', 1, 1);
		expect(() => builder.add('b', '2026-02-30', 1, 1)).toThrow(RangeError);
		expect(builder.finish().ids).toEqual(['a']);
	});
});
