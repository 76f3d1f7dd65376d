import { beforeEach, describe, expect, it } from 'vitest';
import { resetDbForTests, type SoKhachDB } from './db';
import { canUndo } from './history';
import { getSetting, setSetting } from './settings';

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
});

describe('settings', () => {
	it('returns the fallback for a setting never stored', async () => {
		expect(await getSetting('firstRunDone', false)).toBe(false);
	});

	it('stores and reads back structured values', async () => {
		await setSetting('columns', { visible: ['name', 'phones'], widths: { name: 240 } });
		expect(await getSetting('columns', {})).toEqual({
			visible: ['name', 'phones'],
			widths: { name: 240 }
		});
		await setSetting('columns', { visible: ['name'] });
		expect(await getSetting('columns', {})).toEqual({ visible: ['name'] });
	});

	it('logs each change as a final system batch, off the undo stack', async () => {
		await setSetting('lang', 'vi');
		await setSetting('lang', 'en');
		const batches = await db.batches.toArray();
		expect(batches.map((b) => [b.label, b.origin, b.state, b.params?.key])).toEqual([
			['change_setting', 'system', 'final', 'lang'],
			['change_setting', 'system', 'final', 'lang']
		]);
		const changes = await db.changes.toArray();
		expect(changes.map((c) => [c.op, c.rowId])).toEqual([
			['create', 'lang'],
			['update', 'lang']
		]);
		expect(changes[1].before).toEqual({ value: 'vi' });
		expect(changes[1].after).toEqual({ value: 'en' });
		expect(await canUndo()).toBe(false);
	});

	it('writes nothing when the value does not change', async () => {
		await setSetting('lang', 'vi');
		await setSetting('lang', 'vi');
		expect(await db.batches.count()).toBe(1);
	});
});
