/**
 * The after-sale routine the shops run by hand: ask how it went, thank and explain, offer a
 * little something, remind to buy again, call the ones who drifted away, greet on birthdays.
 * Everything here is plain date arithmetic on ISO `yyyy-mm-dd` strings, so it gives the same
 * answer in the page, a worker and Node, whatever the device's time zone.
 */
import { fold } from './text';
import type { AftercareStepId, Customer, Purchase, Reminder, ReminderKind } from './types';

export type BusinessType = 'spa' | 'fashion' | 'cafe' | 'repair' | 'general';

export const BUSINESS_TYPES: readonly BusinessType[] = [
	'general',
	'spa',
	'fashion',
	'cafe',
	'repair'
];

export interface CadenceStep {
	/** Stable within a plan (`d3`): reminder ids are made from it, so renaming it re-plans. */
	id: string;
	/** Days after the sale. */
	day: number;
	/** Last day of a window (repurchase at 60–90 days), or null for a single day. */
	untilDay: number | null;
	kind: ReminderKind;
	aftercareStep: AftercareStepId | null;
	templateId: string | null;
	action: 'call' | 'message';
}

export interface RepurchaseCycle {
	id: string;
	by: 'product' | 'tag';
	/**
	 * by product: a keyword or phrase found in `purchase.items`, compared folded (no diacritics,
	 * any case) and on whole words; by tag: a tag id of the customer.
	 */
	match: string;
	days: number;
}

export interface CarePlan {
	businessType: BusinessType;
	steps: CadenceStep[];
	cycles: RepurchaseCycle[];
	/** How many days before a birthday its reminder comes up. */
	birthdayLeadDays: number;
	/**
	 * Days without a purchase after which a customer counts as lapsed (stage rules, "not seen
	 * for a while" lists). The plan's reactivation step should use the same day.
	 */
	reactivationDays: number;
}

/** A reminder as planned, before the repository stamps it. */
export type ReminderDraft = Omit<Reminder, 'createdAt' | 'updatedAt' | 'deletedAt'>;

/** The checklist in the order the shops run it. */
export const AFTERCARE_STEPS: readonly AftercareStepId[] = [
	'ask',
	'thanks',
	'feedback',
	'followup',
	'chance'
];

/**
 * 'feedback' and 'chance' get no reminder of their own: the feedback is heard on the day-3 call
 * and the chance of buying again is judged at the follow-up. When staff close the reminder of
 * the key step, the UI should ask for the value step too.
 */
export const AFTERCARE_PROMPTS: Readonly<Partial<Record<AftercareStepId, AftercareStepId>>> = {
	ask: 'feedback',
	followup: 'chance'
};

// ---------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days since 1970-01-01. Throws on anything but a real `yyyy-mm-dd`: a malformed date in a
 * reminder is a bug upstream, and NaN dates would silently drop reminders from Today.
 */
function dayNumber(iso: string): number {
	const m = ISO_DATE.exec(iso);
	if (m !== null) {
		const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
		// Date.UTC rolls 2025-02-30 over into March; a round trip catches it.
		if (isoOfDay(ms / DAY_MS) === iso) return ms / DAY_MS;
	}
	throw new RangeError(`Not an ISO date: ${JSON.stringify(iso)}`);
}

