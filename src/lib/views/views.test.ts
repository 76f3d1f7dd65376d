import { describe, expect, it } from 'vitest';
import { BUILT_IN_VIEWS, columnStateOf, readView, viewColumns, viewQuery } from './views';

describe('grid views', () => {
	it('keeps the grid’s columns: order, hidden, width and pinned side only', () => {
		expect(
			viewColumns([
				{ colId: 'name', hide: null, width: 220, pinned: 'left' },
				{ colId: 'notes', hide: true, width: null, pinned: true },
				{ colId: 'phones' }
			])
		).toEqual([
			{ colId: 'name', hide: false, width: 220, pinned: 'left' },
			{ colId: 'notes', hide: true, width: undefined, pinned: null },
			{ colId: 'phones', hide: false, width: undefined, pinned: null }
		]);
	});

	it('shows a view: its columns in order with their sorts, every other sort cleared', () => {
		const state = columnStateOf({
			columns: [
				{ colId: 'name', width: 200 },
				{ colId: 'lastPurchase', hide: true }
			],
			sort: [
				{ colId: 'lastPurchase', sort: 'desc' },
				{ colId: 'name', sort: 'asc' }
			]
		});
		expect(state.applyOrder).toBe(true);
		expect(state.defaultState).toEqual({ sort: null });
		expect(state.state).toEqual([
			{ colId: 'name', hide: false, width: 200, pinned: null, sort: 'asc', sortIndex: 1 },
			{ colId: 'lastPurchase', hide: true, pinned: null, sort: 'desc', sortIndex: 0 }
		]);
	});

	it('sorts a built-in view that lists no columns, without reordering the grid', () => {
		const birthdays = BUILT_IN_VIEWS.find((v) => v.id === 'view:birthday-this-month')!;
		const state = columnStateOf(birthdays);
		expect(state.applyOrder).toBe(false);
		expect(state.state).toEqual([{ colId: 'birthdayMonthDay', sort: 'asc', sortIndex: 0 }]);
		expect(viewQuery(birthdays, null)).toMatchObject({ segment: null, search: '' });
	});

	it('reads back what it stores, and refuses what it cannot read', () => {
		const stored = {
			version: 1,
			id: 'v',
			name: ' X ',
			columns: [{ colId: 'name', width: -1, pinned: 'middle' }],
			sort: [{ colId: 'name', sort: 'sideways' }],
			filter: [],
			search: 3,
			problemsOnly: 'yes',
			segmentId: 7
		};
		expect(readView(stored)).toEqual({
			version: 1,
			id: 'v',
			name: 'X',
			columns: [{ colId: 'name' }],
			sort: [],
			filter: {},
			search: '',
			problemsOnly: false,
			segmentId: null
		});
		expect(readView({ ...stored, name: '  ' })).toBeNull();
		expect(readView(null)).toBeNull();
	});

	it('keeps sorts and filters on custom columns, drops those on columns that never were', () => {
		const view = readView({
			version: 1,
			id: 'v1',
			name: 'Khách VIP',
			columns: [{ colId: 'custom:hang-the', width: 150 }],
			sort: [
				{ colId: 'custom:hang-the', sort: 'asc' },
				{ colId: 'nope', sort: 'asc' }
			],
			filter: {
				'custom:vip': { filterType: 'text', type: 'equals', filter: 'có' },
				'custom:': { filterType: 'text', type: 'equals', filter: 'x' },
				bogus: { filterType: 'text', type: 'equals', filter: 'x' }
			}
		});
		expect(view?.sort).toEqual([{ colId: 'custom:hang-the', sort: 'asc' }]);
		expect(Object.keys(view?.filter ?? {})).toEqual(['custom:vip']);
		expect(view?.columns).toEqual([{ colId: 'custom:hang-the', width: 150 }]);
	});
});
