/**
 * Lifecycle stages in the book: the owner's stage settings, the rules applied when a sale is
 * recorded (in the sale's own batch, so undoing the sale undoes the move), a stage set by hand
 * and released, and the daily run that moves customers whose care window or buying gap has
 * passed. The rules themselves are in domain/stages.ts.
 */
import {
	isLostReason,
	isStageId,
	resolveStageSettings,
	stageChangeOnManual,
	stageChangeOnPurchase,
	stageChangeOnRelease,
	stageFacts,
	stageSettingsProblems,
	type LeadTemperature,
	type LostReason,
	type StageChange,
	type StageSettings
} from '$lib/domain/stages';
import { isLeadTemperature } from '$lib/domain/lead-temperature';
import type { Customer, CustomerId, Purchase, PurchaseStats } from '$lib/domain/types';
import type { RecomputeResult } from '$lib/stages/recompute';
import { SETTING_KEYS, shopToday } from './care';
import { runBatch, type BatchContext } from './changes';
import { withDb, type SoKhachDB } from './db';
import { NotFoundError } from './errors';
import { InputError, unwrapInput } from './input';
import { getSetting, setSetting } from './settings';

export const STAGE_SETTING_KEYS = {
	settings: 'stages.settings',
	lastDailyRun: 'stages.lastDailyRun'
} as const;

/** The settings in force: the owner's for the shop's business type, else that type's defaults. */
export async function stageSettingsIn(db: SoKhachDB): Promise<StageSettings> {
	const [profileRow, savedRow] = await db.settings.bulkGet([
		SETTING_KEYS.shopProfile,
		STAGE_SETTING_KEYS.settings
	]);
	const profile = profileRow?.value as { businessType?: unknown } | undefined;
	const type = profile?.businessType;
	const businessType =
		type === 'spa' || type === 'fashion' || type === 'cafe' || type === 'repair' ? type : 'general';
	return resolveStageSettings(savedRow?.value, businessType);
}

export function getStageSettings(): Promise<StageSettings> {
	return withDb((db) => stageSettingsIn(db));
}

/**
 * Saves the owner's stage settings (names, order, colours, day counts). Customers move to what
 * the new day counts say at the next daily run, or at once with `runDailyStages(…, force)`.
 *
 * @throws InputError('stages', 'value-invalid') when the settings do not validate
 */
export async function saveStageSettings(settings: StageSettings): Promise<void> {
	if (stageSettingsProblems(settings).length > 0) throw new InputError('stages', 'value-invalid');
	await setSetting(STAGE_SETTING_KEYS.settings, structuredClone(settings));
}

function secondDate(purchases: readonly Pick<Purchase, 'date'>[]): string | null {
	if (purchases.length < 2) return null;
	return purchases.map((p) => p.date).sort()[1];
}

async function writeChange(ctx: BatchContext, change: StageChange): Promise<Customer> {
	return ctx.update('customers', change.id, {
		stage: change.to,
		stageManual: change.manual,
		stageReason: change.reason
	});
}

/**
 * After a sale was recorded, edited, trashed or restored, inside that batch: the customer's new
 * stats and the stage the rules give with them (a stage set by hand stays), written as one
 * update, so the sale and the move are one step in the history and undo together. `purchases`
 * are the customer's live ones after the write.
 */
export async function applyPurchaseStage(
	ctx: BatchContext,
	customerId: CustomerId,
	stats: PurchaseStats,
	purchases: readonly Pick<Purchase, 'date'>[],
	today: string
): Promise<StageChange | null> {
	const customer = await ctx.db.customers.get(customerId);
	if (!customer) return null;
	const settings = await stageSettingsIn(ctx.db);
	const change =
		customer.deletedAt === undefined
			? stageChangeOnPurchase(customer, stageFacts(stats, secondDate(purchases)), settings, today)
			: null;
	await ctx.update('customers', customerId, {
		stats,
		...(change ? { stage: change.to, stageManual: change.manual, stageReason: change.reason } : {})
	});
	return change;
}

async function liveCustomer(ctx: BatchContext, id: CustomerId): Promise<Customer> {
	const customer = await ctx.db.customers.get(id);
	if (!customer) throw new NotFoundError('customers', id);
	if (customer.deletedAt !== undefined) throw new InputError('customerId', 'customer-trashed');
	return customer;
}

async function livePurchaseDates(ctx: BatchContext, id: CustomerId): Promise<string[]> {
	const all = await ctx.db.purchases
		.where('[customerId+date]')
		.between([id, ''], [id, '\uffff'], true, true)
		.toArray();
	return all.filter((p) => p.deletedAt === undefined).map((p) => p.date);
}

/**
 * Sets a customer's stage by hand ('change_stage', { name }): kept, marked manual, until the
 * owner releases it. `null` releases it: the rules decide again at once.
 *
 * @throws InputError('stage', 'value-invalid') for an unknown stage
 */
