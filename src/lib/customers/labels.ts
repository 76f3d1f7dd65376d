import { m, getLocale } from '$lib/i18n';
import { formatDate } from '$lib/domain/date';
import { formatMoney } from '$lib/domain/money';
import type {
	AftercareStepId,
	ContactChannel,
	Interaction,
	InteractionKind,
	Reminder,
	ReminderKind,
	RepurchaseChance
} from '$lib/domain/types';
import { isPurchaseChannel, type PurchaseChannel } from './purchase-form';
import { stepDay } from './reminder-form';

/**
 * The words the customer panel puts on stored codes, in the user's language. Codes the app does
 * not know (a channel typed by an import) are shown as stored, never dropped.
 */

const PURCHASE_CHANNEL: Record<PurchaseChannel, () => string> = {
	store: m.panel_channel_store,
	facebook: m.panel_channel_facebook,
	zalo: m.panel_channel_zalo,
	phone: m.panel_channel_phone,
	shopee: m.panel_channel_shopee,
	other: m.panel_channel_other
};

export function purchaseChannelLabel(channel: string): string {
	return isPurchaseChannel(channel) ? PURCHASE_CHANNEL[channel]() : channel;
}

const CONTACT_CHANNEL: Record<ContactChannel, () => string> = {
	phone: m.panel_contact_phone,
	zalo: m.panel_contact_zalo,
	sms: m.panel_contact_sms,
	facebook: m.panel_contact_facebook,
	email: m.panel_contact_email,
	store: m.panel_contact_store
};

export function contactChannelLabel(channel: ContactChannel | ''): string {
	return channel === '' ? '' : (CONTACT_CHANNEL[channel]?.() ?? channel);
}

const KIND: Record<InteractionKind, () => string> = {
	call: m.panel_kind_call,
	message: m.panel_kind_message,
	visit: m.panel_kind_visit,
	feedback: m.panel_kind_feedback,
	complaint: m.panel_kind_complaint,
	note: m.panel_kind_note
};

export function interactionKindLabel(kind: InteractionKind): string {
	return KIND[kind]?.() ?? kind;
}

const SENTIMENT: Record<NonNullable<Interaction['sentiment']>, () => string> = {
	positive: m.panel_sentiment_positive,
	neutral: m.panel_sentiment_neutral,
	negative: m.panel_sentiment_negative
};

export function sentimentLabel(sentiment: Interaction['sentiment']): string {
	return sentiment === null ? '' : (SENTIMENT[sentiment]?.() ?? sentiment);
}

const STEP: Record<AftercareStepId, () => string> = {
	ask: m.panel_aftercare_ask,
	thanks: m.panel_aftercare_thanks,
	feedback: m.panel_aftercare_feedback,
	followup: m.panel_aftercare_followup,
	chance: m.panel_aftercare_chance
};

export function aftercareStepLabel(step: AftercareStepId): string {
	return STEP[step]?.() ?? step;
}

const CHANCE: Record<RepurchaseChance, () => string> = {
	high: m.panel_chance_high,
	medium: m.panel_chance_medium,
	low: m.panel_chance_low
};

export function chanceLabel(chance: RepurchaseChance | null): string {
	return chance === null ? m.panel_chance_none() : (CHANCE[chance]?.() ?? chance);
}

const REMINDER_KIND: Record<ReminderKind, () => string> = {
	aftercare: m.panel_reminder_kind_aftercare,
	repurchase: m.panel_reminder_kind_repurchase,
	reactivation: m.panel_reminder_kind_reactivation,
	birthday: m.panel_reminder_kind_birthday,
	custom: m.panel_reminder_kind_custom
};

/**
 * What a reminder asks for, in a few words: "Hỏi thăm sau 3 ngày (ngày 3)", "Nhắc mua lại
 * (ngày 60)", or the note of a hand-made one.
 */
export function reminderWhat(
	r: Pick<Reminder, 'kind' | 'step' | 'aftercareStep' | 'note'>
): string {
	// Staff wrote a hand-made reminder's note themselves: it says it all.
	if (r.kind === 'custom' && r.note !== '') return r.note;
	const what =
		r.aftercareStep !== null
			? aftercareStepLabel(r.aftercareStep)
			: (REMINDER_KIND[r.kind]?.() ?? r.kind);
	const day = stepDay(r.step);
	const parts = [day === null ? what : `${what} (${m.panel_reminder_step_day({ day })})`];
	if (r.note !== '') parts.push(r.note);
	return parts.join(' — ');
}

export function reminderDue(r: Pick<Reminder, 'due' | 'dueEnd'>): string {
	return r.dueEnd === null || r.dueEnd === r.due
		? m.panel_reminder_due({ date: formatDate(r.due) })
		: m.panel_reminder_due_range({ from: formatDate(r.due), to: formatDate(r.dueEnd) });
}

/** Whole đồng in the interface language: "1.250.000 ₫" or "₫1,250,000". */
export function money(amount: number): string {
	return formatMoney(amount, getLocale() === 'en' ? 'en' : 'vi');
}
