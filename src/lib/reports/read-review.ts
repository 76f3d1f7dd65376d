/**
 * The monthly review straight from IndexedDB: the reminders due in the month (`due` index),
 * the open repurchase reminders (front of `[status+kind+late+due]`), the month's contacts (`at`)
 * and the customers added in it (`createdAt`), then the names of the customers shown.
 */
import { withDb } from '$lib/db/db';
import type { Reminder } from '$lib/domain/types';
import type { Period } from './period';
import { shopDayStart } from './read';
import { buildReview, reviewCustomerIds, type Review, type ReviewReminder } from './review';

export interface ReviewResult {
	review: Review;
	/** Names of the customers the lists show. */
	names: Record<string, string>;
}

const slimReminder = (r: Reminder): ReviewReminder => ({
	id: r.id,
	customerId: r.customerId,
	due: r.due,
	dueEnd: r.dueEnd,
	kind: r.kind,
	status: r.status,
	note: r.note,
	...(r.deletedAt === undefined ? {} : { deletedAt: r.deletedAt })
});

export async function reviewFromDb(month: Period, today: string): Promise<ReviewResult> {
	const monthStart = shopDayStart(month.from);
	const monthEnd = shopDayStart(month.to) + 86_400_000;
	const [dueInMonth, repurchase, interactions, added, trashedRows] = await Promise.all([
		withDb((db) => db.reminders.where('due').between(month.from, month.to, true, true).toArray()),
		withDb((db) =>
			db.reminders
				.where('[status+kind+late+due]')
				// late and due are ISO days: '' is below any, '\uffff' above.
				.between(['open', 'repurchase', '', ''], ['open', 'repurchase', '\uffff', '\uffff'])
				.toArray()
		),
		withDb((db) =>
			db.interactions.where('at').between(monthStart, monthEnd, true, false).toArray()
		),
		withDb((db) =>
			db.customers.where('createdAt').between(monthStart, monthEnd, true, false).toArray()
		),
		// The trash is small and indexed; its customers' records stay out of every list.
		withDb((db) => db.customers.where('deletedAt').above(0).primaryKeys())
	]);
	const review = buildReview(
		{
			reminders: [...dueInMonth, ...repurchase].map(slimReminder),
			interactions: interactions.map((i) => ({
				id: i.id,
				customerId: i.customerId,
				at: i.at,
				kind: i.kind,
				sentiment: i.sentiment,
				summary: i.summary,
				staff: i.staff,
				...(i.deletedAt === undefined ? {} : { deletedAt: i.deletedAt })
			})),
			referrals: added
				.filter((c) => c.referredBy)
				.map((c) => ({
					id: c.id,
					name: c.name,
					referredBy: c.referredBy,
					createdAt: c.createdAt,
					...(c.deletedAt === undefined ? {} : { deletedAt: c.deletedAt })
				})),
			trashed: new Set(trashedRows)
		},
		month,
		today
	);
	const ids = reviewCustomerIds(review);
	const customers = await withDb((db) => db.customers.bulkGet(ids));
	const names: Record<string, string> = {};
	for (const c of customers) if (c !== undefined) names[c.id] = c.name;
	return { review, names };
}
