/**
 * The dashboard's measures, pure: fed the book's records (customers' facts, purchases and
 * interactions of the dates the period needs), they give the numbers of a period and of the one
 * it is compared with. Each measure is defined in docs/reports.md; the tests check them on
 * hand-made books. Records in the trash, and every record of a customer in the trash, are left
 * out.
 */
import { dayNumber, isoOfDayNumber } from '$lib/domain/stages';
import { createRfmBuilder, RFM_SEGMENT_IDS, type RfmSegmentId } from '$lib/domain/rfm';
import {
	GAP_INVALID_PHONE,
	GAP_NO_BIRTHDAY,
	GAP_NO_PHONE,
	type CustomerFacts
} from '$lib/db/facts';
import type { Interaction, Purchase } from '$lib/domain/types';
import { bucketsOf, inPeriod, previousPeriod, type Period } from './period';

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

interface Ctx {
	live: Map<string, ReportCustomer>;
	/** Sorted day numbers of each live customer's purchases (loaded range only). */
	purchaseDays: Map<string, number[]>;
	/** Sorted day numbers of each live customer's care contacts. */
	contactDays: Map<string, number[]>;
	purchases: ReportPurchase[];
	today: number;
	careDays: number;
	lostAfterDays: number;
}

/** Whether a sorted array holds a value in [lo, hi]. */
function anyBetween(sorted: readonly number[] | undefined, lo: number, hi: number): boolean {
	if (sorted === undefined || lo > hi) return false;
	let a = 0;
	let b = sorted.length;
	while (a < b) {
		const mid = (a + b) >> 1;
		if (sorted[mid] < lo) a = mid + 1;
		else b = mid;
	}
	return a < sorted.length && sorted[a] <= hi;
}

function measurePeriod(period: Period, ctx: Ctx): PeriodMeasures {
	const from = dayNumber(period.from);
	const to = dayNumber(period.to);
	const buyerIsNew = new Map<string, boolean>();
	const saleDays = new Map<string, number[]>();
	let purchases = 0;
	let revenue = 0;
	let returningRevenue = 0;
	let referredRevenue = 0;
	for (const p of ctx.purchases) {
		if (!inPeriod(p.date, period)) continue;
		const c = ctx.live.get(p.customerId);
		if (c === undefined) continue;
		purchases++;
		revenue += p.amount;
		const isNew = c.stats.first !== null && c.stats.first >= period.from;
		buyerIsNew.set(c.id, isNew);
		if (!isNew) returningRevenue += p.amount;
		if (c.referredBy) referredRevenue += p.amount;
		const days = saleDays.get(c.id);
		if (days === undefined) saleDays.set(c.id, [dayNumber(p.date)]);
		else days.push(dayNumber(p.date));
	}
	let newCustomers = 0;
	for (const isNew of buyerIsNew.values()) if (isNew) newCustomers++;

	let caredBuyers = 0;
	for (const [id, days] of saleDays) {
		const contacts = ctx.contactDays.get(id);
		if (days.some((d) => anyBetween(contacts, d, d + ctx.careDays))) caredBuyers++;
	}

	let lostCustomers = 0;
	let referralsMade = 0;
	const lastCounted = Math.min(to, ctx.today);
	const returnRate = {} as PeriodMeasures['returnRate'];
	const cohorts = RETURN_WINDOWS.map((w) => ({ w, cohort: 0, eligible: 0, returned: 0 }));
	for (const c of ctx.live.values()) {
		const last = c.stats.count > 0 && c.stats.last !== null ? dayNumber(c.stats.last) : null;
		if (last !== null) {
			const lostOn = last + ctx.lostAfterDays;
			if (lostOn >= from && lostOn <= lastCounted) lostCustomers++;
		}
		const added = shopDayNumber(c.createdAt);
		if (c.referredBy && added >= from && added <= to) referralsMade++;
		const first = c.stats.first;
		if (c.stats.count > 0 && first !== null && inPeriod(first, period)) {
			const f = dayNumber(first);
			for (const k of cohorts) {
				k.cohort++;
				if (f + k.w > ctx.today) continue;
				k.eligible++;
				if (anyBetween(ctx.purchaseDays.get(c.id), f + 1, f + k.w)) k.returned++;
			}
		}
	}
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
		buyers: buyerIsNew.size,
		newCustomers,
		returningCustomers: buyerIsNew.size - newCustomers,
		lostCustomers,
		purchases,
		revenue,
		returningRevenue,
		returningShare: ratio(returningRevenue, revenue),
		averageOrder: purchases === 0 ? null : Math.round(revenue / purchases),
		caredBuyers,
		careCoverage: ratio(caredBuyers, buyerIsNew.size),
		referralsMade,
		referredRevenue,
		returnRate
	};
}

