/**
 * The Today page's state: the day, whose tasks are shown, the live view of reminders and
 * birthdays, and what the cards need to write messages (plan, templates, shop name, staff).
 * Also the actions on a reminder, each one undoable step announced by a toast with Undo.
 */
import { liveQuery } from 'dexie';
import { reportError } from '$lib/app/errors';
import { batchLabel, undoLast } from '$lib/app/undo';
import { getCarePlan, getShopProfile, getStaff } from '$lib/db/care';
import { peekUndo, undo } from '$lib/db/history';
import { setAftercareStep, setRepurchaseChance } from '$lib/db/purchases';
import {
	completeReminder,
	reassignReminder,
	skipReminder,
	snoozeReminder
} from '$lib/db/reminders';
import { listTemplates } from '$lib/db/templates';
import { todayView, TODAY_PAGE_SIZE, type TodayItem, type TodayView } from '$lib/db/today';
import type { CarePlan } from '$lib/domain/care';
import { formatDate, isoToday } from '$lib/domain/date';
import type {
	ContactChannel,
	Customer,
	Reminder,
	ReminderKind,
	RepurchaseChance
} from '$lib/domain/types';
import { m } from '$lib/i18n';
import { toasts } from '$lib/ui/toasts.svelte';
import { locale, topicLabel, type Sentiment } from './labels';
import { addressedName, templateChoices, type TemplateChoice } from './message';

const STAFF_KEY = 'soKhach.today.staff';
/** The day is checked this often, so a page left open overnight moves on to the new day. */
const DAY_CHECK_MS = 60_000;

function readStaff(): string {
	try {
		return localStorage.getItem(STAFF_KEY) ?? '';
	} catch {
		return '';
	}
}

export function nameOf(customer: Customer): string {
	return addressedName(customer) || m.customers_unnamed();
}

export class TodayPage {
	today = $state(isoToday());
	/** The staff member whose tasks are shown; '' for everyone's. */
	staff = $state(readStaff());
	view = $state<TodayView | null>(null);
	/** How many cards each group shows; "show more" adds a page. */
	limits = $state<Partial<Record<ReminderKind, number>>>({});
	/** How many birthday cards each birthday list shows. */
	birthdayLimit = $state(TODAY_PAGE_SIZE);
	plan = $state<CarePlan | null>(null);
	staffList = $state<string[]>([]);
	shopName = $state('');
	templates = $state<TemplateChoice[]>([]);

	showMore(kind: ReminderKind): void {
		this.limits = {
			...this.limits,
			[kind]: (this.limits[kind] ?? TODAY_PAGE_SIZE) + TODAY_PAGE_SIZE
		};
	}

	showMoreBirthdays(): void {
		this.birthdayLimit += TODAY_PAGE_SIZE;
	}

	/** Starts the live queries and the day watch. Call while a component initialises. */
	connect(): void {
		$effect(() => {
			const today = this.today;
			const assignee = this.staff === '' ? undefined : this.staff;
			const limit = { ...this.limits };
			const birthdayLimit = this.birthdayLimit;
			const sub = liveQuery(async () => {
				const started = performance.now();
				const view = await todayView(today, { assignee, limit, birthdayLimit });
				// Measured for `npm run bench` (scenario `today`).
				performance.measure('today', { start: started, end: performance.now() });
				return view;
			}).subscribe({
				next: (view) => (this.view = view),
				error: reportError
			});
			return () => sub.unsubscribe();
		});

		$effect(() => {
			const sub = liveQuery(() =>
				Promise.all([
					getCarePlan(),
					getStaff(),
					getShopProfile(),
					listTemplates({ includeTrashed: true })
				])
			).subscribe({
				next: ([plan, staff, shop, templates]) => {
					this.plan = plan;
					this.staffList = staff;
					this.shopName = shop.name;
					this.templates = templateChoices(templates, locale());
				},
				error: reportError
			});
			return () => sub.unsubscribe();
		});

		$effect(() => {
			const check = () => {
				const now = isoToday();
				if (now !== this.today) this.today = now;
			};
			const timer = setInterval(check, DAY_CHECK_MS);
			// A phone asleep overnight does not run timers: look again when the page shows.
			const onVisible = () => {
				if (document.visibilityState === 'visible') check();
			};
			document.addEventListener('visibilitychange', onVisible);
			return () => {
				clearInterval(timer);
				document.removeEventListener('visibilitychange', onVisible);
			};
		});
	}

