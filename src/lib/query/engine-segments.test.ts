import { describe, expect, it } from 'vitest';
import { rfmLookup, rfmScores } from '$lib/domain/rfm';
import {
	BUILT_IN_SEGMENTS,
	compileSegment,
	SEGMENT_VERSION,
	validateSegment,
	type SegmentCondition,
	type SegmentDefinition
} from '$lib/domain/segments';
import { referrerSet, STAGE_IDS } from '$lib/domain/stages';
import type { Customer } from '$lib/domain/types';
import { at, customer, engineOf, ids } from './testing';

/** A small deterministic generator, so a failure names its seed. */
function rng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

const NOW = at(2026, 3, 31, 10);
const TODAY = '2026-03-31';

function book(seed: number, n: number): Customer[] {
	const r = rng(seed);
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
	const out: Customer[] = [];
	for (let i = 0; i < n; i++) {
		const id = `c${String(i).padStart(3, '0')}`;
		const count = r() < 0.3 ? 0 : 1 + Math.floor(r() * 6);
		const day = (k: number) => {
			const d = new Date(2026, 2, 31 - k);
			return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
		};
		const lastAgo = Math.floor(r() * 400);
		const c = customer(
			id,
			{
				name: pick(['Nguyễn Hương', 'Trần Bình', 'Lê Thủy', 'Phạm Hoà']) + ' ' + i,
				birthday:
					r() < 0.6
						? `19${70 + Math.floor(r() * 30)}-${pick(['01', '03', '04', '12'])}-1${Math.floor(r() * 9)}`
						: '',
				source: pick(['Facebook', 'Zalo', 'Vãng lai', '']),
				district: pick(['Quận 3', 'Quận 1', 'Hà Đông', ''])
			},
			{
				createdAt: at(2025, 1, 1) + i * 1000,
				stage: r() < 0.1 ? null : pick(STAGE_IDS),
				tags: r() < 0.5 ? [] : [pick(['t1', 't2', 't3'])].concat(r() < 0.3 ? ['t4'] : []),
				referredBy: i > 5 && r() < 0.2 ? `c${String(Math.floor(r() * i)).padStart(3, '0')}` : null,
				custom: r() < 0.3 ? { hang: pick(['Vàng', 'Bạc']), diem: Math.floor(r() * 100) } : {},
				consent: pick([true, false, null]),
				consents:
					r() < 0.5
						? []
						: Array.from({ length: 1 + Math.floor(r() * 3) }, (_, k) => ({
								id: `${id}-k${k}`,
								purpose: pick(['care', 'promotions'] as const),
								given: r() < 0.6,
								at: 1000 + Math.floor(r() * 5) * 100,
								method: 'store' as const,
								note: '',
								recordedAt: 5000 + k
							})),
				leadTemperature: r() < 0.4 ? pick(['cold', 'warm', 'hot'] as const) : undefined,
				stats:
					count === 0
						? { count: 0, total: 0, first: null, last: null }
						: {
								count,
								total: Math.round(r() * 20) * 100_000,
								first: day(lastAgo + Math.floor(r() * 300)),
								last: day(lastAgo)
							}
			}
		);
		out.push(c);
	}
	return out;
}

const one = (c: SegmentCondition): SegmentDefinition => ({
	version: SEGMENT_VERSION,
	match: 'all',
	conditions: [c]
});