export async function setStageByHand(
	id: CustomerId,
	stage: string | null,
	opts: { lostReason?: LostReason; today?: string } = {}
): Promise<Customer> {
	if (stage === null) return releaseStage(id, opts.today);
	if (!isStageId(stage)) throw new InputError('stage', 'value-invalid');
	if (opts.lostReason !== undefined && !isLostReason(opts.lostReason)) {
		throw new InputError('lostReason', 'value-invalid');
	}
	const to = stage;
	const today = opts.today ?? shopToday();
	return unwrapInput(
		runBatch(
			'change_stage',
			undefined,
			'user',
			async (ctx) => {
				const customer = await liveCustomer(ctx, id);
				ctx.setParams({ name: customer.name });
				const change = stageChangeOnManual(customer, to, today, opts.lostReason);
				return change ? writeChange(ctx, change) : customer;
			},
			{ tables: ['customers'] }
		)
	);
}

/** Hands a stage set by hand back to the rules ('change_stage_release', { name }). */
export async function releaseStage(id: CustomerId, today: string = shopToday()): Promise<Customer> {
	return unwrapInput(
		runBatch(
			'change_stage_release',
			undefined,
			'user',
			async (ctx) => {
				const customer = await liveCustomer(ctx, id);
				ctx.setParams({ name: customer.name });
				const settings = await stageSettingsIn(ctx.db);
				const dates = await livePurchaseDates(ctx, id);
				const change = stageChangeOnRelease(
					customer,
					stageFacts(customer.stats, secondDate(dates.map((date) => ({ date })))),
					settings,
					today
				);
				return change ? writeChange(ctx, change) : customer;
			},
			{ tables: ['customers', 'purchases', 'settings'] }
		)
	);
}

/**
 * Rates a lead lạnh / ấm / nóng ('change_lead_temperature', { name }); null clears it (not
 * rated). Accepted whatever the stage: the value is kept through sales and shown again should the
 * customer become a lead again; the UI offers it only for leads. Setting what is stored records
 * nothing.
 *
 * @throws InputError('leadTemperature', 'value-invalid') for anything but cold, warm, hot or null
 */
export async function setLeadTemperature(
	id: CustomerId,
	temperature: LeadTemperature | null
): Promise<Customer> {
	if (temperature !== null && !isLeadTemperature(temperature)) {
		throw new InputError('leadTemperature', 'value-invalid');
	}
	return unwrapInput(
		runBatch(
			'change_lead_temperature',
			undefined,
			'user',
			async (ctx) => {
				const customer = await liveCustomer(ctx, id);
				ctx.setParams({ name: customer.name });
				// Cleared = absent, so a record never rated and one cleared look the same.
				return ctx.update('customers', id, { leadTemperature: temperature ?? undefined });
			},
			{ tables: ['customers'] }
		)
	);
}

/** Changes written per transaction by the daily run: short enough not to hold up a sale. */
const APPLY_CHUNK = 2000;

export interface DailyStagesResult {
	ran: boolean;
	moved: number;
}

/**
 * The daily run: once per shop day, the recompute (the stages worker in the app, reading every
 * customer off the main thread) says who moves; the moves are written a chunk per system batch
 * ('change_stage_rules', { count }) — in the customers' history with their reasons, not on the
 * undo stack. A customer changed by hand since the recompute read it is left alone.
 */
export async function runDailyStages(
	recompute: (settings: StageSettings, today: string) => Promise<RecomputeResult>,
	today: string = shopToday(),
	opts: { force?: boolean } = {}
): Promise<DailyStagesResult> {
	const last = await getSetting<string | null>(STAGE_SETTING_KEYS.lastDailyRun, null);
	if (last === today && !opts.force) return { ran: false, moved: 0 };
	const settings = await getStageSettings();
	const { changes } = await recompute(settings, today);
	let moved = 0;
	for (let i = 0; i < changes.length; i += APPLY_CHUNK) {
		const chunk = changes.slice(i, i + APPLY_CHUNK);
		moved += await runBatch(
			'change_stage_rules',
			undefined,
			'system',
			async (ctx) => {
				const current = await ctx.db.customers.bulkGet(chunk.map((c) => c.id));
				let n = 0;
				for (const [k, change] of chunk.entries()) {
					const c = current[k];
					if (!c || c.deletedAt !== undefined || c.stageManual || c.stage !== change.from) {
						continue;
					}
					await writeChange(ctx, change);
					n += 1;
				}
				ctx.setParams({ count: n });
				return n;
			},
			{ tables: ['customers'] }
		);
	}
	await setSetting(STAGE_SETTING_KEYS.lastDailyRun, today);
	return { ran: true, moved };
}
