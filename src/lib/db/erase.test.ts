import { beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '$lib/domain/types';
import { recordConsent } from './consents';
import { createCustomer, editCustomerField, getCustomer, updateCustomer } from './customers';
import { getDb, resetDbForTests } from './db';
import { anonymiseCustomer, eraseCustomer } from './erase';
import { peekUndo } from './history';
import { logInteraction } from './interactions';
import { createPurchase } from './purchases';

beforeEach(async () => {
	await resetDbForTests();
});

const NAME = 'Phạm Hồng Nhung';
const PHONE_DIGITS = '912345678';
const EMAIL = 'nhung.pham@example.com';
const NOTE = 'Dị ứng nước hoa';
const TALK = 'Hỏi về son môi đỏ';

/** A customer with something in every place the app keeps personal data. */
async function richCustomer(): Promise<{ customer: Customer; friend: Customer }> {
	const customer = await createCustomer({
		name: NAME,
		phones: `0${PHONE_DIGITS}`,
		emails: EMAIL,
		birthday: '1991-04-02',
		address: '5 Lý Thường Kiệt',
		notes: NOTE
	});
	await editCustomerField(customer.id, 'city', 'Đà Nẵng');
	await recordConsent(customer.id, {
		purpose: 'promotions',
		given: true,
		at: Date.now(),
		method: 'zalo',
		note: 'qua Zalo của chị Nhung'
	});
	await createPurchase({
		customerId: customer.id,
		date: '2026-01-10',
		items: 'Son môi',
		amount: 350_000,
		channel: '',
		staff: '',
		note: `Gói quà cho ${NAME}`
	});
	await createPurchase({
		customerId: customer.id,
		date: '2026-02-10',
		items: 'Kem dưỡng',
		amount: 500_000,
		channel: '',
		staff: '',
		note: ''
	});
	await logInteraction({
		customerId: customer.id,
		kind: 'call',
		channel: 'phone',
		sentiment: 'positive',
		summary: TALK,
		staff: ''
	});
	const friend = await createCustomer({ name: 'Đỗ Minh Khoa' });
	await updateCustomer(friend.id, { referredBy: customer.id });
	return { customer: (await getCustomer(customer.id))!, friend };
}

/** Every record of every store of the database, as text. */
async function everything(): Promise<string> {
	const db = getDb();
	const dump: string[] = [];
	for (const table of db.tables) dump.push(JSON.stringify(await table.toArray()));
	return dump.join('\n');
}

const TRACES = [NAME, PHONE_DIGITS, EMAIL, NOTE, TALK, 'Lý Thường Kiệt', 'qua Zalo', '1991-04-02'];

describe('eraseCustomer', () => {
	it('leaves no personal data of the customer anywhere in the database', async () => {
		const { customer } = await richCustomer();
		const before = await everything();
		for (const trace of TRACES) expect(before).toContain(trace);
		expect(await getDb().reminders.where('customerId').equals(customer.id).count()).toBeGreaterThan(
			0
		);

		await eraseCustomer(customer.id, 'customer-request');

		const after = await everything();
		for (const trace of TRACES) expect(after).not.toContain(trace);
		expect(await getCustomer(customer.id)).toBeUndefined();
		const db = getDb();
		expect(await db.purchases.where('customerId').equals(customer.id).count()).toBe(0);
		expect(await db.interactions.where('customerId').equals(customer.id).count()).toBe(0);
		expect(await db.reminders.where('customerId').equals(customer.id).count()).toBe(0);
	});

	it('leaves a tombstone with the id, when and why, and unlinks the customers they referred', async () => {
		const { customer, friend } = await richCustomer();
		await eraseCustomer(customer.id, 'customer-request');
		const tombstone = await getDb().tombstones.get(customer.id);
		expect(tombstone).toEqual({
			id: customer.id,
			at: expect.any(Number),
			kind: 'erased',
			reason: 'customer-request'
		});
		expect((await getCustomer(friend.id))?.referredBy).toBeNull();
	});

	it('cannot be undone, and the undo stack no longer offers the erased customer’s steps', async () => {
		const { customer, friend } = await richCustomer();
		await eraseCustomer(customer.id, 'other');
		const top = await peekUndo();
		// The friend's referral step remains; nothing about the erased customer does.
		expect(top?.label).not.toBe('change_erase_customer');
		expect(JSON.stringify(top)).not.toContain(NAME);
		expect(await getCustomer(friend.id)).toBeDefined();
	});
});

describe('anonymiseCustomer', () => {
	it('keeps the sales and their totals and removes who the customer was', async () => {
		const { customer } = await richCustomer();
		await anonymiseCustomer(customer.id, 'customer-request');
		const kept = await getCustomer(customer.id);
		expect(kept?.stats).toEqual(customer.stats);
		expect(kept?.stats.total).toBe(850_000);
		expect(kept?.anonymisedAt).toEqual(expect.any(Number));
		const purchases = await getDb().purchases.where('customerId').equals(customer.id).toArray();
		expect(purchases.map((p) => p.amount).sort()).toEqual([350_000, 500_000]);
		const interactions = await getDb()
			.interactions.where('customerId')
			.equals(customer.id)
			.toArray();
		expect(interactions).toHaveLength(1);
		expect(interactions[0].summary).toBe('');
		expect(await getDb().reminders.where('customerId').equals(customer.id).count()).toBe(0);

		const after = await everything();
		for (const trace of TRACES) expect(after).not.toContain(trace);
		expect((await getDb().tombstones.get(customer.id))?.kind).toBe('anonymised');
	});
});