function sortIfNeeded(list: number[]): void {
	for (let i = 1; i < list.length; i++) {
		if (list[i] < list[i - 1]) {
			list.sort((a, b) => a - b);
			return;
		}
	}
}

function pushDay(map: Map<string, number[]>, key: string, day: number): void {
	const list = map.get(key);
	if (list === undefined) map.set(key, [day]);
	else list.push(day);
}

export function dataQuality(customers: Iterable<ReportCustomer>): DataQuality {
	const phoneOwners = new Map<string, number>();
	const live: ReportCustomer[] = [];
	for (const c of customers) {
		if (c.deletedAt !== undefined) continue;
		live.push(c);
		for (const key of new Set(c.phoneKeys)) phoneOwners.set(key, (phoneOwners.get(key) ?? 0) + 1);
	}
	const q: DataQuality = {
		customers: live.length,
		missingPhone: 0,
		invalidPhone: 0,
		missingBirthday: 0,
		sharedPhone: 0,
		clean: 0,
		score: null
	};
	for (const c of live) {
		const missingPhone = (c.gaps & GAP_NO_PHONE) !== 0;
		const invalidPhone = (c.gaps & GAP_INVALID_PHONE) !== 0;
		const missingBirthday = (c.gaps & GAP_NO_BIRTHDAY) !== 0;
		const shared = c.phoneKeys.some((k) => (phoneOwners.get(k) ?? 0) > 1);
		if (missingPhone) q.missingPhone++;
		if (invalidPhone) q.invalidPhone++;
		if (missingBirthday) q.missingBirthday++;
		if (shared) q.sharedPhone++;
		if (!missingPhone && !invalidPhone && !missingBirthday && !shared) q.clean++;
	}
	q.score = ratio(q.clean, q.customers);
	return q;
}

function staffRows(
	period: Period,
	purchases: readonly ReportPurchase[],
	interactions: readonly ReportInteraction[],
	live: Map<string, ReportCustomer>
): StaffRow[] {
	const rows = new Map<string, StaffRow>();
	const row = (staff: string): StaffRow => {
		const key = staff.trim();
		let r = rows.get(key);
		if (r === undefined) {
			r = { staff: key, purchases: 0, revenue: 0, remindersDone: 0, interactions: 0 };
			rows.set(key, r);
		}
		return r;
	};
	for (const p of purchases) {
		if (!inPeriod(p.date, period) || !live.has(p.customerId)) continue;
		const r = row(p.staff);
		r.purchases++;
		r.revenue += p.amount;
	}
	const from = dayNumber(period.from);
	const to = dayNumber(period.to);
	for (const i of interactions) {
		const day = shopDayNumber(i.at);
		if (day < from || day > to || !live.has(i.customerId)) continue;
		const r = row(i.staff);
		r.interactions++;
		if (i.reminderId) r.remindersDone++;
	}
	// Busiest first; "not recorded" last, whatever its count, as it is nobody's work.
	return [...rows.values()].sort(
		(a, b) =>
			Number(a.staff === '') - Number(b.staff === '') ||
			b.purchases + b.interactions - (a.purchases + a.interactions) ||
			a.staff.localeCompare(b.staff)
	);
}

