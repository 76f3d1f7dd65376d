import { afterEach, describe, expect, it } from 'vitest';
import { reminderRecord } from '../../../tests/fixtures/db/records';
import { createDatabase, type SoKhachDB } from './schema';

let db: SoKhachDB | null = null;
afterEach(() => db?.close());

function open(): SoKhachDB {
	db = createDatabase(`so-khach-schema-test-${Math.random()}`);
	return db;
}

describe('the derived reminder field `late`', () => {
	it('is the day itself for a single-day reminder and the window end for a window', async () => {
		const d = open();
		await d.reminders.bulkAdd([
			reminderRecord('a', 'c', { due: '2026-03-01' }),
			reminderRecord('b', 'c', { due: '2026-03-01', dueEnd: '2026-03-31' })
		]);
		expect((await d.reminders.get('a'))?.late).toBe('2026-03-01');
		expect((await d.reminders.get('b'))?.late).toBe('2026-03-31');
	});

	it('follows the due day and the window end when they are changed, by update or put', async () => {
		const d = open();
		await d.reminders.add(reminderRecord('a', 'c', { due: '2026-03-01' }));
		await d.reminders.update('a', { dueEnd: '2026-03-20' });
		expect((await d.reminders.get('a'))?.late).toBe('2026-03-20');
		await d.reminders.update('a', { dueEnd: null, due: '2026-04-02' });
		expect((await d.reminders.get('a'))?.late).toBe('2026-04-02');
		const stored = await d.reminders.get('a');
		if (!stored) throw new Error('missing');
		await d.reminders.put({ ...stored, due: '2026-05-05' });
		expect((await d.reminders.get('a'))?.late).toBe('2026-05-05');
	});

	it('cannot be set to something else by a writer', async () => {
		const d = open();
		await d.reminders.add({
			...reminderRecord('a', 'c', { due: '2026-03-01' }),
			late: '1999-01-01'
		});
		expect((await d.reminders.get('a'))?.late).toBe('2026-03-01');
	});

	it('is left alone by writes that do not touch the dates', async () => {
		const d = open();
		await d.reminders.add(reminderRecord('a', 'c', { due: '2026-03-01' }));
		await d.reminders.update('a', { status: 'done', note: 'xong' });
		expect(await d.reminders.get('a')).toMatchObject({ late: '2026-03-01', status: 'done' });
	});
});
