import {
	BUSINESS_TYPES,
	birthdayReminder,
	birthdayWindow,
	nextBirthday,
	DEFAULT_CARE_PLANS,
	planProblems,
	type BusinessType,
	type CarePlan
} from '$lib/domain/care';
import { isoToday } from '$lib/domain/date';
import type { Customer, Reminder } from '$lib/domain/types';
import { runBatch, type BatchContext } from './changes';
import { withDb, type SoKhachDB } from './db';
import { InputError, requireIsoDate } from './input';
import { getSetting, setSetting } from './settings';

/**
 * Customer-care settings (the shop's profile, its care plan, its staff) and the daily job that
 * puts birthday reminders on Today. Settings are system changes: logged, never on the undo stack.
 */

export const SETTING_KEYS = {
	shopProfile: 'shop.profile',
	carePlan: 'care.plan',
	staff: 'care.staff',
	lastDailyRun: 'care.lastDailyRun'
} as const;

export interface ShopProfile {
	name: string;
	businessType: BusinessType;
}

const DEFAULT_PROFILE: ShopProfile = { name: '', businessType: 'general' };

/**
 * A reminder's id from the stable key the care plan gives it (`<purchaseId>:d3`,
 * `birthday:<customerId>:2026`). The key is already unique, so it is the id: planning the same
 * thing twice finds the reminder it made the first time. The sample generator relies on this too.
 */
export function reminderIdOf(key: string): string {
	return key;
}

/** Today in the shop's time zone (Vietnam). */
export function shopToday(): string {
	return isoToday();
}

function profileOf(value: unknown): ShopProfile {
	if (typeof value !== 'object' || value === null) return { ...DEFAULT_PROFILE };
	const v = value as Partial<ShopProfile>;
	return {
		name: typeof v.name === 'string' ? v.name : '',
		businessType: BUSINESS_TYPES.includes(v.businessType as BusinessType)
			? (v.businessType as BusinessType)
			: 'general'
	};
}

function clonePlan(plan: CarePlan): CarePlan {
	return structuredClone(plan) as CarePlan;
}

/**
 * The plan in force, read with `db` (inside a batch's transaction too): the one the owner saved
 * for the shop's business type, else that type's default. A plan saved for another type is kept
 * but not used, so switching the business type brings that trade's rhythm.
 */
export async function carePlanIn(db: SoKhachDB): Promise<CarePlan> {
	const [profileRow, planRow] = await db.settings.bulkGet([
		SETTING_KEYS.shopProfile,
		SETTING_KEYS.carePlan
	]);
	const { businessType } = profileOf(profileRow?.value);
	const saved = planRow?.value as CarePlan | undefined;
	if (saved && saved.businessType === businessType && planProblems(saved).length === 0) {
		return clonePlan(saved);
	}
	return clonePlan(DEFAULT_CARE_PLANS[businessType]);
}

export function getCarePlan(): Promise<CarePlan> {
	return withDb((db) => carePlanIn(db));
}

/**
 * Saves the owner's plan. Its business type must be the shop's (the plan of another trade would
 * never be used). Reminders already planned keep their dates; new sales follow the new plan.
 *
 * @throws InputError('plan', 'value-invalid') when planProblems finds anything
 */
export async function setCarePlan(plan: CarePlan): Promise<void> {
	const profile = await getShopProfile();
	if (planProblems(plan).length > 0 || plan.businessType !== profile.businessType) {
		throw new InputError('plan', 'value-invalid');
	}
	await setSetting(SETTING_KEYS.carePlan, clonePlan(plan));
}

/** Goes back to the default plan of the shop's business type. */
export async function resetCarePlan(): Promise<void> {
	await setSetting(SETTING_KEYS.carePlan, null);
}

export async function getShopProfile(): Promise<ShopProfile> {
	return profileOf(await getSetting<unknown>(SETTING_KEYS.shopProfile, null));
}

/** @throws InputError('businessType', 'value-invalid') for an unknown business type */
export async function setShopProfile(profile: ShopProfile): Promise<void> {
	if (!BUSINESS_TYPES.includes(profile.businessType)) {
		throw new InputError('businessType', 'value-invalid');
	}
	await setSetting(SETTING_KEYS.shopProfile, {
		name: profile.name.normalize('NFC').trim(),
		businessType: profile.businessType
	});
}

/** The staff names reminders can be assigned to, in the owner's order. */
export async function getStaff(): Promise<string[]> {
	const value = await getSetting<unknown>(SETTING_KEYS.staff, []);
	return Array.isArray(value) ? value.filter((n): n is string => typeof n === 'string') : [];
}

/** Trimmed, without blanks or repeats. Reminders assigned to a removed name keep it. */
export async function setStaff(names: readonly string[]): Promise<void> {
	const clean = [...new Set(names.map((n) => n.normalize('NFC').trim()).filter((n) => n !== ''))];
	await setSetting(SETTING_KEYS.staff, clean);
}

export interface DailyCareResult {
	/** False when the job had already run for this day. */
	ran: boolean;
	/** Birthday reminders created. */
	created: number;
}

/** Birthdays are looked for this many days past the plan's lead, so a week ahead is planned. */
const BIRTHDAY_LOOKAHEAD = 7;

async function writeSetting(ctx: BatchContext, key: string, value: unknown): Promise<void> {
	if (await ctx.db.settings.get(key)) await ctx.update('settings', key, { value });
	else await ctx.create('settings', [{ key, value }]);
}