function isoOfDay(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function pad2(n: number): string {
	return String(n).padStart(2, '0');
}

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
	return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export function addDays(iso: string, n: number): string {
	return isoOfDay(dayNumber(iso) + n);
}

/** Calendar months; a day the target month lacks becomes its last (31 Jan + 1 → 28/29 Feb). */
export function addMonths(iso: string, n: number): string {
	dayNumber(iso); // throws on a malformed date, as addDays does

	const [y, m, d] = iso.split('-').map(Number);
	const index = y * 12 + (m - 1) + n;
	const year = Math.floor(index / 12);
	const month = index - year * 12 + 1;
	return `${year}-${pad2(month)}-${pad2(Math.min(d, daysInMonth(year, month)))}`;
}

/** a − b in days, like date-fns `differenceInCalendarDays(a, b)`: positive when a is later. */
export function diffDays(a: string, b: string): number {
	return dayNumber(a) - dayNumber(b);
}

export type SnoozePreset = '1d' | '3d' | '1w' | '1m';

export function snoozeUntil(today: string, preset: SnoozePreset): string {
	switch (preset) {
		case '1d':
			return addDays(today, 1);
		case '3d':
			return addDays(today, 3);
		case '1w':
			return addDays(today, 7);
		case '1m':
			return addMonths(today, 1);
	}
}

// ---------------------------------------------------------------------------------------------
// Default plans

function step(
	day: number,
	kind: ReminderKind,
	aftercareStep: AftercareStepId | null,
	templateId: string,
	action: CadenceStep['action'],
	untilDay: number | null = null
): CadenceStep {
	return { id: `d${day}`, day, untilDay, kind, aftercareStep, templateId, action };
}

/**
 * The shops' checklist per trade. Every plan asks at day 3, thanks at day 7, follows up, reminds
 * to buy again in a window and tries to win back a lapsed customer; what changes is the rhythm.
 * - general: the checklist as the shops wrote it (3, 7, 30, 60–90, 180).
 * - spa: treatments come round every four to six weeks, so the offer (day 21) lands before the
 *   next session is due and the repurchase window is 28–45; a client gone four months has
 *   usually found another spa. Birthday vouchers are what brings spa clients in, so a week's
 *   lead gives them time to book.
 * - fashion: a message rather than a call on day 3 (still inside the usual exchange week, and
 *   clothes buyers rarely expect a call); collections turn over every six to ten weeks, hence
 *   the 45–75 window.
 * - café: nobody wants a call about a coffee, so everything is a message; regulars come weekly,
 *   so the offer is at day 14, the repurchase window 21–30 and lapsed means two months.
 * - repair: the follow-up is a warranty check call on day 25, before the common 30-day warranty
 *   runs out, so a fault is found while it is still covered; the repurchase reminder is the
 *   periodic service (150–180: air conditioners, motorbikes); people only need a repair shop now
 *   and then, so lapsed means a year.
 */
export const DEFAULT_CARE_PLANS: Readonly<Record<BusinessType, CarePlan>> = {
	general: {
		businessType: 'general',
		steps: [
			step(3, 'aftercare', 'ask', 'care-ask', 'call'),
			step(7, 'aftercare', 'thanks', 'care-thanks', 'message'),
			step(30, 'aftercare', 'followup', 'care-offer', 'message'),
			step(60, 'repurchase', null, 'care-repurchase', 'message', 90),
			step(180, 'reactivation', null, 'care-reactivation', 'call')
		],
		cycles: [],
		birthdayLeadDays: 3,
		reactivationDays: 180
	},
	spa: {
		businessType: 'spa',
		steps: [
			step(3, 'aftercare', 'ask', 'care-ask', 'call'),
			step(7, 'aftercare', 'thanks', 'care-thanks', 'message'),
			step(21, 'aftercare', 'followup', 'care-offer', 'message'),
			step(28, 'repurchase', null, 'care-repurchase', 'message', 45),
			step(120, 'reactivation', null, 'care-reactivation', 'call')
		],
		cycles: [],
		birthdayLeadDays: 7,
		reactivationDays: 120
	},
	fashion: {
		businessType: 'fashion',
		steps: [
			step(3, 'aftercare', 'ask', 'care-ask', 'message'),
			step(7, 'aftercare', 'thanks', 'care-thanks', 'message'),
			step(30, 'aftercare', 'followup', 'care-offer', 'message'),
			step(45, 'repurchase', null, 'care-repurchase', 'message', 75),
			step(180, 'reactivation', null, 'care-reactivation', 'call')
		],
		cycles: [],
		birthdayLeadDays: 3,
		reactivationDays: 180
	},
	cafe: {
		businessType: 'cafe',
		steps: [
			step(3, 'aftercare', 'ask', 'care-ask', 'message'),
			step(7, 'aftercare', 'thanks', 'care-thanks', 'message'),
			step(14, 'aftercare', 'followup', 'care-offer', 'message'),
			step(21, 'repurchase', null, 'care-repurchase', 'message', 30),
			step(60, 'reactivation', null, 'care-reactivation', 'message')
		],
		cycles: [],
		birthdayLeadDays: 3,
		reactivationDays: 60
	},
	repair: {
		businessType: 'repair',
		steps: [
			step(3, 'aftercare', 'ask', 'care-ask', 'call'),
			step(7, 'aftercare', 'thanks', 'care-thanks', 'message'),
			step(25, 'aftercare', 'followup', 'repair-warranty', 'call'),
			step(150, 'repurchase', null, 'repair-service', 'message', 180),
			step(365, 'reactivation', null, 'care-reactivation', 'call')
		],
		cycles: [],
		birthdayLeadDays: 3,
		reactivationDays: 365
	}
};

export type PlanProblem =
	| { code: 'duplicate-id'; id: string }
	| { code: 'bad-day'; id: string }
	| { code: 'bad-window'; id: string }
	| { code: 'empty-match'; id: string }
	| { code: 'bad-lead-days' }
	| { code: 'bad-reactivation-days' };

/** What a plan edited in the settings would get wrong; empty when it can be saved. */
export function planProblems(plan: CarePlan): PlanProblem[] {
	const problems: PlanProblem[] = [];
	const seen = new Set<string>();
	const whole = (n: number): boolean => Number.isInteger(n) && n >= 0;
	for (const s of plan.steps) {
		if (seen.has(s.id)) problems.push({ code: 'duplicate-id', id: s.id });
		seen.add(s.id);
		if (!whole(s.day)) problems.push({ code: 'bad-day', id: s.id });
		else if (s.untilDay !== null && (!whole(s.untilDay) || s.untilDay < s.day)) {
			problems.push({ code: 'bad-window', id: s.id });
		}
	}
	const cycleIds = new Set<string>();
	for (const c of plan.cycles) {
		if (cycleIds.has(c.id)) problems.push({ code: 'duplicate-id', id: c.id });
		cycleIds.add(c.id);
		if (!whole(c.days) || c.days === 0) problems.push({ code: 'bad-day', id: c.id });
		if (fold(c.match) === '') problems.push({ code: 'empty-match', id: c.id });
	}
	if (!whole(plan.birthdayLeadDays)) problems.push({ code: 'bad-lead-days' });
	if (!whole(plan.reactivationDays) || plan.reactivationDays === 0) {
		problems.push({ code: 'bad-reactivation-days' });
	}
	return problems;
}

/** Whether staff call or send a message for a reminder: from its plan step, else a message. */
export function actionFor(r: Pick<Reminder, 'step'>, plan: CarePlan): CadenceStep['action'] {
	return plan.steps.find((s) => s.id === r.step)?.action ?? 'message';
}

// ---------------------------------------------------------------------------------------------
// Planning a sale

/**
 * A reminder may be this many days late and still be planned at its own date (it shows as
 * overdue). Beyond that it is stale: the sale was typed in long after it happened.
 */
export const LATE_GRACE_DAYS = 7;

/** A product cycle's window is half its length again (30 days → 30–45), like 60–90. */
const CYCLE_WINDOW = 0.5;

export interface PlanOptions {
	/** The customer's tag ids, for tag cycles. */
	customerTags?: readonly string[];
	/** ISO date of today in the shop's time zone. */
	today: string;
	/** Turns a stable key into a reminder id; the same key must give the same id. */
	makeId: (key: string) => string;
	/**
	 * The customer's latest purchase date before this one (`stats.last` before it is added). When
	 * later than this sale, the customer has already come back: no repurchase or reactivation.
	 */
	latestOtherPurchase?: string | null;
}

type PlanInput = Pick<Purchase, 'id' | 'customerId' | 'date' | 'items'> &
	Partial<Pick<Purchase, 'aftercare'>>;

interface Candidate {
	key: string;
	step: string | null;
	kind: ReminderKind;
	due: string;
	dueEnd: string | null;
	aftercareStep: AftercareStepId | null;
	templateId: string | null;
}

function words(text: string): string {
	return ` ${fold(text)
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim()} `;
}

/**
 * The cycles that apply to a sale, product cycles first (they say more than a tag), one per
 * length: two cycles of the same length would put two identical reminders on the same day.
 */
export function matchingCycles(
	items: string,
	cycles: readonly RepurchaseCycle[],
	customerTags: readonly string[] = []
): RepurchaseCycle[] {
	const itemWords = words(items);
	const matches = (c: RepurchaseCycle): boolean => {
		if (c.by === 'tag') return customerTags.includes(c.match);
		const phrase = words(c.match);
		return phrase.trim() !== '' && itemWords.includes(phrase);
	};
	const ordered = [
		...cycles.filter((c) => c.by === 'product'),
		...cycles.filter((c) => c.by === 'tag')
	];
	const lengths = new Set<number>();
	return ordered.filter((c) => {
		if (!matches(c) || lengths.has(c.days)) return false;
		lengths.add(c.days);
		return true;
	});
}

function draft(
	c: Candidate,
	customerId: string,
	purchaseId: string | null,
	makeId: (key: string) => string
): ReminderDraft {
	return {
		id: makeId(c.key),
		customerId,
		due: c.due,
		dueEnd: c.dueEnd,
		kind: c.kind,
		step: c.step,
		aftercareStep: c.aftercareStep,
		templateId: c.templateId,
		status: 'open',
		snoozedUntil: null,
		sourcePurchaseId: purchaseId,
		assignee: '',
		note: '',
		skipReason: '',
		closedAt: null,
		interactionId: null
	};
}

/**
 * The reminders one sale sets off: one per plan step, dated from the sale.
 * - A product or tag cycle that matches the sale replaces the plan's generic repurchase step:
 *   the owner's own cycle for the product is better than the generic 60–90 guess.
 * - Steps whose checklist item is already ticked on the purchase are left out.
 * - When the customer has a later purchase already, no repurchase or reactivation is planned.
 * - Late entry: a step whose last on-time day is more than LATE_GRACE_DAYS before today is stale
 *   and left out. If that leaves the customer with nothing due from a week ago to a week ahead,
 *   the latest stale step is kept as a catch-up, due today (it is not the staff's fault that it
 *   is late), so a sale typed in weeks later still gets its next touch and not a pile of
 *   overdue calls. A sale entered on time never has stale steps.
 * Ids come from `${purchaseId}:${stepId}` (`${purchaseId}:cycle:${cycleId}` for cycles), so
 * planning the same sale again gives the same ids: the repository adds only the missing ones.
 * Sorted by due date.
 */
export function planForPurchase(
	purchase: PlanInput,
	plan: CarePlan,
	opts: PlanOptions
): ReminderDraft[] {
	const cycles = matchingCycles(purchase.items, plan.cycles, opts.customerTags);
	const cameBack =
		opts.latestOtherPurchase !== undefined &&
		opts.latestOtherPurchase !== null &&
		opts.latestOtherPurchase > purchase.date;
	const done = purchase.aftercare?.done ?? {};
	const candidates: Candidate[] = [];
	for (const s of plan.steps) {
		if (s.aftercareStep !== null && done[s.aftercareStep] !== undefined) continue;
		if (s.kind === 'repurchase' && cycles.length > 0) continue;
		if (cameBack && (s.kind === 'repurchase' || s.kind === 'reactivation')) continue;
		candidates.push({
			key: `${purchase.id}:${s.id}`,
			step: s.id,
			kind: s.kind,
			due: addDays(purchase.date, s.day),
			dueEnd: s.untilDay === null ? null : addDays(purchase.date, s.untilDay),
			aftercareStep: s.aftercareStep,
			templateId: s.templateId
		});
	}
	if (!cameBack) {
		for (const c of cycles) {
			candidates.push({
				key: `${purchase.id}:cycle:${c.id}`,
				step: `cycle:${c.id}`,
				kind: 'repurchase',
				due: addDays(purchase.date, c.days),
				dueEnd: addDays(purchase.date, c.days + Math.round(c.days * CYCLE_WINDOW)),
				aftercareStep: null,
				templateId: 'care-repurchase'
			});
		}
	}
	// Stable sort: same-day steps keep the plan's order.
	candidates.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));

	const today = opts.today;
	const isStale = (c: Candidate): boolean => diffDays(today, c.dueEnd ?? c.due) > LATE_GRACE_DAYS;
	const kept = candidates.filter((c) => !isStale(c));
	const stale = candidates.filter(isStale);
	const current = kept.some((c) => diffDays(c.due, today) <= LATE_GRACE_DAYS);
	const planned =
		stale.length > 0 && !current
			? [{ ...stale[stale.length - 1], due: today, dueEnd: null }, ...kept]
			: kept;
	return planned.map((c) => draft(c, purchase.customerId, purchase.id, opts.makeId));
}

