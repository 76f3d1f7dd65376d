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
import { entryOf, unpackBlock, type FactsEntry } from '$lib/reports/packed';
import { loadFacts } from '$lib/reports/packs-facts';
import { factsOf, GAP_BAD_DATE, GAP_INVALID_PHONE, GAP_NO_BIRTHDAY, GAP_NO_PHONE } from './facts';
import { redo, undo } from './history';
import { createPurchase, trashPurchase } from './purchases';

beforeEach(async () => {
	await resetDbForTests();
});

/** Every customer's entry in the facts blocks, brought up to date as a report would. */
async function blockEntries(): Promise<Map<string, FactsEntry>> {
	const { blocks } = await loadFacts();
	const out = new Map<string, FactsEntry>();
	for (const b of blocks) for (const e of unpackBlock(b)) out.set(e.id, e);
	return out;
}

const withoutOrdinal = ({ ord, ...rest }: FactsEntry) => (void ord, rest);

/** The blocks' entries, and what they should be for the customers as stored. */
async function expectInStep(): Promise<void> {
	const entries = [...(await blockEntries()).values()]
		.map(withoutOrdinal)
		.sort((a, b) => (a.id < b.id ? -1 : 1));
	const customers = await withDb((db) => db.customers.orderBy(':id').toArray());
	expect(entries).toEqual(customers.map((c) => withoutOrdinal(entryOf(factsOf(c), 0))));
}

const factsById = async (id: string) => (await blockEntries()).get(id);

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

	it('marks stats naming a day that is not a real one, as the stage rules would read them', () => {
		const bad = (stats: Customer['stats']) =>
			factsOf(customerRecord('c3', { stats })).gaps & GAP_BAD_DATE;
		expect(bad({ count: 1, total: 1, first: '2026-02-30', last: '2026-02-30' })).toBe(GAP_BAD_DATE);
		expect(bad({ count: 2, total: 1, first: '2026-01-01', last: '1/3/2026' })).toBe(GAP_BAD_DATE);
		expect(bad({ count: 2, total: 1, first: null, last: '2026-03-01' })).toBe(0);
		// Without a purchase or a last day the rules read no date at all.
		expect(bad({ count: 0, total: 0, first: 'garbage', last: 'garbage' })).toBe(0);
		expect(bad({ count: 1, total: 1, first: 'garbage', last: null })).toBe(0);
	});
});

describe('the facts blocks, built from the customers', () => {
	it('follow every new or edited customer, in step through undo and redo', async () => {
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

	it('follow the purchase stats the purchases repository keeps on the customer', async () => {
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
		expect(await factsById(c.id)).toMatchObject({ count: 1, total: 250_000 });
		await trashPurchase(p.id);
		expect(await factsById(c.id)).toMatchObject({ count: 0, total: 0 });
		await expectInStep();
	});

	it('follow the trash: trashed, restored, and gone when the trash is emptied', async () => {
		const a = await createCustomer({ name: 'A' });
		const b = await createCustomer({ name: 'B' });
		await trashCustomers([a.id, b.id]);
		expect((await factsById(a.id))?.deleted).toBe(true);
		await restoreCustomers([b.id]);
		expect((await factsById(b.id))?.deleted).toBe(false);
		await emptyTrash();
		expect(await factsById(a.id)).toBeUndefined();
		expect(await factsById(b.id)).toBeDefined();
		await expectInStep();
	});

	it('follow bulk writes, key deletes and a cleared table', async () => {
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
		expect((await blockEntries()).size).toBe(1);
		await withDb((db) => db.customers.clear());
		expect((await blockEntries()).size).toBe(0);
	});

	it('stay as they were when the customer write fails', async () => {
		await withDb((db) => db.customers.add(customerRecord('y1', { name: 'Trước' })));
		const before = await factsById('y1');
		await expect(
			withDb((db) => db.customers.add(customerRecord('y1', { name: 'Sau', stage: 'loyal' })))
		).rejects.toThrow();
		expect(await factsById('y1')).toEqual(before);
		// A transaction that fails after writing takes its mark back with the customer.
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
