import { beforeEach, describe, expect, it } from 'vitest';
import { resetDbForTests, type SoKhachDB } from '$lib/db/db';
import { buildCustomer } from '$lib/domain/customer';
import { DEFAULT_STAGE_DAYS } from '$lib/domain/stages';
import type { Customer, Purchase } from '$lib/domain/types';
import { FACTS_BLOCK } from '$lib/db/packs';
import { recomputeFromDb } from './read';
import { recomputeStages, type RecomputeResult } from './recompute';
import { rfmLookup } from '$lib/domain/rfm';

const GENERAL = DEFAULT_STAGE_DAYS.general;
const TODAY = '2026-03-12';
let db: SoKhachDB;

function customer(id: string, extra: Partial<Customer> = {}): Customer {
	return { ...buildCustomer({ name: id }, { id, now: 0, today: TODAY }), ...extra };
}

function purchase(id: string, customerId: string, date: string, extra: Partial<Purchase> = {}) {
	return {
		id,
		customerId,
		date,
		items: 'Gội đầu',
		amount: 100_000,
		channel: '',
		staff: '',
		note: '',
		aftercare: { done: {}, chance: null },
		createdAt: 0,
		updatedAt: 0,
		...extra
	} satisfies Purchase;
}

const stats = (count: number, first: string | null, last = first) => ({
	stats: { count, total: count * 100_000, first, last }
});

beforeEach(async () => {
	db = await resetDbForTests();
});

/** The result with its RFM by id: two readers hand customers to the ranking in another order. */
function normalised(result: RecomputeResult) {
	return { ...result, rfm: rfmLookup(result.rfm), ranges: result.rfm.ranges };
}

describe('recomputeFromDb', () => {
	it('reads the whole book and returns what the pure recompute gives', async () => {
		const book = Array.from({ length: 7 }, (_, i) =>
			customer(`c${i}`, i % 2 === 0 ? stats(1, `2026-0${(i % 3) + 1}-05`) : stats(0, null))
		);
		await db.customers.bulkAdd(book);
		const progress: Array<[number, number]> = [];
		const result = await recomputeFromDb({
			settings: GENERAL,
			today: TODAY,
			onProgress: (done, total) => progress.push([done, total])
		});
		// The facts blocks built from the customers, with progress; then nothing left to report.
		expect(progress).toEqual([[7, 7]]);
		expect(normalised(result)).toEqual(normalised(recomputeStages(book, GENERAL, TODAY)));
		expect(result.changes.map((c) => c.id)).toEqual(book.map((c) => c.id));
		// Read again from the blocks as built: the same answer, progress given once at the end.
		progress.length = 0;
		const again = await recomputeFromDb({
			settings: GENERAL,
			today: TODAY,
			onProgress: (done, total) => progress.push([done, total])
		});
		expect(progress).toEqual([[7, 7]]);
		expect(normalised(again)).toEqual(normalised(result));
	});

	it('reads every customer exactly once, whatever the size of the book', async () => {
		for (const size of [0, 1, FACTS_BLOCK - 1, FACTS_BLOCK, FACTS_BLOCK + 1, 2 * FACTS_BLOCK + 3]) {
			await db.customers.clear();
			const book = Array.from({ length: size }, (_, i) =>
				customer(`c${String(i).padStart(5, '0')}`, stats(1, '2026-02-05'))
			);
			await db.customers.bulkAdd(book);
			const result = await recomputeFromDb({ settings: GENERAL, today: TODAY });
			expect(result.scanned, `${size}`).toBe(size);
			expect(result.changes.map((c) => c.id)).toEqual(book.map((c) => c.id));
			expect([...result.rfm.ids].sort()).toEqual(book.map((c) => c.id));
		}
	});

	it('follows writes made since the blocks were built: edits, new customers, the trash', async () => {
		await db.customers.bulkAdd([
			customer('a', stats(1, '2026-03-01')),
			customer('b', { referredBy: 'a' }),
			customer('c')
		]);
		const first = await recomputeFromDb({ settings: GENERAL, today: TODAY });
		expect(first.referrers).toEqual(['a']);
		// Each write marks the blocks; the next read patches them from the customers.
		await db.customers.update('a', { stage: 'loyal', stageManual: true });
		await db.customers.update('b', { deletedAt: 5 });
		await db.customers.add(
			customer('d', { ...stats(2, '2026-01-02', '2026-02-01'), referredBy: 'c' })
		);
		const book = await db.customers.toArray();
		const second = await recomputeFromDb({ settings: GENERAL, today: TODAY });
		expect(normalised(second)).toEqual(normalised(recomputeStages(book, GENERAL, TODAY)));
		expect(second.referrers).toEqual(['c']);
		expect(second.scanned).toBe(3);
		expect(second.changes.find((c) => c.id === 'a')).toBeUndefined();
	});

	it('leaves a customer whose stats name no real day as is, and reports them', async () => {
		await db.customers.bulkAdd([
			customer('bad', { stage: 'new', ...stats(1, '2026-02-30') }),
			customer('ok', stats(1, '2026-03-01'))
		]);
		const result = await recomputeFromDb({ settings: GENERAL, today: TODAY });
		expect(result.skipped).toEqual([{ id: 'bad', problem: 'bad-date' }]);
		expect(result.changes.map((c) => c.id)).toEqual(['ok']);
		expect(result.stageCounts).toEqual({ new: 2 });
		const book = await db.customers.toArray();
		expect(normalised(result)).toEqual(normalised(recomputeStages(book, GENERAL, TODAY)));
	});

	it('looks up the second live purchase for a loyal customer whose stats cannot tell it', async () => {
		await db.customers.bulkAdd([customer('many', stats(3, '2026-01-02', '2026-03-01'))]);
		await db.purchases.bulkAdd([
			purchase('p1', 'many', '2026-01-02'),
			purchase('p2', 'many', '2026-01-20', { deletedAt: 5 }),
			purchase('p3', 'many', '2026-02-14'),
			purchase('p4', 'many', '2026-03-01'),
			purchase('other', 'someone', '2026-01-03')
		]);
		const result = await recomputeFromDb({ settings: GENERAL, today: TODAY });
		expect(result.changes).toEqual([
			{
				id: 'many',
				from: null,
				to: 'loyal',
				manual: false,
				reason: { rule: 'second-purchase', date: '2026-02-14' }
			}
		]);
	});

	it('writes nothing', async () => {
		await db.customers.bulkAdd([customer('a', stats(1, '2026-03-01'))]);
		const before = await db.customers.get('a');
		const changes = await db.changes.count();
		const result = await recomputeFromDb({ settings: GENERAL, today: TODAY });
		expect(result.changes).toHaveLength(1);
		expect(await db.customers.get('a')).toEqual(before);
		expect(await db.changes.count()).toBe(changes);
	});

	it('stops when cancelled', async () => {
		await db.customers.bulkAdd([customer('a'), customer('b')]);
		const controller = new AbortController();
		const run = recomputeFromDb({
			settings: GENERAL,
			today: TODAY,
			signal: controller.signal,
			onProgress: () => controller.abort()
		});
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
	});
});
