import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CARE_PLANS } from '$lib/domain/care';
import type { Customer } from '$lib/domain/types';
import { setCarePlan, setShopProfile } from './care';
import { createCustomer, getCustomer, trashCustomers, updateCustomer } from './customers';
import { resetDbForTests, type SoKhachDB } from './db';
import { NotFoundError } from './errors';
import { peekUndo, undo } from './history';
import { InputError } from './input';
import {
	createPurchase,
	getPurchase,
	listPurchases,
	restorePurchase,
	setAftercareStep,
	setRepurchaseChance,
	trashPurchase,
	updatePurchase,
	type PurchaseInput
} from './purchases';
import { listReminders } from './reminders';

const TODAY = '2026-03-10';
let db: SoKhachDB;
let huong: Customer;

beforeEach(async () => {
	db = await resetDbForTests();
	huong = await createCustomer({ name: 'Nguyễn Thị Hương', phones: '0912 345 678' });
});

function sale(overrides: Partial<PurchaseInput> = {}): PurchaseInput {
	return {
		customerId: huong.id,
		date: TODAY,
		items: 'Áo dài lụa',
		amount: 1_250_000,
		channel: 'Tại cửa hàng',
		staff: 'Thảo',
		note: '',
		...overrides
	};
}

const buy = (overrides: Partial<PurchaseInput> = {}) =>
	createPurchase(sale(overrides), { today: TODAY });

/** "step status due" of each of the customer's reminders, for compact assertions. */
async function reminderLines(customerId = huong.id): Promise<string[]> {
	return (await listReminders(customerId)).map((r) => `${r.step} ${r.status} ${r.due}`);
}

