import { describe, expect, it } from 'vitest';
import { periodContaining } from './period';
import { buildReview, LIST_LIMIT, type ReviewReminder } from './review';

const MARCH = periodContaining('month', '2026-03-01');
const at = (day: string, hourVn = 9) =>
	Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10), hourVn - 7);

const reminder = (
	id: string,
	due: string,
	extra: Partial<ReviewReminder> = {}
): ReviewReminder => ({
	id,
	customerId: 'c',
	due,
	dueEnd: null,
	kind: 'aftercare',
	status: 'open',
	note: '',
	...extra
});

const empty = { reminders: [], interactions: [], referrals: [], trashed: new Set<string>() };

describe('buildReview', () => {
	it('gives four empty lists for an empty month', () => {
		const r = buildReview(empty, MARCH, '2026-04-01');
		expect([r.missedCare, r.dueToBuy, r.referrers, r.negativeFeedback]).toEqual(
			Array(4).fill({ total: 0, items: [] })
		);
	});

	it('lists a reminder as missed only once its last day on time has passed', () => {
		const reminders = [
			reminder('a', '2026-03-31'),
			reminder('b', '2026-03-01', { dueEnd: '2026-04-30' }),
			reminder('c', '2026-03-02', { status: 'skipped' }),
			reminder('d', '2026-02-28'),
			reminder('e', '2026-03-03', { deletedAt: 1 })
		];
		expect(buildReview({ ...empty, reminders }, MARCH, '2026-03-31').missedCare.total).toBe(0);
		const april = buildReview({ ...empty, reminders }, MARCH, '2026-04-01');
		expect(april.missedCare.items.map((i) => i.reminderId)).toEqual(['a']);
	});

	it('lists repurchase reminders due within 30 days or overdue, earliest first, once each', () => {
		const reminders = [
			reminder('late', '2025-12-01', { kind: 'repurchase' }),
			reminder('soon', '2026-04-30', { kind: 'repurchase' }),
			reminder('far', '2026-05-02', { kind: 'repurchase' }),
			reminder('soon', '2026-04-30', { kind: 'repurchase' })
		];
		const r = buildReview({ ...empty, reminders }, MARCH, '2026-04-01');
		expect(r.dueToBuy.items.map((i) => i.reminderId)).toEqual(['late', 'soon']);
	});

	it('groups referrals of the month by referrer, shop days deciding the month', () => {
		const referrals = [
			{ id: 'x', name: 'X', referredBy: 'r1', createdAt: at('2026-03-01', 0.5) },
			{ id: 'y', name: 'Y', referredBy: 'r2', createdAt: at('2026-03-05') },
			{ id: 'z', name: 'Z', referredBy: 'r2', createdAt: at('2026-03-06') },
			// 23:30 on 28 February in Việt Nam is 16:30 UTC: February.
			{ id: 'w', name: 'W', referredBy: 'r1', createdAt: at('2026-02-28', 23.5) }
		];
		const r = buildReview({ ...empty, referrals }, MARCH, '2026-04-01');
		expect(r.referrers.items).toEqual([
			{
				customerId: 'r2',
				referred: [
					{ id: 'y', name: 'Y' },
					{ id: 'z', name: 'Z' }
				]
			},
			{ customerId: 'r1', referred: [{ id: 'x', name: 'X' }] }
		]);
	});

	it('cuts long lists and keeps the total', () => {
		const reminders = Array.from({ length: LIST_LIMIT + 5 }, (_, i) =>
			reminder(`r${String(i).padStart(3, '0')}`, '2026-03-10')
		);
		const r = buildReview({ ...empty, reminders }, MARCH, '2026-04-01');
		expect(r.missedCare.total).toBe(LIST_LIMIT + 5);
		expect(r.missedCare.items).toHaveLength(LIST_LIMIT);
	});

	it('leaves out customers in the trash', () => {
		const r = buildReview(
			{
				...empty,
				reminders: [reminder('a', '2026-03-10')],
				interactions: [
					{
						id: 'i',
						customerId: 'c',
						at: at('2026-03-10'),
						kind: 'complaint',
						sentiment: 'negative',
						summary: '',
						staff: ''
					}
				],
				trashed: new Set(['c'])
			},
			MARCH,
			'2026-04-01'
		);
		expect(r.missedCare.total + r.negativeFeedback.total).toBe(0);
	});
});
