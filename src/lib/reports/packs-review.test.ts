/**
 * Review of the packs (db/packs.ts, reports/packs-read.ts): each test is a case where the
 * dashboard from packs could differ from the dashboard computed from every record, a mark could
 * be lost, or a pack could keep what it must not. The reference is always `computeDashboard`
 * over `facts`, `purchases` and `interactions`, as in packs-read.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { resetDbForTests, type SoKhachDB } from '$lib/db/db';
import { dayNumber, isoOfDayNumber } from '$lib/domain/stages';
import { FACTS_BLOCK, isoDay, type PurchaseDay } from '$lib/db/packs';
import { anonymiseCustomer, eraseCustomer } from '$lib/db/erase';
import { createCustomer } from '$lib/db/customers';
import { createPurchase } from '$lib/db/purchases';
import { redo, undoBatch } from '$lib/db/history';
import type { ReportOptions } from './measures';
import { periodContaining } from './period';
import { dashboardFromDb } from './read';
import { loadFacts, loadPacks } from './packs-read';
import {
	blocks,
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

/** The dashboard from packs is the one from the records; `left` marks name days out of range. */
async function agrees(
	db: SoKhachDB,
	what: string,
	o: ReportOptions = options,
	left = 0
): Promise<void> {
	const got = await dashboardFromDb(o);
	expect(withoutCost(got), what).toEqual(withoutCost(await expected(db, o)));
	expect(await marks(db), what).toBe(left);
}

const day = (iso: string) => dayNumber(iso);

