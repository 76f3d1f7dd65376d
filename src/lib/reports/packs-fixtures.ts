/**
 * A small book and its reference for the packs tests (packs-read.test.ts, packs-review.test.ts):
 * the dashboard from packs must be the dashboard `computeDashboard` gives over every record.
 */
import type { SoKhachDB } from '$lib/db/db';
import { factsOf } from '$lib/db/facts';
import { buildCustomer } from '$lib/domain/customer';
import { kindRange, type FactsBlock } from '$lib/db/packs';
import type { Interaction, Purchase } from '$lib/domain/types';
import { computeDashboard, type Dashboard, type ReportOptions } from './measures';
import { periodContaining } from './period';

export const options: ReportOptions = {
	period: periodContaining('month', '2026-03-01'),
	today: '2026-04-20',
	lostAfterDays: 40
};

export const customer = (id: string, extra: Record<string, unknown> = {}) => ({
	...buildCustomer(
		{ name: `Khách ${id}`, phones: '0912 345 678' },
		{ id, now: Date.UTC(2026, 2, 1) }
	),
	...extra
});

export const purchase = (
	id: string,
	customerId: string,
	date: string,
	amount: number
): Purchase => ({
	id,
	customerId,
	date,
	items: '',
	amount,
	channel: '',
	staff: amount > 100 ? 'Lan' : ' Hoa ',
	note: '',
	aftercare: { done: {}, chance: null },
	createdAt: 0,
	updatedAt: 0
});

/** 12:00 in Việt Nam on an ISO day. */
export const noon = (iso: string) => Date.parse(`${iso}T12:00:00+07:00`);

export const contact = (
	id: string,
	customerId: string,
	at: number,
	kind = 'call'
): Interaction => ({
	id,
	customerId,
	at,
	kind: kind as Interaction['kind'],
	channel: 'phone',
	sentiment: null,
	reminderId: id.endsWith('r') ? 'rem' : null,
	summary: '',
	staff: 'Lan',
	createdAt: 0,
	updatedAt: 0
});

/** Stats as the repositories keep them, from the purchases in the table. */
export async function restat(db: SoKhachDB): Promise<void> {
	const purchases = await db.purchases.toArray();
	const customers = await db.customers.toArray();
	for (const c of customers) {
		const mine = purchases.filter((p) => p.customerId === c.id && p.deletedAt === undefined);
		const dates = mine.map((p) => p.date).sort();
		await db.customers.put({
			...c,
			stats: {
				count: mine.length,
				total: mine.reduce((s, p) => s + p.amount, 0),
				first: dates[0] ?? null,
				last: dates.at(-1) ?? null
			}
		});
	}
}

export async function expected(db: SoKhachDB, o: ReportOptions = options): Promise<Dashboard> {
	return computeDashboard(
		(await db.customers.toArray()).map(factsOf),
		await db.purchases.toArray(),
		await db.interactions.toArray(),
		o
	);
}

export const withoutCost = ({ cost, ...rest }: Dashboard) => {
	void cost;
	return rest;
};

/** Marks the reports have not consumed yet; the text blocks' ('t') are the duplicate engine's. */
export async function marks(db: SoKhachDB): Promise<number> {
	let n = 0;
	for (const kind of ['f', 'p', 'i']) {
		const [lo, hi] = kindRange('d', kind);
		n += await db.packs.where(':id').between(lo, hi, true, false).count();
	}
	return n;
}

export async function blocks(db: SoKhachDB): Promise<FactsBlock[]> {
	const [lo, hi] = kindRange('f');
	return (await db.packs.where(':id').between(lo, hi, true, false).toArray()) as FactsBlock[];
}

export async function seed(db: SoKhachDB): Promise<void> {
	await db.customers.bulkAdd([
		customer('a'),
		customer('b', { referredBy: 'a' }),
		customer('c'),
		customer('d', { phones: [], phoneKeys: [] })
	]);
	await db.purchases.bulkAdd([
		purchase('p1', 'a', '2026-02-10', 100),
		purchase('p2', 'a', '2026-03-05', 250),
		purchase('p3', 'b', '2026-03-07', 80),
		purchase('p4', 'b', '2026-04-02', 90),
		purchase('p5', 'c', '2026-03-31', 300)
	]);
	await db.interactions.bulkAdd([
		contact('i1', 'a', noon('2026-03-06')),
		contact('i2r', 'b', noon('2026-03-20')),
		contact('i3', 'c', noon('2026-03-31'), 'note'),
		contact('i4', 'c', noon('2026-02-27'))
	]);
	await restat(db);
}