function isOpen(r: Reminder): boolean {
	return r.status === 'open' && r.deletedAt === undefined;
}

/**
 * Open repurchase and reactivation reminders that a new sale makes moot: the customer came back.
 * Only those of purchases made on or before the new one (a sale typed in late, dated before the
 * customer's latest purchase, supersedes nothing); a reminder whose purchase date is unknown is
 * kept. Aftercare steps of earlier sales stay: that sale still deserves its thank-you.
 * Known simplification: a product cycle of an earlier sale is cancelled even when the new sale
 * is a different product; the new sale plans its own reminders.
 * @param purchaseDates purchase id → ISO date, for the customer's purchases.
 */
export function supersededOnNewPurchase(
	open: readonly Reminder[],
	newPurchase: Pick<Purchase, 'id' | 'date'>,
	purchaseDates: ReadonlyMap<string, string>
): string[] {
	return open
		.filter((r) => {
			if (!isOpen(r) || (r.kind !== 'repurchase' && r.kind !== 'reactivation')) return false;
			if (r.sourcePurchaseId === null || r.sourcePurchaseId === newPurchase.id) return false;
			const date = purchaseDates.get(r.sourcePurchaseId);
			return date !== undefined && date <= newPurchase.date;
		})
		.map((r) => r.id);
}

