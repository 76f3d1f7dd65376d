import type { Customer, CustomerId } from '$lib/domain/types';
import { mergedFields, type MergeChoices } from '$lib/duplicates/merge-plan';
import { settleBirthdayReminders, shopToday } from './care';
import { runBatch, type BatchContext, type KeyPatch } from './changes';
import { displayName } from './customers';
import { InputError, unwrapInput } from './input';
import { recomputeStats, recomputeStatsAndStage } from './purchases';

/**
 * Merging duplicate customers: one record is kept, the others go to the trash, and everything
 * that pointed at them (purchases, interactions, reminders, referrals) points at the kept one.
 * One batch, so it is all or nothing and one Ctrl+Z takes all of it back, also after a reload.
 */

export interface MergeRequest {
	/** The customer that stays (its id is the one other records keep using). */
	keepId: CustomerId;
	/** The customers merged into it; they go to the trash. Never empty, never guessed. */
	mergeIds: readonly CustomerId[];
	/** Whose value each field keeps; the kept customer's for a field left out. */
	choices?: MergeChoices;
}

export interface MergeResult {
	customer: Customer;
	/** How many purchases, interactions, reminders and referrals now point at the kept customer. */
	moved: { purchases: number; interactions: number; reminders: number; referrals: number };
	/** Birthday reminders cancelled: a second one, or one for a birthday the customer no longer has. */
	cancelledBirthdays: number;
}

/** Records that belong to a customer through a `customerId` index. */
const OWNED = ['purchases', 'interactions', 'reminders'] as const;

const TABLES = {
	// settings: the kept customer's stage follows the rules with the shop's day counts.
	tables: ['customers', 'purchases', 'interactions', 'reminders', 'settings']
} as const;

function checkIds(keepId: CustomerId, mergeIds: readonly CustomerId[]): void {
	if (typeof keepId !== 'string' || keepId === '') throw new InputError('keepId', 'value-invalid');
	if (!Array.isArray(mergeIds) || mergeIds.length === 0) {
		throw new InputError('mergeIds', 'value-invalid');
	}
	const unique = new Set(mergeIds);
	if (
		unique.size !== mergeIds.length ||
		unique.has(keepId) ||
		mergeIds.some((id) => typeof id !== 'string' || id === '')
	) {
		throw new InputError('mergeIds', 'value-invalid');
	}
}

/** A live customer for the merge; a missing one is refused like a trashed one. */
async function liveForMerge(ctx: BatchContext, id: CustomerId, field: string): Promise<Customer> {
	const c = await ctx.db.customers.get(id);
	if (!c || c.deletedAt !== undefined) throw new InputError(field, 'customer-trashed');
	return c;
}

/**
 * Who referred the merged customer: the chosen referrer unless it is one of the merged records
 * themselves, or a customer whose own chain of referrers leads back to them (a loop).
 */
async function safeReferrer(
	ctx: BatchContext,
	keep: Customer,
	others: readonly Customer[],
	merging: ReadonlySet<string>
): Promise<CustomerId | null> {
	const candidates = [keep, ...others].map((c) => c.referredBy).filter((r) => r !== null);
	for (const start of candidates) {
		if (merging.has(start)) continue;
		const seen = new Set<string>();
		let next: string | null = start;
		let loops = false;
		while (next !== null && !seen.has(next)) {
			if (merging.has(next)) {
				loops = true;
				break;
			}
			seen.add(next);
			next = (await ctx.db.customers.get(next))?.referredBy ?? null;
		}
		if (!loops) return start;
	}
	return null;
}

/**
 * Merges `mergeIds` into `keepId` as one undoable step ('change_merge_customers',
 * { name, count }): the kept customer gets the chosen fields and every phone, email and tag of
 * all of them; purchases (trashed ones too), interactions and reminders move to it; customers
 * referred by a merged one are now referred by it; the merged customers go to the trash, as
 * they were, so they can still be looked at; the purchase stats are recomputed; the kept
 * customer is left with one open birthday reminder a year, for the birthday they now have
 * (settleBirthdayReminders). `today`: the shop's day, for that.
 *
 * @throws InputError 'value-invalid' (keepId / mergeIds) when the ids are not explicit and
 *   distinct; 'customer-trashed' when a customer is missing or in the trash. Nothing is written.
 */
export async function mergeCustomers(
	request: MergeRequest,
	{ today = shopToday() }: { today?: string } = {}
): Promise<MergeResult> {
	const { keepId, mergeIds } = request;
	checkIds(keepId, mergeIds);
	return unwrapInput(
		runBatch(
			'change_merge_customers',
			undefined,
			'user',
			async (ctx) => {
				const keep = await liveForMerge(ctx, keepId, 'keepId');
				const others: Customer[] = [];
				for (const id of mergeIds) others.push(await liveForMerge(ctx, id, 'mergeIds'));
				const merging = new Set<string>([keepId, ...mergeIds]);
				const moved = { purchases: 0, interactions: 0, reminders: 0, referrals: 0 };

				for (const table of OWNED) {
					const keys = await ctx.db
						.table<unknown, string>(table)
						.where('customerId')
						.anyOf([...mergeIds])
						.primaryKeys();
					const patches: KeyPatch<typeof table>[] = keys.map((key) => ({
						key,
						patch: { customerId: keepId }
					}));
					await ctx.updateMany(table, patches);
					moved[table] = keys.length;
				}

				const referred = await ctx.db.customers
					.where('referredBy')
					.anyOf([...mergeIds])
					.toArray();
				const repoint = referred.filter((c) => !merging.has(c.id));
				await ctx.updateMany(
					'customers',
					repoint.map((c) => ({ key: c.id, patch: { referredBy: keepId } }))
				);
				moved.referrals = repoint.length;

				const patch = mergedFields(keep, others, request.choices ?? {});
				patch.referredBy = await safeReferrer(ctx, keep, others, merging);
				await ctx.update('customers', keepId, patch);
				// The kept customer now has every purchase: new totals, and the stage they give
				// (kept if set by hand). The merged records keep no totals for purchases they no
				// longer have.
				await recomputeStatsAndStage(ctx, keepId);
				for (const id of mergeIds) await recomputeStats(ctx, id);
				await ctx.trash('customers', [...mergeIds]);

				const customer = await ctx.db.customers.get(keepId);
				if (!customer) throw new InputError('keepId', 'customer-trashed');
				const cancelledBirthdays = await settleBirthdayReminders(ctx, customer, today);
				ctx.setParams({ name: displayName(customer), count: mergeIds.length + 1 });
				return { customer, moved, cancelledBirthdays };
			},
			TABLES
		)
	);
}
