import { actionFor, nextStepAfter } from '$lib/domain/care';
import type {
	ContactChannel,
	CustomerId,
	Interaction,
	InteractionKind,
	Reminder
} from '$lib/domain/types';
import { carePlanIn } from './care';
import { runBatch, type BatchContext } from './changes';
import { displayName, loadLiveCustomer } from './customers';
import { withDb } from './db';
import { NotFoundError } from './errors';
import { newId } from './ids';
import { addInteraction } from './interactions';
import { InputError, isIsoDate, unwrapInput } from './input';

/**
 * The only writer of reminder states: done (with the interaction it led to), skipped, snoozed,
 * reassigned, reopened, and reminders made by hand. Reminders planned from sales are written
 * by purchases.ts, birthday reminders by the daily job (care.ts).
 */

export interface CompleteInput {
	channel: ContactChannel;
	summary: string;
	sentiment?: Interaction['sentiment'];
	staff: string;
}

export interface CompleteResult {
	reminder: Reminder;
	interaction: Interaction;
	/** The sale's next open step ("next: day 30, small offer on 12/04"), or null. */
	next: Reminder | null;
}

export interface CustomReminderInput {
	customerId: CustomerId;
	/** ISO `yyyy-mm-dd`; may be in the past (something already late). */
	due: string;
	note: string;
	/** Staff name, or '' for anyone. */
	assignee: string;
}

const TABLES = {
	tables: ['customers', 'purchases', 'interactions', 'reminders', 'settings']
} as const;

async function loadReminder(ctx: BatchContext, id: string): Promise<Reminder> {
	const reminder = await ctx.db.reminders.get(id);
	if (!reminder || reminder.deletedAt !== undefined) throw new NotFoundError('reminders', id);
	return reminder;
}

async function loadOpen(ctx: BatchContext, id: string): Promise<Reminder> {
	const reminder = await loadReminder(ctx, id);
	if (reminder.status !== 'open') throw new InputError('status', 'reminder-status');
	return reminder;
}

async function nameParam(ctx: BatchContext, customerId: CustomerId): Promise<void> {
	const customer = await ctx.db.customers.get(customerId);
	ctx.setParams({ name: customer ? displayName(customer) : '' });
}

/**
 * What kind of interaction doing a reminder is: the plan step's action (call or message);
 * reminders without a step (birthday, custom) go by the channel used.
 */
function interactionKind(
	channel: ContactChannel,
	stepAction: 'call' | 'message' | null
): InteractionKind {
	if (stepAction !== null) return stepAction;
	if (channel === 'phone') return 'call';
	if (channel === 'store') return 'visit';
	return 'message';
}

/**
 * Marks a reminder done in one undoable step ('change_reminder_done', { name }): logs the
 * interaction (a call or a message, as the plan step says), closes the reminder with a link to
 * it, and ticks the sale's checklist step the reminder stands for. Returns the sale's next open
 * step for the "next: …" line.
 *
 * @throws InputError('status', 'reminder-status') when it is not open; 'customer-trashed'
 */
export async function completeReminder(id: string, input: CompleteInput): Promise<CompleteResult> {
	return unwrapInput(
		runBatch(
			'change_reminder_done',
			undefined,
			'user',
			async (ctx) => {
				const reminder = await loadOpen(ctx, id);
				await loadLiveCustomer(ctx, reminder.customerId);
				const plan = await carePlanIn(ctx.db);
				const stepAction =
					reminder.step !== null && plan.steps.some((s) => s.id === reminder.step)
						? actionFor(reminder, plan)
						: null;
				const interaction = await addInteraction(ctx, {
					customerId: reminder.customerId,
					kind: interactionKind(input.channel, stepAction),
					channel: input.channel,
					sentiment: input.sentiment ?? null,
					summary: input.summary,
					staff: input.staff,
					reminderId: reminder.id
				});
				const done = await ctx.update('reminders', id, {
					status: 'done',
					closedAt: ctx.now,
					interactionId: interaction.id
				});
				let siblings: Reminder[] = [];
				if (reminder.sourcePurchaseId !== null) {
					const purchase = await ctx.db.purchases.get(reminder.sourcePurchaseId);
					const step = reminder.aftercareStep;
					if (purchase && step !== null && purchase.aftercare.done[step] === undefined) {
						await ctx.update('purchases', purchase.id, {
							aftercare: {
								...purchase.aftercare,
								done: { ...purchase.aftercare.done, [step]: ctx.now }
							}
						});
					}
					siblings = await ctx.db.reminders
						.where('sourcePurchaseId')
						.equals(reminder.sourcePurchaseId)
						.toArray();
				}
				await nameParam(ctx, reminder.customerId);
				return { reminder: done, interaction, next: nextStepAfter(done, siblings) };
			},
			TABLES
		)
	);
}

/** Skips a reminder with a reason ('change_reminder_skip', { name }). */
export async function skipReminder(id: string, reason: string): Promise<Reminder> {
	return unwrapInput(
		runBatch(
			'change_reminder_skip',
			undefined,
			'user',
			async (ctx) => {
				const reminder = await loadOpen(ctx, id);
				const updated = await ctx.update('reminders', id, {
					status: 'skipped',
					skipReason: reason.normalize('NFC').trim(),
					closedAt: ctx.now
				});
				await nameParam(ctx, reminder.customerId);
				return updated;
			},
			TABLES
		)
	);
}

