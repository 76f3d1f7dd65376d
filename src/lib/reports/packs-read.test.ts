import { describe, expect, it } from 'vitest';
import { resetDbForTests } from '$lib/db/db';
import { FACTS_BLOCK, kindRange, type FactsBlock } from '$lib/db/packs';
import { dashboardFromDb, membersFromDb } from './read';
import {
	contact,
	customer,
	expected,
	marks,
	noon,
	options,
	purchase,
	restat,
	seed,
	withoutCost
} from './packs-fixtures';
import { unpackBlock } from './packed';

describe('dashboardFromDb over packs', () => {
	it('gives the same dashboard as the records, then reads clean packs without rebuilding', async () => {
		const db = await resetDbForTests();
		await seed(db);
		const first = await dashboardFromDb(options);
		expect(withoutCost(first)).toEqual(withoutCost(await expected(db)));
		expect(first.current).toMatchObject({ buyers: 3, newCustomers: 2, revenue: 630 });
		expect(first.cost).toMatchObject({ factsPacked: 4, customers: 4 });
		expect(first.cost!.daysRebuilt).toBeGreaterThan(0);
		expect(await marks(db)).toBe(0);

		const again = await dashboardFromDb(options);
		expect(again.cost).toMatchObject({ factsPacked: 0, daysRebuilt: 0 });
		expect(withoutCost(again)).toEqual(withoutCost(first));
	});

	it('follows every kind of write: the packs a write marks are rebuilt, and agree again', async () => {
		const db = await resetDbForTests();
		await seed(db);
		await dashboardFromDb(options);
		const steps: [string, () => Promise<unknown>][] = [
			['a sale added', () => db.purchases.add(purchase('p6', 'c', '2026-03-12', 40))],
			['a sale moved to another day', () => db.purchases.update('p2', { date: '2026-02-20' })],
			['a sale in the trash', () => db.purchases.update('p3', { deletedAt: 5 })],
			['a sale deleted', () => db.purchases.delete('p5')],
			[
				'a customer added with a sale',
				async () => {
					await db.customers.add(customer('e'));
					await db.purchases.add(purchase('p7', 'e', '2026-03-15', 70));
				}
			],
			['a customer in the trash', () => db.customers.update('a', { deletedAt: 9 })],
			['a contact added', () => db.interactions.add(contact('i5', 'e', noon('2026-03-16')))],
			['a contact moved', () => db.interactions.update('i2r', { at: noon('2026-03-08') })],
			['a customer deleted for good', () => db.customers.delete('d')],
			['the contacts cleared', () => db.interactions.clear()]
		];
		for (const [what, write] of steps) {
			await write();
			await restat(db);
			const got = await dashboardFromDb(options);
			expect(withoutCost(got), what).toEqual(withoutCost(await expected(db)));
			expect(await marks(db), what).toBe(0);
		}
	});

	it('keeps each customer ordinal through a whole rebuild, so day packs stay right', async () => {
		const db = await resetDbForTests();
		await seed(db);
		await dashboardFromDb(options);
		const ordinals = async () => {
			const [lo, hi] = kindRange('f');
			const blocks = (await db.packs
				.where(':id')
				.between(lo, hi, true, false)
				.toArray()) as FactsBlock[];
			return new Map(blocks.flatMap((b) => b.ids.map((id, i) => [id, b.ord[i]] as const)));
		};
		const before = await ordinals();
		// What a bulk write of more than DIRTY_IDS_MAX customers leaves: the blocks built again.
		await db.packs.add({ key: ['d', 'f', 'zz'], all: true });
		await db.customers.update('c', { referredBy: 'b' });
		const got = await dashboardFromDb(options);
		expect(got.cost!.factsPacked).toBe(4);
		expect(await ordinals()).toEqual(before);
		expect(withoutCost(got)).toEqual(withoutCost(await expected(db)));
	});

	it('takes a customer deleted for good out of the blocks at once, and a cleared book out of every pack', async () => {
		const db = await resetDbForTests();
		await seed(db);
		await dashboardFromDb(options);
		const inBlocks = async () => {
			const [lo, hi] = kindRange('f');
			const blocks = (await db.packs
				.where(':id')
				.between(lo, hi, true, false)
				.toArray()) as FactsBlock[];
			return blocks.flatMap((b) => [...b.ids, ...b.phones]);
		};
		expect(await inBlocks()).toContain('d');
		await db.customers.delete('d');
		expect(await inBlocks()).not.toContain('d');
		expect(await inBlocks()).toContain('a');
		const got = await dashboardFromDb(options);
		expect(withoutCost(got)).toEqual(withoutCost(await expected(db)));

		await db.customers.clear();
		// Nothing left but a mark saying everything changed (for a rebuild reading meanwhile).
		expect(await db.packs.toArray()).toEqual([
			{ key: ['d', 'f', expect.any(String)], all: true, text: true },
			{ key: ['d', 't', expect.any(String)], all: true }
		]);
		const empty = await dashboardFromDb(options);
		expect(withoutCost(empty)).toEqual(withoutCost(await expected(db)));
		expect(empty.quality.customers).toBe(0);
	});

	it('drops an anonymised customer’s phones from the blocks at once, keeping their place', async () => {
		const db = await resetDbForTests();
		await seed(db);
		await db.customers.update('b', { phones: [], phoneKeys: [] });
		await db.customers.update('c', { phoneKeys: ['+84987654321'] });
		await dashboardFromDb(options);
		const blockOf = async () => {
			const [lo, hi] = kindRange('f');
			const [b] = (await db.packs
				.where(':id')
				.between(lo, hi, true, false)
				.toArray()) as FactsBlock[];
			return unpackBlock(b);
		};
		expect((await blockOf()).find((e) => e.id === 'c')!.phones).toEqual([84987654321]);
		const c = (await db.customers.get('c'))!;
		await db.customers.put({ ...c, phones: [], phoneKeys: [], anonymisedAt: 1 });
		const after = await blockOf();
		expect(after.find((e) => e.id === 'c')!.phones).toEqual([]);
		expect(after.find((e) => e.id === 'a')!.phones).toEqual([84912345678]);
		const got = await dashboardFromDb(options);
		expect(withoutCost(got)).toEqual(withoutCost(await expected(db)));
	});

	it('fills the last block, then starts new ones, and drops a block left empty', async () => {
		const db = await resetDbForTests();
		const many = Array.from({ length: FACTS_BLOCK + 10 }, (_, i) =>
			customer(`m${String(i).padStart(5, '0')}`)
		);
		await db.customers.bulkAdd(many.slice(0, 10));
		await dashboardFromDb(options);
		await db.customers.bulkAdd(many.slice(10));
		const got = await dashboardFromDb(options);
		expect(got.quality.customers).toBe(FACTS_BLOCK + 10);
		const [lo, hi] = kindRange('f');
		const blocks = (await db.packs
			.where(':id')
			.between(lo, hi, true, false)
			.toArray()) as FactsBlock[];
		expect(blocks.map((b) => b.ids.length)).toEqual([FACTS_BLOCK, 10]);
		await db.customers.bulkDelete(blocks[1].ids);
		const after = await dashboardFromDb(options);
		expect(after.quality.customers).toBe(FACTS_BLOCK);
		expect(await db.packs.where(':id').between(lo, hi, true, false).count()).toBe(1);
	});

	it('leaves a day marked when a sale names a customer the blocks do not have yet', async () => {
		const db = await resetDbForTests();
		await seed(db);
		await dashboardFromDb(options);
		// A sale whose customer arrives later (as when a write lands between the two reads).
		await db.purchases.add(purchase('p9', 'ghost', '2026-03-09', 10));
		const first = await dashboardFromDb(options);
		expect(first.current.revenue).toBe(630);
		expect(await marks(db)).toBe(1);
		await db.customers.add(customer('ghost'));
		await restat(db);
		const second = await dashboardFromDb(options);
		expect(second.current.revenue).toBe(640);
		expect(withoutCost(second)).toEqual(withoutCost(await expected(db)));
		expect(await marks(db)).toBe(0);
	});

	it('lists the customers behind each number: as many as it counts, and the right ones', async () => {
		const db = await resetDbForTests();
		await seed(db);
		const d = await dashboardFromDb(options);
		const c = d.current;
		const counts: [Parameters<typeof membersFromDb>[1], number][] = [
			['buyers', c.buyers],
			['new', c.newCustomers],
			['returning', c.returningCustomers],
			['cared', c.caredBuyers],
			['notCared', c.buyers - c.caredBuyers],
			['lost', c.lostCustomers],
			['referred', c.referralsMade],
			['returned90', c.returnRate[90].returned],
			['notReturned90', c.returnRate[90].eligible - c.returnRate[90].returned],
			['missingPhone', d.quality.missingPhone],
			['sharedPhone', d.quality.sharedPhone],
			['problems', d.quality.customers - d.quality.clean]
		];
		for (const [measure, n] of counts) {
			expect((await membersFromDb(options, measure)).length, measure).toBe(n);
		}
		expect((await membersFromDb(options, 'buyers')).sort()).toEqual(['a', 'b', 'c']);
		expect((await membersFromDb(options, 'new')).sort()).toEqual(['b', 'c']);
		expect(await membersFromDb(options, 'missingPhone')).toEqual(['d']);
		expect((await membersFromDb(options, 'referredBuyers')).sort()).toEqual(['b']);
	});
});