	setStaff(name: string): void {
		this.staff = name;
		try {
			if (name === '') localStorage.removeItem(STAFF_KEY);
			else localStorage.setItem(STAFF_KEY, name);
		} catch {
			// Private mode without storage: the choice lasts for this visit only.
		}
	}
}

function undoAction() {
	return { label: m.undo(), run: undoLast };
}

export interface FinishInput {
	channel: ContactChannel;
	summary: string;
	sentiment: Sentiment | null;
	chance: RepurchaseChance | null;
	staff: string;
}

/**
 * Undoes the latest batches while they are the ones named (newest first), so a completion and
 * the checklist ticks made with it go back together, but nothing the user did since is touched.
 */
async function undoTogether(labels: readonly string[]): Promise<void> {
	try {
		let last = null;
		for (const label of labels) {
			const top = await peekUndo();
			if (top === null || top.label !== label) break;
			last = (await undo())?.batch ?? null;
		}
		toasts.show(last ? m.undone({ action: batchLabel(last) }) : m.nothing_to_undo());
	} catch (e) {
		reportError(e);
	}
}

/**
 * Closes a reminder with what came of it, and records the answers its step asked for: the
 * customer's feedback ticks the sale's "feedback" step, the chance of buying again its "chance"
 * step. Returns false when it failed (the error is shown).
 */
export async function finishReminder(
	item: TodayItem,
	input: FinishInput,
	plan: CarePlan | null
): Promise<boolean> {
	let next: Reminder | null;
	try {
		const result = await completeReminder(item.reminder.id, {
			channel: input.channel,
			summary: input.summary,
			sentiment: input.sentiment ?? undefined,
			staff: input.staff
		});
		next = result.next;
	} catch (e) {
		reportError(e);
		return false;
	}
	const batches = ['change_reminder_done'];
	const purchaseId = item.purchase === null ? null : item.reminder.sourcePurchaseId;
	// The reminder is done even if a tick fails: the error is shown, the completion stays.
	try {
		if (purchaseId !== null && input.sentiment !== null && item.reminder.aftercareStep === 'ask') {
			await setAftercareStep(purchaseId, 'feedback', true);
			batches.unshift('change_aftercare');
		}
		if (purchaseId !== null && input.chance !== null) {
			await setRepurchaseChance(purchaseId, input.chance);
			batches.unshift('change_aftercare');
		}
	} catch (e) {
		reportError(e);
	}
	const text =
		next === null
			? m.today_done_toast({ name: nameOf(item.customer) })
			: m.today_done_next({ step: topicLabel(next, plan), date: formatDate(next.due) });
	const action =
		batches.length === 1 ? undoAction() : { label: m.undo(), run: () => undoTogether(batches) };
	toasts.show(text, { kind: 'success', action });
	return true;
}

export async function snoozeTo(item: TodayItem, until: string): Promise<boolean> {
	try {
		await snoozeReminder(item.reminder.id, until);
		toasts.show(m.today_snoozed_toast({ name: nameOf(item.customer), date: formatDate(until) }), {
			kind: 'success',
			action: undoAction()
		});
		return true;
	} catch (e) {
		reportError(e);
		return false;
	}
}

export async function skipWithReason(item: TodayItem, reason: string): Promise<boolean> {
	try {
		await skipReminder(item.reminder.id, reason);
		toasts.show(m.today_skipped_toast({ name: nameOf(item.customer) }), {
			kind: 'success',
			action: undoAction()
		});
		return true;
	} catch (e) {
		reportError(e);
		return false;
	}
}

export async function assignTo(item: TodayItem, assignee: string): Promise<boolean> {
	try {
		await reassignReminder(item.reminder.id, assignee);
		const name = nameOf(item.customer);
		toasts.show(
			assignee === ''
				? m.today_unassigned_toast({ name })
				: m.today_assigned_toast({ name, assignee }),
			{ kind: 'success', action: undoAction() }
		);
		return true;
	} catch (e) {
		reportError(e);
		return false;
	}
}
