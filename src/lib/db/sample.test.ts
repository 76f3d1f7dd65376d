import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '$lib/domain/types';
import { reminderRecord } from '../../../tests/fixtures/db/records';
import { getCarePlan, getShopProfile, SETTING_KEYS } from './care';
import { resetDbForTests } from './db';
import { clearAllData, loadSample, SampleNotEmptyError, type LoadSampleOptions } from './sample';
import { createDatabase, type SoKhachDB } from './schema';
import { todayView } from './today';

const TODAY = '2026-11-26';
const opened: SoKhachDB[] = [];
let dbCount = 0;

function freshDb(): SoKhachDB {
	const db = createDatabase(`sample-test-${++dbCount}-${Date.now()}`);
	opened.push(db);
	return db;
}

afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

const opts = (customers: number, extra: Partial<LoadSampleOptions> = {}): LoadSampleOptions => ({
	seed: 11,
	customers,
	shopType: 'cafe',
	today: TODAY,
	withPurchases: true,
	...extra
});

function afterOf(change: Change): { count: number; firstId: string; lastId: string } {
	return change.after as { count: number; firstId: string; lastId: string };
}

describe('loadSample', () => {
	it('writes 2,000 customers and their purchases, reporting progress', async () => {
		const db = freshDb();
		const progress: [number, number][] = [];
		const result = await loadSample(db, opts(2_000), (done, total) => progress.push([done, total]));
		expect(result.customers).toBe(2_000);
		expect(result.purchases).toBeGreaterThan(2_000);
		expect(await db.customers.count()).toBe(2_000);
		expect(await db.purchases.count()).toBe(result.purchases);
		expect(progress.at(-1)).toEqual([2_000, 2_000]);
		const sample = await db.customers.limit(5).toArray();
		expect(sample.every((c) => c.name !== '' && c.createdAt > 0)).toBe(true);
		// fake-indexeddb writes ~20,000 records here: seconds on a loaded 2-core machine.
	}, 30_000);

	it('logs one bulk-create summary per table per chunk under one final sample batch', async () => {
		const db = freshDb();
		const result = await loadSample(db, opts(2_000, { chunkSize: 500 }));
		const batches = await db.batches.toArray();
		expect(batches).toHaveLength(1);
		const [batch] = batches;
		expect(batch).toMatchObject({
			origin: 'sample',
			state: 'final',
			label: 'batch_sample',
			params: { count: 2_000 },
			// The shop profile setting is the one row more.
			count: result.customers + result.purchases + result.reminders + result.interactions + 1
		});

		const all = await db.changes.orderBy('seq').toArray();
		const changes = all.filter((c) => c.op === 'bulk-create');
		expect(all.filter((c) => c.op !== 'bulk-create').map((c) => c.rowId)).toEqual([
			SETTING_KEYS.shopProfile
		]);
		expect(changes).toHaveLength(16);
		for (const change of changes) {
			expect(change).toMatchObject({
				batchId: batch.id,
				op: 'bulk-create',
				rowId: '*',
				before: null
			});
		}
		const customerChanges = changes.filter((c) => c.table === 'customers');
		expect(customerChanges.map((c) => afterOf(c).count)).toEqual([500, 500, 500, 500]);
		for (const table of ['purchases', 'reminders', 'interactions'] as const) {
			const logged = changes.filter((c) => c.table === table);
			expect(logged, table).toHaveLength(4);
			expect(logged.reduce((s, c) => s + afterOf(c).count, 0)).toBe(result[table]);
		}
		// Each summary's id range holds all of its chunk's rows, also for reminders keyed by sale.
		const reminderChange = changes.find((c) => c.table === 'reminders') as Change;
		const { firstId, lastId, count } = afterOf(reminderChange);
		expect(
			await db.reminders.where('id').between(firstId, lastId, true, true).count()
		).toBeGreaterThanOrEqual(count);

		// firstId/lastId bound each chunk's rows, so the summary can find them again.
		const firstChunk = afterOf(customerChanges[0]);
		const inFirst = await db.customers
			.where('id')
			.between(firstChunk.firstId, firstChunk.lastId, true, true)
			.count();
		expect(inFirst).toBe(500);
	});

	it('logs no purchase, reminder or interaction summaries when purchases are off', async () => {
		const db = freshDb();
		const result = await loadSample(db, opts(300, { withPurchases: false }));
		expect(result).toEqual({ customers: 300, purchases: 0, reminders: 0, interactions: 0 });
		const changes = (await db.changes.toArray()).filter((c) => c.op === 'bulk-create');
		expect(changes.map((c) => c.table)).toEqual(['customers']);
	});

	it('writes customers and purchases without care when asked (the benchmarks’ large books)', async () => {
		const db = freshDb();
		const result = await loadSample(db, opts(300, { withCare: false }));
		expect(result.customers).toBe(300);
		expect(result.purchases).toBeGreaterThan(300);
		expect(result.reminders + result.interactions).toBe(0);
		expect(await db.purchases.count()).toBe(result.purchases);
		expect(await db.reminders.count()).toBe(0);
		const changes = (await db.changes.toArray()).filter((c) => c.op === 'bulk-create');
		expect(changes.map((c) => c.table)).toEqual(['customers', 'purchases']);
	});

	it('refuses a book that already has customers and writes nothing', async () => {
		const db = freshDb();
		await loadSample(db, opts(10));
		const before = {
			customers: await db.customers.count(),
			purchases: await db.purchases.count(),
			changes: await db.changes.count(),
			batches: await db.batches.count()
		};
		const error = await loadSample(db, opts(50, { seed: 12 })).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(SampleNotEmptyError);
		expect((error as SampleNotEmptyError).code).toBe('not-empty');
		expect({
			customers: await db.customers.count(),
			purchases: await db.purchases.count(),
			changes: await db.changes.count(),
			batches: await db.batches.count()
		}).toEqual(before);
	});

	it('ends the redo of an action undone before the sample was loaded', async () => {
		const db = freshDb();
		await db.batches.add({
			id: '01HZZZZZZZZZZZZZZZZZZZZZZZ',
			at: 1,
			label: 'change_create',
			origin: 'user',
			state: 'undone',
			undoneAt: 2,
			count: 1
		});
		await loadSample(db, opts(10));
		expect((await db.batches.get('01HZZZZZZZZZZZZZZZZZZZZZZZ'))?.state).toBe('final');
	});

	it('stops between chunks when aborted, keeping the chunks already written', async () => {
		const db = freshDb();
		const controller = new AbortController();
		const promise = loadSample(
			db,
			opts(2_000, { chunkSize: 500 }),
			(done) => {
				if (done >= 500) controller.abort();
			},
			controller.signal
		);
		await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
		expect(await db.customers.count()).toBe(500);
		const rows =
			(await db.purchases.count()) + (await db.reminders.count()) + (await db.interactions.count());
		const [batch] = await db.batches.toArray();
		expect(batch.count).toBe(500 + rows + 1);
		expect(batch.params).toEqual({ count: 500 });
		expect(await db.changes.count()).toBe(5);
	});

	it('writes nothing when aborted before it starts', async () => {
		const db = freshDb();
		const controller = new AbortController();
		controller.abort();
		await expect(loadSample(db, opts(100), undefined, controller.signal)).rejects.toMatchObject({
			name: 'AbortError'
		});
		expect(await db.customers.count()).toBe(0);
		expect(await db.batches.count()).toBe(0);
	});
});