/**
 * The once-a-day job (run it when the app opens and at midnight): birthday reminders for the
 * live customers whose birthday falls within the plan's lead days plus a week, found through the
 * `birthdayMD` index, never a scan of all customers. Reminder ids are made from customer and
 * year, so a customer who already has this year's reminder (open, done or skipped) gets no
 * second one. Runs once per day: the date is remembered in the same transaction. Logged as a
 * system batch ('change_daily_care', { count }): nothing for Ctrl+Z to take back.
 */
export async function runDailyCare(today: string = shopToday()): Promise<DailyCareResult> {
	requireIsoDate('today', today);
	return runBatch(
		'change_daily_care',
		undefined,
		'system',
		async (ctx) => {
			const last = await ctx.db.settings.get(SETTING_KEYS.lastDailyRun);
			if (last?.value === today) return { ran: false, created: 0 };
			const plan = await carePlanIn(ctx.db);
			const ranges = birthdayWindow(today, plan.birthdayLeadDays + BIRTHDAY_LOOKAHEAD).map(
				(w) => [w.from, w.to] as const
			);
			const customers = await ctx.db.customers
				.where('birthdayMD')
				.inAnyRange(ranges, { includeUppers: true })
				.toArray();
			const drafts = customers.flatMap((c) => {
				if (c.deletedAt !== undefined) return [];
				const d = birthdayReminder(c, today, plan, reminderIdOf);
				return d === null ? [] : [d];
			});
			const existing = await ctx.db.reminders.bulkGet(drafts.map((d) => d.id));
			const fresh: Reminder[] = drafts
				.filter((_, i) => existing[i] === undefined)
				.map((d) => ({ ...d, createdAt: ctx.now, updatedAt: ctx.now }));
			await ctx.create('reminders', fresh);
			await writeSetting(ctx, SETTING_KEYS.lastDailyRun, today);
			ctx.setParams({ count: fresh.length });
			return { ran: true, created: fresh.length };
		},
		{ tables: ['customers', 'reminders', 'settings'] }
	);
}

/** The day `birthday` is celebrated in the year of `day`, null for no birthday (or a bad one). */
function celebratedIn(birthday: string | null, day: string): string | null {
	if (birthday === null) return null;
	try {
		return nextBirthday(birthday, `${day.slice(0, 4)}-01-01`);
	} catch {
		return null;
	}
}

/**
 * After a merge (db/merge.ts, in its batch): the kept customer's open birthday reminders, the
 * merged customers' among them, brought down to one a year for the birthday the customer now
 * has. Two for one birthday, or one for a birthday they no longer have, would both show on
 * Today. For the coming birthday the customer's own reminder (the id the daily job gives it) is
 * the one kept, moved to the new day if the merge chose another birthday; made now, carrying a
 * merged one's assignee, note and snooze, when it does not exist and a merged one was open for
 * that birthday; when it was closed for the birthday they had before, the merged one stays
 * open. The rest are cancelled. Returns how many were cancelled.
 */
export async function settleBirthdayReminders(
	ctx: BatchContext,
	customer: Customer,
	today: string
): Promise<number> {
	const open = (await ctx.db.reminders.where('customerId').equals(customer.id).toArray()).filter(
		(r) => r.kind === 'birthday' && r.status === 'open'
	);
	if (open.length === 0) return 0;
	const plan = await carePlanIn(ctx.db);
	let next: ReturnType<typeof birthdayReminder> = null;
	try {
		next = birthdayReminder(customer, today, plan, reminderIdOf);
	} catch {
		next = null;
	}
	/** Ids of the reminders to cancel. */
	const cancel = new Set<string>();
	const byYear = new Map<string, Reminder[]>();
	for (const r of open) {
		const day = r.dueEnd ?? r.due;
		if (celebratedIn(customer.birthday, day) !== day) cancel.add(r.id);
		else byYear.set(day.slice(0, 4), [...(byYear.get(day.slice(0, 4)) ?? []), r]);
	}
	const own = (year: string) => reminderIdOf(`birthday:${customer.id}:${year}`);
	for (const [year, list] of byYear) {
		const kept = list.find((r) => r.id === own(year)) ?? list[0];
		for (const r of list) if (r !== kept) cancel.add(r.id);
	}
	if (next !== null && next.dueEnd !== null) {
		const year = next.dueEnd.slice(0, 4);
		const existing = await ctx.db.reminders.get(next.id);
		const moved = open.find(
			(r) => r.id !== next.id && !cancel.has(r.id) && r.dueEnd?.startsWith(year)
		);
		if (existing?.status === 'open') {
			// The customer's own, perhaps for the birthday they had before the merge.
			cancel.delete(existing.id);
			if (existing.due !== next.due || existing.dueEnd !== next.dueEnd) {
				await ctx.update('reminders', existing.id, { due: next.due, dueEnd: next.dueEnd });
			}
			if (moved !== undefined) cancel.add(moved.id);
		} else if (existing === undefined && moved !== undefined) {
			// The daily job makes the customer's own when the day comes near: made now instead (it
			// shows on Today from its due day), so the birthday never gets a second reminder.
			cancel.add(moved.id);
			await ctx.create('reminders', [
				{
					...next,
					assignee: moved.assignee,
					note: moved.note,
					snoozedUntil: moved.snoozedUntil,
					createdAt: ctx.now,
					updatedAt: ctx.now
				}
			]);
		} else if (moved !== undefined && existing?.dueEnd === next.dueEnd) {
			// Their own for this very day is done or skipped already.
			cancel.add(moved.id);
		}
		// Else their own, closed, was for the birthday they had before: the merged one, for the
		// day now kept, stays open (the daily job will not make another with that id taken).
	}
	await ctx.updateMany(
		'reminders',
		[...cancel].map((id) => ({ key: id, patch: { status: 'cancelled', closedAt: ctx.now } }))
	);
	return cancel.size;
}