describe('packs review', () => {
	// BUG (fixed in packs-read.ts, rebuildDays): a patched day re-added every changed record now on
	// it, also those another day's mark named. A sale moved from e to d leaves a mark on e once d
	// is patched by a request that does not reach e; when a later request patches e and d in one
	// window (d marked again by another sale), the moved sale came back into d a second time.
	it('does not count a moved sale twice when its old and new days are patched together', async () => {
		const db = await resetDbForTests();
		await seed(db);
		const e = '2026-01-31';
		const d = '2026-02-05';
		await db.purchases.add(purchase('r', 'c', e, 1000));
		await restat(db);
		const contacts: [number, number] = [day(d), day(d)];
		await loadPacks({ purchases: [day('2026-01-25'), day('2026-04-20')], contacts });
		await db.purchases.update('r', { date: d });
		// A request that reaches d (patched: r added) but not e (its mark stays, naming r).
		await loadPacks({ purchases: [day('2026-02-01'), day('2026-04-20')], contacts });
		await db.purchases.add(purchase('s', 'a', d, 7));
		await restat(db);
		// e and d, both marked with ids, in one window of DAYS_PER_REBUILD days.
		await loadPacks({ purchases: [day('2026-01-25'), day('2026-04-20')], contacts });
		const pack = (await db.packs.get(['p', day(d)])) as PurchaseDay;
		expect(Array.from(pack.amount).sort()).toEqual([1000, 7]);
		await agrees(db, 'February', { ...options, period: periodContaining('month', d) });
	});

	// BUG (fixed in packs.ts, isoDay): isoDay read '2026-02-30' as 2 March (Date.UTC rolls over),
	// so the reference counted such a sale on 2 March, but a day pack built from its records reads
	// the `date` index between '2026-03-02' and '2026-03-02' and never finds it. Years 0–99 were
	// read as 1900–1999 the same way. isoDay now takes real dates only, as dayNumber does.
	it('counts a sale with an impossible date nowhere, in the packs as in the records', async () => {
		const db = await resetDbForTests();
		await seed(db);
		await db.purchases.add(purchase('bad', 'a', '2026-02-30', 1000));
		await agrees(db, 'built with the sale there');
		await db.purchases.add(purchase('bad2', 'b', '2026-02-31', 500));
		await db.purchases.update('p2', { date: '2026-02-29' });
		await agrees(db, 'patched');
	});

	it('reads only real days as day numbers, as dayNumber does', () => {
		expect(isoDay('2026-02-30')).toBeNaN();
		expect(isoDay('2026-13-01')).toBeNaN();
		expect(isoDay('2026-00-10')).toBeNaN();
		expect(isoDay('2025-02-29')).toBeNaN();
		expect(isoDay('2024-02-29')).toBe(day('2024-02-29'));
		expect(isoDay('1900-03-01')).toBe(day('1900-03-01'));
		expect(isoDay('0099-03-10')).toBe(day('0099-03-10'));
		expect(isoDay('1969-12-31')).toBe(-1);
		for (let d = day('1999-12-25'); d < day('2001-03-05'); d++) {
			expect(isoDay(isoOfDayNumber(d))).toBe(d);
		}
	});

	// Found in review: a customer deleted for good leaves the blocks, but day packs keep naming
	// their purchases and contacts by the old ordinal; when the id comes back (a restore in merge
	// mode, an undo putting the record back) it gets a new ordinal. Fixed in patch(): a customer
	// new to the blocks who has bought already marks every day, so the day packs are built again
	// with the ordinal they have now. BUG (fixed in packs-facts.ts, patch, later): one with
	// contacts and no purchase marked nothing, so their contacts stayed under the old ordinal and
	// dropped out of the counts until their day was written again; their contact days are marked.
	it.each([
		['the sales of a customer', 'c'],
		['the contacts of a customer without purchases', 'd']
	])('counts %s deleted for good and put back', async (_what, id) => {
		const db = await resetDbForTests();
		await seed(db);
		await db.interactions.add(contact('i5', 'd', noon('2026-03-15')));
		await agrees(db, 'first');
		const c = (await db.customers.get(id))!;
		await db.customers.delete(id);
		await agrees(db, `${id} deleted, their records left without a customer`);
		await db.customers.add(c);
		await agrees(db, `${id} back`);
	});

	// The same case through the app: a customer made in one step, a sale to them in the next, the
	// first step undone on its own (undoBatch: the imports page undoes an import by its id, the
	// sale stays), then redone. The customer comes back with a new ordinal and the days are
	// packed again.
	it('counts the sale of a customer undone and redone after the sale', async () => {
		const db = await resetDbForTests();
		await seed(db);
		const made = await createCustomer({ name: 'Lan', phones: '0912 000 111' });
		const step = (await db.batches.orderBy(':id').last())!;
		await createPurchase(
			{
				customerId: made.id,
				date: '2026-03-10',
				items: '',
				amount: 500,
				channel: '',
				staff: '',
				note: ''
			},
			{ today: '2026-04-20' }
		);
		await agrees(db, 'built');
		expect(await undoBatch(step.id)).not.toBeNull();
		expect(await db.customers.get(made.id)).toBeUndefined();
		await agrees(db, 'the customer undone, the sale left');
		await redo();
		expect(await db.customers.get(made.id)).toBeDefined();
		await agrees(db, 'the customer redone');
	});

	// BUG (fixed in packs-read.ts: PacksMeta.epoch, checked before days are read or packed, the
	// request starting again when it changed): the ordinals of the blocks a request loaded are
	// only good while those blocks are.
	// Another tab may clear the customers (a replace restore, a new sample) and build the blocks
	// again, with new ordinals, between this request's facts and its days: the days this request
	// then packs name customers by the old ordinals, and stay unmarked, wrong until written again.
	it('does not pack days with the ordinals of blocks another tab has since replaced', async () => {
		const db = await resetDbForTests();
		await seed(db);
		await agrees(db, 'first');
		await db.purchases.add(purchase('p6', 'c', '2026-03-12', 40));
		await restat(db);
		// The other tab's restore lands after this request's facts, before its days.
		const transaction = db.transaction.bind(db) as (...args: unknown[]) => unknown;
		let once = true;
		(db as unknown as { transaction: unknown }).transaction = (...args: unknown[]) => {
			if (once && args[0] === 'rw' && args.includes(db.purchases)) {
				once = false;
				return (async () => {
					const book = await db.customers.toArray();
					await db.customers.clear();
					// One more customer, first by id: every ordinal of the rebuilt blocks moves by one.
					await db.customers.bulkAdd([customer('0'), ...book]);
					await loadFacts();
					return transaction(...args);
				})();
			}
			return transaction(...args);
		};
		try {
			await dashboardFromDb(options);
		} finally {
			delete (db as unknown as { transaction?: unknown }).transaction;
		}
		expect(once).toBe(false);
		await agrees(db, 'after the other tab’s restore');
	});

	it('follows every DBCore shape of a write', async () => {
		const db = await resetDbForTests();
		await seed(db);
		await agrees(db, 'first');
		const steps: [string, () => Promise<unknown>][] = [
			[
				'bulkUpdate (put with keys and updates)',
				() =>
					db.purchases.bulkUpdate([
						{ key: 'p1', changes: { date: '2026-03-03' } },
						{ key: 'p4', changes: { amount: 95 } }
					])
			],
			[
				'modify through an index',
				() => db.purchases.where('customerId').equals('b').modify({ staff: 'Mai' })
			],
			[
				'modify that matches nothing',
				() => db.purchases.where('customerId').equals('zz').modify({ staff: 'x' })
			],
			[
				'modify by a function',
				() =>
					db.interactions
						.where('customerId')
						.equals('a')
						.modify((i) => {
							i.at = noon('2026-03-02');
						})
			],
			['upsert', () => db.purchases.upsert('p9', purchase('p9', 'd', '2026-03-09', 60))],
			['put with an explicit key', () => db.purchases.put(purchase('p10', 'd', '2026-03-11', 61))],
			[
				'a primary key range deleted (deleteRange with a range)',
				() => db.purchases.where(':id').between('p10', 'p9', true, true).delete()
			],
			['a contact range deleted', () => db.interactions.where(':id').equals('i4').delete()],
			['a customer range deleted', () => db.customers.where(':id').equals('d').delete()],
			[
				'a primary key changed by modify (add and delete)',
				() =>
					db.purchases
						.where(':id')
						.equals('p5')
						.modify((p) => {
							p.id = 'p5b';
							p.date = '2026-03-29';
						})
			],
			[
				'an add failing inside a bulkAdd whose transaction goes on',
				() =>
					db.transaction('rw', db.purchases, async () => {
						await db.purchases
							.bulkAdd([
								purchase('p2', 'a', '2026-03-25', 999),
								purchase('p11', 'a', '2026-03-26', 11)
							])
							.catch(() => undefined);
					})
			]
		];
		for (const [what, write] of steps) {
			await write();
			await restat(db);
			await agrees(db, what);
		}
	});

	it('erases and anonymises through the real paths, leaving no copy in the packs', async () => {
		const db = await resetDbForTests();
		await seed(db);
		await db.customers.update('c', { phoneKeys: ['+84987654321'] });
		await agrees(db, 'first');
		await eraseCustomer('b', 'customer-request');
		const afterErase = await blocks(db);
		expect(afterErase.flatMap((b) => b.ids)).not.toContain('b');
		await anonymiseCustomer('c', 'customer-request');
		const entries = await blocks(db);
		const phones = entries.flatMap((b) => Array.from(b.phones));
		expect(phones).not.toContain(84987654321);
		await restat(db);
		await agrees(db, 'after erase and anonymise');
	});

	it('counts contacts on the shop day in Việt Nam, at both ends of the day', async () => {
		const db = await resetDbForTests();
		await seed(db);
		await agrees(db, 'first');
		const start = Date.parse('2026-03-31T00:00:00+07:00');
		await db.interactions.bulkAdd([
			contact('e1', 'c', start - 1),
			contact('e2', 'c', start),
			contact('e3', 'b', start + 86_400_000 - 1),
			contact('e4', 'b', Date.parse('2026-04-14T23:59:59.999+07:00')),
			contact('e5', 'a', Date.parse('2026-04-15T00:00:00+07:00'))
		]);
		// e5 is a day after the last the period reads (31/03 + 14 care days): its mark waits.
		await agrees(db, 'contacts at midnight', options, 1);
		await db.interactions.update('e2', { at: start - 2 });
		await agrees(db, 'moved across midnight', options, 1);
	});

	// BUG (fixed in packed.ts, contactDayOf): a contact whose `at` is no moment (a number beyond
	// any Date, a string from an old or hand-edited backup) got a day number out of Int32 range,
	// which the reference's day lists (Int32Array) wrapped onto a real day: 2^32 days after
	// 31/03 counted as a care contact on 31/03. The packs never read it (the `at` index range), as
	// the middleware never marks it. Such a contact now has no day, in both.
	it('gives a contact whose time is no moment no day, in the records as in the packs', async () => {
		const db = await resetDbForTests();
		await seed(db);
		const wrapped = (day('2026-03-31') + 2 ** 32) * 86_400_000 + 5 * 3_600_000;
		await db.interactions.add(contact('w1', 'c', wrapped));
		await agrees(db, 'a contact 2^32 days after 31/03');
		await db.interactions.add({
			...contact('w2', 'b', 0),
			at: String(noon('2026-03-25')) as unknown as number
		});
		await agrees(db, 'a contact at a time written as text');
		await db.interactions.add(contact('w3', 'a', Number.NaN));
		await agrees(db, 'a contact at NaN');
	});

	it('keeps ordinals unique through full blocks, deletes and new customers', async () => {
		const db = await resetDbForTests();
		const many = Array.from({ length: FACTS_BLOCK }, (_, i) =>
			customer(`m${String(i).padStart(5, '0')}`)
		);
		await db.customers.bulkAdd(many);
		await db.purchases.add(purchase('q1', 'm03999', '2026-03-10', 5));
		await agrees(db, 'exactly one block');
		expect((await blocks(db)).map((b) => b.ids.length)).toEqual([FACTS_BLOCK]);
		await db.customers.add(customer('n1'));
		await db.purchases.add(purchase('q2', 'n1', '2026-03-11', 6));
		await agrees(db, 'one more');
		expect((await blocks(db)).map((b) => b.ids.length)).toEqual([FACTS_BLOCK, 1]);
		await db.customers.delete('n1');
		await agrees(db, 'the second block emptied');
		await db.customers.bulkDelete(['m00000', 'm00001']);
		await db.customers.bulkAdd([customer('n2'), customer('n3')]);
		await db.purchases.add(purchase('q3', 'n3', '2026-03-12', 7));
		await agrees(db, 'refilled');
		const ords = (await blocks(db)).flatMap((b) => Array.from(b.ord));
		expect(new Set(ords).size).toBe(ords.length);
	});
});
