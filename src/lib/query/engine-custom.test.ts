import { describe, expect, it } from 'vitest';
import type { CustomSpec } from '$lib/columns/definitions';
import { at, customer, engineOf, ids } from './testing';
import type { Customer } from '$lib/domain/types';

const SPECS: Record<string, CustomSpec> = {
	size: { type: 'number', options: [] },
	wed: { type: 'date', options: [] },
	vip: { type: 'yesno', options: [] },
	tier: { type: 'choice', options: ['Vàng', 'Bạc', 'Đồng'] },
	note: { type: 'text', options: [] }
};

function book(): Customer[] {
	const row = (id: string, i: number, custom: Customer['custom']) =>
		customer(id, { name: `Khách ${id}` }, { createdAt: at(2025, 1, 1) + i * 1000, custom });
	return [
		row('a', 0, { size: 12.5, wed: '2024-02-29', vip: true, tier: 'Bạc', note: 'Thích áo dài' }),
		row('b', 1, { size: 3, wed: '2025-01-31', vip: false, tier: 'Vàng' }),
		row('c', 2, { size: 'mười', wed: '31/02/2025', tier: 'Kim cương', note: 'Giao hàng tận nhà' }),
		row('d', 3, { size: 1200, tier: 'Đồng' }),
		row('e', 4, {})
	];
}

function engine() {
	const e = engineOf(book(), { now: () => at(2025, 1, 15) });
	e.setCustomColumns(SPECS);
	return e;
}

describe('custom columns in the query engine', () => {
	it('sorts numbers as numbers, values that do not fit and empty ones last', () => {
		const e = engine();
		expect(ids(e, { sort: [{ colId: 'custom:size', sort: 'asc' }] })).toEqual([
			'b',
			'a',
			'd',
			'e',
			'c'
		]);
		expect(ids(e, { sort: [{ colId: 'custom:size', sort: 'desc' }] }).slice(0, 3)).toEqual([
			'd',
			'a',
			'b'
		]);
	});

	it('sorts dates by day, yes/no no before yes, choices in their list order', () => {
		const e = engine();
		expect(ids(e, { sort: [{ colId: 'custom:wed', sort: 'asc' }] }).slice(0, 2)).toEqual([
			'a',
			'b'
		]);
		expect(ids(e, { sort: [{ colId: 'custom:vip', sort: 'asc' }] }).slice(0, 2)).toEqual([
			'b',
			'a'
		]);
		expect(ids(e, { sort: [{ colId: 'custom:tier', sort: 'asc' }] }).slice(0, 3)).toEqual([
			'b',
			'a',
			'd'
		]);
	});

	it('filters numbers with a number filter', () => {
		const e = engine();
		const f = (filter: object) => ids(e, { filter: { 'custom:size': filter as never } }).sort();
		expect(f({ filterType: 'number', type: 'greaterThan', filter: 10 })).toEqual(['a', 'd']);
		expect(f({ filterType: 'number', type: 'inRange', filter: 1, filterTo: 13 })).toEqual([
			'a',
			'b'
		]);
		expect(f({ filterType: 'number', type: 'blank' })).toEqual(['e']);
		expect(f({ filterType: 'number', type: 'notBlank' })).toEqual(['a', 'b', 'c', 'd']);
	});

	it('filters dates by day, ignoring a value kept as typed', () => {
		const e = engine();
		const f = (filter: object) => ids(e, { filter: { 'custom:wed': filter as never } }).sort();
		expect(f({ filterType: 'date', type: 'equals', dateFrom: '2024-02-29 00:00:00' })).toEqual([
			'a'
		]);
		expect(f({ filterType: 'date', type: 'greaterThan', dateFrom: '2024-12-31' })).toEqual(['b']);
		expect(f({ filterType: 'date', type: 'thisMonth' })).toEqual(['b']);
		expect(f({ filterType: 'date', type: 'notBlank' })).toEqual(['a', 'b', 'c']);
	});

	it('filters text, choices and yes/no words as text, accents aside', () => {
		const e = engine();
		const f = (key: string, type: string, filter: string) =>
			ids(e, { filter: { [key]: { filterType: 'text', type, filter } as never } }).sort();
		expect(f('custom:note', 'contains', 'ao dai')).toEqual(['a']);
		expect(f('custom:tier', 'equals', 'vang')).toEqual(['b']);
		expect(f('custom:vip', 'equals', 'có')).toEqual(['a']);
		expect(f('custom:vip', 'equals', 'no')).toEqual(['b']);
	});

	it('finds custom text values by quick search, without diacritics', () => {
		const e = engine();
		expect(ids(e, { search: 'giao hang' })).toEqual(['c']);
		expect(ids(e, { search: 'kim cuong' })).toEqual(['c']);
		expect(ids(e, { search: 'áo dài' })).toEqual(['a']);
	});

	it('follows a change of type and keeps working after writes', () => {
		const e = engine();
		e.setCustomColumns({ ...SPECS, size: { type: 'text', options: [] } });
		// As text: "1.200" < "12,5" < "3" < "muoi".
		expect(ids(e, { sort: [{ colId: 'custom:size', sort: 'asc' }] })).toEqual([
			'd',
			'a',
			'b',
			'c',
			'e'
		]);
		e.setCustomColumns(SPECS);
		expect(ids(e, { sort: [{ colId: 'custom:size', sort: 'asc' }] })[0]).toBe('b');
		e.upsert([
			customer('e', { name: 'Khách e' }, { createdAt: at(2025, 1, 1) + 4000, custom: { size: 1 } })
		]);
		expect(ids(e, { sort: [{ colId: 'custom:size', sort: 'asc' }] })[0]).toBe('e');
	});

	it('counts a custom value kept as typed among the problems', () => {
		const e = engine();
		// c: "mười" in a number column, 31/02 as a date, a choice not in the list.
		expect(ids(e, { problemsOnly: true })).toEqual(['c']);
		expect(
			ids(e, { filter: { problems: { filterType: 'problems', columns: ['phones'] } } })
		).toEqual([]);
		e.setCustomColumns({ note: { type: 'text', options: [] } });
		expect(ids(e, { problemsOnly: true })).toEqual([]);
	});

	it('sorts an unknown key as text and refuses a number filter on it', () => {
		const e = engine();
		expect(ids(e, { sort: [{ colId: 'custom:gone', sort: 'asc' }] })).toHaveLength(5);
		expect(() =>
			ids(e, { filter: { 'custom:gone': { filterType: 'number', type: 'equals', filter: 1 } } })
		).toThrow(/not a number column/);
	});
});
