import {
	cancelledOnPurchaseDeleted,
	planForPurchase,
	supersededOnNewPurchase
} from '$lib/domain/care';
import { emptyStats } from '$lib/domain/customer';
import type {
	AftercareStepId,
	Customer,
	CustomerId,
	Purchase,
	PurchaseStats,
	Reminder,
	RepurchaseChance
} from '$lib/domain/types';
import { carePlanIn, reminderIdOf, shopToday } from './care';
import { runBatch, type BatchContext, type KeyPatch } from './changes';
import { displayName, loadLiveCustomer } from './customers';
import { applyPurchaseStage } from './stages';
import { withDb } from './db';
import { NotFoundError } from './errors';
import { newId } from './ids';
import { InputError, isIsoDate, unwrapInput } from './input';

/**
 * The only writer of purchases. A sale is more than its row: it keeps the customer's purchase
 * stats in step, plans the after-sale reminders from the care plan and retires the reminders it
 * makes moot, all in the same batch, so one Ctrl+Z takes the whole sale back.
 */

export interface PurchaseInput {
	customerId: CustomerId;
	/** ISO `yyyy-mm-dd`, not after today. */
	date: string;
	items: string;
	/** Whole đồng, ≥ 0. */
	amount: number;
	channel: string;
	staff: string;
	note: string;
}

export type PurchasePatch = Partial<Omit<PurchaseInput, 'customerId'>>;

export interface PurchaseOptions {
	/** The shop's today (ISO); the shop's time zone's today when left out. For tests. */
	today?: string;
}

const AFTERCARE_STEPS: readonly AftercareStepId[] = [
	'ask',
	'thanks',
	'feedback',
	'followup',
	'chance'
];
const CHANCES: readonly RepurchaseChance[] = ['high', 'medium', 'low'];

/** Everything a sale touches. */
const TABLES = {
	tables: ['customers', 'purchases', 'reminders', 'settings']
} as const;

function clean(text: string): string {
	return text.normalize('NFC').trim();
}

/** Checks the fields given; throws InputError for the first one that cannot be stored. */
function checkFields(patch: PurchasePatch, today: string): void {
	if (patch.date !== undefined) {
		if (!isIsoDate(patch.date)) throw new InputError('date', 'date-invalid');
		if (patch.date > today) throw new InputError('date', 'date-future');
	}
	if (patch.amount !== undefined && !(Number.isSafeInteger(patch.amount) && patch.amount >= 0)) {
		throw new InputError('amount', 'money-invalid');
	}
}

function cleanPatch(patch: PurchasePatch): PurchasePatch {
	const out: PurchasePatch = { ...patch };
	for (const field of ['items', 'channel', 'staff', 'note'] as const) {
		const value = patch[field];
		if (value !== undefined) out[field] = clean(value);
	}
	return out;
}

/** A customer's live purchases, through [customerId+date]. */
async function livePurchases(ctx: BatchContext, customerId: CustomerId): Promise<Purchase[]> {
	const all = await ctx.db.purchases
		.where('[customerId+date]')
		.between([customerId, ''], [customerId, '\uffff'], true, true)
		.toArray();
	return all.filter((p) => p.deletedAt === undefined);
}

function statsOf(purchases: readonly Purchase[]): PurchaseStats {
	const stats = emptyStats();
	for (const p of purchases) {
		stats.count += 1;
		stats.total += p.amount;
		if (stats.first === null || p.date < stats.first) stats.first = p.date;
		if (stats.last === null || p.date > stats.last) stats.last = p.date;
	}
	return stats;
}

/**
 * Recomputes a customer's purchase stats (count, total, first and last date over the purchases
 * not in the trash) inside a batch and stores them when they changed. For every repository that
 * adds, edits, trashes or restores purchases.
 */
export async function recomputeStats(
	ctx: BatchContext,
	customerId: CustomerId
): Promise<PurchaseStats> {
	const stats = statsOf(await livePurchases(ctx, customerId));
	if (await ctx.db.customers.get(customerId)) {
		await ctx.update('customers', customerId, { stats });
	}
	return stats;
}

/**
 * recomputeStats, then the stage the rules give (batches whose scope takes in the settings, as
 * the purchase repositories' does).
 */
