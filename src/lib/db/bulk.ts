/**
 * "Sửa hàng loạt": one field set, or one stage chosen by hand, over the ticked customers or all
 * those the current view finds. Each is ONE batch in the change log (one undo step, however many
 * customers), read and written 2,000 customers at a time as the bulk tag actions do, so a book
 * of 100,000 does not sit in memory at once. Customers in the trash are left alone.
 */
import { bulkPatch, isValidBulkEdit, type BulkEdit } from '$lib/grid/bulk-edit';
import { isLostReason, isStageId, stageChangeOnManual, type LostReason } from '$lib/domain/stages';
import type { Customer } from '$lib/domain/types';
import { shopToday } from './care';
import { runBatch, type BatchContext, type KeyPatch } from './changes';
import { InputError, unwrapInput } from './input';
import type { CustomerSet } from './tags';

export interface BulkEditResult {
	/** Customers whose record changed. */
	count: number;
	/** Live customers the edit does not apply to (a lead temperature for someone who bought). */
	skipped: number;
}

const CHUNK = 2000;

async function idsOf(ctx: BatchContext, customers: CustomerSet): Promise<readonly string[]> {
	return customers === 'all'
		? ctx.db.customers.toCollection().primaryKeys()
		: [...new Set(customers)];
}

/**
 * Runs `patchOf` over the live customers of `customers`, a chunk at a time, in the caller's
 * batch. `patchOf` returns the patch, `{}` for no change, or null when the edit does not apply.
 */
async function patchEach(
	ctx: BatchContext,
	customers: CustomerSet,
	patchOf: (c: Customer) => Partial<Customer> | null
): Promise<BulkEditResult> {
	const ids = await idsOf(ctx, customers);
	const result: BulkEditResult = { count: 0, skipped: 0 };
	for (let i = 0; i < ids.length; i += CHUNK) {
		const rows = await ctx.db.customers.bulkGet(ids.slice(i, i + CHUNK));
		const patches: KeyPatch<'customers'>[] = [];
		for (const c of rows) {
			if (!c || c.deletedAt !== undefined) continue;
			const patch = patchOf(c);
			if (patch === null) result.skipped++;
			else if (Object.keys(patch).length > 0) patches.push({ key: c.id, patch });
		}
		await ctx.updateMany('customers', patches);
		result.count += patches.length;
	}
	return result;
}

/**
 * Sets one field on many customers ('change_bulk_field', { field, count }): the value goes
 * through the same normalisation as typing it into a cell (an unknown gender word is kept and
 * flagged), notes get it as a new line. One undo step.
 *
 * @throws InputError(field, 'value-invalid') for a field that cannot be set in bulk or a bad
 *   lead temperature
 */
export function setFieldOnCustomers(
	customers: CustomerSet,
	edit: BulkEdit,
	opts: { today?: string } = {}
): Promise<BulkEditResult> {
	if (!isValidBulkEdit(edit)) {
		return Promise.reject(new InputError(String(edit.field), 'value-invalid'));
	}
	const today = opts.today ?? shopToday();
	return unwrapInput(
		runBatch(
			'change_bulk_field',
			{ field: edit.field },
			'user',
			async (ctx) => {
				const result = await patchEach(ctx, customers, (c) => bulkPatch(c, edit, ctx.now, today));
				ctx.setParams({ count: result.count });
				return result;
			},
			{ tables: ['customers'] }
		)
	);
}

/**
 * Moves many customers to a stage by hand ('change_bulk_stage', { stage, count }), as the panel's
 * stage control does for one (domain/stages.ts stageChangeOnManual): kept, marked "set by hand",
 * until the owner releases it. Customers already there by hand are left as they are. One undo
 * step.
 *
 * @throws InputError('stage', 'value-invalid') for an unknown stage
 */
export function moveCustomersToStage(
	customers: CustomerSet,
	stage: string,
	opts: { lostReason?: LostReason; today?: string } = {}
): Promise<BulkEditResult> {
	if (!isStageId(stage)) return Promise.reject(new InputError('stage', 'value-invalid'));
	if (opts.lostReason !== undefined && !isLostReason(opts.lostReason)) {
		return Promise.reject(new InputError('lostReason', 'value-invalid'));
	}
	const lostReason = stage === 'lost' ? opts.lostReason : undefined;
	const today = opts.today ?? shopToday();
	return unwrapInput(
		runBatch(
			'change_bulk_stage',
			{ stage },
			'user',
			async (ctx) => {
				const result = await patchEach(ctx, customers, (c) => {
					const change = stageChangeOnManual(c, stage, today, lostReason);
					return change
						? { stage: change.to, stageManual: change.manual, stageReason: change.reason }
						: {};
				});
				ctx.setParams({ count: result.count });
				return result;
			},
			{ tables: ['customers'] }
		)
	);
}