const DEFINITIONS: SegmentDefinition[] = [
	...BUILT_IN_SEGMENTS.map((b) => b.definition),
	one({ field: 'rfmSegment', op: 'in', value: ['champions', 'loyal', 'at-risk'] }),
	one({ field: 'rfmR', op: 'gte', value: 4 }),
	one({ field: 'rfmM', op: 'between', value: [2, 3] }),
	one({ field: 'rfmF', op: 'neq', value: 5 }),
	one({ field: 'rfmSegment', op: 'empty' }),
	one({ field: 'tags', op: 'hasAll', value: ['t1', 't4'] }),
	one({ field: 'tags', op: 'hasNone', value: ['t2'] }),
	one({ field: 'lastPurchase', op: 'withinDays', value: 30 }),
	one({ field: 'firstPurchase', op: 'before', value: '2025-12-01' }),
	one({ field: 'lastPurchase', op: 'empty' }),
	one({ field: 'birthdayMonth', op: 'in', value: [1, 12] }),
	one({ field: 'birthdayMonth', op: 'nextMonth' }),
	one({ field: 'source', op: 'is', value: 'vang lai' }),
	one({ field: 'district', op: 'contains', value: 'quận' }),
	one({ field: 'custom', key: 'hang', op: 'is', value: 'vàng' }),
	one({ field: 'custom', key: 'diem', op: 'gt', value: 50 }),
	one({ field: 'wasReferred', op: 'is', value: true }),
	one({ field: 'consent', op: 'given', value: 'care' }),
	one({ field: 'consent', op: 'given', value: 'promotions' }),
	one({ field: 'consent', op: 'notGiven', value: 'promotions' }),
	one({ field: 'leadTemperature', op: 'in', value: ['hot', 'warm'] }),
	one({ field: 'leadTemperature', op: 'notIn', value: ['cold'] }),
	one({ field: 'leadTemperature', op: 'empty' }),
	{
		version: SEGMENT_VERSION,
		match: 'any',
		conditions: [
			{ field: 'stage', op: 'in', value: ['lead'] },
			{
				match: 'all',
				conditions: [
					{ field: 'totalSpent', op: 'gte', value: 1_000_000 },
					{ field: 'referredSomeone', op: 'is', value: true }
				]
			}
		]
	},
	{ version: SEGMENT_VERSION, match: 'all', conditions: [] },
	{ version: SEGMENT_VERSION, match: 'any', conditions: [] }
];

/** The plain evaluator over records: what the index must agree with. */
function expected(customers: Customer[], definition: SegmentDefinition): string[] {
	const live = customers.filter((c) => c.deletedAt == null);
	const ctx = {
		today: TODAY,
		rfm: rfmLookup(
			rfmScores(
				live.map((c) => ({
					id: c.id,
					lastPurchase: c.stats.last,
					count: c.stats.count,
					total: c.stats.total
				})),
				TODAY
			)
		),
		referrers: referrerSet(live)
	};
	const compiled = compileSegment(definition);
	return live
		.filter((c) => compiled.matches(c, ctx))
		.map((c) => c.id)
		.sort();
}

