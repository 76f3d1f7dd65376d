import type { CustomerId, Interaction, Purchase, Reminder } from '$lib/domain/types';
import { withDb } from './db';

/** One line of a customer's history, newest first. `at` is epoch ms; `id` is unique in the list. */
export type TimelineEntry =
	| { kind: 'created'; at: number; id: string }
	| { kind: 'purchase'; at: number; id: string; purchase: Purchase }
	| { kind: 'interaction'; at: number; id: string; interaction: Interaction }
	/** A reminder that was done or skipped (at: when); the interaction of a done one is listed too. */
	| { kind: 'reminder'; at: number; id: string; reminder: Reminder }
	/** The stage changed: by hand, by the rules or by undo (`batchId` finds the action). */
	| {
			kind: 'stage';
			at: number;
			id: string;
			from: string | null;
			to: string | null;
			batchId: string;
	  };

const VN_OFFSET = 7 * 3_600_000;
const DAY = 86_400_000;

/**
 * When a sale goes on the timeline. A purchase has a date, not a time: entered on the day of the
 * sale, its creation time places it among that day's calls; entered later (a sale typed in from
 * a notebook), it goes at midday of its own date, in Vietnam time.
 */
export function purchaseMoment(p: Pick<Purchase, 'date' | 'createdAt'>): number {
	const dayStart = Date.parse(`${p.date}T00:00:00Z`) - VN_OFFSET;
	if (p.createdAt >= dayStart && p.createdAt < dayStart + DAY) return p.createdAt;
	return dayStart + DAY / 2;
}

/** Among entries at the same moment, the one that happened later in the flow comes first. */
const ORDER: Record<TimelineEntry['kind'], number> = {
	stage: 0,
	reminder: 1,
	interaction: 2,
	purchase: 3,
	created: 4
};

/**
 * Everything that happened with one customer, newest first: when they were added, their
 * purchases and interactions (not in the trash), reminders done or skipped, and stage changes
 * from the change log. Every read goes through a per-customer index.
 */
export function customerTimeline(customerId: CustomerId): Promise<TimelineEntry[]> {
	return withDb((db) =>
		db.transaction(
			'r',
			[db.customers, db.purchases, db.interactions, db.reminders, db.changes],
			async () => {
				const [customer, purchases, interactions, reminders, changes] = await Promise.all([
					db.customers.get(customerId),
					db.purchases
						.where('[customerId+date]')
						.between([customerId, ''], [customerId, '\uffff'], true, true)
						.toArray(),
					db.interactions
						.where('[customerId+at]')
						.between([customerId, -Infinity], [customerId, Infinity], true, true)
						.toArray(),
					db.reminders.where('customerId').equals(customerId).toArray(),
					db.changes.where('[table+rowId]').equals(['customers', customerId]).toArray()
				]);
				const entries: TimelineEntry[] = [];
				if (customer) entries.push({ kind: 'created', at: customer.createdAt, id: customer.id });
				for (const purchase of purchases) {
					if (purchase.deletedAt !== undefined) continue;
					entries.push({
						kind: 'purchase',
						at: purchaseMoment(purchase),
						id: purchase.id,
						purchase
					});
				}
				// Pushed newest first: the sort below is stable, so records of the same millisecond
				// keep that order.
				for (const interaction of interactions.reverse()) {
					if (interaction.deletedAt !== undefined) continue;
					entries.push({
						kind: 'interaction',
						at: interaction.at,
						id: interaction.id,
						interaction
					});
				}
				for (const reminder of reminders) {
					if (reminder.deletedAt !== undefined) continue;
					if (reminder.status !== 'done' && reminder.status !== 'skipped') continue;
					entries.push({
						kind: 'reminder',
						at: reminder.closedAt ?? reminder.updatedAt,
						id: reminder.id,
						reminder
					});
				}
				for (const change of changes.reverse()) {
					if (change.op !== 'update' || !change.fields?.includes('stage')) continue;
					entries.push({
						kind: 'stage',
						at: change.at,
						id: `stage-${change.seq ?? change.batchId}`,
						from: stageOf(change.before),
						to: stageOf(change.after),
						batchId: change.batchId
					});
				}
				return entries.sort((a, b) => b.at - a.at || ORDER[a.kind] - ORDER[b.kind]);
			}
		)
	);
}

function stageOf(values: Record<string, unknown> | null): string | null {
	const stage = values?.stage;
	return typeof stage === 'string' ? stage : null;
}