/**
 * Hides an open reminder from Today until `untilIso` ('change_reminder_snooze',
 * { name, until }); null wakes it now. Its due date stays, so it still counts as overdue.
 *
 * @throws InputError('until', 'date-invalid') for anything but an ISO date
 */
export async function snoozeReminder(id: string, untilIso: string | null): Promise<Reminder> {
	if (untilIso !== null && !isIsoDate(untilIso)) throw new InputError('until', 'date-invalid');
	return unwrapInput(
		runBatch(
			'change_reminder_snooze',
			{ until: untilIso ?? '' },
			'user',
			async (ctx) => {
				const reminder = await loadOpen(ctx, id);
				const updated = await ctx.update('reminders', id, { snoozedUntil: untilIso });
				await nameParam(ctx, reminder.customerId);
				return updated;
			},
			TABLES
		)
	);
}

/** Hands a reminder to a staff member, '' for anyone ('change_reminder_assign', { name, assignee }). */
export async function reassignReminder(id: string, assignee: string): Promise<Reminder> {
	const who = assignee.normalize('NFC').trim();
	return runBatch(
		'change_reminder_assign',
		{ assignee: who },
		'user',
		async (ctx) => {
			const reminder = await loadReminder(ctx, id);
			const updated = await ctx.update('reminders', id, { assignee: who });
			await nameParam(ctx, reminder.customerId);
			return updated;
		},
		TABLES
	);
}

/**
 * Opens a done, skipped or cancelled reminder again ('change_reminder_reopen', { name }), e.g.
 * "done" pressed on the wrong line. The interaction logged stays in the history (it is its own
 * record, trashed separately), but the reminder no longer points to it; the checklist step it
 * ticked is unticked if nothing ticked it since.
 */
export async function reopenReminder(id: string): Promise<Reminder> {
	return unwrapInput(
		runBatch(
			'change_reminder_reopen',
			undefined,
			'user',
			async (ctx) => {
				const reminder = await loadReminder(ctx, id);
				if (reminder.status === 'open') throw new InputError('status', 'reminder-status');
				const step = reminder.aftercareStep;
				if (reminder.status === 'done' && step !== null && reminder.sourcePurchaseId !== null) {
					const purchase = await ctx.db.purchases.get(reminder.sourcePurchaseId);
					if (purchase && purchase.aftercare.done[step] === reminder.closedAt) {
						const ticked = { ...purchase.aftercare.done };
						delete ticked[step];
						await ctx.update('purchases', purchase.id, {
							aftercare: { ...purchase.aftercare, done: ticked }
						});
					}
				}
				const updated = await ctx.update('reminders', id, {
					status: 'open',
					closedAt: null,
					skipReason: '',
					interactionId: null
				});
				await nameParam(ctx, reminder.customerId);
				return updated;
			},
			TABLES
		)
	);
}

/**
 * A reminder made by hand ('change_reminder_create', { name }): "call back Thursday about the
 * quote". Kind 'custom', no sale.
 *
 * @throws InputError('due', 'date-invalid'), 'customer-trashed'
 */
export async function createCustomReminder(input: CustomReminderInput): Promise<Reminder> {
	if (!isIsoDate(input.due)) throw new InputError('due', 'date-invalid');
	return unwrapInput(
		runBatch(
			'change_reminder_create',
			undefined,
			'user',
			async (ctx) => {
				const customer = await loadLiveCustomer(ctx, input.customerId);
				const reminder: Reminder = {
					id: newId(),
					customerId: customer.id,
					due: input.due,
					dueEnd: null,
					kind: 'custom',
					step: null,
					aftercareStep: null,
					templateId: null,
					status: 'open',
					snoozedUntil: null,
					sourcePurchaseId: null,
					assignee: input.assignee.normalize('NFC').trim(),
					note: input.note.normalize('NFC').trim(),
					skipReason: '',
					closedAt: null,
					interactionId: null,
					createdAt: ctx.now,
					updatedAt: ctx.now
				};
				await ctx.create('reminders', [reminder]);
				ctx.setParams({ name: displayName(customer) });
				return reminder;
			},
			TABLES
		)
	);
}

export function getReminder(id: string): Promise<Reminder | undefined> {
	return withDb((db) => db.reminders.get(id));
}

/**
 * A customer's reminders in due order (all states, none in the trash), through
 * [customerId+due]. `status` narrows to one state.
 */
export function listReminders(
	customerId: CustomerId,
	opts: { status?: Reminder['status'] } = {}
): Promise<Reminder[]> {
	return withDb(async (db) => {
		const all = await db.reminders
			.where('[customerId+due]')
			.between([customerId, ''], [customerId, '\uffff'], true, true)
			.toArray();
		return all.filter(
			(r) => r.deletedAt === undefined && (opts.status === undefined || r.status === opts.status)
		);
	});
}
