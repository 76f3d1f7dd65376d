import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ColumnState } from 'ag-grid-community';
import type { CustomColumn } from '$lib/columns/definitions';
import {
	clearColumnState,
	customColumnState,
	loadColumnState,
	mergeColumnState,
	saveColumnState
} from './column-state';

const col = (id: string, hidden = false): CustomColumn => ({
	id,
	label: id,
	type: 'text',
	options: [],
	hidden
});

describe('the grid’s column state and the custom columns', () => {
	it('keeps a column hidden in the chooser hidden when another column is added', () => {
		const current: ColumnState[] = [
			{ colId: 'name', hide: false },
			{ colId: 'custom:size', hide: true, width: 90 },
			{ colId: 'custom:vip', hide: false, sort: 'asc', sortIndex: 0 }
		];
		const state = customColumnState([col('size'), col('vip'), col('new')], current, null);
		expect(state).toEqual([
			{ colId: 'custom:size', hide: true, width: 90, sort: null, sortIndex: null },
			{ colId: 'custom:vip', hide: false, sort: 'asc', sortIndex: 0 },
			{ colId: 'custom:new', hide: false, sort: null, sortIndex: null }
		]);
	});

	it('follows the settings’ order and leaves out the columns hidden there', () => {
		const current: ColumnState[] = [
			{ colId: 'custom:a', hide: true },
			{ colId: 'custom:b', hide: false }
		];
		const state = customColumnState([col('b'), col('a'), col('c', true)], current, null);
		expect(state.map((s) => [s.colId, s.hide])).toEqual([
			['custom:b', false],
			['custom:a', true]
		]);
	});

	it('takes a column the grid does not have yet from what was saved (a page opened afresh)', () => {
		const saved: ColumnState[] = [{ colId: 'custom:size', hide: true, width: 120 }];
		expect(customColumnState([col('size')], [{ colId: 'name' }], saved)).toEqual([
			{ colId: 'custom:size', hide: true, width: 120, sort: null, sortIndex: null }
		]);
	});

	it('remembers custom columns the grid lacks for now, and only those', () => {
		const saved: ColumnState[] = [
			{ colId: 'phones', hide: true },
			{ colId: 'custom:size', hide: true, width: 120 },
			{ colId: 'custom:vip', hide: false }
		];
		const merged = mergeColumnState(saved, [
			{ colId: 'phones', hide: false, width: 150, sort: 'asc' },
			{ colId: 'custom:vip', hide: true }
		]);
		expect(merged).toEqual([
			{ colId: 'phones', hide: false, width: 150, pinned: undefined, flex: undefined },
			{ colId: 'custom:vip', hide: true, width: undefined, pinned: undefined, flex: undefined },
			{ colId: 'custom:size', hide: true, width: 120 }
		]);
	});
});

describe('saving the column state', () => {
	const store = new Map<string, string>();
	beforeEach(() => {
		store.clear();
		globalThis.localStorage = {
			getItem: (k: string) => store.get(k) ?? null,
			setItem: (k: string, v: string) => void store.set(k, v),
			removeItem: (k: string) => void store.delete(k)
		} as Storage;
	});
	afterEach(() => {
		delete (globalThis as { localStorage?: Storage }).localStorage;
	});

	it('does not forget a hidden custom column when the grid saves before the columns load', () => {
		saveColumnState([
			{ colId: 'name', hide: false },
			{ colId: 'custom:size', hide: true }
		]);
		// The grid opens again: the custom columns are not loaded yet when it first saves.
		saveColumnState([{ colId: 'name', hide: false }]);
		const saved = loadColumnState();
		expect(saved?.find((s) => s.colId === 'custom:size')?.hide).toBe(true);
		expect(customColumnState([col('size')], [{ colId: 'name' }], saved)[0].hide).toBe(true);
		clearColumnState();
		expect(loadColumnState()).toBeNull();
	});
});