/**
 * Every number of the dashboard. `purchases` and `interactions` must hold at least those of
 * `readRange(options)` (more are ignored where they do not matter); `customers` the whole book.
 */
export function computeDashboard(
	customers: Iterable<ReportCustomer>,
	purchases: readonly ReportPurchase[],
	interactions: readonly ReportInteraction[],
	options: ReportOptions
): Dashboard {
	const careDays = options.careDays ?? DEFAULT_CARE_DAYS;
	const live = new Map<string, ReportCustomer>();
	const stages: Record<string, number> = {};
	const rfm = Object.fromEntries([...RFM_SEGMENT_IDS, 'none'].map((id) => [id, 0])) as Record<
		RfmSegmentId | 'none',
		number
	>;
	const rfmBuilder = createRfmBuilder(options.today);
	const all: ReportCustomer[] = [];
	for (const c of customers) {
		all.push(c);
		if (c.deletedAt !== undefined) continue;
		live.set(c.id, c);
		const stage = c.stage ?? 'none';
		stages[stage] = (stages[stage] ?? 0) + 1;
		if (c.stats.count > 0 && c.stats.last !== null) {
			rfmBuilder.add(c.id, c.stats.last, c.stats.count, c.stats.total);
		} else rfm.none++;
	}
	const ranked = rfmBuilder.finish();
	for (let i = 0; i < ranked.segment.length; i++) rfm[RFM_SEGMENT_IDS[ranked.segment[i]]]++;

	const livePurchases = purchases.filter((p) => p.deletedAt === undefined);
	const liveInteractions = interactions.filter(
		(i) => i.deletedAt === undefined && i.kind !== 'note'
	);
	const purchaseDays = new Map<string, number[]>();
	for (const p of livePurchases) pushDay(purchaseDays, p.customerId, dayNumber(p.date));
	const contactDays = new Map<string, number[]>();
	for (const i of liveInteractions) pushDay(contactDays, i.customerId, shopDayNumber(i.at));
	// The worker reads by date, so the lists are in order already; sorting them anyway would be
	// a hundred thousand comparator sorts.
	for (const list of purchaseDays.values()) sortIfNeeded(list);
	for (const list of contactDays.values()) sortIfNeeded(list);

	const ctx: Ctx = {
		live,
		purchaseDays,
		contactDays,
		purchases: livePurchases,
		today: dayNumber(options.today),
		careDays,
		lostAfterDays: options.lostAfterDays
	};
	const prevPeriod = previousPeriod(options.period);
	const current = measurePeriod(options.period, ctx);
	const previous = measurePeriod(prevPeriod, ctx);

	const buckets = bucketsOf(options.period);
	const prevBuckets = bucketsOf(prevPeriod);
	const points: SeriesPoint[] = buckets.starts.map((start) => ({
		start,
		revenue: 0,
		previousRevenue: 0,
		newCustomers: 0,
		returningCustomers: 0
	}));
	const seen = points.map(() => new Set<string>());
	for (const p of livePurchases) {
		const c = live.get(p.customerId);
		if (c === undefined) continue;
		const b = buckets.bucketOf(p.date);
		if (b >= 0) {
			points[b].revenue += p.amount;
			if (!seen[b].has(c.id)) {
				seen[b].add(c.id);
				if (c.stats.first !== null && c.stats.first >= options.period.from) {
					points[b].newCustomers++;
				} else points[b].returningCustomers++;
			}
		}
		const pb = prevBuckets.bucketOf(p.date);
		// A previous period longer than this one (31 days before 28) adds its tail to the last point.
		if (pb >= 0 && points.length > 0)
			points[Math.min(pb, points.length - 1)].previousRevenue += p.amount;
	}

	return {
		today: options.today,
		careDays,
		lostAfterDays: options.lostAfterDays,
		current,
		previous,
		series: { unit: buckets.unit, points },
		stages,
		rfm,
		quality: dataQuality(all),
		staff: staffRows(options.period, livePurchases, liveInteractions, live)
	};
}
