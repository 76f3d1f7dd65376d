import { describe, expect, it } from 'vitest';
import { rfmLookup, rfmScores } from '$lib/domain/rfm';
import { DEFAULT_STAGE_DAYS } from '$lib/domain/stages';
import {
	createStageRecompute,
	needsSecondPurchase,
	recomputeStages,
	withSecondPurchases,
	type StageInput
} from './recompute';

const GENERAL = DEFAULT_STAGE_DAYS.general; // 30 / 180 / 365
const TODAY = '2026-03-12';

function input(
	id: string,
	stage: string | null,
	count: number,
	first: string | null,
	last: string | null = first,
	extra: Partial<StageInput> = {}
): StageInput {
	return {
		id,
		stage,
		stageManual: false,
		referredBy: null,
		stats: { count, total: count * 200_000, first, last },
		...extra
	};
}

const book: StageInput[] = [
	input('lead', null, 0, null),
	input('fresh', 'new', 1, '2026-03-01'),
	input('window-over', 'new', 1, '2026-02-01', '2026-02-01', { referredBy: 'fresh' }),
	input('second', 'care', 2, '2026-01-05', '2026-03-10'),
	input('many', null, 5, '2025-01-05', '2026-03-01'),
	input('asleep', 'loyal', 3, '2024-06-01', '2025-09-01'),
	input('back', 'lost', 4, '2023-01-01', '2026-03-11'),
	input('kept', 'loyal', 1, '2020-01-01', '2020-01-01', { stageManual: true }),
	input('gone', 'new', 1, '2026-03-01', '2026-03-01', { deletedAt: 1, referredBy: 'second' }),
	input('refers-a-ghost', 'lead', 0, null, null, { referredBy: 'gone' })
];

describe('recomputeStages', () => {
	const result = recomputeStages(book, GENERAL, TODAY);

	it('lists each change the rules make, with its reason, in input order', () => {
		expect(result.changes).toEqual([
			{
				id: 'lead',
				from: null,
				to: 'lead',
				manual: false,
				reason: { rule: 'no-purchases', date: TODAY }
			},
			{
				id: 'window-over',
				from: 'new',
				to: 'care',
				manual: false,
				reason: { rule: 'care-window-passed', date: '2026-03-03', days: 30 }
			},
			{
				id: 'second',
				from: 'care',
				to: 'loyal',
				manual: false,
				reason: { rule: 'second-purchase', date: '2026-03-10' }
			},
			{
				id: 'many',
				from: null,
				to: 'loyal',
				manual: false,
				reason: { rule: 'repeat-purchase', date: '2026-03-01', count: 5 }
			},
			{
				id: 'asleep',
				from: 'loyal',
				to: 'reactivate',
				manual: false,
				reason: { rule: 'no-purchase-for', date: '2026-02-28', days: 180 }
			},
			{
				id: 'back',
				from: 'lost',
				to: 'loyal',
				manual: false,
				reason: { rule: 'returned', date: '2026-03-11', count: 4 }
			}
		]);
	});

	it('leaves stages set by hand and customers in the trash alone', () => {
		const ids = result.changes.map((c) => c.id);
		expect(ids).not.toContain('kept');
		expect(ids).not.toContain('gone');
		expect(result.scanned).toBe(9);
	});

	it('counts the customers per stage after the changes', () => {
		expect(result.stageCounts).toEqual({ lead: 2, new: 1, care: 1, loyal: 4, reactivate: 1 });
	});

	it('finds the referrers, without referrals from or to the trash', () => {
		expect(result.referrers).toEqual(['fresh']);
	});

	it('gives the earliest day time alone moves someone, manual stages aside', () => {
		// fresh (1 Mar) leaves new on 31 Mar; kept (manual) would be lost already.
		expect(result.nextCheck).toBe('2026-03-31');
	});

	it('scores RFM over the live customers with purchases only', () => {
		const live = book.filter((c) => c.deletedAt === undefined);
		const expected = rfmScores(
			live.map((c) => ({
				id: c.id,
				lastPurchase: c.stats.last,
				count: c.stats.count,
				total: c.stats.total
			})),
			TODAY
		);
		expect(result.rfm).toEqual(expected);
		expect(result.rfm.ids).toEqual([
			'fresh',
			'window-over',
			'second',
			'many',
			'asleep',
			'back',
			'kept'
		]);
		expect(rfmLookup(result.rfm).get('back')?.r).toBe(5);
	});

	it('gives the same result fed in chunks', () => {
		const run = createStageRecompute(GENERAL, TODAY);
		for (let i = 0; i < book.length; i += 3) run.add(book.slice(i, i + 3));
		expect(run.finish()).toEqual(result);
	});

	it('skips and reports a customer whose stats hold an impossible date, and goes on', () => {
		const broken = [input('bad', 'new', 1, '2026-02-30'), input('good', null, 1, '2026-03-01')];
		const r = recomputeStages(broken, GENERAL, TODAY);
		expect(r.skipped).toEqual([{ id: 'bad', problem: 'bad-date' }]);
		expect(r.changes.map((c) => c.id)).toEqual(['good']);
		expect(r.rfm.ids).toEqual(['good']);
		expect(r.stageCounts).toEqual({ new: 2 });
	});

	it('uses the second purchase’s date when the caller knows it', () => {
		const r = recomputeStages(
			[input('many', null, 5, '2025-01-05', '2026-03-01', { secondPurchase: '2025-02-01' })],
			GENERAL,
			TODAY
		);
		expect(r.changes[0].reason).toEqual({ rule: 'second-purchase', date: '2025-02-01' });
	});

	it('returns nothing to do for an empty book', () => {
		const r = recomputeStages([], GENERAL, TODAY);
		expect(r).toMatchObject({ changes: [], referrers: [], nextCheck: null, scanned: 0 });
		expect(r.rfm.ids).toEqual([]);
	});
});

describe('second purchase dates', () => {
	it('names the changes that lack it and fills it in when found', () => {
		const { changes } = recomputeStages(book, GENERAL, TODAY);
		expect(needsSecondPurchase(changes)).toEqual(['many']);
		const filled = withSecondPurchases(changes, new Map([['many', '2025-02-01']]));
		expect(filled.find((c) => c.id === 'many')?.reason).toEqual({
			rule: 'second-purchase',
			date: '2025-02-01'
		});
		expect(filled.filter((c) => c.id !== 'many')).toEqual(changes.filter((c) => c.id !== 'many'));
	});
});
