import {
	addDays,
	birthdayWindow,
	byUrgency,
	daysOverdue,
	isOnToday,
	KIND_ORDER,
	nextBirthday
} from '$lib/domain/care';
import type { Customer, Purchase, Reminder, ReminderKind } from '$lib/domain/types';
import { shopToday } from './care';
import { EVERYONE } from './agenda';
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
		/** The first `birthdayLimit` of today's. */
		today: TodayBirthday[];
		/** The next six days, in date order (today's are in `today`), up to `birthdayLimit`. */
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
	/** How many birthdays of today, and of the coming week, to return (counts cover all). */
	birthdayLimit?: number;
}

/**
 * Cards per group (and birthdays per list) on the first screen, and per "show more": more than
 * a laptop screen holds, and few enough that Today stays quick when thousands are due.
 */
export const TODAY_PAGE_SIZE = 20;

function limitFor(kind: ReminderKind, limit: TodayOptions['limit']): number {
	if (typeof limit === 'number') return limit;
	return limit?.[kind] ?? TODAY_PAGE_SIZE;
}

/** Birthdays "this week": today and the six days after it. */
const WEEK_DAYS = 6;

/** Whose reminders: one person's (`''` is nobody's), or everyone's (null). */
type Person = string | null;

const OPEN = 'open';
const HIGHEST = '\uffff';

/**
 * Open reminders of one kind (and person) between two `late+due` keys, whose order (then the
 * id) is exactly the order of urgency.
 */
function openRange(
	db: SoKhachDB,
	person: Person,
	kind: ReminderKind,
	from: string[],
	to: string[],
	includeTo: boolean
) {
	if (person === null) {
		return db.reminders
			.where('[status+kind+late+due]')
			.between([OPEN, kind, ...from], [OPEN, kind, ...to], true, includeTo);
	}
	return db.reminders
		.where('[status+assignee+kind+late+due]')
		.between([OPEN, person, kind, ...from], [OPEN, person, kind, ...to], true, includeTo);
}

/** late < today: the overdue, in urgency order. */
const overdueRange = (db: SoKhachDB, person: Person, kind: ReminderKind, today: string) =>
	openRange(db, person, kind, ['', ''], [today, ''], false);

/** late ≥ today: on time today (due by today) or later, in urgency order. */
const notLateRange = (db: SoKhachDB, person: Person, kind: ReminderKind, today: string) =>
	openRange(db, person, kind, [today, ''], [HIGHEST, HIGHEST], true);

/**
 * The reminders on Today that belong to a customer in the trash: taken off the counts and
 * skipped in the lists. The trash is small and indexed.
 */
async function ofTrashedCustomers(
	db: SoKhachDB,
	today: string,
	trashedCustomers: string[]
): Promise<Map<string, Reminder>> {
	const hidden = new Map<string, Reminder>();
	if (trashedCustomers.length === 0) return hidden;
	const reminders = await db.reminders.where('customerId').anyOf(trashedCustomers).toArray();
	for (const r of reminders) if (isOnToday(r, today)) hidden.set(r.id, r);
	return hidden;
}

interface KindCounts {
	/** On Today: due by today and not snoozed past it. */
	on: number;
	/** Of those, past their last on-time day. */
	overdue: number;
}

const agendaRange = (db: SoKhachDB, lower: string[], upper: string[], includeUpper: boolean) =>
	db.agenda.where('key').between(lower, upper, true, includeUpper);

/**
 * Per person, from the agenda's primary keys alone (see agenda.ts): shown by today, late before
 * today less the late ones snoozed past today; then the reminders of trashed customers off.
 */
async function countKind(
	db: SoKhachDB,
	people: Person[],
	kind: ReminderKind,
	today: string,
	hidden: Map<string, Reminder>
): Promise<KindCounts[]> {
	const counts = await Promise.all(
		people.map(async (person): Promise<KindCounts> => {
			const who = person ?? EVERYONE;
			const [on, late, snoozed] = await Promise.all([
				agendaRange(db, [who, kind, 'd', ''], [who, kind, 'd', today, HIGHEST], true).count(),
				agendaRange(db, [who, kind, 'l', ''], [who, kind, 'l', today], false).count(),
				db.agenda
					.where('key')
					.between([who, kind, 's', today, HIGHEST], [who, kind, 's', HIGHEST], false, true)
					.primaryKeys()
			]);
			const lateButSnoozed = snoozed.filter((k) => k[4] < today).length;
			return { on, overdue: late - lateButSnoozed };
		})
	);
	for (const r of hidden.values()) {
		if (r.kind !== kind) continue;
		const i = people.findIndex((p) => p === null || p === r.assignee);
		if (i < 0) continue;
		counts[i].on -= 1;
		if ((r.dueEnd ?? r.due) < today) counts[i].overdue -= 1;
	}
	return counts;
}

/**
 * The `limit` most urgent reminders of one kind: the overdue ones by the day they became late,
 * then the ones still on time by the day their window closes. The overdue come straight from
 * the front of the `late` range; the on-time ones are looked for only when the overdue do not
 * fill the page, and the cursor stops as soon as all of them are found (their number is known).
 */
async function pageOfKind(
	db: SoKhachDB,
	people: Person[],
	kind: ReminderKind,
	today: string,
	counts: KindCounts[],
	hidden: Map<string, Reminder>,
	limit: number
): Promise<Reminder[]> {
	const shown = (r: Reminder) => !hidden.has(r.id) && isOnToday(r, today);
	const overdue = (
		await Promise.all(
			people.map((person, i) =>
				firstShown(overdueRange(db, person, kind, today), shown, Math.min(limit, counts[i].overdue))
			)
		)
	)
		.flat()
		.sort(byUrgency)
		.slice(0, limit);
	if (overdue.length >= limit) return overdue;
	const onTime = (
		await Promise.all(
			people.map((person, i) =>
				firstShown(
					notLateRange(db, person, kind, today),
					shown,
					Math.min(limit - overdue.length, counts[i].on - counts[i].overdue)
				)
			)
		)
	)
		.flat()
		.sort(byUrgency);
	return [...overdue, ...onTime].slice(0, limit);
}

