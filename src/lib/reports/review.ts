/**
 * The monthly review's four lists, pure: who should have been cared for and was not, who is
 * due to buy again, who referred others, the latest negative feedback. Each list is sorted
 * for the meeting (most pressing first) and cut to LIST_LIMIT, with the full count kept.
 */
import { dayNumber, isoOfDayNumber } from '$lib/domain/stages';
import type { Interaction, Reminder, ReminderKind } from '$lib/domain/types';
import { shopDayNumber } from './measures';
import type { Period } from './period';

export const LIST_LIMIT = 100;
/** "Due to buy again" looks this many days ahead. */
export const DUE_SOON_DAYS = 30;

export type ReviewReminder = Pick<
	Reminder,
	'id' | 'customerId' | 'due' | 'dueEnd' | 'kind' | 'status' | 'note'
> & { deletedAt?: number };
export type ReviewInteraction = Pick<
	Interaction,
	'id' | 'customerId' | 'at' | 'kind' | 'sentiment' | 'summary' | 'staff'
> & { deletedAt?: number };
export interface ReviewReferral {
	/** The referred customer. */
	id: string;
	name: string;
	referredBy: string | null;
	createdAt: number;
	deletedAt?: number;
}

export interface ReminderItem {
	reminderId: string;
	customerId: string;
	kind: ReminderKind;
	due: string;
	/** Last day on time. */
	late: string;
}
export interface ReferrerItem {
	customerId: string;
	/** Customers they brought in during the month. */
	referred: Array<{ id: string; name: string }>;
}
export interface FeedbackItem {
	interactionId: string;
	customerId: string;
	day: string;
	kind: Interaction['kind'];
	summary: string;
	staff: string;
}
export interface ReviewList<T> {
	total: number;
	items: T[];
}

export interface Review {
	month: Period;
	today: string;
	missedCare: ReviewList<ReminderItem>;
	dueToBuy: ReviewList<ReminderItem>;
	referrers: ReviewList<ReferrerItem>;
	negativeFeedback: ReviewList<FeedbackItem>;
}

const cut = <T>(items: T[]): ReviewList<T> => ({
	total: items.length,
	items: items.slice(0, LIST_LIMIT)
});

const reminderItem = (r: ReviewReminder): ReminderItem => ({
	reminderId: r.id,
	customerId: r.customerId,
	kind: r.kind,
	due: r.due,
	late: r.dueEnd ?? r.due
});

/**
 * `reminders` must hold the reminders due in the month and the open repurchase reminders;
 * `interactions` those of the month; `referrals` the customers added in the month. Records of
 * customers in the trash are left out by passing their ids in `trashed`.
 */
export function buildReview(
	input: {
		reminders: readonly ReviewReminder[];
		interactions: readonly ReviewInteraction[];
		referrals: readonly ReviewReferral[];
		trashed: ReadonlySet<string>;
	},
	month: Period,
	today: string
): Review {
	const live = (x: { customerId: string; deletedAt?: number }) =>
		x.deletedAt === undefined && !input.trashed.has(x.customerId);
	const seen = new Set<string>();
	const reminders = input.reminders.filter((r) => {
		if (seen.has(r.id) || !live(r)) return false;
		seen.add(r.id);
		return true;
	});

	// Open, due in the month, and its last day on time is behind us: nobody did it in time.
	const missed = reminders
		.filter(
			(r) =>
				r.status === 'open' &&
				r.due >= month.from &&
				r.due <= month.to &&
				(r.dueEnd ?? r.due) < today
		)
		.map(reminderItem)
		.sort((a, b) => a.due.localeCompare(b.due) || a.reminderId.localeCompare(b.reminderId));

	const horizon = isoOfDayNumber(dayNumber(today) + DUE_SOON_DAYS);
	const due = reminders
		.filter((r) => r.status === 'open' && r.kind === 'repurchase' && r.due <= horizon)
		.map(reminderItem)
		.sort((a, b) => a.due.localeCompare(b.due) || a.reminderId.localeCompare(b.reminderId));

	const from = dayNumber(month.from);
	const to = dayNumber(month.to);
	const inMonth = (at: number) => {
		const d = shopDayNumber(at);
		return d >= from && d <= to;
	};
	const byReferrer = new Map<string, ReferrerItem>();
	for (const c of input.referrals) {
		if (c.deletedAt !== undefined || !c.referredBy || input.trashed.has(c.referredBy)) continue;
		if (!inMonth(c.createdAt)) continue;
		let item = byReferrer.get(c.referredBy);
		if (item === undefined) {
			item = { customerId: c.referredBy, referred: [] };
			byReferrer.set(c.referredBy, item);
		}
		item.referred.push({ id: c.id, name: c.name });
	}
	const referrers = [...byReferrer.values()].sort(
		(a, b) => b.referred.length - a.referred.length || a.customerId.localeCompare(b.customerId)
	);

	const negative = input.interactions
		.filter((i) => live(i) && i.sentiment === 'negative' && inMonth(i.at))
		.sort((a, b) => b.at - a.at || b.id.localeCompare(a.id))
		.map((i): FeedbackItem => ({
			interactionId: i.id,
			customerId: i.customerId,
			day: isoOfDayNumber(shopDayNumber(i.at)),
			kind: i.kind,
			summary: i.summary,
			staff: i.staff
		}));

	return {
		month,
		today,
		missedCare: cut(missed),
		dueToBuy: cut(due),
		referrers: cut(referrers),
		negativeFeedback: cut(negative)
	};
}

/** Every customer id a review shows, for looking their names up. */
export function reviewCustomerIds(review: Review): string[] {
	const ids = new Set<string>();
	for (const i of review.missedCare.items) ids.add(i.customerId);
	for (const i of review.dueToBuy.items) ids.add(i.customerId);
	for (const i of review.referrers.items) ids.add(i.customerId);
	for (const i of review.negativeFeedback.items) ids.add(i.customerId);
	return [...ids];
}
