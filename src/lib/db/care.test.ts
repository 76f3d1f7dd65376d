import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CARE_PLANS } from '$lib/domain/care';
import { recordReads } from '../../../tests/fixtures/db/reads';
import {
	getCarePlan,
	getShopProfile,
	getStaff,
	resetCarePlan,
	runDailyCare,
	setCarePlan,
	setShopProfile,
	setStaff
} from './care';
import { createCustomer, trashCustomers } from './customers';
import { resetDbForTests, type SoKhachDB } from './db';
import { peekUndo } from './history';
import { InputError } from './input';
import { completeReminder } from './reminders';

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
});

describe('care settings', () => {
	it('starts with a nameless general shop, its default plan and no staff', async () => {
		expect(await getShopProfile()).toEqual({ name: '', businessType: 'general' });
		expect(await getCarePlan()).toEqual(DEFAULT_CARE_PLANS.general);
		expect(await getStaff()).toEqual([]);
	});

	it('follows the business type, and keeps the owner’s plan for that type only', async () => {
		await setShopProfile({ name: ' Spa Hoa ', businessType: 'spa' });
		expect(await getShopProfile()).toEqual({ name: 'Spa Hoa', businessType: 'spa' });
		expect(await getCarePlan()).toEqual(DEFAULT_CARE_PLANS.spa);

		const own = { ...DEFAULT_CARE_PLANS.spa, birthdayLeadDays: 10 };
		await setCarePlan(own);
		expect(await getCarePlan()).toEqual(own);
		await setShopProfile({ name: 'Spa Hoa', businessType: 'cafe' });
		expect(await getCarePlan()).toEqual(DEFAULT_CARE_PLANS.cafe);
		await setShopProfile({ name: 'Spa Hoa', businessType: 'spa' });
		expect((await getCarePlan()).birthdayLeadDays).toBe(10);
		await resetCarePlan();
		expect(await getCarePlan()).toEqual(DEFAULT_CARE_PLANS.spa);
	});

	it('refuses a plan with problems or of another trade', async () => {
		await expect(
			setCarePlan({ ...DEFAULT_CARE_PLANS.general, birthdayLeadDays: -1 })
		).rejects.toBeInstanceOf(InputError);
		await expect(setCarePlan(DEFAULT_CARE_PLANS.spa)).rejects.toMatchObject({
			field: 'plan',
			problem: 'value-invalid'
		});
	});

	it('keeps staff names trimmed and without repeats, off the undo stack', async () => {
		await setStaff([' Thảo ', 'Minh', '', 'Thảo']);
		expect(await getStaff()).toEqual(['Thảo', 'Minh']);
		expect(await peekUndo()).toBeNull();
	});
});

describe('runDailyCare', () => {
	const TODAY = '2026-03-10';

	async function book() {
		const soon = await createCustomer({ name: 'Sắp sinh nhật', birthday: '12/03/1990' });
		const yearless = await createCustomer({ name: 'Không năm', birthday: '20/03' });
		const later = await createCustomer({ name: 'Còn lâu', birthday: '25/03/1985' });
		const trashed = await createCustomer({ name: 'Trong thùng rác', birthday: '11/03/1990' });
		const none = await createCustomer({ name: 'Không ngày sinh' });
		await trashCustomers([trashed.id]);
		return { soon, yearless, later, trashed, none };
	}

	it('adds birthday reminders for the plan’s lead days plus a week, skipping the trash', async () => {
		const { soon, yearless } = await book();
		const undoBefore = await peekUndo();

		expect(await runDailyCare(TODAY)).toEqual({ ran: true, created: 2 });

		const reminders = await db.reminders.orderBy('due').toArray();
		expect(reminders.map((r) => [r.id, r.kind, r.due, r.dueEnd])).toEqual([
			[`birthday:${soon.id}:2026`, 'birthday', '2026-03-09', '2026-03-12'],
			[`birthday:${yearless.id}:2026`, 'birthday', '2026-03-17', '2026-03-20']
		]);
		// A system batch: logged, but Ctrl+Z still undoes the user's last action.
		expect((await peekUndo())?.id).toBe(undoBefore?.id);
		const batch = (await db.batches.toArray()).find((b) => b.label === 'change_daily_care');
		expect(batch).toMatchObject({ origin: 'system', state: 'final', params: { count: 2 } });
		const logged = await db.changes
			.where('batchId')
			.equals(batch?.id ?? '')
			.toArray();
		expect(logged.filter((c) => c.table === 'reminders').map((c) => c.op)).toEqual([
			'create',
			'create'
		]);
	});

	it('runs once a day, and never makes a second reminder for this year’s birthday', async () => {
		const { soon } = await book();
		await runDailyCare(TODAY);
		const batches = await db.batches.count();
		expect(await runDailyCare(TODAY)).toEqual({ ran: false, created: 0 });
		expect(await db.batches.count()).toBe(batches);

		await completeReminder(`birthday:${soon.id}:2026`, {
			channel: 'zalo',
			summary: 'Đã chúc mừng',
			staff: ''
		});
		expect(await runDailyCare('2026-03-11')).toEqual({ ran: true, created: 0 });
		expect((await db.reminders.get(`birthday:${soon.id}:2026`))?.status).toBe('done');
		const logged = await db.changes
			.where('[table+rowId]')
			.equals(['reminders', `birthday:${soon.id}:2026`])
			.toArray();
		expect(logged.filter((c) => c.op === 'create')).toHaveLength(1);
	});

	it('looks across the new year', async () => {
		const c = await createCustomer({ name: 'Đầu năm', birthday: '03/01/1990' });
		await runDailyCare('2026-12-28');
		expect((await db.reminders.get(`birthday:${c.id}:2027`))?.dueEnd).toBe('2027-01-03');
	});

	it('finds birthdays through the birthdayMD index, never a scan of the customers', async () => {
		await book();
		const { reads, stop } = recordReads();
		try {
			await runDailyCare(TODAY);
		} finally {
			stop();
		}
		const customerReads = reads.filter((r) => r.store === 'customers');
		expect(customerReads.length).toBeGreaterThan(0);
		expect(customerReads.every((r) => r.index === 'birthdayMD' && r.bounded)).toBe(true);
	});

	it('refuses a malformed day', async () => {
		await expect(runDailyCare('10/03/2026')).rejects.toMatchObject({ problem: 'date-invalid' });
	});
});