export async function recomputeStatsAndStage(
	ctx: BatchContext,
	customerId: CustomerId,
	today: string = shopToday()
): Promise<void> {
	const purchases = await livePurchases(ctx, customerId);
	await applyPurchaseStage(ctx, customerId, statsOf(purchases), purchases, today);
}

/** The customer's reminders, through [customerId+due]. */
async function customerReminders(ctx: BatchContext, customerId: CustomerId): Promise<Reminder[]> {
	return ctx.db.reminders
		.where('[customerId+due]')
		.between([customerId, ''], [customerId, '\uffff'], true, true)
		.toArray();
}

async function purchaseReminders(ctx: BatchContext, purchaseId: string): Promise<Reminder[]> {
	return ctx.db.reminders.where('sourcePurchaseId').equals(purchaseId).toArray();
}

function cancel(ctx: BatchContext, ids: readonly string[]): KeyPatch<'reminders'>[] {
	return ids.map((key) => ({
		key,
		patch: { status: 'cancelled', closedAt: ctx.now }
	}));
}

/** Latest live purchase date other than `exceptId`, for planForPurchase's "came back" check. */
function latestOther(purchases: readonly Purchase[], exceptId: string): string | null {
	let latest: string | null = null;
	for (const p of purchases)
		if (p.id !== exceptId && (latest === null || p.date > latest)) latest = p.date;
	return latest;
}

async function loadPurchase(ctx: BatchContext, id: string): Promise<Purchase> {
	const purchase = await ctx.db.purchases.get(id);
	if (!purchase) throw new NotFoundError('purchases', id);
	return purchase;
}

/** Plans a new sale's reminders and retires the ones it makes moot. */
async function planSale(
	ctx: BatchContext,
	purchase: Purchase,
	customer: Customer,
	purchases: readonly Purchase[],
	today: string
): Promise<void> {
	const plan = await carePlanIn(ctx.db);
	const open = (await customerReminders(ctx, customer.id)).filter((r) => r.status === 'open');
	const dates = new Map(purchases.map((p) => [p.id, p.date]));
	await ctx.updateMany('reminders', cancel(ctx, supersededOnNewPurchase(open, purchase, dates)));
	const drafts = planForPurchase(purchase, plan, {
		customerTags: customer.tags,
		today,
		makeId: reminderIdOf,
		latestOtherPurchase: latestOther(purchases, purchase.id)
	});
	const taken = await ctx.db.reminders.bulkGet(drafts.map((d) => d.id));
	const fresh = drafts
		.filter((_, i) => taken[i] === undefined)
		.map((d): Reminder => ({ ...d, createdAt: ctx.now, updatedAt: ctx.now }));
	await ctx.create('reminders', fresh);
}

/**
 * Records a sale as one undoable step ('change_purchase_create', { name }): the purchase, the
 * customer's stats, the after-sale reminders of the care plan (with the customer's tags for tag
 * cycles), and the open repurchase/reactivation reminders of earlier sales cancelled.
 *
 * @throws InputError: date 'date-invalid' / 'date-future', amount 'money-invalid',
 *   customerId 'customer-trashed'; NotFoundError for an unknown customer
 */
export async function createPurchase(
	input: PurchaseInput,
	opts: PurchaseOptions = {}
): Promise<Purchase> {
	const today = opts.today ?? shopToday();
	checkFields(input, today);
	const fields = cleanPatch(input);
	return unwrapInput(
		runBatch(
			'change_purchase_create',
			undefined,
			'user',
			async (ctx) => {
				const customer = await loadLiveCustomer(ctx, input.customerId);
				const purchase: Purchase = {
					id: newId(),
					customerId: customer.id,
					date: input.date,
					items: fields.items ?? '',
					amount: input.amount,
					channel: fields.channel ?? '',
					staff: fields.staff ?? '',
					note: fields.note ?? '',
					aftercare: { done: {}, chance: null },
					createdAt: ctx.now,
					updatedAt: ctx.now
				};
				await ctx.create('purchases', [purchase]);
				const purchases = await livePurchases(ctx, customer.id);
				await planSale(ctx, purchase, customer, purchases, today);
				await applyPurchaseStage(ctx, customer.id, statsOf(purchases), purchases, today);
				ctx.setParams({ name: displayName(customer) });
				return purchase;
			},
			TABLES
		)
	);
}

