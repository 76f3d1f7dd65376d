import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomer, trashCustomers } from './customers';
import { lookupCustomers } from './customer-lookup';
import { resetDbForTests } from './db';

beforeEach(async () => {
	await resetDbForTests();
});

const names = (list: { name: string }[]) => list.map((c) => c.name);

describe('lookupCustomers', () => {
	it('finds names by their start or by a later word, best matches first', async () => {
		await createCustomer({ name: 'Nguyễn Thị Hương' });
		await createCustomer({ name: 'Hương Lê' });
		await createCustomer({ name: 'Trần Thương' });
		await createCustomer({ name: 'Lê Mai' });
		expect(names(await lookupCustomers('huong'))).toEqual([
			'Hương Lê',
			'Nguyễn Thị Hương',
			'Trần Thương'
		]);
		expect(names(await lookupCustomers('NGUYỄN th'))).toEqual(['Nguyễn Thị Hương']);
	});

	it('leaves out the customer being edited and those in the trash', async () => {
		const self = await createCustomer({ name: 'Hương A' });
		const trashed = await createCustomer({ name: 'Hương B' });
		await createCustomer({ name: 'Hương C' });
		await trashCustomers([trashed.id]);
		expect(names(await lookupCustomers('huong', { excludeId: self.id }))).toEqual(['Hương C']);
	});

	it('returns at most the limit', async () => {
		for (let i = 0; i < 12; i++) await createCustomer({ name: `Hương ${i}` });
		expect(await lookupCustomers('huong', { limit: 10 })).toHaveLength(10);
	});

	it('finds a customer by the start of a phone number, once per customer', async () => {
		await createCustomer({ name: 'Lan', phones: '0912 345 678, 0912 345 679' });
		await createCustomer({ name: 'Mai', phones: '0987 654 321' });
		expect(names(await lookupCustomers('0912 34'))).toEqual(['Lan']);
	});

	it('reads no more than scanLimit customers looking inside names', async () => {
		// Alphabetically first, so the capped pass reaches them before the match.
		for (const n of ['An', 'Bình', 'Cường', 'Dũng']) await createCustomer({ name: n });
		await createCustomer({ name: 'Trần Thương' });
		expect(names(await lookupCustomers('huong', { scanLimit: 2 }))).toEqual([]);
		expect(names(await lookupCustomers('huong', { scanLimit: 100 }))).toEqual(['Trần Thương']);
	});

	it('answers nothing for blank text', async () => {
		await createCustomer({ name: 'Hương' });
		expect(await lookupCustomers('  ')).toEqual([]);
	});
});