/** Open reminders of a purchase that was deleted; done and skipped ones stay as history. */
export function cancelledOnPurchaseDeleted(
	open: readonly Reminder[],
	purchaseId: string
): string[] {
	return open.filter((r) => isOpen(r) && r.sourcePurchaseId === purchaseId).map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Birthdays

function monthDayOf(birthday: string): { month: number; day: number } {
	const m = /^(?:\d{4}|-)-(\d{2})-(\d{2})$/.exec(birthday);
	const month = m === null ? 0 : Number(m[1]);
	const day = m === null ? 0 : Number(m[2]);
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000, month)) {
		throw new RangeError(`Not a birthday: ${JSON.stringify(birthday)}`);
	}
	return { month, day };
}

function birthdayIn(year: number, month: number, day: number): string {
	return `${year}-${pad2(month)}-${pad2(Math.min(day, daysInMonth(year, month)))}`;
}

/**
 * The next date (today included) the birthday is celebrated. Someone born on 29 February
 * celebrates on 28 February in other years, as Vietnamese shops (and the law on age) do.
 */
export function nextBirthday(birthday: string, today: string): string {
	const { month, day } = monthDayOf(birthday);
	const year = Number(today.slice(0, 4));
	const thisYear = birthdayIn(year, month, day);
	return thisYear >= today ? thisYear : birthdayIn(year + 1, month, day);
}

