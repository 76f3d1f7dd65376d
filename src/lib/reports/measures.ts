/**
 * The dashboard's measures, pure: fed the book in packs (db/packs.ts: every customer's facts,
 * and the purchases and contacts of the days the period needs), they give the numbers of a
 * period and of the one it is compared with. `computeDashboard` takes plain records and packs
 * them first, for tests and small callers. Each measure is defined in docs/reports.md; the
 * tests check them on hand-made books. Records in the trash, and every record of a customer in
 * the trash, are left out.
 */
import { dayNumber, isoOfDayNumber } from '$lib/domain/stages';
import { rankRfm, RFM_SEGMENT_IDS, type RfmSegmentId } from '$lib/domain/rfm';
import {
	GAP_INVALID_PHONE,
	GAP_NO_BIRTHDAY,
	GAP_NO_PHONE,
	type CustomerFacts
} from '$lib/db/facts';
import { NO_DAY, type ContactDay, type PurchaseDay } from '$lib/db/packs';
import type { Interaction, Purchase } from '$lib/domain/types';
import { bucketsOf, previousPeriod, type Period } from './period';
import {
	bookOf,
	byDay,
	contactDay,
	contactDayOf,
	entryOf,
	packBlock,
	purchaseDay,
	purchaseDayOf,
	type PackedBook
} from './packed';

/** A customer's facts (db/facts.ts), the small record kept beside each customer. */
export type ReportCustomer = Pick<
	CustomerFacts,
	'id' | 'stage' | 'phoneKeys' | 'gaps' | 'referredBy' | 'createdAt' | 'stats'
> & { deletedAt?: number };
export type ReportPurchase = Pick<Purchase, 'customerId' | 'date' | 'amount' | 'staff'> & {
	deletedAt?: number;
};
export type ReportInteraction = Pick<
	Interaction,
	'customerId' | 'at' | 'kind' | 'staff' | 'reminderId'
> & { deletedAt?: number };

export interface ReportOptions {
	period: Period;
	/** The shop's ISO today: windows still open on it do not count yet. */
	today: string;
	/** Days without a purchase after which a customer is lost (the stage settings' M). */
	lostAfterDays: number;
	/** A buyer counts as cared for when contacted on the day of a sale or within this many days. */
	careDays?: number;
}

export const DEFAULT_CARE_DAYS = 14;
/** The return-rate windows, in days after the first purchase. */
export const RETURN_WINDOWS = [90, 180] as const;

/**
 * The shop's day number of a moment. Việt Nam has kept UTC+7 without summer time since 1975,
 * so a fixed offset gives the same day as Intl (tested) at a fraction of the cost: the
 * dashboard turns hundreds of thousands of timestamps into days.
 */
export function shopDayNumber(at: number): number {
	return Math.floor((at + 7 * 3_600_000) / 86_400_000);
}

export interface ReturnRate {
	/** Customers whose first purchase fell in the period. */
	cohort: number;
	/** Of them, those whose window has closed by today (the rate's denominator). */
	eligible: number;
	/** Of the eligible, those who bought again on a later day within the window. */
	returned: number;
	/** returned / eligible; null when no one is eligible yet. */
	rate: number | null;
}

export interface PeriodMeasures {
	period: Period;
	/** Customers with a purchase in the period. */
	buyers: number;
	/** Buyers whose first purchase ever falls in the period. */
	newCustomers: number;
	/** Buyers who had bought before the period. */
	returningCustomers: number;
	/** Customers who crossed the lost line (last purchase + M days) in the period, up to today. */
	lostCustomers: number;
	purchases: number;
	revenue: number;
	/** Revenue of the returning customers' purchases in the period. */
	returningRevenue: number;
	returningShare: number | null;
	averageOrder: number | null;
	/** Buyers contacted on the day of one of their sales in the period or within careDays after. */
	caredBuyers: number;
	careCoverage: number | null;
	/** Customers added in the period who name a referrer. */
	referralsMade: number;
	/** Revenue in the period from customers who were referred (have a referrer). */
	referredRevenue: number;
	returnRate: Record<(typeof RETURN_WINDOWS)[number], ReturnRate>;
}

export interface StaffRow {
	/** As written on the records; '' = not recorded. */
	staff: string;
	purchases: number;
	revenue: number;
	remindersDone: number;
	interactions: number;
}

