/** Reads one customer's whole record for export (privacy/subject-export.ts). */
import type { Change, CustomerId, TableName } from '$lib/domain/types';
import { OWNED_BY_CUSTOMER } from '$lib/privacy/erase';
import { SUBJECT_FORMAT, type SubjectRecord } from '$lib/privacy/subject-export';
import { withDb } from './db';
import { NotFoundError } from './errors';

/** Everything kept about the customer, their trashed records included, in one read transaction. */
export function readSubjectRecord(
	id: CustomerId,
	shopName: string,
	now: Date = new Date()
): Promise<SubjectRecord> {
	return withDb((db) =>
		db.transaction('r', ['customers', ...OWNED_BY_CUSTOMER, 'changes'], async () => {
			const customer = await db.customers.get(id);
			if (!customer) throw new NotFoundError('customers', id);
			const [purchases, interactions, reminders] = await Promise.all([
				db.purchases.where('customerId').equals(id).sortBy('date'),
				db.interactions.where('customerId').equals(id).sortBy('at'),
				db.reminders.where('customerId').equals(id).sortBy('due')
			]);
			const rows: [TableName, string][] = [
				['customers', id],
				...purchases.map((p) => ['purchases', p.id] as [TableName, string]),
				...interactions.map((i) => ['interactions', i.id] as [TableName, string]),
				...reminders.map((r) => ['reminders', r.id] as [TableName, string])
			];
			const changes: Change[] = [];
			for (const key of rows) {
				changes.push(...(await db.changes.where('[table+rowId]').equals(key).toArray()));
			}
			changes.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
			return {
				format: SUBJECT_FORMAT,
				version: 1,
				exportedAt: now.toISOString(),
				shopName,
				customer,
				purchases,
				interactions,
				reminders,
				changes
			};
		})
	);
}
