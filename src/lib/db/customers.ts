import {
	applyEdit,
	buildCustomer,
	type CustomerInput,
	type EditableField
} from '$lib/domain/customer';
import type { Customer, CustomerId } from '$lib/domain/types';
import { runBatch, type BatchContext, type BatchParams } from './changes';
import { withDb } from './db';
import { NotFoundError } from './errors';
import { newId } from './ids';
import { ensureTags } from './tags';

/**
 * The only writer of customers. Every write is one batch in the change log (undoable unless said
 * otherwise), stamps updatedAt, and fails with an AppError (see errors.ts).
 */

/** How a customer is named in an action's label ("edit phone of …"): the name, else a phone. */
function displayName(c: Customer): string {
	return c.name || c.phones[0]?.raw || c.emails[0]?.value || '';
}

async function load(ctx: BatchContext, id: CustomerId): Promise<Customer> {
	const customer = await ctx.db.customers.get(id);
	if (!customer) throw new NotFoundError('customers', id);
	return customer;
}

const CUSTOMERS_ONLY = { tables: ['customers'] } as const;

export async function createCustomer(input: CustomerInput): Promise<Customer> {
	return runBatch(
		'change_create',
		undefined,
		'user',
		async (ctx) => {
			const customer = buildCustomer(input, { id: newId(), now: ctx.now });
			await ctx.create('customers', [customer]);
			ctx.setParams({ name: displayName(customer) });
			return customer;
		},
		CUSTOMERS_ONLY
	);
}

/**
 * One cell edit from raw text, normalised by the domain rules (invalid values are kept as typed
 * and flagged). Typing what is already stored writes nothing and leaves no undo step. Returns
 * the customer as stored afterwards.
 */
export async function editCustomerField(
	id: CustomerId,
	field: EditableField,
	raw: string
): Promise<Customer> {
	return runBatch(
		'change_edit_field',
		{ field },
		'user',
		async (ctx) => {
			const customer = await load(ctx, id);
			const patch = applyEdit(customer, field, raw, ctx.now);
			const updated = await ctx.update('customers', id, patch);
			ctx.setParams({ name: displayName(updated) });
			return updated;
		},
		CUSTOMERS_ONLY
	);
}

/**
 * A programmatic patch (merges, rules, imports). The patch is stored as given, so it must keep
 * derived fields in step (nameKey with name, phoneKeys with phones…): user input goes through
 * editCustomerField instead. `label` is a message key for the undo tooltip.
 */
export async function updateCustomer(
	id: CustomerId,
	patch: Partial<Customer>,
	label = 'change_update',
	params?: BatchParams
): Promise<Customer> {
	return runBatch(
		label,
		params,
		'user',
		async (ctx) => {
			await load(ctx, id);
			const updated = await ctx.update('customers', id, patch);
			ctx.setParams({ name: displayName(updated), ...params });
			return updated;
		},
		CUSTOMERS_ONLY
	);
}

/**
 * Sets the customer's tags from names, as typed: tags are matched ignoring case and diacritics,
 * and missing ones are created in the same undo step.
 */
export async function setCustomerTags(
	id: CustomerId,
	tagNames: readonly string[]
): Promise<Customer> {
	return runBatch(
		'change_tags',
		undefined,
		'user',
		async (ctx) => {
			const customer = await load(ctx, id);
			const tags = await ensureTags(ctx, tagNames);
			const updated = await ctx.update('customers', id, { tags: tags.map((t) => t.id) });
			ctx.setParams({ name: displayName(customer) });
			return updated;
		},
		{ tables: ['customers', 'tags'] }
	);
}

/**
 * Sets the lifecycle stage by hand. A stage set by hand is marked manual so the automatic rules
 * leave it alone; clearing it (null) hands the customer back to the rules.
 */
export async function setCustomerStage(id: CustomerId, stage: string | null): Promise<Customer> {
	return runBatch(
		'change_stage',
		undefined,
		'user',
		async (ctx) => {
			const customer = await load(ctx, id);
			const updated = await ctx.update('customers', id, { stage, stageManual: stage !== null });
			ctx.setParams({ name: displayName(customer) });
			return updated;
		},
		CUSTOMERS_ONLY
	);
}

/** Moves customers to the trash in one undo step. Returns how many moved. */
export async function trashCustomers(ids: readonly CustomerId[]): Promise<number> {
	return runBatch(
		'change_trash',
		undefined,
		'user',
		async (ctx) => {
			const count = await ctx.trash('customers', ids);
			ctx.setParams({ count });
			return count;
		},
		CUSTOMERS_ONLY
	);
}

/** Takes customers out of the trash in one undo step. Returns how many came back. */
export async function restoreCustomers(ids: readonly CustomerId[]): Promise<number> {
	return runBatch(
		'change_restore',
		undefined,
		'user',
		async (ctx) => {
			const count = await ctx.restore('customers', ids);
			ctx.setParams({ count });
			return count;
		},
		CUSTOMERS_ONLY
	);
}

/** Records are purged this many at a time, to bound memory on a very full trash. */
const PURGE_CHUNK = 2000;

/**
 * Deletes every customer in the trash for good and returns how many. Not on the undo stack
 * (state 'final'), so the UI asks for confirmation first; the change log still holds each whole
 * record, so the data can be recovered from it.
 */
export async function emptyTrash(): Promise<number> {
	return runBatch(
		'change_empty_trash',
		undefined,
		'user',
		async (ctx) => {
			const ids = await ctx.db.customers.where('deletedAt').above(0).primaryKeys();
			let count = 0;
			for (let i = 0; i < ids.length; i += PURGE_CHUNK) {
				count += (await ctx.purge('customers', ids.slice(i, i + PURGE_CHUNK))).length;
			}
			ctx.setParams({ count });
			return count;
		},
		{ ...CUSTOMERS_ONLY, state: 'final' }
	);
}

/** A customer, trashed or not; undefined when there is none with this id. */
export function getCustomer(id: CustomerId): Promise<Customer | undefined> {
	return withDb((db) => db.customers.get(id));
}

/** Customers not in the trash. Two index counts: never reads the records. */
export function countCustomers(): Promise<number> {
	// One read transaction, so a write landing between the two counts cannot skew the difference.
	return withDb((db) =>
		db.transaction('r', db.customers, async () => {
			const all = await db.customers.count();
			return all - (await db.customers.where('deletedAt').above(0).count());
		})
	);
}

export function countTrash(): Promise<number> {
	return withDb((db) => db.customers.where('deletedAt').above(0).count());
}

export interface FindOptions {
	/** Also return customers in the trash (to offer restoring one instead of a duplicate). */
	includeTrashed?: boolean;
}

/** Customers with this valid phone, in E.164 form (`+84912345678`). */
export function findByPhone(e164: string, options: FindOptions = {}): Promise<Customer[]> {
	return withDb(async (db) => {
		const found = await db.customers.where('phoneKeys').equals(e164).toArray();
		return options.includeTrashed ? found : found.filter((c) => c.deletedAt === undefined);
	});
}

/** Customers with this valid email; case does not matter. */
export function findByEmail(email: string, options: FindOptions = {}): Promise<Customer[]> {
	return withDb(async (db) => {
		const key = email.trim().toLowerCase();
		const found = await db.customers.where('emailKeys').equals(key).toArray();
		return options.includeTrashed ? found : found.filter((c) => c.deletedAt === undefined);
	});
}