export interface DataQuality {
	customers: number;
	missingPhone: number;
	invalidPhone: number;
	missingBirthday: number;
	/** Customers sharing a valid phone with another customer (possible duplicates). */
	sharedPhone: number;
	/** Customers with none of the four problems. */
	clean: number;
	/** clean / customers; null for an empty book. */
	score: number | null;
}

export interface SeriesPoint {
	start: string;
	revenue: number;
	previousRevenue: number;
	newCustomers: number;
	returningCustomers: number;
	purchases: number;
	/** Customers whose lost day (last purchase + M) falls in the bucket, up to today. */
	lostCustomers: number;
	/** Customers added in the bucket who name a referrer. */
	referrals: number;
}

export interface Dashboard {
	today: string;
	careDays: number;
	lostAfterDays: number;
	current: PeriodMeasures;
	previous: PeriodMeasures;
	/** Time series over the current period; previousRevenue is the previous period's, aligned. */
	series: { unit: 'day' | 'month'; points: SeriesPoint[] };
	/** As of today, not of the period: the stage and RFM segment of every live customer. */
	stages: Record<string, number>;
	rfm: Record<RfmSegmentId | 'none', number>;
	quality: DataQuality;
	staff: StaffRow[];
	/** Where the time went, when read from IndexedDB (ms; rows read): for the benchmark. */
	cost?: ReadCost;
}

export interface ReadCost {
	customersMs: number;
	purchasesMs: number;
	interactionsMs: number;
	computeMs: number;
	customers: number;
	purchases: number;
	interactions: number;
	/** Customers packed again, and day packs rebuilt, before computing. */
	factsPacked: number;
	daysRebuilt: number;
}

