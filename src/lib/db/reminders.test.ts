import { beforeEach, describe, expect, it } from 'vitest';
import type { Customer, Purchase } from '$lib/domain/types';
import { createCustomer, trashCustomers } from './customers';
import { resetDbForTests, type SoKhachDB } from './db';
import { NotFoundError } from './errors';
import { peekUndo, undo } from './history';
import { InputError } from './input';
import { createPurchase, getPurchase } from './purchases';
import {
	completeReminder,
	createCustomReminder,
	getReminder,
	listReminders,
	reassignReminder,
	reopenReminder,
	skipReminder,
	snoozeReminder
} from './reminders';

const TODAY = '2026-03-10';
let db: SoKhachDB;
let huong: Customer;
let sale: Purchase;

beforeEach(async () => {
	db = await resetDbForTests();
	huong = await createCustomer({ name: 'Nguyễn Thị Hương' });
	sale = await createPurchase(
		{
			customerId: huong.id,
			date: '2026-03-01',
			items: 'Áo dài lụa',
			amount: 1_250_000,
			channel: '',
			staff: 'Thảo',
			note: ''
		},
		{ today: '2026-03-01' }
	);
});

const call = { channel: 'phone' as const, summary: 'Khách hài lòng', staff: 'Thảo' };

describe('completeReminder', () => {
	it('logs the call, closes the reminder, ticks the checklist and names the next step', async () => {
		const { reminder, interaction, next } = await completeReminder(`${sale.id}:d3`, {
			...call,
			sentiment: 'positive'
		});
		expect(interaction).toMatchObject({
			customerId: huong.id,
			kind: 'call',
			channel: 'phone',
			sentiment: 'positive',
			summary: 'Khách hài lòng',
			staff: 'Thảo',
			reminderId: reminder.id
		});
		expect(reminder).toMatchObject({ status: 'done', interactionId: interaction.id });
		expect(reminder.closedAt).toBe(interaction.createdAt);
		expect((await getPurchase(sale.id))?.aftercare.done.ask).toBe(reminder.closedAt);
		expect(next?.id).toBe(`${sale.id}:d7`);
		expect(await peekUndo()).toMatchObject({
			label: 'change_reminder_done',
			params: { name: 'Nguyễn Thị Hương' },
			count: 3
		});
	});

	it('logs a message for a message step whatever the channel', async () => {
		const { interaction } = await completeReminder(`${sale.id}:d7`, {
			channel: 'zalo',
			summary: '',
			staff: ''
		});
		expect(interaction).toMatchObject({ kind: 'message', channel: 'zalo', sentiment: null });
	});

	it('is taken back whole by one undo', async () => {
		const { interaction } = await completeReminder(`${sale.id}:d3`, call);
		await undo();
		expect(await getReminder(`${sale.id}:d3`)).toMatchObject({
			status: 'open',
			closedAt: null,
			interactionId: null
		});
		expect(await db.interactions.get(interaction.id)).toBeUndefined();
		expect((await getPurchase(sale.id))?.aftercare.done).toEqual({});
	});

	it('refuses a reminder that is not open and one whose customer is in the trash', async () => {
		await completeReminder(`${sale.id}:d3`, call);
		await expect(completeReminder(`${sale.id}:d3`, call)).rejects.toMatchObject({
			problem: 'reminder-status'
		});
		await trashCustomers([huong.id]);
		await expect(completeReminder(`${sale.id}:d7`, call)).rejects.toMatchObject({
			problem: 'customer-trashed'
		});
		await expect(completeReminder('nope', call)).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('skip, snooze, reassign, reopen', () => {
	it('skips with the reason', async () => {
		const skipped = await skipReminder(`${sale.id}:d3`, '  Khách không nghe máy ');
		expect(skipped).toMatchObject({ status: 'skipped', skipReason: 'Khách không nghe máy' });
		expect(skipped.closedAt).toBeGreaterThan(0);
		expect(await peekUndo()).toMatchObject({ label: 'change_reminder_skip' });
	});

	it('snoozes to a date, and wakes with null', async () => {
		const snoozed = await snoozeReminder(`${sale.id}:d3`, '2026-03-20');
		expect(snoozed).toMatchObject({ snoozedUntil: '2026-03-20', status: 'open' });
		expect(await peekUndo()).toMatchObject({
			label: 'change_reminder_snooze',
			params: { until: '2026-03-20', name: 'Nguyễn Thị Hương' }
		});
		expect((await snoozeReminder(`${sale.id}:d3`, null)).snoozedUntil).toBeNull();
		await expect(snoozeReminder(`${sale.id}:d3`, '20/03/2026')).rejects.toBeInstanceOf(InputError);
	});

	it('hands a reminder to a staff member', async () => {
		expect((await reassignReminder(`${sale.id}:d3`, ' Minh ')).assignee).toBe('Minh');
		expect(await peekUndo()).toMatchObject({
			label: 'change_reminder_assign',
			params: { assignee: 'Minh' }
		});
	});

	it('reopens a done reminder, unticking the step it ticked but keeping the interaction', async () => {
		const { interaction } = await completeReminder(`${sale.id}:d3`, call);
		const reopened = await reopenReminder(`${sale.id}:d3`);
		expect(reopened).toMatchObject({ status: 'open', closedAt: null, interactionId: null });
		expect((await getPurchase(sale.id))?.aftercare.done).toEqual({});
		expect(await db.interactions.get(interaction.id)).toBeDefined();
		await expect(reopenReminder(`${sale.id}:d3`)).rejects.toMatchObject({
			problem: 'reminder-status'
		});
	});
});

describe('createCustomReminder and listReminders', () => {
	it('adds a hand-made reminder and lists the customer’s reminders by due date', async () => {
		const custom = await createCustomReminder({
			customerId: huong.id,
			due: '2026-03-05',
			note: 'Gọi lại báo giá',
			assignee: 'Minh'
		});
		expect(custom).toMatchObject({ kind: 'custom', status: 'open', sourcePurchaseId: null });
		expect(await peekUndo()).toMatchObject({
			label: 'change_reminder_create',
			params: { name: 'Nguyễn Thị Hương' }
		});
		const dues = (await listReminders(huong.id)).map((r) => r.due);
		expect(dues[0]).toBe('2026-03-04');
		expect(dues[1]).toBe('2026-03-05');
		expect([...dues].sort()).toEqual(dues);
		expect((await listReminders(huong.id, { status: 'open' })).length).toBe(6);
	});

	it('refuses a malformed due date', async () => {
		await expect(
			createCustomReminder({ customerId: huong.id, due: TODAY + 'x', note: '', assignee: '' })
		).rejects.toMatchObject({ field: 'due', problem: 'date-invalid' });
	});
});
