import type { ContactChannel, CustomerId, Interaction, InteractionKind } from '$lib/domain/types';
import { runBatch, type BatchContext } from './changes';
import { displayName, loadLiveCustomer } from './customers';
import { withDb } from './db';
import { NotFoundError } from './errors';
import { newId } from './ids';
import { InputError, unwrapInput } from './input';

/**
 * The only writer of interactions: calls, messages, visits, feedback, complaints and notes in a
 * customer's history. Each write is one undoable batch; a logged interaction is also written by
 * completeReminder (reminders.ts) inside its own batch, through addInteraction.
 */

export interface InteractionInput {
	customerId: CustomerId;
	kind: InteractionKind;
	channel: ContactChannel | '';
	sentiment: Interaction['sentiment'];
	summary: string;
	staff: string;
	/** When it happened (epoch ms); now when left out. */
	at?: number;
	/** The reminder it answered. */
	reminderId?: string | null;
}

/** The fields an edit may change; who it was with and what it answered stay. */
export type InteractionPatch = Partial<
	Pick<Interaction, 'kind' | 'channel' | 'sentiment' | 'summary' | 'staff' | 'at'>
>;

const KINDS: readonly InteractionKind[] = [
	'call',
	'message',
	'visit',
	'feedback',
	'complaint',
	'note'
];
const CHANNELS: readonly (ContactChannel | '')[] = [
	'',
	'phone',
	'zalo',
	'sms',
	'facebook',
	'email',
	'store'
];
const SENTIMENTS: readonly Interaction['sentiment'][] = [null, 'positive', 'neutral', 'negative'];

/** Throws InputError for a value outside the stored vocabularies (UI bugs, not user typos). */
function checkPatch(patch: InteractionPatch): void {
	if (patch.kind !== undefined && !KINDS.includes(patch.kind)) {
		throw new InputError('kind', 'value-invalid');
	}
	if (patch.channel !== undefined && !CHANNELS.includes(patch.channel)) {
		throw new InputError('channel', 'value-invalid');
	}
	if (patch.sentiment !== undefined && !SENTIMENTS.includes(patch.sentiment)) {
		throw new InputError('sentiment', 'value-invalid');
	}
	if (patch.at !== undefined && !(Number.isFinite(patch.at) && patch.at > 0)) {
		throw new InputError('at', 'value-invalid');
	}
}

function clean(text: string): string {
	return text.normalize('NFC').trim();
}

/**
 * Writes one interaction inside a batch (the customer must be live). For repositories that log
 * an interaction as part of a larger action; the UI calls logInteraction.
 */
export async function addInteraction(
	ctx: BatchContext,
	input: InteractionInput
): Promise<Interaction> {
	checkPatch(input);
	await loadLiveCustomer(ctx, input.customerId);
	const interaction: Interaction = {
		id: newId(),
		customerId: input.customerId,
		at: input.at ?? ctx.now,
		kind: input.kind,
		channel: input.channel,
		sentiment: input.sentiment,
		reminderId: input.reminderId ?? null,
		summary: clean(input.summary),
		staff: clean(input.staff),
		createdAt: ctx.now,
		updatedAt: ctx.now
	};
	await ctx.create('interactions', [interaction]);
	return interaction;
}

const TABLES = { tables: ['customers', 'interactions'] } as const;

/**
 * Records a call, message, visit, feedback, complaint or note. One undoable step, labelled
 * 'change_interaction' with { name, kind }.
 *
 * @throws InputError 'customer-trashed', 'value-invalid'; NotFoundError for an unknown customer
 */
export async function logInteraction(input: InteractionInput): Promise<Interaction> {
	checkPatch(input);
	return unwrapInput(
		runBatch(
			'change_interaction',
			{ kind: input.kind },
			'user',
			async (ctx) => {
				const interaction = await addInteraction(ctx, input);
				const customer = await loadLiveCustomer(ctx, input.customerId);
				ctx.setParams({ name: displayName(customer) });
				return interaction;
			},
			TABLES
		)
	);
}

async function loadInteraction(ctx: BatchContext, id: string): Promise<Interaction> {
	const found = await ctx.db.interactions.get(id);
	if (!found) throw new NotFoundError('interactions', id);
	return found;
}

async function customerName(ctx: BatchContext, id: CustomerId): Promise<string> {
	const customer = await ctx.db.customers.get(id);
	return customer ? displayName(customer) : '';
}

/** Edits an interaction ('change_interaction_update', { name }). Editing nothing writes nothing. */
export async function updateInteraction(id: string, patch: InteractionPatch): Promise<Interaction> {
	checkPatch(patch);
	const cleaned: InteractionPatch = { ...patch };
	if (patch.summary !== undefined) cleaned.summary = clean(patch.summary);
	if (patch.staff !== undefined) cleaned.staff = clean(patch.staff);
	return unwrapInput(
		runBatch(
			'change_interaction_update',
			undefined,
			'user',
			async (ctx) => {
				const current = await loadInteraction(ctx, id);
				const updated = await ctx.update('interactions', id, cleaned);
				ctx.setParams({ name: await customerName(ctx, current.customerId) });
				return updated;
			},
			TABLES
		)
	);
}

/**
 * Moves an interaction to the trash ('change_interaction_trash', { name }). False when it was
 * already there. A reminder it answered stays done.
 */
export async function trashInteraction(id: string): Promise<boolean> {
	return runBatch(
		'change_interaction_trash',
		undefined,
		'user',
		async (ctx) => {
			const current = await loadInteraction(ctx, id);
			const moved = await ctx.trash('interactions', [id]);
			ctx.setParams({ name: await customerName(ctx, current.customerId) });
			return moved > 0;
		},
		TABLES
	);
}

/** Takes an interaction out of the trash ('change_interaction_restore', { name }). */
export async function restoreInteraction(id: string): Promise<boolean> {
	return runBatch(
		'change_interaction_restore',
		undefined,
		'user',
		async (ctx) => {
			const current = await loadInteraction(ctx, id);
			const moved = await ctx.restore('interactions', [id]);
			ctx.setParams({ name: await customerName(ctx, current.customerId) });
			return moved > 0;
		},
		TABLES
	);
}

/** A customer's interactions not in the trash, newest first, through [customerId+at]. */
export function listInteractions(customerId: CustomerId, limit?: number): Promise<Interaction[]> {
	return withDb(async (db) => {
		const range = db.interactions
			.where('[customerId+at]')
			.between([customerId, -Infinity], [customerId, Infinity], true, true)
			.reverse()
			.filter((i) => i.deletedAt === undefined);
		return limit === undefined ? range.toArray() : range.limit(limit).toArray();
	});
}

/**
 * When each customer was last contacted (their latest interaction not in the trash), for a page
 * of a care list: one short reverse range per customer, newest first.
 */
export function lastInteractionTimes(ids: readonly CustomerId[]): Promise<Map<CustomerId, number>> {
	return withDb(async (db) => {
		const out = new Map<CustomerId, number>();
		await Promise.all(
			ids.map(async (id) => {
				const latest = await db.interactions
					.where('[customerId+at]')
					.between([id, -Infinity], [id, Infinity], true, true)
					.reverse()
					.filter((i) => i.deletedAt === undefined)
					.first();
				if (latest) out.set(id, latest.at);
			})
		);
		return out;
	});
}
