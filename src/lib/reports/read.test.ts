import { describe, expect, it } from 'vitest';
import { resetDbForTests } from '$lib/db/db';
import { buildCustomer } from '$lib/domain/customer';
import { dayNumber } from '$lib/domain/stages';
import { periodContaining } from './period';
import { dashboardFromDb, DAYS_PER_READ, emptyCache, spansOf } from './read';

const options = {
	period: periodContaining('month', '2026-03-01'),
	today: '2026-04-10',
	lostAfterDays: 365
};

describe('spansOf', () => {
	it('covers the days on a fixed grid, so two periods share their spans', () => {
		const march = spansOf('2026-03-01', '2026-03-31');
		expect(march[0]).toBeLessThanOrEqual(dayNumber('2026-03-01'));
		expect(march.at(-1)! + DAYS_PER_READ - 1).toBeGreaterThanOrEqual(dayNumber('2026-03-31'));
		for (const s of march) expect(s % DAYS_PER_READ).toBe(0);
		const april = spansOf('2026-03-20', '2026-04-30');
		expect(april.filter((s) => march.includes(s)).length).toBeGreaterThan(0);
	});
});

describe('dashboardFromDb', () => {
	it('keeps what it read while the change log does not move, and reads again when it does', async () => {
		const db = await resetDbForTests();
		await db.customers.add({
			...buildCustomer({ name: 'An' }, { id: 'a', now: 0 }),
			stats: { count: 1, total: 5, first: '2026-03-02', last: '2026-03-02' }
		});
		const cache = emptyCache();
		const first = await dashboardFromDb(options, {}, cache);
		expect(first.current.newCustomers).toBe(0); // no purchase rows yet: nobody bought in March
		const customers = cache.customers;
		await dashboardFromDb(options, {}, cache);
		expect(cache.customers).toBe(customers);

		await db.purchases.add({
			id: 'p',
			customerId: 'a',
			date: '2026-03-02',
			items: '',
			amount: 5,
			channel: '',
			staff: '',
			note: '',
			aftercare: { done: {}, chance: null },
			createdAt: 0,
			updatedAt: 0
		});
		// Every real write records itself in the change log; this one is written by hand.
		await db.changes.add({
			at: 1,
			batchId: 'b',
			table: 'purchases',
			rowId: 'p',
			op: 'create',
			before: null,
			after: null
		});
		const after = await dashboardFromDb(options, {}, cache);
		expect(cache.customers).not.toBe(customers);
		expect(after.current).toMatchObject({ buyers: 1, newCustomers: 1, revenue: 5 });
	});
});
