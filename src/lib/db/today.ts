import {
	birthdayWindow,
	daysOverdue,
	groupForToday,
	isOnToday,
	nextBirthday
} from '$lib/domain/care';
import type { Customer, Purchase, Reminder, ReminderKind } from '$lib/domain/types';
import { shopToday } from './care';
import { withDb, type SoKhachDB } from './db';

/** What a Today line shows of the sale a reminder comes from. */
export type TodayPurchase = Pick<Purchase, 'id' | 'date' | 'items' | 'amount'>;

export interface TodayItem {
	reminder: Reminder;
	customer: Customer;
	/** The sale it follows up; null for birthday and custom reminders. */
	purchase: TodayPurchase | null;
	/** Days past its last on-time day; 0 while on time. */
	overdueDays: number;
}

export interface TodayBirthday {
	customer: Customer;
	/** ISO date this year's (or next year's) birthday is celebrated. */
	date: string;
	/** The age they turn, when the year of birth is known. */
	turns: number | null;
}

export interface TodayView {
	today: string;
	/** Groups in KIND_ORDER (aftercare first); empty groups left out; most overdue first. */
	groups: Array<{ kind: ReminderKind; items: TodayItem[] }>;
	counts: {
		/** Reminders on Today: overdue + dueToday. */
		total: number;
		overdue: number;
		dueToday: number;
		byKind: Record<ReminderKind, number>;
		birthdaysToday: number;
		birthdaysThisWeek: number;
	};
	birthdays: {
		today: TodayBirthday[];
		/** The next six days, in date order (today's are in `today`). */
		week: TodayBirthday[];
	};
}

export interface TodayOptions {
	/**
	 * Only this staff member's reminders, and the ones assigned to nobody (anyone may do them).
	 * Every reminder when left out.
	 */
	assignee?: string;
	/**
	 * How many reminders of each kind to return with their customer and purchase (the counts
	 * always cover all of them). A shop that fell behind can have thousands due: the page shows
	 * the most overdue first and more on request, instead of building every card at once.
	 */
	limit?: number | Partial<Record<ReminderKind, number>>;
}

export const TODAY_PAGE_SIZE = 50;

function limitFor(kind: ReminderKind, limit: TodayOptions['limit']): number {
	if (typeof limit === 'number') return limit;
	return limit?.[kind] ?? TODAY_PAGE_SIZE;
}

/** Birthdays "this week": today and the six days after it. */
const WEEK_DAYS = 6;

/**
 * Open reminders due by today, through [status+due] (or [status+assignee+due]): one bounded
 * index range each, never a scan of the table.
 */
function openDue(db: SoKhachDB, today: string, assignee: string | undefined): Promise<Reminder[]> {
	if (assignee === undefined) {
		return db.reminders
			.where('[status+due]')
			.between(['open', ''], ['open', today], true, true)
			.toArray();
	}
	const people = assignee === '' ? [''] : [assignee, ''];
	return db.reminders
		.where('[status+assignee+due]')
		.inAnyRange(
			people.map((who) => [
				['open', who, ''],
				['open', who, today]
			]),
			{ includeUppers: true }
		)
		.toArray();
}

function unique(values: Iterable<string>): string[] {
	return [...new Set(values)];
}

function birthdayOf(customer: Customer, today: string): TodayBirthday {
	const birthday = customer.birthday ?? `--${customer.birthdayMD ?? ''}`;
	const date = nextBirthday(birthday, today);
	const year = /^\d{4}/.test(birthday) ? Number(birthday.slice(0, 4)) : null;
	return { customer, date, turns: year === null ? null : Number(date.slice(0, 4)) - year };
}

async function birthdays(db: SoKhachDB, today: string): Promise<TodayView['birthdays']> {
	const ranges = birthdayWindow(today, WEEK_DAYS).map((w) => [w.from, w.to] as const);
	const customers = await db.customers
		.where('birthdayMD')
		.inAnyRange(ranges, { includeUppers: true })
		.toArray();
	const all = customers
		.filter((c) => c.deletedAt === undefined && (c.birthday !== null || c.birthdayMD))
		.map((c) => birthdayOf(c, today))
		.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
	return {
		today: all.filter((b) => b.date === today),
		week: all.filter((b) => b.date !== today)
	};
}

/**
 * The Today page: reminders to do now, grouped by kind, each with its customer and its sale,
 * and the birthdays of today and the coming week. Reminders of customers in the trash are left
 * out. Reads through indexes only: the open-and-due range, the customers and sales by key, and
 * the birthday range, so it stays quick with 100,000 customers.
 */
export function todayView(
	today: string = shopToday(),
	opts: TodayOptions = {}
): Promise<TodayView> {
	return withDb((db) =>
		db.transaction('r', [db.reminders, db.customers, db.purchases], async () => {
			// The trash is small and indexed: excluding it here keeps the counts exact without
			// reading every due reminder's customer.
			const trashed = new Set(await db.customers.where('deletedAt').above(0).primaryKeys());
			const due = (await openDue(db, today, opts.assignee)).filter(
				(r) => isOnToday(r, today) && !trashed.has(r.customerId)
			);
			const grouped = groupForToday(due, today);
			const page = grouped.groups.flatMap(({ kind, reminders }) =>
				reminders.slice(0, limitFor(kind, opts.limit))
			);
			const customerIds = unique(page.map((r) => r.customerId));
			const purchaseIds = unique(
				page.flatMap((r) => (r.sourcePurchaseId === null ? [] : [r.sourcePurchaseId]))
			);
			const [customers, purchases, week] = await Promise.all([
				db.customers.bulkGet(customerIds),
				db.purchases.bulkGet(purchaseIds),
				birthdays(db, today)
			]);
			const customerById = new Map<string, Customer>();
			for (const c of customers) if (c && c.deletedAt === undefined) customerById.set(c.id, c);
			const purchaseById = new Map<string, TodayPurchase>();
			for (const p of purchases) {
				if (p && p.deletedAt === undefined) {
					purchaseById.set(p.id, { id: p.id, date: p.date, items: p.items, amount: p.amount });
				}
			}

			const byKind: Record<ReminderKind, number> = {
				aftercare: 0,
				repurchase: 0,
				reactivation: 0,
				birthday: 0,
				custom: 0
			};
			const groups = grouped.groups.map(({ kind, reminders }) => {
				byKind[kind] = reminders.length;
				return {
					kind,
					items: reminders
						.slice(0, limitFor(kind, opts.limit))
						.filter((r) => customerById.has(r.customerId))
						.map((reminder): TodayItem => ({
							reminder,
							customer: customerById.get(reminder.customerId) as Customer,
							purchase:
								reminder.sourcePurchaseId === null
									? null
									: (purchaseById.get(reminder.sourcePurchaseId) ?? null),
							overdueDays: daysOverdue(reminder, today)
						}))
				};
			});
			return {
				today,
				groups,
				counts: {
					total: grouped.overdue + grouped.dueToday,
					overdue: grouped.overdue,
					dueToday: grouped.dueToday,
					byKind,
					birthdaysToday: week.today.length,
					birthdaysThisWeek: week.today.length + week.week.length
				},
				birthdays: week
			};
		})
	);
}