/** The first ISO day of purchases the measures need, and of contacts. */
export function readRange(options: ReportOptions): {
	purchasesFrom: string;
	purchasesTo: string;
	contactsFrom: string;
	contactsTo: string;
} {
	const prev = previousPeriod(options.period);
	const today = dayNumber(options.today);
	const to = dayNumber(options.period.to);
	const careDays = options.careDays ?? DEFAULT_CARE_DAYS;
	const maxWindow = RETURN_WINDOWS[RETURN_WINDOWS.length - 1];
	return {
		purchasesFrom: prev.from,
		purchasesTo: isoOfDayNumber(Math.max(to, Math.min(today, to + maxWindow))),
		contactsFrom: prev.from,
		contactsTo: isoOfDayNumber(Math.max(to, Math.min(today, to + careDays)))
	};
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** Each customer's days of something, sorted: offsets into one array (CSR). */
interface DayLists {
	start: Int32Array;
	days: Int32Array;
}

/** Whether position i's sorted days hold one in [lo, hi]. */
function anyBetween(lists: DayLists, i: number, lo: number, hi: number): boolean {
	let a = lists.start[i];
	let b = lists.start[i + 1];
	if (lo > hi || a === b) return false;
	while (a < b) {
		const mid = (a + b) >> 1;
		if (lists.days[mid] < lo) a = mid + 1;
		else b = mid;
	}
	return a < lists.start[i + 1] && lists.days[a] <= hi;
}

const dayOfPack = (p: { key: [string, number] }): number => p.key[1];

/** Position of a pack's customer, -1 when not a live customer of the book. */
function positionOf(book: PackedBook, ord: number): number {
	if (ord < 0 || ord >= book.index.length) return -1;
	const i = book.index[ord];
	return i >= 0 && book.deleted[i] === 0 ? i : -1;
}

/** Each live customer's days in the packs, in day order (the packs come in day order). */
function dayLists(book: PackedBook, packs: readonly { key: [string, number]; cust: Int32Array }[]) {
	const start = new Int32Array(book.n + 1);
	for (const p of packs) {
		for (const ord of p.cust) {
			const i = positionOf(book, ord);
			if (i >= 0) start[i + 1]++;
		}
	}
	for (let i = 0; i < book.n; i++) start[i + 1] += start[i];
	const fill = start.slice(0, book.n);
	const days = new Int32Array(start[book.n]);
	for (const p of packs) {
		const day = dayOfPack(p);
		for (const ord of p.cust) {
			const i = positionOf(book, ord);
			if (i >= 0) days[fill[i]++] = day;
		}
	}
	return { start, days };
}

interface Ctx {
	book: PackedBook;
	purchases: readonly PurchaseDay[];
	purchaseDays: DayLists;
	contactDays: DayLists;
	today: number;
	careDays: number;
	lostAfterDays: number;
	/** Scratch: the period a customer was last counted in as a buyer, and cared for. */
	seen: Int32Array;
	cared: Int32Array;
}

let periodStamp = 0;

/** The customers behind a measure of the current period (members.ts): reports link to them. */
export type MemberMeasure =
	| 'buyers'
	| 'new'
	| 'returning'
	| 'referredBuyers'
	| 'cared'
	| 'lost'
	| 'referred'
	| 'returned90'
	| 'notReturned90'
	| 'returned180'
	| 'notReturned180'
	| 'missingPhone'
	| 'invalidPhone'
	| 'missingBirthday'
	| 'sharedPhone'
	| 'problems';

/** Told each customer as they are counted in a measure, by position. */
export type Emit = (measure: MemberMeasure, position: number) => void;

const quiet: Emit = () => {};

function measurePeriod(period: Period, ctx: Ctx, emit: Emit = quiet): PeriodMeasures {
	const { book } = ctx;
	const from = dayNumber(period.from);
	const to = dayNumber(period.to);
	const stamp = ++periodStamp;
	let buyers = 0;
	let newCustomers = 0;
	let caredBuyers = 0;
	let purchases = 0;
	let revenue = 0;
	let returningRevenue = 0;
	let referredRevenue = 0;
	for (const pack of ctx.purchases) {
		const day = dayOfPack(pack);
		if (day < from || day > to) continue;
		for (let k = 0; k < pack.cust.length; k++) {
			const i = positionOf(book, pack.cust[k]);
			if (i < 0) continue;
			const amount = pack.amount[k];
			purchases++;
			revenue += amount;
			const isNew = book.first[i] !== NO_DAY && book.first[i] >= from;
			if (!isNew) returningRevenue += amount;
			if (book.referred[i] === 1) referredRevenue += amount;
			if (ctx.seen[i] !== stamp) {
				ctx.seen[i] = stamp;
				buyers++;
				if (isNew) newCustomers++;
				emit('buyers', i);
				emit(isNew ? 'new' : 'returning', i);
				if (book.referred[i] === 1) emit('referredBuyers', i);
			}
			if (ctx.cared[i] !== stamp && anyBetween(ctx.contactDays, i, day, day + ctx.careDays)) {
				ctx.cared[i] = stamp;
				caredBuyers++;
				emit('cared', i);
			}
		}
	}

	let lostCustomers = 0;
	let referralsMade = 0;
	const lastCounted = Math.min(to, ctx.today);
	const cohorts = RETURN_WINDOWS.map((w) => ({ w, cohort: 0, eligible: 0, returned: 0 }));
	for (let i = 0; i < book.n; i++) {
		if (book.deleted[i] === 1) continue;
		if (book.count[i] > 0 && book.last[i] !== NO_DAY) {
			const lostOn = book.last[i] + ctx.lostAfterDays;
			if (lostOn >= from && lostOn <= lastCounted) {
				lostCustomers++;
				emit('lost', i);
			}
		}
		const added = book.created[i];
		if (book.referred[i] === 1 && added >= from && added <= to) {
			referralsMade++;
			emit('referred', i);
		}
		const f = book.first[i];
		if (book.count[i] > 0 && f !== NO_DAY && f >= from && f <= to) {
			for (const k of cohorts) {
				k.cohort++;
				if (f + k.w > ctx.today) continue;
				k.eligible++;
				const back = anyBetween(ctx.purchaseDays, i, f + 1, f + k.w);
				if (back) k.returned++;
				emit(`${back ? 'returned' : 'notReturned'}${k.w}`, i);
			}
		}
	}
	const returnRate = {} as PeriodMeasures['returnRate'];
	for (const k of cohorts) {
		returnRate[k.w] = {
			cohort: k.cohort,
			eligible: k.eligible,
			returned: k.returned,
			rate: ratio(k.returned, k.eligible)
		};
	}

	return {
		period,
		buyers,
		newCustomers,
		returningCustomers: buyers - newCustomers,
		lostCustomers,
		purchases,
		revenue,
		returningRevenue,
		returningShare: ratio(returningRevenue, revenue),
		averageOrder: purchases === 0 ? null : Math.round(revenue / purchases),
		caredBuyers,
		careCoverage: ratio(caredBuyers, buyers),
		referralsMade,
		referredRevenue,
		returnRate
	};
}

/** The phones more than one live customer has: every live phone sorted, neighbours compared. */
function sharedPhones(book: PackedBook): Set<number> {
	const live = new Float64Array(book.phones.length);
	let n = 0;
	let start = 0;
	for (let i = 0; i < book.n; i++) {
		const end = book.phoneEnd[i];
		if (book.deleted[i] === 0) for (let k = start; k < end; k++) live[n++] = book.phones[k];
		start = end;
	}
	const sorted = live.subarray(0, n).sort();
	const shared = new Set<number>();
	for (let k = 1; k < n; k++) if (sorted[k] === sorted[k - 1]) shared.add(sorted[k]);
	return shared;
}

function qualityOf(book: PackedBook, emit: Emit = quiet): DataQuality {
	const owners = sharedPhones(book);
	let start = 0;
	const q: DataQuality = {
		customers: 0,
		missingPhone: 0,
		invalidPhone: 0,
		missingBirthday: 0,
		sharedPhone: 0,
		clean: 0,
		score: null
	};
	start = 0;
	for (let i = 0; i < book.n; i++) {
		const end = book.phoneEnd[i];
		const from = start;
		start = end;
		if (book.deleted[i] === 1) continue;
		q.customers++;
		const gaps = book.gaps[i];
		const missingPhone = (gaps & GAP_NO_PHONE) !== 0;
		const invalidPhone = (gaps & GAP_INVALID_PHONE) !== 0;
		const missingBirthday = (gaps & GAP_NO_BIRTHDAY) !== 0;
		let shared = false;
		for (let k = from; k < end && !shared; k++) shared = owners.has(book.phones[k]);
		if (missingPhone) {
			q.missingPhone++;
			emit('missingPhone', i);
		}
		if (invalidPhone) {
			q.invalidPhone++;
			emit('invalidPhone', i);
		}
		if (missingBirthday) {
			q.missingBirthday++;
			emit('missingBirthday', i);
		}
		if (shared) {
			q.sharedPhone++;
			emit('sharedPhone', i);
		}
		if (!missingPhone && !invalidPhone && !missingBirthday && !shared) q.clean++;
		else emit('problems', i);
	}
	q.score = ratio(q.clean, q.customers);
	return q;
}

function staffRows(
	period: Period,
	book: PackedBook,
	purchases: readonly PurchaseDay[],
	contacts: readonly ContactDay[]
): StaffRow[] {
	const from = dayNumber(period.from);
	const to = dayNumber(period.to);
	const rows = new Map<string, StaffRow>();
	const row = (staff: string): StaffRow => {
		let r = rows.get(staff);
		if (r === undefined) {
			r = { staff, purchases: 0, revenue: 0, remindersDone: 0, interactions: 0 };
			rows.set(staff, r);
		}
		return r;
	};
	// Counted by each pack's staff index first: a handful of names, hundreds of thousands of rows.
	for (const p of purchases) {
		const day = dayOfPack(p);
		if (day < from || day > to) continue;
		const count = new Float64Array(p.staffNames.length);
		const revenue = new Float64Array(p.staffNames.length);
		for (let k = 0; k < p.cust.length; k++) {
			if (positionOf(book, p.cust[k]) < 0) continue;
			count[p.staff[k]]++;
			revenue[p.staff[k]] += p.amount[k];
		}
		p.staffNames.forEach((name, s) => {
			if (count[s] === 0) return;
			const r = row(name);
			r.purchases += count[s];
			r.revenue += revenue[s];
		});
	}
	for (const c of contacts) {
		const day = dayOfPack(c);
		if (day < from || day > to) continue;
		const count = new Float64Array(c.staffNames.length);
		const done = new Float64Array(c.staffNames.length);
		for (let k = 0; k < c.cust.length; k++) {
			if (positionOf(book, c.cust[k]) < 0) continue;
			count[c.staff[k]]++;
			done[c.staff[k]] += c.reminder[k];
		}
		c.staffNames.forEach((name, s) => {
			if (count[s] === 0) return;
			const r = row(name);
			r.interactions += count[s];
			r.remindersDone += done[s];
		});
	}
	// Busiest first; "not recorded" last, whatever its count, as it is nobody's work.
	return [...rows.values()].sort(
		(a, b) =>
			Number(a.staff === '') - Number(b.staff === '') ||
			b.purchases + b.interactions - (a.purchases + a.interactions) ||
			a.staff.localeCompare(b.staff)
	);
}

function series(ctx: Ctx, period: Period) {
	const { book, purchases } = ctx;
	const buckets = bucketsOf(period);
	const prevBuckets = bucketsOf(previousPeriod(period));
	const from = dayNumber(period.from);
	const to = dayNumber(period.to);
	const points: SeriesPoint[] = buckets.starts.map((start) => ({
		start,
		revenue: 0,
		previousRevenue: 0,
		newCustomers: 0,
		returningCustomers: 0,
		purchases: 0,
		lostCustomers: 0,
		referrals: 0
	}));
	// Packs come in day order, so a customer's buckets only grow: the last one counted is enough.
	const lastBucket = new Int32Array(book.n).fill(-1);
	for (const p of purchases) {
		const iso = isoOfDayNumber(dayOfPack(p));
		const b = buckets.bucketOf(iso);
		const pb = prevBuckets.bucketOf(iso);
		if (b < 0 && (pb < 0 || points.length === 0)) continue;
		for (let k = 0; k < p.cust.length; k++) {
			const i = positionOf(book, p.cust[k]);
			if (i < 0) continue;
			if (b >= 0) {
				points[b].revenue += p.amount[k];
				points[b].purchases++;
				if (lastBucket[i] !== b) {
					lastBucket[i] = b;
					if (book.first[i] !== NO_DAY && book.first[i] >= from) points[b].newCustomers++;
					else points[b].returningCustomers++;
				}
			}
			// A previous period longer than this one (31 days before 28) adds its tail to the last point.
			if (pb >= 0 && points.length > 0)
				points[Math.min(pb, points.length - 1)].previousRevenue += p.amount[k];
		}
	}
	// As the period's totals count them (measurePeriod): lost up to today, referrals by the day added.
	const lastCounted = Math.min(to, ctx.today);
	for (let i = 0; i < book.n; i++) {
		if (book.deleted[i] === 1) continue;
		if (book.count[i] > 0 && book.last[i] !== NO_DAY) {
			const lostOn = book.last[i] + ctx.lostAfterDays;
			if (lostOn >= from && lostOn <= lastCounted) {
				points[buckets.bucketOf(isoOfDayNumber(lostOn))].lostCustomers++;
			}
		}
		const added = book.created[i];
		if (book.referred[i] === 1 && added >= from && added <= to) {
			points[buckets.bucketOf(isoOfDayNumber(added))].referrals++;
		}
	}
	return { unit: buckets.unit, points };
}

function contextOf(
	book: PackedBook,
	purchases: readonly PurchaseDay[],
	contacts: readonly ContactDay[],
	options: ReportOptions
): Ctx {
	return {
		book,
		purchases,
		purchaseDays: dayLists(book, purchases),
		contactDays: dayLists(book, contacts),
		today: dayNumber(options.today),
		careDays: options.careDays ?? DEFAULT_CARE_DAYS,
		lostAfterDays: options.lostAfterDays,
		seen: new Int32Array(book.n),
		cared: new Int32Array(book.n)
	};
}

/**
 * The positions of the customers behind one measure of the current period (or of the book, for
 * data quality), found by the very loops that count them: a list is as long as its number.
 * 'notCared' is the buyers less the cared for.
 */
export function membersFromPacks(
	book: PackedBook,
	purchases: readonly PurchaseDay[],
	contacts: readonly ContactDay[],
	options: ReportOptions,
	measure: MemberMeasure | 'notCared'
): number[] {
	const out: number[] = [];
	if (measure === 'notCared') {
		const cared = new Set(membersFromPacks(book, purchases, contacts, options, 'cared'));
		return membersFromPacks(book, purchases, contacts, options, 'buyers').filter(
			(i) => !cared.has(i)
		);
	}
	const emit: Emit = (what, i) => {
		if (what === measure) out.push(i);
	};
	if (QUALITY_MEMBERS.has(measure)) qualityOf(book, emit);
	else measurePeriod(options.period, contextOf(book, purchases, contacts, options), emit);
	return out;
}

const QUALITY_MEMBERS: ReadonlySet<MemberMeasure> = new Set([
	'missingPhone',
	'invalidPhone',
	'missingBirthday',
	'sharedPhone',
	'problems'
]);

/**
 * Every number of the dashboard from packs. `purchases` and `contacts` must be in day order and
 * hold at least the days of `readRange(options)` (others are ignored where they do not matter);
 * `book` the whole book.
 */
export function computeFromPacks(
	book: PackedBook,
	purchases: readonly PurchaseDay[],
	contacts: readonly ContactDay[],
	options: ReportOptions
): Dashboard {
	const careDays = options.careDays ?? DEFAULT_CARE_DAYS;
	const today = dayNumber(options.today);
	const stageCounts = new Int32Array(book.stageNames.length);
	const rfm = Object.fromEntries([...RFM_SEGMENT_IDS, 'none'].map((id) => [id, 0])) as Record<
		RfmSegmentId | 'none',
		number
	>;
	const recency = new Float64Array(book.n);
	const count = new Float64Array(book.n);
	const total = new Float64Array(book.n);
	let ranked = 0;
	for (let i = 0; i < book.n; i++) {
		if (book.deleted[i] === 1) continue;
		stageCounts[book.stage[i]]++;
		if (book.count[i] > 0 && book.last[i] !== NO_DAY) {
			// Negated so higher is better; Math.min keeps today at +0 (see rfm.ts).
			recency[ranked] = Math.min(0, book.last[i] - today);
			count[ranked] = book.count[i];
			total[ranked] = book.total[i];
			ranked++;
		} else rfm.none++;
	}
	const { segment } = rankRfm(
		recency.subarray(0, ranked),
		count.subarray(0, ranked),
		total.subarray(0, ranked)
	);
	for (let i = 0; i < segment.length; i++) rfm[RFM_SEGMENT_IDS[segment[i]]]++;
	const stages: Record<string, number> = {};
	book.stageNames.forEach((name, code) => {
		if (stageCounts[code] === 0) return;
		const key = name ?? 'none';
		stages[key] = (stages[key] ?? 0) + stageCounts[code];
	});

	const ctx = contextOf(book, purchases, contacts, options);
	return {
		today: options.today,
		careDays,
		lostAfterDays: options.lostAfterDays,
		current: measurePeriod(options.period, ctx),
		previous: measurePeriod(previousPeriod(options.period), ctx),
		series: series(ctx, options.period),
		stages,
		rfm,
		quality: qualityOf(book),
		staff: staffRows(options.period, book, purchases, contacts)
	};
}

export function dataQuality(customers: Iterable<ReportCustomer>): DataQuality {
	return qualityOf(packRecords(customers, [], []).book);
}

/** The packs of plain records: customers' ordinals are their positions. */
export function packRecords(
	customers: Iterable<ReportCustomer>,
	purchases: readonly ReportPurchase[],
	interactions: readonly ReportInteraction[]
): { book: PackedBook; purchases: PurchaseDay[]; contacts: ContactDay[] } {
	const entries = [...customers].map((c, i) => entryOf(c, i));
	const ordinals = new Map(entries.map((e) => [e.id, e.ord]));
	const ordOf = (id: string) => ordinals.get(id) ?? -1;
	return {
		book: bookOf([packBlock(0, entries)]),
		purchases: [...byDay(purchases, purchaseDayOf)].map(([d, rows]) => purchaseDay(d, rows, ordOf)),
		contacts: [...byDay(interactions, contactDayOf)].map(([d, rows]) => contactDay(d, rows, ordOf))
	};
}

/**
 * Every number of the dashboard from plain records. `purchases` and `interactions` must hold at
 * least those of `readRange(options)`; `customers` the whole book.
 */
export function computeDashboard(
	customers: Iterable<ReportCustomer>,
	purchases: readonly ReportPurchase[],
	interactions: readonly ReportInteraction[],
	options: ReportOptions
): Dashboard {
	const packs = packRecords(customers, purchases, interactions);
	return computeFromPacks(packs.book, packs.purchases, packs.contacts, options);
}
