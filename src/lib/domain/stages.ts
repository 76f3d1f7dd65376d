/**
 * Lifecycle stages: the built-in, ordered group every customer is in exactly one of, and the
 * rules that move customers between them. Names are looked up in i18n (`stage_<id>`) unless the
 * owner renamed a stage in the settings. Everything is plain date arithmetic on ISO days of the
 * shop's time zone, so the page, a worker and Node give the same answer. See docs/lifecycle.md.
 */
import { BUSINESS_TYPES, type BusinessType } from './care';
import { isoToday } from './date';
import type { Customer, CustomerId, PurchaseStats } from './types';

export const STAGE_IDS = ['lead', 'new', 'care', 'loyal', 'reactivate', 'lost'] as const;
export type StageId = (typeof STAGE_IDS)[number];

export function isStageId(value: string): value is StageId {
	return (STAGE_IDS as readonly string[]).includes(value);
}

/** How warm a lead is. Set by hand (no rule guesses it); a lead nobody rated is cold. */
export const LEAD_TEMPERATURES = ['cold', 'warm', 'hot'] as const;
export type LeadTemperature = (typeof LEAD_TEMPERATURES)[number];
export const DEFAULT_LEAD_TEMPERATURE: LeadTemperature = 'cold';

/** A stored temperature, or cold for anything missing or unknown (old records, typos). */
export function leadTemperatureOf(value: unknown): LeadTemperature {
	return (LEAD_TEMPERATURES as readonly unknown[]).includes(value)
		? (value as LeadTemperature)
		: DEFAULT_LEAD_TEMPERATURE;
}

/** Why the owner says a customer stopped buying (a stage set by hand to lost). */
export const LOST_REASONS = [
	'moved',
	'competitor',
	'price',
	'quality',
	'service',
	'no-need',
	'other'
] as const;
export type LostReason = (typeof LOST_REASONS)[number];

