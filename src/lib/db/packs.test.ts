import { describe, expect, it } from 'vitest';
import { resetDbForTests, type SoKhachDB } from './db';
import { buildCustomer } from '$lib/domain/customer';
import { isoDay, kindRange, MARK_IDS_MAX, shopDay, type DirtyMark } from './packs';

const customer = (id: string) => buildCustomer({ name: id }, { id, now: 0 });

async function marks(db: SoKhachDB): Promise<DirtyMark[]> {
	const [lo, hi] = kindRange('d');
	return (await db.packs.where(':id').between(lo, hi, true, false).toArray()) as DirtyMark[];
}

const purchase = (id: string, date: string) => ({
	id,
	customerId: 'a',
	date,
	items: '',
	amount: 1,
	channel: '',
	staff: '',
	note: '',
	aftercare: { done: {}, chance: null },
	createdAt: 0,
	updatedAt: 0
});

describe('packs middleware', () => {
	it('marks the customers written, in the write’s own transaction', async () => {
		const db = await resetDbForTests();
		await db.customers.bulkAdd([customer('a'), customer('b')]);
		await db.customers.update('b', { notes: 'x' });
		// Each with its twin for the text blocks, of the same id (reports/packs-text.ts).
		const all = await marks(db);
		expect(all.map((m) => [m.key[1], m.ids, m.text])).toEqual([
			['f', ['a', 'b'], true],
			['f', ['b'], true],
			['t', ['a', 'b'], undefined],
			['t', ['b'], undefined]
		]);
		expect(all[2].key[2]).toBe(all[0].key[2]);
	});

	it('marks the old and the new day of a sale moved, and a contact by its day in Việt Nam', async () => {
		const db = await resetDbForTests();
		await db.purchases.add(purchase('p', '2026-03-01'));
		await db.purchases.update('p', { date: '2026-03-09' });
		// 23:30 on 01/03 in Việt Nam is still 01/03 there, though 16:30 UTC.
		const at = Date.parse('2026-03-01T23:30:00+07:00');
		await db.interactions.add({
			id: 'i',
			customerId: 'a',
			at,
			kind: 'call',
			channel: 'phone',
			sentiment: null,
			summary: '',
			staff: '',
			createdAt: 0,
			updatedAt: 0
		});
		const got = (await marks(db)).map((m) => [m.key[1], [...(m.days ?? [])].sort()]);
		// Marks sort by kind, then in the order written.
		expect(got).toEqual([
			['i', [isoDay('2026-03-01')]],
			['p', [isoDay('2026-03-01')]],
			['p', [isoDay('2026-03-01'), isoDay('2026-03-09')]]
		]);
		expect(shopDay(at)).toBe(isoDay('2026-03-01'));
	});

	it('marks everything for a bulk replace too large to read the old days of', async () => {
		const db = await resetDbForTests();
		const many = Array.from({ length: MARK_IDS_MAX + 1 }, (_, i) =>
			purchase(`p${i}`, `2026-03-${String((i % 28) + 1).padStart(2, '0')}`)
		);
		await db.purchases.bulkAdd(many.slice(0, 3));
		await db.purchases.bulkPut(many);
		const got = (await marks(db)).map((m) => [m.key[1], m.all ?? m.days?.length]);
		expect(got).toEqual([
			['p', 3],
			['p', true]
		]);
	});

	it('marks everything when a table is cleared', async () => {
		const db = await resetDbForTests();
		await db.purchases.clear();
		expect((await marks(db)).map((m) => [m.key[1], m.all])).toEqual([['p', true]]);
	});

	// A mark too many only costs a rebuild; a mark missing would leave a report wrong. A write
	// that fails inside a transaction that goes on may leave its mark; one that aborts leaves none.
	it('leaves no mark when the write’s transaction aborts', async () => {
		const db = await resetDbForTests();
		await expect(
			db.transaction('rw', db.customers, async () => {
				await db.customers.add(customer('a'));
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		expect(await marks(db)).toEqual([]);
		expect(await db.customers.count()).toBe(0);
	});

	it('reads an ISO day as a day number, and refuses what is not one', () => {
		expect(isoDay('1970-01-02')).toBe(1);
		expect(isoDay('2026-3-1')).toBeNaN();
		expect(isoDay(null)).toBeNaN();
	});
});