/**
 * The reminder for the customer's next birthday: up from `birthdayLeadDays` before it, on time
 * until the day itself. Its id comes from `birthday:${customerId}:${year}`, so it is made once a
 * year however often the daily scan runs. Null without a birthday.
 */
export function birthdayReminder(
	customer: Pick<Customer, 'id' | 'birthday'>,
	today: string,
	plan: CarePlan,
	makeId: (key: string) => string
): ReminderDraft | null {
	if (customer.birthday === null) return null;
	const date = nextBirthday(customer.birthday, today);
	const candidate: Candidate = {
		key: `birthday:${customer.id}:${date.slice(0, 4)}`,
		step: null,
		kind: 'birthday',
		due: addDays(date, -plan.birthdayLeadDays),
		dueEnd: date,
		aftercareStep: null,
		templateId: 'birthday'
	};
	return draft(candidate, customer.id, null, makeId);
}

/**
 * `mm-dd` ranges (both ends included) covering today and the next `days` days, for a query on
 * the `birthdayMD` index; two ranges across the new year (28 Dec + 6 → 12-28…12-31, 01-01…01-03).
 * A range ending on 28 February of a common year also takes in 02-29, whose birthday is
 * celebrated that day.
 */
export function birthdayWindow(today: string, days: number): Array<{ from: string; to: string }> {
	if (days >= 365) return [{ from: '01-01', to: '12-31' }];
	const end = addDays(today, Math.max(0, days));
	const from = today.slice(5);
	let to = end.slice(5);
	if (to === '02-28' && !isLeapYear(Number(end.slice(0, 4)))) to = '02-29';
	if (end.slice(0, 4) === today.slice(0, 4)) return [{ from, to }];
	return [
		{ from, to: '12-31' },
		{ from: '01-01', to }
	];
}