describe('createPurchase', () => {
	it('stores the sale, its stats and the care plan’s reminders as one undoable step', async () => {
		const p = await buy();
		expect(await getPurchase(p.id)).toMatchObject({
			customerId: huong.id,
			date: TODAY,
			amount: 1_250_000,
			aftercare: { done: {}, chance: null }
		});
		expect((await getCustomer(huong.id))?.stats).toEqual({
			count: 1,
			total: 1_250_000,
			first: TODAY,
			last: TODAY
		});
		expect(await reminderLines()).toEqual([
			'd3 open 2026-03-13',
			'd7 open 2026-03-17',
			'd30 open 2026-04-09',
			'd60 open 2026-05-09',
			'd180 open 2026-09-06'
		]);
		const reminders = await listReminders(huong.id);
		expect(reminders.map((r) => r.id)).toContain(`${p.id}:d3`);
		expect(reminders.every((r) => r.sourcePurchaseId === p.id)).toBe(true);
		expect(await peekUndo()).toMatchObject({
			label: 'change_purchase_create',
			params: { name: 'Nguyễn Thị Hương' },
			count: 7
		});

		await undo();
		expect(await getPurchase(p.id)).toBeUndefined();
		expect(await listReminders(huong.id)).toEqual([]);
		expect((await getCustomer(huong.id))?.stats).toEqual({
			count: 0,
			total: 0,
			first: null,
			last: null
		});
	});

	it('refuses a future or malformed date and a non-integer or negative amount', async () => {
		const refused = async (input: Partial<PurchaseInput>) =>
			(await buy(input).catch((e: unknown) => e)) as InputError;
		expect(await refused({ date: '2026-03-11' })).toMatchObject({
			field: 'date',
			problem: 'date-future'
		});
		expect(await refused({ date: '10/03/2026' })).toMatchObject({ problem: 'date-invalid' });
		expect(await refused({ date: '2026-02-30' })).toMatchObject({ problem: 'date-invalid' });
		expect(await refused({ amount: -1 })).toMatchObject({ problem: 'money-invalid' });
		expect(await refused({ amount: 1.5 })).toMatchObject({ problem: 'money-invalid' });
		expect(await db.purchases.count()).toBe(0);
	});

	it('refuses a customer in the trash or unknown, writing nothing', async () => {
		await trashCustomers([huong.id]);
		const batches = await db.batches.count();
		await expect(buy()).rejects.toBeInstanceOf(InputError);
		await expect(buy()).rejects.toMatchObject({ problem: 'customer-trashed' });
		await expect(buy({ customerId: 'nobody' })).rejects.toBeInstanceOf(NotFoundError);
		expect(await db.purchases.count()).toBe(0);
		expect(await db.batches.count()).toBe(batches);
	});

	it('cancels the earlier sale’s open repurchase and reactivation reminders, not its aftercare', async () => {
		const first = await createPurchase(sale({ date: '2026-03-01' }), { today: '2026-03-01' });
		const second = await buy({ amount: 500_000 });
		const earlier = (await listReminders(huong.id)).filter((r) => r.sourcePurchaseId === first.id);
		expect(earlier.map((r) => `${r.step} ${r.status}`)).toEqual([
			'd3 open',
			'd7 open',
			'd30 open',
			'd60 cancelled',
			'd180 cancelled'
		]);
		expect(earlier.find((r) => r.step === 'd60')?.closedAt).toBeGreaterThan(0);
		expect((await getCustomer(huong.id))?.stats).toEqual({
			count: 2,
			total: 1_750_000,
			first: '2026-03-01',
			last: TODAY
		});
		// One undo takes the second sale back, cancellations included.
		await undo();
		expect(await getPurchase(second.id)).toBeUndefined();
		expect((await listReminders(huong.id, { status: 'cancelled' })).map((r) => r.id)).toEqual([]);
	});

	it('plans a sale typed in weeks late with one catch-up due today instead of a pile of overdue calls', async () => {
		await buy({ date: '2026-01-20' });
		const open = await listReminders(huong.id, { status: 'open' });
		expect(open.filter((r) => r.due <= TODAY).map((r) => `${r.step} ${r.due}`)).toEqual([
			`d30 ${TODAY}`
		]);
	});

	it('follows the shop’s business type and the owner’s own plan', async () => {
		await setShopProfile({ name: 'Spa Hoa', businessType: 'spa' });
		await buy();
		expect((await listReminders(huong.id)).map((r) => r.step)).toEqual([
			'd3',
			'd7',
			'd21',
			'd28',
			'd120'
		]);
		await setCarePlan({
			...DEFAULT_CARE_PLANS.spa,
			cycles: [{ id: 'goi', by: 'product', match: 'gội đầu', days: 30 }]
		});
		const p = await buy({ items: 'Gội đầu dưỡng sinh' });
		const own = (await listReminders(huong.id)).filter((r) => r.sourcePurchaseId === p.id);
		expect(own.map((r) => r.step)).toEqual(['d3', 'd7', 'd21', 'cycle:goi', 'd120']);
	});

	it('uses the customer’s tags for tag cycles', async () => {
		await setCarePlan({
			...DEFAULT_CARE_PLANS.general,
			cycles: [{ id: 'vip', by: 'tag', match: 'tag-vip', days: 14 }]
		});
		await updateCustomer(huong.id, { tags: ['tag-vip'] });
		await buy();
		expect((await listReminders(huong.id)).map((r) => r.step)).toContain('cycle:vip');
	});
});

describe('updatePurchase', () => {
	it('keeps stats in step with the amount', async () => {
		const p = await buy();
		await updatePurchase(p.id, { amount: 900_000, note: '  giảm giá  ' }, { today: TODAY });
		expect((await getCustomer(huong.id))?.stats.total).toBe(900_000);
		expect((await getPurchase(p.id))?.note).toBe('giảm giá');
		expect(await peekUndo()).toMatchObject({
			label: 'change_purchase_update',
			params: { name: 'Nguyễn Thị Hương' }
		});
	});

	it('moves the open reminders still ahead when the date changes, keeping done and due ones', async () => {
		const p = await createPurchase(sale({ date: '2026-03-01' }), { today: '2026-03-01' });
		// Day 3 was done; day 7 (the 8th) is due; the rest lie ahead.
		await db.reminders.update(`${p.id}:d3`, { status: 'done', closedAt: 1 });
		await updatePurchase(p.id, { date: '2026-03-05' }, { today: TODAY });
		expect(await reminderLines()).toEqual([
			'd3 done 2026-03-04',
			'd7 open 2026-03-08',
			'd30 open 2026-04-04',
			'd60 open 2026-05-04',
			'd180 open 2026-09-01'
		]);
		expect((await getCustomer(huong.id))?.stats.first).toBe('2026-03-05');
	});

	it('refuses a future date', async () => {
		const p = await buy();
		await expect(
			updatePurchase(p.id, { date: '2027-01-01' }, { today: TODAY })
		).rejects.toMatchObject({ problem: 'date-future' });
	});
});

