import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomer, trashCustomers } from '$lib/db/customers';
import { resetDbForTests } from '$lib/db/db';
import { bulkTarget, defaultScope } from './bulk-scope';

beforeEach(async () => {
	await resetDbForTests();
});

describe('bulk action scope', () => {
	it('opens on the ticked rows when there are some, else on the view', () => {
		expect(defaultScope(['a'])).toBe('selected');
		expect(defaultScope([])).toBe('view');
	});

	it('covers the ticked rows, without asking the view', async () => {
		const target = await bulkTarget('selected', ['a', 'b'], () => {
			throw new Error('the view must not be read');
		});
		expect(target).toEqual({ customers: ['a', 'b'], count: 2 });
	});

	it('covers the ids the view finds, or the whole book counted without the trash', async () => {
		expect(await bulkTarget('view', [], async () => ['x', 'y', 'z'])).toEqual({
			customers: ['x', 'y', 'z'],
			count: 3
		});
		const kept = await createCustomer({ name: 'Hương' });
		const gone = await createCustomer({ name: 'Bình' });
		await trashCustomers([gone.id]);
		expect(kept.id).toBeTruthy();
		expect(await bulkTarget('view', ['a'], async () => undefined)).toEqual({
			customers: 'all',
			count: 1
		});
	});
});