/**
 * The first `wanted` reminders of a range that pass `shown`, read a block at a time with
 * getAll (a cursor costs a round trip per record). The blocks grow, so a range where many are
 * hidden is still read in a few requests; the caller knows how many there are, so this stops.
 */
async function firstShown(
	range: ReturnType<typeof openRange>,
	shown: (r: Reminder) => boolean,
	wanted: number
): Promise<Reminder[]> {
	const out: Reminder[] = [];
	let offset = 0;
	let block = wanted + 8;
	while (out.length < wanted) {
		const rows = await range.clone().offset(offset).limit(block).toArray();
		for (const r of rows) if (out.length < wanted && shown(r)) out.push(r);
		if (rows.length < block) break;
		offset += rows.length;
		block *= 4;
	}
	return out;
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

/**
 * Ids of live customers with a birthday in the ranges, in date order: each range read as keys
 * only (the count may be hundreds a week in a large book; only the page shown is read whole).
 */
async function birthdayIds(
	db: SoKhachDB,
	ranges: Array<{ from: string; to: string }>,
	trashed: ReadonlySet<string>
): Promise<string[]> {
	const parts = await Promise.all(
		ranges.map((r) =>
			db.customers.where('birthdayMD').between(r.from, r.to, true, true).primaryKeys()
		)
	);
	return parts.flat().filter((id) => !trashed.has(id));
}

async function birthdayPage(
	db: SoKhachDB,
	ids: string[],
	today: string,
	limit: number
): Promise<TodayBirthday[]> {
	const customers = await db.customers.bulkGet(ids.slice(0, limit));
	return customers
		.filter((c): c is Customer => c !== undefined && (c.birthday !== null || !!c.birthdayMD))
		.map((c) => birthdayOf(c, today))
		.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

async function birthdays(
	db: SoKhachDB,
	today: string,
	trashed: ReadonlySet<string>,
	limit: number
): Promise<{ list: TodayView['birthdays']; today: number; week: number }> {
	const [todayIds, weekIds] = await Promise.all([
		birthdayIds(db, birthdayWindow(today, 0), trashed),
		birthdayIds(db, birthdayWindow(addDays(today, 1), WEEK_DAYS - 1), trashed)
	]);
	const [todayList, weekList] = await Promise.all([
		birthdayPage(db, todayIds, today, limit),
		birthdayPage(db, weekIds, today, limit)
	]);
	return {
		list: { today: todayList, week: weekList },
		today: todayIds.length,
		week: weekIds.length
	};
}

/**
 * The Today page: reminders to do now, grouped by kind, each with its customer and its sale,
 * and the birthdays of today and the coming week. Reminders of customers in the trash are left
 * out. The counts come from the agenda's keys (per kind, due by today and late before today),
 * the reminders from the front of each kind's range, so the cost is that of one page whatever the
 * number of reminders due; customers and sales are read by key, birthdays by month-day.
 */
export function todayView(
	today: string = shopToday(),
	opts: TodayOptions = {}
): Promise<TodayView> {
	const people: Person[] =
		opts.assignee === undefined ? [null] : opts.assignee === '' ? [''] : [opts.assignee, ''];
	return withDb((db) =>
		db.transaction('r', [db.reminders, db.customers, db.purchases, db.agenda], async () => {
			// The trash is small and indexed: excluding it here keeps the counts exact without
			// reading every due reminder's customer.
			const trashed = await db.customers.where('deletedAt').above(0).primaryKeys();
			const trashedSet = new Set(trashed);
			const hidden = await ofTrashedCustomers(db, today, trashed);
			const perKind = await Promise.all(
				KIND_ORDER.map(async (kind) => {
					const counts = await countKind(db, people, kind, today, hidden);
					const reminders = await pageOfKind(
						db,
						people,
						kind,
						today,
						counts,
						hidden,
						limitFor(kind, opts.limit)
					);
					const total = counts.reduce(
						(sum, c) => ({ on: sum.on + c.on, overdue: sum.overdue + c.overdue }),
						{ on: 0, overdue: 0 }
					);
					return { kind, total, reminders };
				})
			);
			const page = perKind.flatMap((k) => k.reminders);
			const customerIds = unique(page.map((r) => r.customerId));
			const purchaseIds = unique(
				page.flatMap((r) => (r.sourcePurchaseId === null ? [] : [r.sourcePurchaseId]))
			);
			const [customers, purchases, week] = await Promise.all([
				db.customers.bulkGet(customerIds),
				db.purchases.bulkGet(purchaseIds),
				birthdays(db, today, trashedSet, opts.birthdayLimit ?? TODAY_PAGE_SIZE)
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
			let overdue = 0;
			let on = 0;
			for (const k of perKind) {
				byKind[k.kind] = k.total.on;
				on += k.total.on;
				overdue += k.total.overdue;
			}
			const groups = perKind
				.filter((k) => k.total.on > 0)
				.map(({ kind, reminders }) => ({
					kind,
					items: reminders
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
				}));
			return {
				today,
				groups,
				counts: {
					total: on,
					overdue,
					dueToday: on - overdue,
					byKind,
					birthdaysToday: week.today,
					birthdaysThisWeek: week.today + week.week
				},
				birthdays: week.list
			};
		})
	);
}