describe('trashPurchase and restorePurchase', () => {
	it('cancels the sale’s open reminders and recomputes stats; restoring reopens them', async () => {
		const keep = await createPurchase(sale({ date: '2026-02-01', amount: 100_000 }), {
			today: '2026-02-01'
		});
		const p = await buy();
		await db.reminders.update(`${p.id}:d3`, { status: 'done', closedAt: 1 });
		expect(await trashPurchase(p.id)).toBe(true);
		expect((await getCustomer(huong.id))?.stats).toEqual({
			count: 1,
			total: 100_000,
			first: '2026-02-01',
			last: '2026-02-01'
		});
		const own = (await listReminders(huong.id)).filter((r) => r.sourcePurchaseId === p.id);
		expect(own.map((r) => `${r.step} ${r.status}`)).toEqual([
			'd3 done',
			'd7 cancelled',
			'd30 cancelled',
			'd60 cancelled',
			'd180 cancelled'
		]);
		expect(await peekUndo()).toMatchObject({ label: 'change_purchase_trash' });
		expect((await listPurchases(huong.id)).map((x) => x.id)).toEqual([keep.id]);
		expect(await trashPurchase(p.id)).toBe(false);

		expect(await restorePurchase(p.id)).toBe(true);
		const back = (await listReminders(huong.id)).filter((r) => r.sourcePurchaseId === p.id);
		expect(back.map((r) => r.status)).toEqual(['done', 'open', 'open', 'open', 'open']);
		expect((await getCustomer(huong.id))?.stats.count).toBe(2);
	});

	it('is undone in one step', async () => {
		const p = await buy();
		await trashPurchase(p.id);
		await undo();
		expect((await getPurchase(p.id))?.deletedAt).toBeUndefined();
		expect((await listReminders(huong.id, { status: 'open' })).length).toBe(5);
		expect((await getCustomer(huong.id))?.stats.count).toBe(1);
	});
});

describe('the after-sale checklist', () => {
	it('ticks a step and closes the sale’s open reminder for it; unticking opens nothing', async () => {
		const p = await buy();
		const ticked = await setAftercareStep(p.id, 'thanks', true);
		expect(ticked.aftercare.done.thanks).toBeGreaterThan(0);
		expect((await db.reminders.get(`${p.id}:d7`))?.status).toBe('done');
		expect(await peekUndo()).toMatchObject({
			label: 'change_aftercare',
			params: { step: 'thanks', name: 'Nguyễn Thị Hương' }
		});
		const unticked = await setAftercareStep(p.id, 'thanks', false);
		expect(unticked.aftercare.done).toEqual({});
		expect((await db.reminders.get(`${p.id}:d7`))?.status).toBe('done');
	});

	it('records the chance of buying again and ticks its step', async () => {
		const p = await buy();
		const set = await setRepurchaseChance(p.id, 'high');
		expect(set.aftercare.chance).toBe('high');
		expect(set.aftercare.done.chance).toBeGreaterThan(0);
		const cleared = await setRepurchaseChance(p.id, null);
		expect(cleared.aftercare).toEqual({ done: {}, chance: null });
	});
});

describe('listPurchases', () => {
	it('lists a customer’s sales newest first, trashed ones only when asked', async () => {
		const a = await createPurchase(sale({ date: '2026-01-05' }), { today: TODAY });
		const b = await buy();
		const c = await createPurchase(sale({ date: '2026-02-05' }), { today: TODAY });
		await trashPurchase(c.id);
		expect((await listPurchases(huong.id)).map((p) => p.id)).toEqual([b.id, a.id]);
		expect((await listPurchases(huong.id, { includeTrashed: true })).map((p) => p.id)).toEqual([
			b.id,
			c.id,
			a.id
		]);
	});
});
