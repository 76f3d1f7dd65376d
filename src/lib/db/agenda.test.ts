import { beforeEach, describe, expect, it } from 'vitest';
import type { Reminder } from '$lib/domain/types';
import { reminderRecord } from '../../../tests/fixtures/db/records';
import { agendaDelta, agendaKeys } from './agenda';
import { createCustomer, emptyTrash, trashCustomers } from './customers';
import { resetDbForTests, withDb } from './db';
import { redo, undo } from './history';
import { completeReminder, createCustomReminder, reassignReminder } from './reminders';

beforeEach(async () => {
	await resetDbForTests();
});

/** The agenda as stored, and as it should be for the reminders as stored. */
async function agendaState(): Promise<{ stored: string[]; expected: string[] }> {
	return withDb(async (db) => {
		const stored = (await db.agenda.toArray()).map((r) => r.key.join('|')).sort();
		const expected = (await db.reminders.toArray())
			.flatMap((r) => agendaKeys(r as unknown as Record<string, unknown>))
			.map((k) => k.join('|'))
			.sort();
		return { stored, expected };
	});
}

async function expectInStep(): Promise<string[]> {
	const { stored, expected } = await agendaState();
	expect(stored).toEqual(expected);
	return stored;
}

describe('agenda rows', () => {
	it('are four per open reminder: everyone and its assignee, by day shown and last on-time day', () => {
		const r = reminderRecord('r1', 'c1', {
			kind: 'repurchase',
			due: '2026-03-01',
			dueEnd: '2026-03-31',
			assignee: 'Lan'
		});
		expect(agendaKeys(r as unknown as Record<string, unknown>)).toEqual([
			['*', 'repurchase', 'd', '2026-03-01', 'r1'],
			['*', 'repurchase', 'l', '2026-03-31', 'r1'],
			['Lan', 'repurchase', 'd', '2026-03-01', 'r1'],
			['Lan', 'repurchase', 'l', '2026-03-31', 'r1']
		]);
	});

	it('show a snoozed reminder from the snooze end, and record the snooze with the last day', () => {
		const r = reminderRecord('r1', 'c1', {
			kind: 'aftercare',
			due: '2026-03-01',
			snoozedUntil: '2026-03-12'
		});
		expect(agendaKeys(r as unknown as Record<string, unknown>)).toEqual([
			['*', 'aftercare', 'd', '2026-03-12', 'r1'],
			['*', 'aftercare', 'l', '2026-03-01', 'r1'],
			['*', 'aftercare', 's', '2026-03-12', '2026-03-01', 'r1'],
			['', 'aftercare', 'd', '2026-03-12', 'r1'],
			['', 'aftercare', 'l', '2026-03-01', 'r1'],
			['', 'aftercare', 's', '2026-03-12', '2026-03-01', 'r1']
		]);
	});

	it('are none for a closed reminder or one in the trash', () => {
		for (const overrides of [{ status: 'done' as const }, { deletedAt: 5 }]) {
			const r = reminderRecord('r1', 'c1', overrides);
			expect(agendaKeys(r as unknown as Record<string, unknown>)).toEqual([]);
		}
	});

	it('change only where a write changes them', () => {
		const before = reminderRecord('r1', 'c1', { assignee: '' });
		const after: Reminder = { ...before, assignee: 'Minh' };
		const delta = agendaDelta(
			[before as unknown as Record<string, unknown>],
			[after as unknown as Record<string, unknown>]
		);
		expect(delta.remove.map((k) => k[0])).toEqual(['', '']);
		expect(delta.add.map((k) => k[0])).toEqual(['Minh', 'Minh']);
	});
});

describe('the agenda table', () => {
	it('follows the repositories: made, reassigned, done, undone, redone', async () => {
		const c = await createCustomer({ name: 'Lan' });
		const r = await createCustomReminder({
			customerId: c.id,
			due: '2026-03-01',
			note: 'Gọi lại',
			assignee: ''
		});
		expect(await expectInStep()).toHaveLength(4);
		await reassignReminder(r.id, 'Minh');
		expect((await expectInStep()).filter((k) => k.startsWith('Minh|'))).toHaveLength(2);
		await completeReminder(r.id, { channel: 'phone', summary: 'Đã gọi', staff: '' });
		expect(await expectInStep()).toEqual([]);
		await undo();
		expect(await expectInStep()).toHaveLength(4);
		await redo();
		expect(await expectInStep()).toEqual([]);
	});

	it('follows bulk writes, deletes and clearing, and ignores a failed add', async () => {
		const reminders = Array.from({ length: 30 }, (_, i) =>
			reminderRecord(`r${i}`, 'c1', { status: i % 3 === 0 ? 'done' : 'open' })
		);
		await withDb((db) => db.reminders.bulkAdd(reminders));
		expect(await expectInStep()).toHaveLength(20 * 4);
		await withDb((db) => db.reminders.add(reminderRecord('r1', 'c1', { kind: 'birthday' })))
			.then(() => expect.fail('a second r1 was added'))
			.catch(() => undefined);
		expect(await expectInStep()).toHaveLength(20 * 4);
		await withDb((db) => db.reminders.bulkDelete(['r1', 'r2', 'r3']));
		expect(await expectInStep()).toHaveLength(18 * 4);
		await withDb((db) => db.reminders.where('id').between('r20', 'r29', true, true).delete());
		await expectInStep();
		await withDb((db) => db.reminders.toCollection().modify({ dueEnd: '2027-01-01' }));
		expect((await expectInStep()).some((k) => k.includes('|l|2027-01-01|'))).toBe(true);
		await withDb((db) => db.reminders.clear());
		expect(await expectInStep()).toEqual([]);
	});

	it('drops the reminders of customers whose trash is emptied', async () => {
		const c = await createCustomer({ name: 'Mai' });
		await createCustomReminder({ customerId: c.id, due: '2026-03-01', note: 'x', assignee: '' });
		await trashCustomers([c.id]);
		expect(await expectInStep()).toHaveLength(4);
		await emptyTrash();
		expect(await expectInStep()).toEqual([]);
	});

	it('rolls back with the transaction that wrote it', async () => {
		await withDb((db) =>
			db
				.transaction('rw', db.reminders, async () => {
					await db.reminders.add(reminderRecord('r1', 'c1'));
					throw new Error('stop');
				})
				.catch(() => undefined)
		);
		expect(await expectInStep()).toEqual([]);
	});
});