/**
 * Edits a sale ('change_purchase_update', { name }); stats follow. When the date or the items
 * change, the sale is planned again: its open reminders still ahead of today move to the new
 * plan's dates (or are cancelled when the new plan has no such step), ones already due stay
 * where staff see them, done and skipped ones stay as history, and steps the new plan adds are
 * created.
 */
export async function updatePurchase(
	id: string,
	patch: PurchasePatch,
	opts: PurchaseOptions = {}
): Promise<Purchase> {
	const today = opts.today ?? shopToday();
	checkFields(patch, today);
	const fields = cleanPatch(patch);
	return unwrapInput(
		runBatch(
			'change_purchase_update',
			undefined,
			'user',
			async (ctx) => {
				const before = await loadPurchase(ctx, id);
				const customer = await loadLiveCustomer(ctx, before.customerId);
				const updated = await ctx.update('purchases', id, fields);
				ctx.setParams({ name: displayName(customer) });
				if (updated.deletedAt !== undefined) return updated;
				const purchases = await livePurchases(ctx, customer.id);
				if (updated.date !== before.date || updated.items !== before.items) {
					await replan(ctx, updated, customer, purchases, today);
				}
				await applyPurchaseStage(ctx, customer.id, statsOf(purchases), purchases, today);
				return updated;
			},
			TABLES
		)
	);
}

async function replan(
	ctx: BatchContext,
	purchase: Purchase,
	customer: Customer,
	purchases: readonly Purchase[],
	today: string
): Promise<void> {
	const plan = await carePlanIn(ctx.db);
	const drafts = planForPurchase(purchase, plan, {
		customerTags: customer.tags,
		today,
		makeId: reminderIdOf,
		latestOtherPurchase: latestOther(purchases, purchase.id)
	});
	const planned = new Map(drafts.map((d) => [d.id, d]));
	const current = await purchaseReminders(ctx, purchase.id);
	const known = new Set(current.map((r) => r.id));
	const patches: KeyPatch<'reminders'>[] = [];
	for (const r of current) {
		if (r.status !== 'open' || r.deletedAt !== undefined || r.due <= today) continue;
		const next = planned.get(r.id);
		patches.push(
			next
				? { key: r.id, patch: { due: next.due, dueEnd: next.dueEnd } }
				: { key: r.id, patch: { status: 'cancelled', closedAt: ctx.now } }
		);
	}
	await ctx.updateMany('reminders', patches);
	const fresh = drafts
		.filter((d) => !known.has(d.id))
		.map((d): Reminder => ({ ...d, createdAt: ctx.now, updatedAt: ctx.now }));
	await ctx.create('reminders', fresh);
	// A sale moved later may now be the customer's latest: what it makes moot is retired.
	const open = (await customerReminders(ctx, customer.id)).filter((r) => r.status === 'open');
	const dates = new Map(purchases.map((p) => [p.id, p.date]));
	await ctx.updateMany('reminders', cancel(ctx, supersededOnNewPurchase(open, purchase, dates)));
}

/**
 * Moves a sale to the trash ('change_purchase_trash', { name }): its open reminders are
 * cancelled and the customer's stats recomputed. False when it was already in the trash.
 */
export async function trashPurchase(id: string): Promise<boolean> {
	return runBatch(
		'change_purchase_trash',
		undefined,
		'user',
		async (ctx) => {
			const purchase = await loadPurchase(ctx, id);
			if ((await ctx.trash('purchases', [id])) === 0) return false;
			const reminders = await purchaseReminders(ctx, id);
			await ctx.updateMany('reminders', cancel(ctx, cancelledOnPurchaseDeleted(reminders, id)));
			await recomputeStatsAndStage(ctx, purchase.customerId);
			const customer = await ctx.db.customers.get(purchase.customerId);
			ctx.setParams({ name: customer ? displayName(customer) : '' });
			return true;
		},
		TABLES
	);
}

/**
 * Takes a sale out of the trash ('change_purchase_restore', { name }): the reminders its trashing
 * cancelled (closed at the very moment it was trashed) open again, and stats follow.
 */
