import { beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '$lib/domain/types';
import { customerRecord } from '../../../tests/fixtures/db/records';
import {
	createCustomer,
	editCustomerField,
	emptyTrash,
	restoreCustomers,
	trashCustomers
} from './customers';
import { resetDbForTests, withDb } from './db';
import { factsOf, GAP_INVALID_PHONE, GAP_NO_BIRTHDAY, GAP_NO_PHONE } from './facts';
import { redo, undo } from './history';
import { createPurchase, trashPurchase } from './purchases';

beforeEach(async () => {
	await resetDbForTests();
});

/** The facts as stored, and as they should be for the customers as stored. */
async function expectInStep(): Promise<void> {
	await withDb(async (db) => {
		const stored = await db.facts.orderBy(':id').toArray();
		const expected = (await db.customers.orderBy(':id').toArray()).map(factsOf);
		expect(stored).toEqual(expected);
	});
}

const factsById = (id: string) => withDb((db) => db.facts.get(id));

describe('factsOf', () => {
	it('keeps what the whole-book passes read, and marks what the record lacks', () => {
		const c = customerRecord('c1', {
			stage: 'loyal',
			stageManual: true,
			referredBy: 'c0',
			birthday: null,
			phones: [
				{ raw: '0912 345 678', e164: '+84912345678' },
				{ raw: '12345', e164: null, problem: 'phone-too-short' }
			],
			phoneKeys: ['+84912345678'],
			stats: { count: 2, total: 500_000, first: '2026-01-31', last: '2026-02-28' },
			createdAt: 1_700_000_000_000,
			deletedAt: 1_700_000_100_000
		});
		expect(factsOf(c)).toEqual({
			id: 'c1',
			stage: 'loyal',
			stageManual: true,
			stats: { count: 2, total: 500_000, first: '2026-01-31', last: '2026-02-28' },
			referredBy: 'c0',
			createdAt: 1_700_000_000_000,
			phoneKeys: ['+84912345678'],
			gaps: GAP_INVALID_PHONE | GAP_NO_BIRTHDAY,
			deletedAt: 1_700_000_100_000
		});
	});

	it('says "no phone" for a customer without one, and fills in what an old record lacks', () => {
		const old = { ...customerRecord('c2', { phones: [], phoneKeys: [] }) } as Partial<Customer>;
		delete old.stats;
		const f = factsOf(old as Customer);
		expect(f.gaps & GAP_NO_PHONE).toBe(GAP_NO_PHONE);
		expect(f.gaps & GAP_INVALID_PHONE).toBe(0);
		expect(f.stats).toEqual({ count: 0, total: 0, first: null, last: null });
		expect('deletedAt' in f).toBe(false);
	});
});

describe('the facts middleware', () => {
	it('writes facts with every new or edited customer, in step through undo and redo', async () => {
		const c = await createCustomer({ name: 'Nguyễn Thị Hương', phones: '0912345678' });
		expect((await factsById(c.id))?.gaps).toBe(GAP_NO_BIRTHDAY);
		await editCustomerField(c.id, 'birthday', '15/03/1990');
		expect((await factsById(c.id))?.gaps).toBe(0);
		await expectInStep();
		await undo();
		expect((await factsById(c.id))?.gaps).toBe(GAP_NO_BIRTHDAY);
		await redo();
		expect((await factsById(c.id))?.gaps).toBe(0);
		await expectInStep();
	});

	it('follows the purchase stats the purchases repository keeps on the customer', async () => {
		const c = await createCustomer({ name: 'Trần Văn Minh' });
		const p = await createPurchase(
			{
				customerId: c.id,
				date: '2026-03-01',
				amount: 250_000,
				items: '',
				channel: '',
				staff: '',
				note: ''
			},
			{ today: '2026-03-02' }
		);
		expect((await factsById(c.id))?.stats).toMatchObject({ count: 1, total: 250_000 });
		await trashPurchase(p.id);
		expect((await factsById(c.id))?.stats).toMatchObject({ count: 0, total: 0 });
		await expectInStep();
	});

	it('follows the trash: trashed, restored, and gone when the trash is emptied', async () => {
		const a = await createCustomer({ name: 'A' });
		const b = await createCustomer({ name: 'B' });
		await trashCustomers([a.id, b.id]);
		expect((await factsById(a.id))?.deletedAt).toBeTypeOf('number');
		await restoreCustomers([b.id]);
		expect((await factsById(b.id))?.deletedAt).toBeUndefined();
		await emptyTrash();
		expect(await factsById(a.id)).toBeUndefined();
		expect(await factsById(b.id)).toBeDefined();
		await expectInStep();
	});

	it('mirrors bulk writes, key deletes and a cleared table', async () => {
		await withDb(async (db) => {
			await db.customers.bulkPut([
				customerRecord('x1'),
				customerRecord('x2'),
				customerRecord('x3')
			]);
			await db.customers.bulkDelete(['x2']);
		});
		await expectInStep();
		await withDb((db) => db.customers.where(':id').between('x1', 'x2').delete());
		await expectInStep();
		expect(await withDb((db) => db.facts.count())).toBe(1);
		await withDb((db) => db.customers.clear());
		expect(await withDb((db) => db.facts.count())).toBe(0);
	});

	it('leaves the facts as they were when the customer write fails', async () => {
		await withDb((db) => db.customers.add(customerRecord('y1', { name: 'Trước' })));
		const before = await factsById('y1');
		await expect(
			withDb((db) => db.customers.add(customerRecord('y1', { name: 'Sau', stage: 'loyal' })))
		).rejects.toThrow();
		expect(await factsById('y1')).toEqual(before);
		// A transaction that fails after writing takes the facts back with the customer.
		await expect(
			withDb((db) =>
				db.transaction('rw', db.customers, async () => {
					await db.customers.put(customerRecord('y2'));
					throw new Error('boom');
				})
			)
		).rejects.toThrow('boom');
		expect(await factsById('y2')).toBeUndefined();
		await expectInStep();
	});
});
