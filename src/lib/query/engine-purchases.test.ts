import { describe, expect, it } from 'vitest';
import { customer, engineOf, ids } from './testing';
import type { PurchaseStats } from '$lib/domain/types';
import type { NumberFilterType } from './types';

const stats = (
	count: number,
	total: number,
	first: string | null,
	last: string | null
): PurchaseStats => ({
	count,
	total,
	first,
	last
});

const book = () => [
	customer('a', { name: 'An' }, { stats: stats(3, 1_500_000, '2025-01-05', '2025-06-01') }),
	customer('b', { name: 'Bình' }, { stats: stats(1, 350_000, '2025-03-10', '2025-03-10') }),
	customer('c', { name: 'Chi' }, { stats: stats(0, 0, null, null) }),
	customer('d', { name: 'Dũng' }, { stats: stats(2, 2_000_000, '2024-12-31', '2025-02-14') })
];

describe('purchase columns', () => {
	it('sorts by number of purchases and by total spent', () => {
		const engine = engineOf(book());
		expect(ids(engine, { sort: [{ colId: 'purchaseCount', sort: 'desc' }] })).toEqual([
			'a',
			'd',
			'b',
			'c'
		]);
		expect(ids(engine, { sort: [{ colId: 'purchaseTotal', sort: 'asc' }] })).toEqual([
			'c',
			'b',
			'a',
			'd'
		]);
	});

	it('sorts by last purchase with customers who never bought last in both directions', () => {
		const engine = engineOf(book());
		expect(ids(engine, { sort: [{ colId: 'lastPurchase', sort: 'desc' }] })).toEqual([
			'a',
			'b',
			'd',
			'c'
		]);
		expect(ids(engine, { sort: [{ colId: 'lastPurchase', sort: 'asc' }] })).toEqual([
			'd',
			'b',
			'a',
			'c'
		]);
	});

	it('filters on the date of the last purchase, and finds those who never bought as blank', () => {
		const engine = engineOf(book());
		const before = {
			lastPurchase: {
				filterType: 'date' as const,
				type: 'lessThan' as const,
				dateFrom: '2025-03-01 00:00:00',
				dateTo: null
			}
		};
		expect(ids(engine, { filter: before })).toEqual(['d']);
		const never = {
			lastPurchase: {
				filterType: 'date' as const,
				type: 'blank' as const,
				dateFrom: null,
				dateTo: null
			}
		};
		expect(ids(engine, { filter: never })).toEqual(['c']);
	});

	it('follows a customer whose totals change', () => {
		const engine = engineOf(book());
		engine.upsert([
			customer('c', { name: 'Chi' }, { stats: stats(5, 9_000_000, '2025-01-01', '2025-07-01') })
		]);
		expect(ids(engine, { sort: [{ colId: 'purchaseTotal', sort: 'desc' }] })[0]).toBe('c');
	});

	it('filters by number of purchases and by total spent, never bought counting as 0', () => {
		const engine = engineOf(book());
		const byCount = (type: NumberFilterType, filter: number, filterTo?: number) =>
			ids(engine, {
				filter: { purchaseCount: { filterType: 'number', type, filter, filterTo } }
			}).sort();
		expect(byCount('greaterThanOrEqual', 2)).toEqual(['a', 'd']);
		expect(byCount('equals', 0)).toEqual(['c']);
		expect(byCount('inRange', 3, 1)).toEqual(['a', 'b', 'd']);
		const spent = ids(engine, {
			filter: {
				purchaseTotal: {
					filterType: 'number',
					operator: 'AND',
					conditions: [
						{ filterType: 'number', type: 'greaterThan', filter: 350_000 },
						{ filterType: 'number', type: 'lessThan', filter: 2_000_000 }
					]
				}
			}
		});
		expect(spent).toEqual(['a']);
		expect(
			ids(engine, { filter: { purchaseTotal: { filterType: 'number', type: 'blank' } } })
		).toEqual([]);
	});

	it('refuses a number filter on a column that holds no numbers', () => {
		const engine = engineOf(book());
		expect(() =>
			ids(engine, { filter: { name: { filterType: 'number', type: 'equals', filter: 1 } } })
		).toThrow(/not a number column/);
	});
});