export async function restorePurchase(id: string): Promise<boolean> {
	return runBatch(
		'change_purchase_restore',
		undefined,
		'user',
		async (ctx) => {
			const purchase = await loadPurchase(ctx, id);
			const trashedAt = purchase.deletedAt;
			if ((await ctx.restore('purchases', [id])) === 0) return false;
			const reminders = await purchaseReminders(ctx, id);
			await ctx.updateMany(
				'reminders',
				reminders
					.filter((r) => r.status === 'cancelled' && r.closedAt === trashedAt)
					.map((r) => ({ key: r.id, patch: { status: 'open', closedAt: null } }))
			);
			await recomputeStatsAndStage(ctx, purchase.customerId);
			const customer = await ctx.db.customers.get(purchase.customerId);
			ctx.setParams({ name: customer ? displayName(customer) : '' });
			return true;
		},
		TABLES
	);
}

/**
 * Ticks (or unticks) one step of a sale's after-sale checklist ('change_aftercare',
 * { name, step }). Ticking closes the sale's open reminders for that step as done, without an
 * interaction: the staff did it another way (thanked the customer at the counter), and the
 * reminder must not ask again. Unticking opens nothing.
 */
export async function setAftercareStep(
	purchaseId: string,
	step: AftercareStepId,
	done: boolean
): Promise<Purchase> {
	if (!AFTERCARE_STEPS.includes(step)) throw new InputError('step', 'value-invalid');
	return runBatch(
		'change_aftercare',
		{ step },
		'user',
		async (ctx) => {
			const purchase = await loadPurchase(ctx, purchaseId);
			const ticked = { ...purchase.aftercare.done };
			if (done) ticked[step] ??= ctx.now;
			else delete ticked[step];
			const updated = await ctx.update('purchases', purchaseId, {
				aftercare: { ...purchase.aftercare, done: ticked }
			});
			if (done) {
				const reminders = await purchaseReminders(ctx, purchaseId);
				await ctx.updateMany(
					'reminders',
					reminders
						.filter((r) => r.status === 'open' && r.aftercareStep === step)
						.map((r) => ({ key: r.id, patch: { status: 'done', closedAt: ctx.now } }))
				);
			}
			const customer = await ctx.db.customers.get(purchase.customerId);
			ctx.setParams({ name: customer ? displayName(customer) : '' });
			return updated;
		},
		{ tables: ['customers', 'purchases', 'reminders'] }
	);
}

/**
 * The staff's judgement of the chance this customer buys again ('change_aftercare',
 * { name, step: 'chance' }). Setting it ticks the checklist's 'chance' step; clearing it unticks.
 */
export async function setRepurchaseChance(
	purchaseId: string,
	chance: RepurchaseChance | null
): Promise<Purchase> {
	if (chance !== null && !CHANCES.includes(chance)) throw new InputError('chance', 'value-invalid');
	return runBatch(
		'change_aftercare',
		{ step: 'chance' },
		'user',
		async (ctx) => {
			const purchase = await loadPurchase(ctx, purchaseId);
			const ticked = { ...purchase.aftercare.done };
			if (chance === null) delete ticked.chance;
			else ticked.chance ??= ctx.now;
			const updated = await ctx.update('purchases', purchaseId, {
				aftercare: { done: ticked, chance }
			});
			const customer = await ctx.db.customers.get(purchase.customerId);
			ctx.setParams({ name: customer ? displayName(customer) : '' });
			return updated;
		},
		{ tables: ['customers', 'purchases'] }
	);
}

export function getPurchase(id: string): Promise<Purchase | undefined> {
	return withDb((db) => db.purchases.get(id));
}

/** A customer's purchases, newest first, through [customerId+date]; trashed ones only if asked. */
export function listPurchases(
	customerId: CustomerId,
	opts: { includeTrashed?: boolean; limit?: number } = {}
): Promise<Purchase[]> {
	return withDb(async (db) => {
		let range = db.purchases
			.where('[customerId+date]')
			.between([customerId, ''], [customerId, '\uffff'], true, true)
			.reverse();
		if (!opts.includeTrashed) range = range.filter((p) => p.deletedAt === undefined);
		return opts.limit === undefined ? range.toArray() : range.limit(opts.limit).toArray();
	});
}