describe('segments in the query index', () => {
	it('the definitions under test are valid', () => {
		for (const d of DEFINITIONS) expect(validateSegment(d).ok).toBe(true);
	});

	for (const seed of [1, 2, 3]) {
		it(`agrees with the plain evaluator on every definition (seed ${seed})`, () => {
			const customers = book(seed, 240);
			const engine = engineOf(customers, { now: () => NOW });
			for (const definition of DEFINITIONS) {
				const got = ids(engine, { segment: definition }).sort();
				expect(got, JSON.stringify(definition)).toEqual(expected(customers, definition));
			}
		});
	}

	it('follows writes and removals: scores and referrers are recomputed', () => {
		const customers = book(7, 120);
		const engine = engineOf(customers, { now: () => NOW });
		const champions = one({ field: 'rfmSegment', op: 'in', value: ['champions'] });
		const referrers = BUILT_IN_SEGMENTS.find((b) => b.id === 'builtin:referrers')!.definition;
		ids(engine, { segment: champions });
		ids(engine, { segment: referrers });
		// A big spender arrives; someone names c000 as referrer; a referrer goes to the trash.
		const changed = customers.map((c) => ({ ...c }));
		changed[3] = {
			...changed[3],
			stats: { count: 40, total: 900_000_000, first: '2025-01-01', last: TODAY }
		};
		changed[4] = { ...changed[4], referredBy: 'c000' };
		const referred = changed.find((c) => c.referredBy && c.referredBy !== 'c000');
		engine.upsert([changed[3], changed[4]]);
		if (referred) {
			const trashed = changed.find((c) => c.id === referred.referredBy)!;
			trashed.deletedAt = NOW;
			engine.upsert([trashed]);
		}
		for (const d of [champions, referrers]) {
			expect(ids(engine, { segment: d }).sort()).toEqual(expected(changed, d));
		}
		expect(engine.rfm('c003')).toMatchObject({ r: 5, f: 5, m: 5, segment: 'champions' });
	});

	it('combines with column filters and search, and sorts the segment by RFM', () => {
		const customers = book(11, 200);
		const engine = engineOf(customers, { now: () => NOW });
		const repeat = BUILT_IN_SEGMENTS.find((b) => b.id === 'builtin:repeat')!.definition;
		const got = ids(engine, {
			segment: repeat,
			search: 'huong',
			sort: [{ colId: 'rfm', sort: 'desc' }]
		});
		const want = expected(customers, repeat).filter((id) =>
			customers.find((c) => c.id === id)!.nameKey.includes('huong')
		);
		expect([...got].sort()).toEqual(want);
		const keys = got.map((id) => {
			const s = engine.rfm(id)!;
			return s.r * 100 + s.f * 10 + s.m;
		});
		expect(keys).toEqual([...keys].sort((a, b) => b - a));
	});

	it('gives no RFM to a customer without purchases, and sorts them last either way', () => {
		const customers = book(5, 60);
		const engine = engineOf(customers, { now: () => NOW });
		const none = customers.find((c) => c.stats.count === 0)!;
		expect(engine.rfm(none.id)).toBeNull();
		for (const sort of ['asc', 'desc'] as const) {
			const order = ids(engine, { sort: [{ colId: 'rfm', sort }] });
			const firstEmpty = order.findIndex((id) => engine.rfm(id) === null);
			expect(order.slice(firstEmpty).every((id) => engine.rfm(id) === null)).toBe(true);
		}
		expect(engine.rfmSummary()).toMatchObject({ today: TODAY });
		expect(engine.rfmSummary().scored).toBe(customers.filter((c) => c.stats.count > 0).length);
	});

	it('filters the RFM column by its digits and its segment names', () => {
		const customers = book(9, 150);
		const engine = engineOf(customers, {
			now: () => NOW,
			rfmLabels: { champions: ['Khách VIP', 'Champions'] }
		});
		const vip = ids(engine, {
			filter: { rfm: { filterType: 'text', type: 'contains', filter: 'khach vip' } }
		}).sort();
		expect(vip).toEqual(
			expected(customers, one({ field: 'rfmSegment', op: 'in', value: ['champions'] }))
		);
		const five = ids(engine, {
			filter: { rfm: { filterType: 'text', type: 'startsWith', filter: '5' } }
		});
		expect(five.every((id) => engine.rfm(id)!.r === 5)).toBe(true);
	});

	it('moves "within 30 days" with the clock, not with the cache', () => {
		let now = NOW;
		const customers = book(4, 100);
		const engine = engineOf(customers, { now: () => now });
		const recent = one({ field: 'lastPurchase', op: 'withinDays', value: 30 });
		const before = ids(engine, { segment: recent }).length;
		now = at(2026, 6, 30, 10);
		const after = ids(engine, { segment: recent }).length;
		expect(after).toBeLessThan(before);
	});
});

describe('consent in queries', () => {
	it('keeps only customers who consent to the purpose, as hasConsent says', () => {
		const customers = book(21, 150);
		const engine = engineOf(customers, { now: () => NOW });
		for (const purpose of ['care', 'promotions'] as const) {
			const want = expected(customers, one({ field: 'consent', op: 'given', value: purpose }));
			expect(ids(engine, { consent: purpose }).sort()).toEqual(want);
			expect(want.length).toBeGreaterThan(0);
		}
		// A customer who withdraws leaves the list at once.
		const inList = ids(engine, { consent: 'promotions' })[0];
		const c = customers.find((x) => x.id === inList)!;
		engine.upsert([
			{
				...c,
				consents: [
					...(c.consents ?? []),
					{
						id: 'w',
						purpose: 'promotions',
						given: false,
						at: 99_999,
						method: 'zalo',
						note: '',
						recordedAt: 99_999
					}
				]
			}
		]);
		expect(ids(engine, { consent: 'promotions' })).not.toContain(inList);
	});
});
