/**
 * Erasing or anonymising a customer for good (the customer's right to have their data deleted,
 * PDPL 91/2025). Unlike the trash, neither can be undone: the point is that nothing of the
 * customer remains, and undo would need a copy. So both also remove the change log's copies of
 * the customer's records (the log keeps whole records in `before`/`after`) and the customer's
 * name from the labels of the batches that touched them, and leave a tombstone (id, when, why:
 * nothing personal) so that restoring an older backup does not bring them back (backup/restore.ts).
 */
import type { CustomerId, TableName, Tombstone } from '$lib/domain/types';
import {
	anonymisedCustomer,
	anonymisedInteraction,
	anonymisedPurchase,
	OWNED_BY_CUSTOMER,
	type TombstoneReason
} from '$lib/privacy/erase';
import { batchScope, openBatch, type BatchContext } from './changes';
import { withDb, type SoKhachDB } from './db';
import { NotFoundError } from './errors';

export const TOMBSTONES_TABLE = 'tombstones';

const ERASE_TABLES: readonly TableName[] = ['customers', ...OWNED_BY_CUSTOMER];

interface Owned {
	purchases: string[];
	interactions: string[];
	reminders: string[];
}

async function ownedRecords(db: SoKhachDB, id: CustomerId): Promise<Owned> {
	const [purchases, interactions, reminders] = await Promise.all(
		OWNED_BY_CUSTOMER.map((t) =>
			db.table<unknown, string>(t).where('customerId').equals(id).primaryKeys()
		)
	);
	return { purchases, interactions, reminders };
}

/**
 * Deletes every change row about these records and takes the customer's name (or phone, email:
 * what `displayName` may have put there) out of the labels of the batches they belonged to; a batch left with no change at all goes too (there is nothing
 * left for it to undo).
 */
async function forgetInLog(
	db: SoKhachDB,
	rows: ReadonlyArray<readonly [TableName, string]>,
	identifiers: readonly string[]
): Promise<void> {
	const names = (v: unknown) => typeof v === 'string' && identifiers.some((x) => v.includes(x));
	const batchIds = new Set<string>();
	for (const [table, rowId] of rows) {
		const found = db.changes.where('[table+rowId]').equals([table, rowId]);
		for (const change of await found.toArray()) batchIds.add(change.batchId);
		await found.delete();
	}
	for (const batchId of batchIds) {
		if ((await db.changes.where('batchId').equals(batchId).count()) === 0) {
			await db.batches.delete(batchId);
			continue;
		}
		const batch = await db.batches.get(batchId);
		if (!batch?.params) continue;
		const params = Object.fromEntries(
			Object.entries(batch.params).map(([k, v]) => [k, names(v) ? '' : v])
		);
		await db.batches.update(batchId, { params });
	}
}

/** A change row with no values: the query worker sees which records changed, and nothing more. */
function recordBare(
	ctx: BatchContext,
	table: TableName,
	rowIds: readonly string[],
	op: 'purge' | 'update'
) {
	for (const rowId of rowIds) {
		ctx.record(
			op === 'purge'
				? { table, rowId, op, before: null, after: null }
				: { table, rowId, op, fields: [], before: {}, after: {} }
		);
	}
}

async function inEraseTransaction(
	label: string,
	id: CustomerId,
	reason: TombstoneReason,
	kind: Tombstone['kind'],
	work: (ctx: BatchContext, owned: Owned) => Promise<void>
): Promise<void> {
	await withDb((db) =>
		db.transaction('rw', [...batchScope(ERASE_TABLES), TOMBSTONES_TABLE], async () => {
			const customer = await db.customers.get(id);
			if (!customer) throw new NotFoundError('customers', id);
			// final: never on the undo stack, since undo would need the data that is being removed.
			const { ctx, commit } = openBatch(db, 'user', 'final');
			const owned = await ownedRecords(db, id);
			await forgetInLog(
				db,
				[
					['customers', id],
					...OWNED_BY_CUSTOMER.flatMap((t) => owned[t].map((r) => [t, r] as const))
				],
				[
					customer.name,
					...customer.phones.flatMap((p) => [p.raw, p.e164 ?? '']),
					...customer.emails.map((e) => e.value)
				].filter((x) => x.trim() !== '')
			);
			await work(ctx, owned);
			await db.table<Tombstone, string>(TOMBSTONES_TABLE).put({ id, at: ctx.now, kind, reason });
			await commit(label, {});
		})
	);
}

/**
 * Deletes the customer, their purchases, interactions and reminders, and every copy in the
 * change log; customers they referred keep no link to them. Not undoable.
 */
export function eraseCustomer(id: CustomerId, reason: TombstoneReason): Promise<void> {
	return inEraseTransaction('change_erase_customer', id, reason, 'erased', async (ctx, owned) => {
		for (const table of OWNED_BY_CUSTOMER) {
			await ctx.db.table(table).bulkDelete(owned[table]);
			recordBare(ctx, table, owned[table], 'purge');
		}
		const referred = await ctx.db.customers.where('referredBy').equals(id).primaryKeys();
		await ctx.updateMany(
			'customers',
			referred.map((key) => ({ key, patch: { referredBy: null } }))
		);
		await ctx.db.customers.delete(id);
		recordBare(ctx, 'customers', [id], 'purge');
	});
}

/**
 * Keeps the customer's sales (so the shop's totals stay true) and removes who they are: see
 * anonymisedCustomer. Interactions stay without their text; reminders go (there is no one to
 * contact). Not undoable.
 */
export function anonymiseCustomer(id: CustomerId, reason: TombstoneReason): Promise<void> {
	return inEraseTransaction(
		'change_anonymise_customer',
		id,
		reason,
		'anonymised',
		async (ctx, owned) => {
			const { db, now } = ctx;
			const customer = await db.customers.get(id);
			if (!customer) throw new NotFoundError('customers', id);
			await db.customers.put(anonymisedCustomer(customer, now));
			recordBare(ctx, 'customers', [id], 'update');
			const purchases = await db.purchases.bulkGet(owned.purchases);
			await db.purchases.bulkPut(purchases.flatMap((p) => (p ? [anonymisedPurchase(p, now)] : [])));
			recordBare(ctx, 'purchases', owned.purchases, 'update');
			const interactions = await db.interactions.bulkGet(owned.interactions);
			await db.interactions.bulkPut(
				interactions.flatMap((i) => (i ? [anonymisedInteraction(i, now)] : []))
			);
			recordBare(ctx, 'interactions', owned.interactions, 'update');
			await db.reminders.bulkDelete(owned.reminders);
			recordBare(ctx, 'reminders', owned.reminders, 'purge');
		}
	);
}

/** The tombstones, by customer id (a restore reads them all: one small row per erased customer). */
export function tombstonesIn(db: SoKhachDB): Promise<Map<string, Tombstone>> {
	return db
		.table<Tombstone, string>(TOMBSTONES_TABLE)
		.toArray()
		.then((rows) => new Map(rows.map((t) => [t.id, t])));
}
