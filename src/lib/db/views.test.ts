import { beforeEach, describe, expect, it } from 'vitest';
import { resetDbForTests, type SoKhachDB } from './db';
import { peekUndo, undo } from './history';
import { deleteView, listViews, saveView, VIEWS_KEY, ViewError } from './views';
import type { ViewState } from '$lib/views/views';

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
});

const state: ViewState = {
	columns: [
		{ colId: 'name', width: 220, pinned: 'left' },
		{ colId: 'notes', hide: true }
	],
	sort: [{ colId: 'lastPurchase', sort: 'desc' }],
	filter: { phones: { filterType: 'text', type: 'blank' } },
	search: 'quận 3',
	problemsOnly: false,
	segmentId: 'builtin:repeat'
};

describe('saved views', () => {
	it('saves a view with everything the grid shows, and lists it', async () => {
		const saved = await saveView({ ...state, name: ' Chưa có SĐT ' });
		expect(saved).toMatchObject({ ...state, name: 'Chưa có SĐT', version: 1 });
		expect(await listViews()).toEqual([saved]);
	});

	it('refuses an empty or taken name and writes nothing', async () => {
		await saveView({ ...state, name: 'A' });
		await expect(saveView({ ...state, name: '' })).rejects.toMatchObject({ code: 'name-empty' });
		await expect(saveView({ ...state, name: 'a' })).rejects.toBeInstanceOf(ViewError);
		expect(await listViews()).toHaveLength(1);
	});

	it('replaces by id, and deletes with undo', async () => {
		const a = await saveView({ ...state, name: 'A' });
		await saveView({ ...state, id: a.id, name: 'A', search: 'mới' });
		expect((await listViews())[0].search).toBe('mới');
		expect(await deleteView(a.id)).toBe(true);
		expect((await peekUndo())?.label).toBe('change_view_deleted');
		await undo();
		expect((await listViews()).map((v) => v.id)).toEqual([a.id]);
	});

	it('drops sorts and filters on columns the grid no longer has, and unreadable entries', async () => {
		const a = await saveView({ ...state, name: 'A' });
		const row = await db.settings.get(VIEWS_KEY);
		const list = row?.value as Record<string, unknown>[];
		list[0] = {
			...list[0],
			sort: [{ colId: 'gone', sort: 'asc' }, ...(list[0].sort as unknown[])],
			filter: { gone: { filterType: 'text', type: 'blank' }, ...(list[0].filter as object) }
		};
		list.push({ version: 99, id: 'x', name: 'future' }, 'junk' as never);
		await db.settings.put({ key: VIEWS_KEY, value: list });
		const [read] = await listViews();
		expect(read.id).toBe(a.id);
		expect(read.sort).toEqual(state.sort);
		expect(Object.keys(read.filter)).toEqual(['phones']);
		expect(await listViews()).toHaveLength(1);
	});
});