describe('clearAllData', () => {
	it('empties every table, so a sample can be loaded again', async () => {
		const db = freshDb();
		await loadSample(db, opts(200));
		const now = Date.now();
		await db.tags.add({
			id: 't1',
			name: 'VIP',
			colour: '#f00',
			group: 'free',
			order: 0,
			createdAt: now,
			updatedAt: now
		});
		await db.templates.add({
			id: 'm1',
			name: 'Chúc mừng',
			channel: 'zalo',
			body: 'Chào {name}',
			createdAt: now,
			updatedAt: now
		});
		await db.settings.put({ key: 'shopName', value: 'Tiệm Thử' });
		const someone = (await db.customers.limit(1).first())?.id ?? '';
		await db.interactions.add({
			id: 'i1',
			customerId: someone,
			at: now,
			kind: 'call',
			channel: 'phone',
			sentiment: null,
			summary: '',
			staff: '',
			createdAt: now,
			updatedAt: now
		});
		await db.reminders.add(reminderRecord('r-by-hand', someone, { due: TODAY }));

		await clearAllData(db);

		for (const table of db.tables) expect(await table.count(), table.name).toBe(0);
		await expect(loadSample(db, opts(20))).resolves.toMatchObject({ customers: 20 });
	});
});

describe('the loaded sample shop', () => {
	it('gives every customer stats that match their purchases', async () => {
		const db = freshDb();
		await loadSample(db, opts(400));
		const customers = await db.customers.toArray();
		const purchases = await db.purchases.toArray();
		const byCustomer = new Map<string, { count: number; total: number; last: string | null }>();
		for (const p of purchases) {
			const s = byCustomer.get(p.customerId) ?? { count: 0, total: 0, last: null };
			s.count += 1;
			s.total += p.amount;
			if (s.last === null || p.date > s.last) s.last = p.date;
			byCustomer.set(p.customerId, s);
		}
		for (const c of customers) {
			const expected = byCustomer.get(c.id) ?? { count: 0, total: 0, last: null };
			expect(c.stats, c.id).toMatchObject(expected);
		}
		const withBirthday = customers.filter((c) => c.birthday !== null);
		expect(withBirthday.length).toBeGreaterThan(200);
		expect(withBirthday.every((c) => c.birthdayMD === c.birthday?.slice(-5))).toBe(true);
	});

	it('links done reminders to the interactions logged for them', async () => {
		const db = freshDb();
		await loadSample(db, opts(300));
		const all = await db.reminders.toArray();
		expect(all.every((r) => r.late === (r.dueEnd ?? r.due))).toBe(true);
		const done = all.filter((r) => r.status === 'done');
		expect(done.length).toBeGreaterThan(50);
		const interactions = await db.interactions.bulkGet(done.map((r) => r.interactionId ?? ''));
		interactions.forEach((i, k) => {
			expect(i?.reminderId).toBe(done[k].id);
			expect(i?.customerId).toBe(done[k].customerId);
		});
	});

	it.each(['spa', 'fashion', 'cafe', 'repair'] as const)(
		'puts dozens of things to do on a 300-customer %s shop’s Today, not hundreds',
		async (shopType) => {
			const db = await resetDbForTests();
			await loadSample(db, opts(300, { shopType, seed: 5 }));
			expect(await getShopProfile()).toEqual({ name: '', businessType: shopType });
			expect((await getCarePlan()).businessType).toBe(shopType);
			const view = await todayView(TODAY);
			expect(view.counts.total).toBeGreaterThanOrEqual(10);
			expect(view.counts.total).toBeLessThanOrEqual(80);
			expect(view.counts.overdue).toBeGreaterThan(0);
			expect(view.groups[0].kind).toBe('aftercare');
		}
	);

	it('keeps the business type the owner chose before loading', async () => {
		const db = await resetDbForTests();
		await db.settings.put({
			key: SETTING_KEYS.shopProfile,
			value: { name: 'Tiệm Thảo', businessType: 'fashion' }
		});
		await loadSample(db, opts(20, { shopType: 'cafe' }));
		expect(await getShopProfile()).toEqual({ name: 'Tiệm Thảo', businessType: 'fashion' });
	});
});