export function isLostReason(value: unknown): value is LostReason {
	return (LOST_REASONS as readonly unknown[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Days

export const SHOP_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * The shop's day of a moment: a sale rung up at 23:30 in Hồ Chí Minh City belongs to that day,
 * although it is already 16:30 UTC. Every date the rules compare is such a day.
 */
export function shopDayOf(at: number | Date, timeZone: string = SHOP_TIME_ZONE): string {
	return isoToday(timeZone, typeof at === 'number' ? new Date(at) : at);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
	return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function digits(s: string, from: number, to: number): number {
	let n = 0;
	for (let i = from; i < to; i++) {
		const c = s.charCodeAt(i) - 48;
		if (c < 0 || c > 9) return -1;
		n = n * 10 + c;
	}
	return n;
}

/**
 * Days since 1970-01-01 of an ISO `yyyy-mm-dd`. Parsed by hand rather than through `Date`: the
 * daily recompute calls it a few hundred thousand times. Throws on anything but a real date, as
 * care.ts does: a NaN day would silently keep a customer in the wrong stage.
 */
export function dayNumber(iso: string): number {
	const y = iso.length === 10 && iso[4] === '-' && iso[7] === '-' ? digits(iso, 0, 4) : -1;
	const m = y < 0 ? -1 : digits(iso, 5, 7);
	const d = m < 0 ? -1 : digits(iso, 8, 10);
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1])) {
		throw new RangeError(`Not an ISO date: ${JSON.stringify(iso)}`);
	}
	// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
	const yy = m <= 2 ? y - 1 : y;
	const era = Math.floor(yy / 400);
	const yoe = yy - era * 400;
	const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

/** The ISO `yyyy-mm-dd` of a day number (years 0–9999); the inverse of dayNumber. */
export function isoOfDayNumber(day: number): string {
	// Hinnant's civil_from_days, for the same reason as above: Date and toISOString cost more
	// than the rest of a customer's recompute put together.
	const z = day + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor(
		(doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
	);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const m = mp < 10 ? mp + 3 : mp - 9;
	const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
	return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

// ---------------------------------------------------------------------------------------------
// Settings

export const STAGE_SETTINGS_VERSION = 1;

/** How one stage looks: the owner may rename and recolour it, and reorder the group. */
export interface StageStyle {
	id: StageId;
	/** The owner's name for the stage; empty for the built-in name in the user's language. */
	name: string;
	/** `#rrggbb`. */
	colour: string;
}

export interface StageDays {
	/**
	 * Days after a first purchase during which the customer is new (the after-sale routine);
	 * from that day on a one-time buyer needs care to come back.
	 */
	careWindowDays: number;
	/** Days without a purchase after which a customer needs reactivating. */
	reactivateAfterDays: number;
	/** Days without a purchase after which a customer counts as lost. */
	lostAfterDays: number;
}

export interface StageSettings extends StageDays {
	version: typeof STAGE_SETTINGS_VERSION;
	/** The settings are used only while this is the shop's type, like the care plan. */
	businessType: BusinessType;
	/** Every stage once, in display order (board columns, menus). The order moves nobody. */
	stages: StageStyle[];
}

export const DEFAULT_STAGE_COLOURS: Readonly<Record<StageId, string>> = {
	lead: '#64748b',
	new: '#2563eb',
	care: '#d97706',
	loyal: '#16a34a',
	reactivate: '#ea580c',
	lost: '#9f1239'
};

/**
 * Day counts per trade, in step with the care plans of care.ts:
 * - the care window ends with the plan's follow-up step (general/fashion 30, spa 21, café 14,
 *   repair 25, just before a 30-day warranty runs out): after it the routine has nothing more
 *   for a one-time buyer, who now needs care of a different kind to come back;
 * - reactivation is the plan's `reactivationDays` (the day its win-back call is planned);
 * - lost is twice that (a year for general and fashion): by then the win-back call has been
 *   made and a further wait of the same length has not brought the customer back.
 */
export const DEFAULT_STAGE_DAYS: Readonly<Record<BusinessType, Readonly<StageDays>>> = {
	general: { careWindowDays: 30, reactivateAfterDays: 180, lostAfterDays: 365 },
	spa: { careWindowDays: 21, reactivateAfterDays: 120, lostAfterDays: 240 },
	fashion: { careWindowDays: 30, reactivateAfterDays: 180, lostAfterDays: 365 },
	cafe: { careWindowDays: 14, reactivateAfterDays: 60, lostAfterDays: 120 },
	repair: { careWindowDays: 25, reactivateAfterDays: 365, lostAfterDays: 730 }
};

export function defaultStageSettings(businessType: BusinessType): StageSettings {
	return {
		version: STAGE_SETTINGS_VERSION,
		businessType,
		stages: STAGE_IDS.map((id) => ({ id, name: '', colour: DEFAULT_STAGE_COLOURS[id] })),
		...DEFAULT_STAGE_DAYS[businessType]
	};
}

/** Longest owner-given stage name: it has to fit a board column header and a grid cell. */
export const STAGE_NAME_MAX = 40;
/** Ten years: anything longer is a typo, and would make every customer stay put forever. */
export const STAGE_DAYS_MAX = 3650;

export type StageSettingsProblem =
	| { code: 'not-object' }
	| { code: 'bad-version' }
	| { code: 'bad-business-type' }
	| { code: 'bad-stages' }
	| { code: 'unknown-stage'; index: number }
	| { code: 'duplicate-stage'; id: StageId }
	| { code: 'missing-stage'; id: StageId }
	| { code: 'bad-name'; id: StageId }
	| { code: 'bad-colour'; id: StageId }
	| { code: 'bad-days'; field: keyof StageDays }
	/** The day counts must grow: care window < reactivation < lost. */
	| { code: 'days-out-of-order'; field: keyof StageDays };

const COLOUR = /^#[0-9a-fA-F]{6}$/;
const DAY_FIELDS: ReadonlyArray<keyof StageDays> = [
	'careWindowDays',
	'reactivateAfterDays',
	'lostAfterDays'
];

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What settings edited (or stored, or restored from a backup) get wrong; empty when usable. */
export function stageSettingsProblems(value: unknown): StageSettingsProblem[] {
	if (!isRecord(value)) return [{ code: 'not-object' }];
	const problems: StageSettingsProblem[] = [];
	if (value.version !== STAGE_SETTINGS_VERSION) problems.push({ code: 'bad-version' });
	if (!(BUSINESS_TYPES as readonly unknown[]).includes(value.businessType)) {
		problems.push({ code: 'bad-business-type' });
	}
	if (!Array.isArray(value.stages)) {
		problems.push({ code: 'bad-stages' });
	} else {
		const seen = new Set<StageId>();
		value.stages.forEach((s: unknown, index) => {
			if (!isRecord(s) || typeof s.id !== 'string' || !isStageId(s.id)) {
				problems.push({ code: 'unknown-stage', index });
				return;
			}
			const id = s.id;
			if (seen.has(id)) problems.push({ code: 'duplicate-stage', id });
			seen.add(id);
			if (typeof s.name !== 'string' || s.name.trim().length > STAGE_NAME_MAX) {
				problems.push({ code: 'bad-name', id });
			}
			if (typeof s.colour !== 'string' || !COLOUR.test(s.colour)) {
				problems.push({ code: 'bad-colour', id });
			}
		});
		for (const id of STAGE_IDS) if (!seen.has(id)) problems.push({ code: 'missing-stage', id });
	}
	let previous = -1;
	for (const field of DAY_FIELDS) {
		const n = value[field];
		// A care window of 0 is allowed: a shop without after-sale care skips "new".
		const least = field === 'careWindowDays' ? 0 : 1;
		if (typeof n !== 'number' || !Number.isInteger(n) || n < least || n > STAGE_DAYS_MAX) {
			problems.push({ code: 'bad-days', field });
			// The order cannot be judged against a count that is wrong anyway.
			previous = -1;
			continue;
		}
		if (n <= previous) problems.push({ code: 'days-out-of-order', field });
		previous = n;
	}
	return problems;
}

/**
 * The settings in force: the saved ones when they are valid and made for the shop's business
 * type, else that type's defaults. A copy, so the caller may change it.
 */
export function resolveStageSettings(saved: unknown, businessType: BusinessType): StageSettings {
	if (stageSettingsProblems(saved).length === 0) {
		const s = saved as StageSettings;
		if (s.businessType === businessType) {
			return {
				version: STAGE_SETTINGS_VERSION,
				businessType,
				stages: s.stages.map((x) => ({ id: x.id, name: x.name.trim(), colour: x.colour })),
				careWindowDays: s.careWindowDays,
				reactivateAfterDays: s.reactivateAfterDays,
				lostAfterDays: s.lostAfterDays
			};
		}
	}
	return defaultStageSettings(businessType);
}

// ---------------------------------------------------------------------------------------------
// Facts and reasons

/**
 * What the rules look at. All of it is in `Customer.stats` except the date of the second
 * purchase, which only the reason "2nd purchase on …" needs (with two purchases it is `last`).
 */
export interface StageFacts {
	count: number;
	first: string | null;
	last: string | null;
	/** ISO day of the second purchase, null when unknown or when there is none. */
	second: string | null;
}

export function stageFacts(stats: PurchaseStats, secondPurchase: string | null = null): StageFacts {
	const hasPurchases = stats.count > 0 && stats.last !== null;
	return {
		count: hasPurchases ? stats.count : 0,
		first: hasPurchases ? (stats.first ?? stats.last) : null,
		last: hasPurchases ? stats.last : null,
		second: secondPurchase ?? (hasPurchases && stats.count === 2 ? stats.last : null)
	};
}

/**
 * Facts from a customer's purchases (the purchases repository has them in hand when it writes
 * the stats): trashed ones left out, the second date exact.
 */
export function stageFactsOfPurchases(
	purchases: Iterable<{ date: string; amount?: number; deletedAt?: number }>
): StageFacts {
	const dates: string[] = [];
	for (const p of purchases) if (p.deletedAt === undefined) dates.push(p.date);
	dates.sort();
	return {
		count: dates.length,
		first: dates[0] ?? null,
		last: dates[dates.length - 1] ?? null,
		second: dates[1] ?? null
	};
}

/** What moved a customer. The UI renders it in either language (docs/lifecycle.md). */
export type StageRule =
	/** No purchase yet: a lead. */
	| 'no-purchases'
	/** `date`: the first purchase. */
	| 'first-purchase'
	/** `date`: the day the care window (`days`) after the only purchase ended. */
	| 'care-window-passed'
	/** `date`: the second purchase. */
	| 'second-purchase'
	/** Bought `count` times, the latest on `date` (the second purchase's date is not known). */
	| 'repeat-purchase'
	/** Bought again on `date` after having needed reactivation or having been lost. */
	| 'returned'
	/** `date`: the day `days` had passed since the latest purchase. */
	| 'no-purchase-for'
	/** `date`: the day `days` had passed since the latest purchase. */
	| 'lost-after'
	/** Set by hand on `date` (with `lostReason` when set to lost). */
	| 'manual';

export interface StageReason {
	rule: StageRule;
	/** ISO day the reason refers to. */
	date: string;
	days?: number;
	/** Number of purchases (repeat-purchase, returned). */
	count?: number;
	lostReason?: LostReason;
}

export interface RuleResult {
	stage: StageId;
	reason: StageReason;
}

/** The stage alone, without the reason: most customers do not move, and need no reason. */
function ruleStageId(facts: StageFacts, settings: StageDays, today: string): StageId {
	if (facts.count <= 0 || facts.last === null) return 'lead';
	const since = dayNumber(today) - dayNumber(facts.last);
	if (since >= settings.lostAfterDays) return 'lost';
	if (since >= settings.reactivateAfterDays) return 'reactivate';
	if (facts.count >= 2) return 'loyal';
	return since >= settings.careWindowDays ? 'care' : 'new';
}

/**
 * The stage the rules give on `today`. Day D + N is the first day of a rule that applies "after
 * N days" (bought on 1 March, care window 30 → care from 31 March). The time rules win over the
 * purchase rules: a loyal customer who stops buying needs reactivating like any other.
 */
export function ruleStage(facts: StageFacts, settings: StageDays, today: string): RuleResult {
	if (facts.count <= 0 || facts.last === null) {
		return { stage: 'lead', reason: { rule: 'no-purchases', date: today } };
	}
	const last = dayNumber(facts.last);
	const since = dayNumber(today) - last;
	if (since >= settings.lostAfterDays) {
		return {
			stage: 'lost',
			reason: {
				rule: 'lost-after',
				date: isoOfDayNumber(last + settings.lostAfterDays),
				days: settings.lostAfterDays
			}
		};
	}
	if (since >= settings.reactivateAfterDays) {
		return {
			stage: 'reactivate',
			reason: {
				rule: 'no-purchase-for',
				date: isoOfDayNumber(last + settings.reactivateAfterDays),
				days: settings.reactivateAfterDays
			}
		};
	}
	if (facts.count >= 2) {
		return {
			stage: 'loyal',
			reason:
				facts.second !== null
					? { rule: 'second-purchase', date: facts.second }
					: { rule: 'repeat-purchase', date: facts.last, count: facts.count }
		};
	}
	if (since >= settings.careWindowDays) {
		return {
			stage: 'care',
			reason: {
				rule: 'care-window-passed',
				date: isoOfDayNumber(last + settings.careWindowDays),
				days: settings.careWindowDays
			}
		};
	}
	return { stage: 'new', reason: { rule: 'first-purchase', date: facts.first ?? facts.last } };
}

/**
 * The first day after `today` on which the rules would give another stage with no new
 * purchase; null when time alone will never move the customer (no purchases, or lost). The
 * daily job need not look at a customer again before that day.
 */
export function nextCheckDate(
	facts: StageFacts,
	settings: StageDays,
	today: string
): string | null {
	const day = nextCheckDay(facts, settings, dayNumber(today));
	return day === null ? null : isoOfDayNumber(day);
}

/** nextCheckDate as a day number, for a batch that only wants the earliest. */
export function nextCheckDay(facts: StageFacts, settings: StageDays, today: number): number | null {
	if (facts.count <= 0 || facts.last === null) return null;
	const last = dayNumber(facts.last);
	if (facts.count === 1 && last + settings.careWindowDays > today) {
		return last + settings.careWindowDays;
	}
	if (last + settings.reactivateAfterDays > today) return last + settings.reactivateAfterDays;
	if (last + settings.lostAfterDays > today) return last + settings.lostAfterDays;
	return null;
}

// ---------------------------------------------------------------------------------------------
// Changes

export type StageSubject = Pick<Customer, 'id' | 'stage' | 'stageManual'>;

export interface StageChange {
	id: CustomerId;
	/** The stored stage before (null, or an id from older data the rules replace). */
	from: string | null;
	to: StageId;
	/** The new `stageManual`. */
	manual: boolean;
	reason: StageReason;
}

function isManual(c: StageSubject): boolean {
	// A manual flag without a stage is not an owner's choice to keep: the rules fill it in.
	return c.stageManual && c.stage !== null;
}

/**
 * The change the rules make on `today`, or null when the customer stays: a stage set by hand is
 * kept until the owner releases it. A customer coming back from reactivation or lost is told
 * apart ("returned on …") from one who merely bought a second time.
 */
export function nextStage(
	customer: StageSubject,
	facts: StageFacts,
	settings: StageDays,
	today: string
): StageChange | null {
	if (isManual(customer)) return null;
	const stage = ruleStageId(facts, settings, today);
	if (stage === customer.stage && !customer.stageManual) return null;
	return changeTo(customer, ruleStage(facts, settings, today), facts);
}

function changeTo(
	customer: StageSubject,
	{ stage, reason }: RuleResult,
	facts: StageFacts
): StageChange {
	const cameBack =
		(customer.stage === 'reactivate' || customer.stage === 'lost') &&
		stage === 'loyal' &&
		facts.last !== null;
	return {
		id: customer.id,
		from: customer.stage,
		to: stage,
		manual: false,
		reason:
			cameBack && facts.last !== null
				? { rule: 'returned', date: facts.last, count: facts.count }
				: reason
	};
}

/**
 * After a purchase was recorded, edited, trashed or restored: `facts` as they are after the
 * write. The purchase date may be in the past (typed in late); the rules judge it on `today`.
 */
export function stageChangeOnPurchase(
	customer: StageSubject,
	facts: StageFacts,
	settings: StageDays,
	today: string
): StageChange | null {
	return nextStage(customer, facts, settings, today);
}

/**
 * The care window of a one-time buyer has ended (a timer at midnight, or Today being opened):
 * new → care. Any other change waits for its own trigger.
 */
export function stageChangeOnCareWindow(
	customer: StageSubject,
	facts: StageFacts,
	settings: StageDays,
	today: string
): StageChange | null {
	const change = nextStage(customer, facts, settings, today);
	return change !== null && change.reason.rule === 'care-window-passed' ? change : null;
}

/**
 * The app opened on a new day (or a day went by while it was open). `lastRun` is the day the
 * stages were last brought up to date: when time alone could change nothing between it and
 * today, the rules are not even evaluated. Null `lastRun`: never ran, evaluate.
 */
export function stageChangeOnNewDay(
	customer: StageSubject,
	facts: StageFacts,
	settings: StageDays,
	today: string,
	lastRun: string | null
): StageChange | null {
	if (isManual(customer)) return null;
	if (lastRun !== null && customer.stage !== null) {
		const due = nextCheckDate(facts, settings, lastRun);
		if (due === null || due > today) return null;
	}
	return nextStage(customer, facts, settings, today);
}

/** The owner sets a stage by hand: kept, marked manual, until released. */
export function stageChangeOnManual(
	customer: StageSubject,
	to: StageId,
	today: string,
	lostReason?: LostReason
): StageChange | null {
	if (customer.stage === to && customer.stageManual && lostReason === undefined) return null;
	const reason: StageReason = { rule: 'manual', date: today };
	if (to === 'lost' && lostReason !== undefined) reason.lostReason = lostReason;
	return { id: customer.id, from: customer.stage, to, manual: true, reason };
}

/**
 * The owner hands a customer back to the rules. Always a change when the stage was manual,
 * even if the rules agree with it (the manual mark goes); null when it was not manual.
 */
export function stageChangeOnRelease(
	customer: StageSubject,
	facts: StageFacts,
	settings: StageDays,
	today: string
): StageChange | null {
	if (!customer.stageManual) return null;
	return changeTo(customer, ruleStage(facts, settings, today), facts);
}

// ---------------------------------------------------------------------------------------------
// Referral badge

/**
 * The customers who referred someone still in the book: the "đã giới thiệu" badge beside the
 * stage, and the referrer set segments match against. Referrals from customers in the trash do
 * not count (the referred customer may be a mistake being cleaned up).
 */
export function referrerSet(
	customers: Iterable<Pick<Customer, 'referredBy'> & { deletedAt?: number }>
): Set<CustomerId> {
	const set = new Set<CustomerId>();
	for (const c of customers) {
		if (c.referredBy !== null && c.deletedAt === undefined) set.add(c.referredBy);
	}
	return set;
}