// ---------------------------------------------------------------------------------------------
// Today

/** Open, due, and not snoozed past today. */
export function isOnToday(r: Reminder, today: string): boolean {
	return isOpen(r) && r.due <= today && (r.snoozedUntil === null || r.snoozedUntil <= today);
}

/** Days past the last on-time day (the end of a window), 0 while still on time. */
export function daysOverdue(r: Pick<Reminder, 'due' | 'dueEnd'>, today: string): number {
	return Math.max(0, diffDays(today, r.dueEnd ?? r.due));
}

/** Aftercare first: it is time-critical and the customer has just paid; custom last. */
export const KIND_ORDER: readonly ReminderKind[] = [
	'aftercare',
	'repurchase',
	'reactivation',
	'birthday',
	'custom'
];

/** Most urgent first: earliest last on-time day, then earliest due, then id. */
export function byUrgency(a: Reminder, b: Reminder): number {
	const endA = a.dueEnd ?? a.due;
	const endB = b.dueEnd ?? b.due;
	if (endA !== endB) return endA < endB ? -1 : 1;
	if (a.due !== b.due) return a.due < b.due ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * What the Today page shows: the counts and the reminders on today grouped by kind in
 * KIND_ORDER (empty groups left out). Within a group the most overdue come first, which is
 * the one whose last on-time day is earliest: for the ones still on time, the one closing
 * soonest.
 */
export function groupForToday(
	reminders: readonly Reminder[],
	today: string
): {
	overdue: number;
	dueToday: number;
	groups: Array<{ kind: ReminderKind; reminders: Reminder[] }>;
} {
	const on = reminders.filter((r) => isOnToday(r, today));
	const overdue = on.filter((r) => daysOverdue(r, today) > 0).length;
	const groups = KIND_ORDER.map((kind) => ({
		kind,
		reminders: on.filter((r) => r.kind === kind).sort(byUrgency)
	})).filter((g) => g.reminders.length > 0);
	return { overdue, dueToday: on.length - overdue, groups };
}

/**
 * The purchase's next open reminder after one was closed, for "next: day 30 — small offer on
 * 12/04". Earlier steps still open do not count as next. Null for reminders without a purchase
 * and when nothing is left.
 */
export function nextStepAfter(done: Reminder, all: readonly Reminder[]): Reminder | null {
	if (done.sourcePurchaseId === null) return null;
	const next = all
		.filter(
			(r) =>
				r.id !== done.id &&
				r.sourcePurchaseId === done.sourcePurchaseId &&
				isOpen(r) &&
				r.due >= done.due
		)
		.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : byUrgency(a, b)));
	return next[0] ?? null;
}
