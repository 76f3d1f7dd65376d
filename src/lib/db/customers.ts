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
import { InputError, unwrapInput } from './input';
import { ensureTags } from './tags';

/**
 * The only writer of customers. Every write is one batch in the change log (undoable unless said
 * otherwise), stamps updatedAt, and fails with an AppError (see errors.ts).
 */

/** How a customer is named in an action's label ("edit phone of …"): the name, else a phone. */
export function displayName(c: Customer): string {
	return c.name || c.phones[0]?.raw || c.emails[0]?.value || '';
}

async function load(ctx: BatchContext, id: CustomerId): Promise<Customer> {
	const customer = await ctx.db.customers.get(id);
	if (!customer) throw new NotFoundError('customers', id);
	return customer;
}

/**
 * The customer, inside a batch, for recording something new about them (a purchase, a call, a
 * referral): NotFoundError when there is none, InputError 'customer-trashed' when in the trash.
 */
export async function loadLiveCustomer(ctx: BatchContext, id: CustomerId): Promise<Customer> {
	const customer = await load(ctx, id);
	if (customer.deletedAt !== undefined) throw new InputError('customerId', 'customer-trashed');
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

/**
 * Sets who referred the customer (null: nobody). A customer cannot refer themselves, and a
 * referral may not close a loop (A referred B referred A): the chain must end. Both customers
 * must be live. One undoable step.
 *
 * @throws InputError 'referral-self' / 'referral-cycle' (field 'referredBy'), 'customer-trashed'
 */
export async function setReferredBy(
	id: CustomerId,
	referrerId: CustomerId | null
): Promise<Customer> {
	if (referrerId === id) throw new InputError('referredBy', 'referral-self');
	return unwrapInput(
		runBatch(
			'change_referral',
			undefined,
			'user',
			async (ctx) => {
				const customer = await loadLiveCustomer(ctx, id);
				let referrerName = '';
				if (referrerId !== null) {
					const referrer = await loadLiveCustomer(ctx, referrerId);
					referrerName = displayName(referrer);
					// Walk up from the referrer; reaching this customer means the new link closes a loop.
					const seen = new Set<string>([id]);
					let next: string | null = referrer.referredBy;
					while (next !== null && !seen.has(next)) {
						seen.add(next);
						next = (await ctx.db.customers.get(next))?.referredBy ?? null;
					}
					if (next === id) throw new InputError('referredBy', 'referral-cycle');
				}
				const updated = await ctx.update('customers', id, { referredBy: referrerId });
				ctx.setParams({ name: displayName(customer), referrer: referrerName });
				return updated;
			},
			CUSTOMERS_ONLY
		)
	);
}

/** The live customers this customer referred, oldest first (through the referredBy index). */
export function listReferrals(id: CustomerId): Promise<Customer[]> {
	return withDb(async (db) => {
		const found = await db.customers.where('referredBy').equals(id).sortBy('createdAt');
		return found.filter((c) => c.deletedAt === undefined);
	});
}

/** Records are purged this many at a time, to bound memory on a very full trash. */
const PURGE_CHUNK = 2000;

/** What hangs off a customer and goes with them when the trash is emptied. */
const OWNED_TABLES = ['purchases', 'interactions', 'reminders'] as const;

/**
 * Deletes every customer in the trash for good, with their purchases, interactions and
 * reminders, and returns how many customers. Customers they had referred keep no link to a
 * record that no longer exists. Not on the undo stack (state 'final'), so the UI asks for
 * confirmation first; the change log still holds each whole record, so the data can be
 * recovered from it.
 */
export async function emptyTrash(): Promise<number> {
	return runBatch(
		'change_empty_trash',
		undefined,
		'user',
		async (ctx) => {
			const ids = await ctx.db.customers.where('deletedAt').above(0).primaryKeys();
			const purging = new Set(ids);
			let count = 0;
			for (let i = 0; i < ids.length; i += PURGE_CHUNK) {
				const chunk = ids.slice(i, i + PURGE_CHUNK);
				for (const table of OWNED_TABLES) {
					const owned = await ctx.db
						.table<unknown, string>(table)
						.where('customerId')
						.anyOf(chunk)
						.primaryKeys();
					for (let j = 0; j < owned.length; j += PURGE_CHUNK) {
						await ctx.purge(table, owned.slice(j, j + PURGE_CHUNK));
					}
				}
				const referred = await ctx.db.customers.where('referredBy').anyOf(chunk).primaryKeys();
				const orphans = referred.filter((r) => !purging.has(r));
				await ctx.updateMany(
					'customers',
					orphans.map((key) => ({ key, patch: { referredBy: null } }))
				);
				count += (await ctx.purge('customers', chunk)).length;
			}
			ctx.setParams({ count });
			return count;
		},
		{ tables: ['customers', ...OWNED_TABLES], state: 'final' }
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
