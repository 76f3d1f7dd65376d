import { beforeEach, describe, expect, it } from 'vitest';
import { groupForToday } from '$lib/domain/care';
import type { Customer } from '$lib/domain/types';
import { recordReads } from '../../../tests/fixtures/db/reads';
import { customerRecord, reminderRecord } from '../../../tests/fixtures/db/records';
import { createCustomer, trashCustomers } from './customers';
import { resetDbForTests, withDb } from './db';
import { createPurchase } from './purchases';
import { createCustomReminder, reassignReminder, snoozeReminder } from './reminders';
import { todayView, type TodayView } from './today';

const TODAY = '2026-03-10';
beforeEach(async () => {
	await resetDbForTests();
});

async function buy(customer: Customer, date: string): Promise<string> {
	const p = await createPurchase(
		{
			customerId: customer.id,
			date,
			items: 'Áo dài lụa',
			amount: 1_250_000,
			channel: '',
			staff: '',
			note: ''
		},
		{ today: date }
	);
	return p.id;
}

function lines(view: TodayView): string[] {
	return view.groups.flatMap((g) =>
		g.items.map(
			(i) => `${g.kind} ${i.customer.name} ${i.reminder.step ?? i.reminder.note} +${i.overdueDays}`
		)
	);
}

describe('todayView', () => {
	it('groups what is due or overdue with its customer and sale, most overdue first', async () => {
		const an = await createCustomer({ name: 'An' });
		const binh = await createCustomer({ name: 'Bình' });
		const gone = await createCustomer({ name: 'Đã xoá' });
		const saleAn = await buy(an, '2026-03-01');
		await buy(binh, '2026-03-07');
		await buy(gone, '2026-03-01');
		await trashCustomers([gone.id]);
		await createCustomReminder({ customerId: an.id, due: TODAY, note: 'Gọi lại', assignee: '' });
		await createCustomReminder({
			customerId: binh.id,
			due: '2026-03-11',
			note: 'Mai',
			assignee: ''
		});

		const view = await todayView(TODAY);

		expect(lines(view)).toEqual([
			'aftercare An d3 +6',
			'aftercare An d7 +2',
			'aftercare Bình d3 +0',
			'custom An Gọi lại +0'
		]);
		expect(view.counts).toMatchObject({
			total: 4,
			overdue: 2,
			dueToday: 2,
			byKind: { aftercare: 3, repurchase: 0, reactivation: 0, birthday: 0, custom: 1 }
		});
		const first = view.groups[0].items[0];
		expect(first.purchase).toEqual({
			id: saleAn,
			date: '2026-03-01',
			items: 'Áo dài lụa',
			amount: 1_250_000
		});
		expect(view.groups[1].items[0].purchase).toBeNull();
	});

	it('hides reminders snoozed past today and shows them again once the day comes', async () => {
		const an = await createCustomer({ name: 'An' });
		const sale = await buy(an, '2026-03-01');
		await snoozeReminder(`${sale}:d3`, '2026-03-12');
		await snoozeReminder(`${sale}:d7`, TODAY);
		expect(lines(await todayView(TODAY))).toEqual(['aftercare An d7 +2']);
		expect(lines(await todayView('2026-03-12'))).toEqual([
			'aftercare An d3 +8',
			'aftercare An d7 +4'
		]);
	});

	it('narrows to one staff member and the reminders assigned to nobody', async () => {
		const an = await createCustomer({ name: 'An' });
		const sale = await buy(an, '2026-03-01');
		await reassignReminder(`${sale}:d3`, 'Thảo');
		await reassignReminder(`${sale}:d7`, 'Minh');
		await createCustomReminder({ customerId: an.id, due: TODAY, note: 'Chung', assignee: '' });
		expect(lines(await todayView(TODAY, { assignee: 'Minh' }))).toEqual([
			'aftercare An d7 +2',
			'custom An Chung +0'
		]);
		expect(lines(await todayView(TODAY, { assignee: '' }))).toEqual(['custom An Chung +0']);
	});

	it('lists birthdays today and in the coming six days, with the age turned when known', async () => {
		await createCustomer({ name: 'Lan', birthday: '10/03/1990' });
		await createCustomer({ name: 'Mai', birthday: '14/03' });
		await createCustomer({ name: 'Cúc', birthday: '17/03/1990' });
		const trashed = await createCustomer({ name: 'Đào', birthday: '11/03/1990' });
		await trashCustomers([trashed.id]);

		const { birthdays, counts } = await todayView(TODAY);

		expect(birthdays.today.map((b) => [b.customer.name, b.date, b.turns])).toEqual([
			['Lan', '2026-03-10', 36]
		]);
		expect(birthdays.week.map((b) => [b.customer.name, b.date, b.turns])).toEqual([
			['Mai', '2026-03-14', null]
		]);
		expect(counts).toMatchObject({ birthdaysToday: 1, birthdaysThisWeek: 2 });
	});

	it('reads only through bounded index ranges and keys, never a whole table', async () => {
		const an = await createCustomer({ name: 'An', birthday: '12/03/1990' });
		await buy(an, '2026-03-01');

		const { reads, stop } = recordReads();
		try {
			await todayView(TODAY);
		} finally {
			stop();
		}
		expect(reads.length).toBeGreaterThan(0);
		expect(reads.filter((r) => !r.bounded)).toEqual([]);
		const reminderReads = reads.filter((r) => r.store === 'reminders');
		const reminderIndexes = new Set(reminderReads.map((r) => r.index));
		expect(reminderIndexes).toEqual(new Set(['[status+kind+late+due]']));
		// The counts come from the agenda's primary keys: every range is counted, never read.
		const agendaReads = reads.filter((r) => r.store === 'agenda');
		expect(agendaReads.length).toBeGreaterThan(0);
		expect(
			agendaReads.every((r) => ['count', 'getAllKeys'].includes(r.method) && r.index === null)
		).toBe(true);
		const customerScans = reads.filter((r) => r.store === 'customers' && r.index !== null);
		// Birthdays by month-day, and the (small) trash by its deletedAt index.
		expect(customerScans.every((r) => ['birthdayMD', 'deletedAt'].includes(r.index ?? ''))).toBe(
			true
		);
	});

	it('returns the most overdue reminders of each kind up to a limit, counting them all', async () => {
		for (const [i, date] of ['2026-02-01', '2026-02-10', '2026-02-20'].entries()) {
			await buy(await createCustomer({ name: `Khách ${i}` }), date);
		}
		const all = await todayView(TODAY);
		const aftercare = all.groups.find((g) => g.kind === 'aftercare');
		expect(aftercare && aftercare.items.length).toBeGreaterThan(1);
		const limited = await todayView(TODAY, { limit: 1 });
		const first = limited.groups.find((g) => g.kind === 'aftercare');
		expect(first?.items).toHaveLength(1);
		expect(first?.items[0].reminder.id).toBe(aftercare?.items[0].reminder.id);
		expect(limited.counts.byKind.aftercare).toBe(all.counts.byKind.aftercare);
		expect(limited.counts.total).toBe(all.counts.total);
	});

	it('leaves out the reminders of customers in the trash, from the list and the counts', async () => {
		const kept = await createCustomer({ name: 'Còn' });
		const gone = await createCustomer({ name: 'Đã xoá' });
		await buy(kept, '2026-03-01');
		await buy(gone, '2026-03-01');
		const before = await todayView(TODAY);
		await trashCustomers([gone.id]);
		const after = await todayView(TODAY);
		expect(after.counts.total).toBe(before.counts.total / 2);
		const names = after.groups.flatMap((g) => g.items.map((i) => i.customer.name));
		expect(names).not.toContain('Đã Xoá');
	});

	it('counts and pages exactly what the reminders themselves say, whatever their mix', async () => {
		// Seeded so a failure can be replayed: windows, snoozes, every status and kind, staff,
		// customers in the trash and a trashed reminder, compared with the plain rules in
		// domain/care (groupForToday) over every reminder.
		let seed = 7;
		const rand = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed % n;
		};
		const day = (offset: number) => {
			const d = new Date(Date.UTC(2026, 2, 10 + offset));
			return d.toISOString().slice(0, 10);
		};
		const kinds = ['aftercare', 'repurchase', 'reactivation', 'birthday', 'custom'] as const;
		const statuses = ['open', 'open', 'open', 'done', 'skipped', 'cancelled'] as const;
		const customers = Array.from({ length: 12 }, (_, i) =>
			customerRecord(`c${String(i).padStart(2, '0')}`, i < 2 ? { deletedAt: 1 } : {})
		);
		const reminders = Array.from({ length: 400 }, (_, i) => {
			const due = day(rand(40) - 30);
			const windowed = rand(4) === 0;
			return reminderRecord(`r${String(i).padStart(3, '0')}`, customers[rand(12)].id, {
				kind: kinds[rand(5)],
				status: statuses[rand(6)],
				due,
				dueEnd: windowed ? day(Number(due.slice(8)) - 10 + rand(30)) : null,
				snoozedUntil: rand(6) === 0 ? day(rand(10) - 5) : null,
				assignee: ['', 'Lan', 'Minh'][rand(3)],
				...(i === 5 ? { deletedAt: 2 } : {})
			});
		});
		for (const r of reminders) if (r.dueEnd !== null && r.dueEnd < r.due) r.dueEnd = r.due;
		await withDb(async (db) => {
			await db.customers.bulkAdd(customers);
			await db.reminders.bulkAdd(reminders);
		});
		const live = reminders.filter((r) => !['c00', 'c01'].includes(r.customerId));

		for (const [assignee, limit] of [
			[undefined, 3],
			['Lan', 2],
			['', 50]
		] as const) {
			const mine = live.filter(
				(r) => assignee === undefined || r.assignee === assignee || r.assignee === ''
			);
			const expected = groupForToday(mine, TODAY);
			const view = await todayView(TODAY, { assignee, limit });

			expect(view.counts.overdue).toBe(expected.overdue);
			expect(view.counts.dueToday).toBe(expected.dueToday);
			for (const g of expected.groups) {
				expect(view.counts.byKind[g.kind], g.kind).toBe(g.reminders.length);
				const shown = view.groups.find((v) => v.kind === g.kind);
				expect(
					shown?.items.map((i) => i.reminder.id),
					`${String(assignee)} ${g.kind}`
				).toEqual(g.reminders.slice(0, limit).map((r) => r.id));
			}
			expect(view.groups.map((g) => g.kind)).toEqual(expected.groups.map((g) => g.kind));
		}
	});
});
