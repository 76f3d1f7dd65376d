import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '$lib/domain/types';
import { clearAllData, loadSample, SampleNotEmptyError, type LoadSampleOptions } from './sample';
import { createDatabase, type SoKhachDB } from './schema';

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
	});

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
			count: result.customers + result.purchases
		});

		const changes = await db.changes.orderBy('seq').toArray();
		expect(changes).toHaveLength(8);
		for (const change of changes) {
			expect(change).toMatchObject({
				batchId: batch.id,
				op: 'bulk-create',
				rowId: '*',
				before: null
			});
		}
		const customerChanges = changes.filter((c) => c.table === 'customers');
		const purchaseChanges = changes.filter((c) => c.table === 'purchases');
		expect(customerChanges.map((c) => afterOf(c).count)).toEqual([500, 500, 500, 500]);
		expect(purchaseChanges.reduce((s, c) => s + afterOf(c).count, 0)).toBe(result.purchases);

		// firstId/lastId bound each chunk's rows, so the summary can find them again.
		const firstChunk = afterOf(customerChanges[0]);
		const inFirst = await db.customers
			.where('id')
			.between(firstChunk.firstId, firstChunk.lastId, true, true)
			.count();
		expect(inFirst).toBe(500);
	});

	it('logs no purchase summaries when purchases are off', async () => {
		const db = freshDb();
		const result = await loadSample(db, opts(300, { withPurchases: false }));
		expect(result).toEqual({ customers: 300, purchases: 0 });
		const changes = await db.changes.toArray();
		expect(changes.map((c) => c.table)).toEqual(['customers']);
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
		const purchases = await db.purchases.count();
		const [batch] = await db.batches.toArray();
		expect(batch.count).toBe(500 + purchases);
		expect(batch.params).toEqual({ count: 500 });
		expect(await db.changes.count()).toBe(2);
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
		await db.reminders.add({
			id: 'r1',
			customerId: someone,
			due: TODAY,
			kind: 'call-back',
			status: 'open',
			snoozedUntil: null,
			sourcePurchaseId: null,
			assignee: '',
			note: '',
			createdAt: now,
			updatedAt: now
		});

		await clearAllData(db);

		for (const table of db.tables) expect(await table.count(), table.name).toBe(0);
		await expect(loadSample(db, opts(20))).resolves.toMatchObject({ customers: 20 });
	});
});
