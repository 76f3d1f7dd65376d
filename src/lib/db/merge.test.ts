import { beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '$lib/domain/types';
import {
	createCustomer,
	editCustomerField,
	getCustomer,
	setCustomerTags,
	setReferredBy,
	trashCustomers
} from './customers';
import { addDays } from '$lib/domain/care';
import { runDailyCare, shopToday } from './care';
import { resetDbForTests, type SoKhachDB } from './db';
import { setStageByHand } from './stages';
import { logInteraction } from './interactions';
import { InputError } from './input';
import { peekUndo, redo, undo } from './history';
import { mergeCustomers } from './merge';
import { createPurchase, trashPurchase } from './purchases';
import { createCustomReminder } from './reminders';

const TODAY = '2026-03-10';
let db: SoKhachDB;
let a: Customer;
let b: Customer;

beforeEach(async () => {
	db = await resetDbForTests();
	a = await createCustomer({
		name: 'Nguyễn Thị Hương',
		phones: '0912 345 678',
		emails: 'huong@example.com',
		address: '12 Lê Lợi'
	});
	b = await createCustomer({
		name: 'Hương Nguyễn',
		phones: '+84 912 345 678, 0987 654 321',
		emails: 'HUONG.N@example.com',
		birthday: '1990-05-20'
	});
});

const sale = (customerId: string, date: string, amount: number) =>
	createPurchase(
		{ customerId, date, items: 'Áo', amount, channel: '', staff: '', note: '' },
		{ today: TODAY }
	);

/** Every record of every data table, without the write stamps undo does not restore. */
async function snapshot(): Promise<Record<string, unknown[]>> {
	const out: Record<string, unknown[]> = {};
	for (const table of ['customers', 'purchases', 'interactions', 'reminders', 'tags']) {
		const rows = await db.table(table).toArray();
		out[table] = rows.map((r: Record<string, unknown>) => {
			const copy = { ...r };
			delete copy.updatedAt;
			return copy;
		});
	}
	return out;
}

describe('mergeCustomers', () => {
	it('moves purchases, interactions and reminders to the kept customer and recomputes its stats', async () => {
		await sale(a.id, '2026-01-05', 500_000);
		const old = await sale(b.id, '2025-12-01', 300_000);
		await sale(b.id, '2026-02-01', 200_000);
		await trashPurchase(old.id);
		await logInteraction({
			customerId: b.id,
			kind: 'call',
			channel: 'phone',
			sentiment: null,
			summary: 'Hỏi size',
			staff: ''
		});
		await createCustomReminder({ customerId: b.id, due: TODAY, note: 'Gọi lại', assignee: '' });

		const { customer, moved } = await mergeCustomers({ keepId: a.id, mergeIds: [b.id] });

		expect(await db.purchases.where('customerId').equals(b.id).count()).toBe(0);
		expect(await db.interactions.where('customerId').equals(b.id).count()).toBe(0);
		expect(await db.reminders.where('customerId').equals(b.id).count()).toBe(0);
		expect(moved.purchases).toBe(2);
		expect(moved.interactions).toBe(1);
		expect(moved.reminders).toBeGreaterThanOrEqual(1);
		// The trashed sale moved too (nothing is orphaned) but does not count.
		expect(customer.stats).toEqual({
			count: 2,
			total: 700_000,
			first: '2026-01-05',
			last: '2026-02-01'
		});
		const merged = await getCustomer(b.id);
		expect(merged?.deletedAt).toBeDefined();
		expect(merged?.stats.count).toBe(0);
	});

	it('unites phones, emails and tags and keeps the chosen fields with their derived keys', async () => {
		await setCustomerTags(a.id, ['VIP']);
		await setCustomerTags(b.id, ['Sỉ', 'vip']);
		const { customer } = await mergeCustomers({
			keepId: a.id,
			mergeIds: [b.id],
			choices: { name: b.id, birthday: b.id, address: a.id }
		});
		expect(customer.name).toBe(b.name);
		expect(customer.nameKey).toBe(b.nameKey);
		expect(customer.phoneKeys).toEqual(['+84912345678', '+84987654321']);
		expect(customer.phones).toHaveLength(2);
		expect(customer.emailKeys).toEqual(['huong@example.com', 'huong.n@example.com']);
		expect(customer.tags).toHaveLength(2);
		expect(customer.birthday).toBe('1990-05-20');
		expect(customer.birthdayMD).toBe('05-20');
		expect(customer.address).toBe('12 Lê Lợi');
		const birthdays = await db.customers.where('birthdayMD').equals('05-20').toArray();
		expect(birthdays.filter((c) => c.deletedAt === undefined).map((c) => c.id)).toEqual([a.id]);
	});

	it('points customers referred by a merged one at the kept customer', async () => {
		const friend = await createCustomer({ name: 'Trần Văn Đức' });
		await setReferredBy(friend.id, b.id);
		const { moved } = await mergeCustomers({ keepId: a.id, mergeIds: [b.id] });
		expect(moved.referrals).toBe(1);
		expect((await getCustomer(friend.id))?.referredBy).toBe(a.id);
	});

	it('never lets the kept customer refer itself or close a referral loop', async () => {
		const friend = await createCustomer({ name: 'Trần Văn Đức' });
		await setReferredBy(a.id, b.id);
		await setReferredBy(friend.id, b.id);
		const { customer } = await mergeCustomers({ keepId: a.id, mergeIds: [b.id] });
		expect(customer.referredBy).toBeNull();
		expect((await getCustomer(friend.id))?.referredBy).toBe(a.id);
	});

	it('is one undoable step that puts everything back exactly, and can be redone', async () => {
		await sale(a.id, '2026-01-05', 500_000);
		await sale(b.id, '2026-02-01', 200_000);
		await logInteraction({
			customerId: b.id,
			kind: 'visit',
			channel: 'store',
			sentiment: 'positive',
			summary: 'Ghé xem',
			staff: ''
		});
		const friend = await createCustomer({ name: 'Trần Văn Đức' });
		await setReferredBy(friend.id, b.id);
		await setCustomerTags(b.id, ['Sỉ']);
		const before = await snapshot();

		await mergeCustomers({ keepId: a.id, mergeIds: [b.id], choices: { name: b.id } });
		const top = await peekUndo();
		expect(top?.label).toBe('change_merge_customers');
		expect(top?.params).toMatchObject({ name: b.name, count: 2 });

		const result = await undo();
		expect(result?.conflicts).toEqual([]);
		expect(await snapshot()).toEqual(before);

		await redo();
		expect((await getCustomer(b.id))?.deletedAt).toBeDefined();
		expect((await getCustomer(a.id))?.stats.count).toBe(2);
	});

	it('merges three customers at once', async () => {
		const c = await createCustomer({ name: 'Chị Hương', phones: '0912345678' });
		await sale(c.id, '2026-02-02', 100_000);
		const { customer } = await mergeCustomers({ keepId: a.id, mergeIds: [b.id, c.id] });
		expect(customer.stats.count).toBe(1);
		expect(await db.customers.where('deletedAt').above(0).count()).toBe(2);
	});

	it('refuses to merge into a trashed or missing customer, and writes nothing', async () => {
		await trashCustomers([a.id]);
		const batches = await db.batches.count();
		await expect(mergeCustomers({ keepId: a.id, mergeIds: [b.id] })).rejects.toMatchObject({
			name: 'InputError',
			field: 'keepId',
			problem: 'customer-trashed'
		});
		await expect(mergeCustomers({ keepId: 'nobody', mergeIds: [b.id] })).rejects.toBeInstanceOf(
			InputError
		);
		await expect(mergeCustomers({ keepId: b.id, mergeIds: ['nobody'] })).rejects.toMatchObject({
			field: 'mergeIds',
			problem: 'customer-trashed'
		});
		expect(await db.batches.count()).toBe(batches);
		expect((await getCustomer(b.id))?.deletedAt).toBeUndefined();
	});

	it('never merges without explicit, distinct ids', async () => {
		for (const request of [
			{ keepId: a.id, mergeIds: [] },
			{ keepId: '', mergeIds: [b.id] },
			{ keepId: a.id, mergeIds: [a.id] },
			{ keepId: a.id, mergeIds: [b.id, b.id] }
		]) {
			await expect(mergeCustomers(request)).rejects.toMatchObject({ problem: 'value-invalid' });
		}
		expect(await db.customers.where('deletedAt').above(0).count()).toBe(0);
	});

	it('leaves the data as it was when a write fails midway', async () => {
		await sale(b.id, '2026-02-01', 200_000);
		const before = await snapshot();
		// Fail when the stats are recomputed: the purchases have moved and the kept customer
		// has been patched by then, inside the same transaction.
		const original = db.customers.get.bind(db.customers);
		let reads = 0;
		db.customers.get = ((key: string) => {
			if (key === a.id && ++reads === 2) throw new Error('disk on fire');
			return original(key);
		}) as typeof db.customers.get;
		await expect(mergeCustomers({ keepId: a.id, mergeIds: [b.id] })).rejects.toThrow();
		db.customers.get = original;
		expect(await snapshot()).toEqual(before);
		expect((await peekUndo())?.label).toBe('change_purchase_create');
	});

	it('undoes the merge after a later edit is undone first', async () => {
		await mergeCustomers({ keepId: a.id, mergeIds: [b.id] });
		await editCustomerField(a.id, 'notes', 'Khách quen');
		await undo(); // the note
		await undo(); // the merge
		expect((await getCustomer(b.id))?.deletedAt).toBeUndefined();
		expect((await getCustomer(a.id))?.phoneKeys).toEqual(['+84912345678']);
	});
});

describe('the kept customer’s stage', () => {
	const today = shopToday();
	const recent = (customerId: string, daysAgo: number) =>
		createPurchase(
			{
				customerId,
				date: addDays(today, -daysAgo),
				items: 'Áo',
				amount: 200_000,
				channel: '',
				staff: '',
				note: ''
			},
			{ today }
		);

	it('follows the rules at once: two one-time buyers merged are a customer who bought twice', async () => {
		await recent(a.id, 5);
		await recent(b.id, 2);
		expect((await getCustomer(a.id))?.stage).toBe('new');
		const { customer } = await mergeCustomers({ keepId: a.id, mergeIds: [b.id] });
		expect(customer.stage).toBe('loyal');
		expect(customer.stageReason).toMatchObject({ rule: 'second-purchase' });
		await undo();
		expect((await getCustomer(a.id))?.stage).toBe('new');
	});

	it('keeps a stage set by hand', async () => {
		await recent(a.id, 5);
		await recent(b.id, 2);
		await setStageByHand(a.id, 'lead');
		const { customer } = await mergeCustomers({ keepId: a.id, mergeIds: [b.id] });
		expect(customer.stage).toBe('lead');
		expect(customer.stageManual).toBe(true);
		expect(customer.stats.count).toBe(2);
	});
});

describe('mergeCustomers and birthday reminders', () => {
	/** The customer's reminders of kind birthday: open ones as [id, dueEnd], and the others' status. */
	async function birthdays(customerId: string) {
		const all = (await db.reminders.where('customerId').equals(customerId).toArray()).filter(
			(r) => r.kind === 'birthday'
		);
		return {
			open: all.filter((r) => r.status === 'open').map((r) => [r.id, r.due, r.dueEnd]),
			closed: all.filter((r) => r.status !== 'open').map((r) => [r.id, r.status])
		};
	}

	beforeEach(async () => {
		await editCustomerField(a.id, 'birthday', '14/03/1991');
		await editCustomerField(b.id, 'birthday', '12/03/1990');
		// Lead of 3 days plus a week ahead: both birthdays are planned on 10 March.
		expect(await runDailyCare(TODAY)).toEqual({ ran: true, created: 2 });
	});

	it('leaves the kept customer one reminder, for the birthday kept, and the undo brings both back', async () => {
		const before = await snapshot();
		const result = await mergeCustomers({ keepId: a.id, mergeIds: [b.id] }, { today: TODAY });
		expect(result.cancelledBirthdays).toBe(1);
		expect(await birthdays(a.id)).toEqual({
			open: [[`birthday:${a.id}:2026`, '2026-03-11', '2026-03-14']],
			closed: [[`birthday:${b.id}:2026`, 'cancelled']]
		});
		await undo();
		expect(await snapshot()).toEqual(before);
	});

	/** Merges b into a with b's birthday: a is left one reminder, its own, on b's birthday. */
	async function mergeWithBirthdayOfB(): Promise<void> {
		await mergeCustomers(
			{ keepId: a.id, mergeIds: [b.id], choices: { birthday: b.id } },
			{ today: TODAY }
		);
		expect(await birthdays(a.id)).toEqual({
			open: [[`birthday:${a.id}:2026`, '2026-03-09', '2026-03-12']],
			closed: [[`birthday:${b.id}:2026`, 'cancelled']]
		});
	}

	it('moves the kept customer’s own reminder to the birthday chosen from the merged one', async () => {
		const before = await snapshot();
		await mergeWithBirthdayOfB();
		// The next day's job finds the customer's own reminder and makes no second one.
		expect(await runDailyCare('2026-03-11')).toEqual({ ran: true, created: 0 });
		await undo();
		expect(await snapshot()).toEqual(before);
	});

	it('makes the kept customer’s own reminder, with the merged one’s note, when they had none', async () => {
		await editCustomerField(a.id, 'birthday', '');
		await db.reminders.delete(`birthday:${a.id}:2026`);
		await db.reminders.update(`birthday:${b.id}:2026`, { note: 'Tặng voucher', assignee: 'Lan' });
		const before = await snapshot();
		await mergeWithBirthdayOfB();
		const made = await db.reminders.get(`birthday:${a.id}:2026`);
		expect([made?.note, made?.assignee]).toEqual(['Tặng voucher', 'Lan']);
		expect(await runDailyCare('2026-03-11')).toEqual({ ran: true, created: 0 });
		await undo();
		expect(await snapshot()).toEqual(before);
	});

	it('keeps the merged one open when the kept customer’s own was done for their old birthday', async () => {
		await db.reminders.update(`birthday:${a.id}:2026`, { status: 'done', closedAt: Date.now() });
		await mergeCustomers(
			{ keepId: a.id, mergeIds: [b.id], choices: { birthday: b.id } },
			{ today: TODAY }
		);
		expect(await birthdays(a.id)).toEqual({
			open: [[`birthday:${b.id}:2026`, '2026-03-09', '2026-03-12']],
			closed: [[`birthday:${a.id}:2026`, 'done']]
		});
		expect(await runDailyCare('2026-03-11')).toEqual({ ran: true, created: 0 });
	});
});
