/** The words the Today page puts on the codes of message.ts and the care domain. */
import type { CarePlan } from '$lib/domain/care';
import { formatDate } from '$lib/domain/date';
import type { ContactChannel, Reminder, ReminderKind, RepurchaseChance } from '$lib/domain/types';
import { m, getLocale } from '$lib/i18n';
import { stepOf, weekdayOf, type ContactAction, type StepTopic } from './message';

export function locale(): 'vi' | 'en' {
	return getLocale() === 'en' ? 'en' : 'vi';
}

const GROUPS: Record<ReminderKind, () => string> = {
	aftercare: m.today_group_aftercare,
	repurchase: m.today_group_repurchase,
	reactivation: m.today_group_reactivation,
	birthday: m.today_group_birthday,
	custom: m.today_group_custom
};

export function groupLabel(kind: ReminderKind): string {
	return GROUPS[kind]();
}

const TOPICS: Record<StepTopic, () => string> = {
	ask: m.today_step_ask,
	thanks: m.today_step_thanks,
	feedback: m.today_step_feedback,
	followup: m.today_step_followup,
	chance: m.today_step_chance,
	aftercare: m.today_step_aftercare,
	repurchase: m.today_step_repurchase,
	reactivation: m.today_step_reactivation,
	birthday: m.today_step_birthday,
	custom: m.today_step_custom
};

/** "hỏi thăm": lower case, to go inside a sentence. */
export function topicLabel(
	reminder: Pick<Reminder, 'kind' | 'step' | 'aftercareStep'>,
	plan: CarePlan | null
): string {
	return TOPICS[stepOf(reminder, plan).topic]();
}

/** "Ngày 3 — hỏi thăm", or "Nhắc mua lại" for a reminder without a plan day. */
export function stepLabel(
	reminder: Pick<Reminder, 'kind' | 'step' | 'aftercareStep'>,
	plan: CarePlan | null
): string {
	const { topic, day } = stepOf(reminder, plan);
	const words = TOPICS[topic]();
	if (day !== null) return m.today_step_day({ day, topic: words });
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Thứ Sáu, 13/03/2026". */
export function dayHeading(iso: string): string {
	return m.today_weekday_date({ weekday: weekdayOf(iso, locale()), date: formatDate(iso) });
}

const ACTIONS: Record<ContactAction, () => string> = {
	call: m.today_action_call,
	sms: m.today_action_sms,
	zalo: m.today_action_zalo,
	email: m.today_action_email,
	copy: m.today_action_copy
};

export function actionLabel(action: ContactAction): string {
	return ACTIONS[action]();
}

export const CHANNELS: readonly ContactChannel[] = [
	'phone',
	'zalo',
	'sms',
	'facebook',
	'email',
	'store'
];

const CHANNEL_LABELS: Record<ContactChannel, () => string> = {
	phone: m.today_channel_phone,
	zalo: m.today_channel_zalo,
	sms: m.today_channel_sms,
	facebook: m.today_channel_facebook,
	email: m.today_channel_email,
	store: m.today_channel_store
};

export function channelLabel(channel: ContactChannel): string {
	return CHANNEL_LABELS[channel]();
}

export type Sentiment = 'positive' | 'neutral' | 'negative';

export const SENTIMENTS: ReadonlyArray<{ value: Sentiment | null; label: () => string }> = [
	{ value: 'positive', label: m.today_sentiment_positive },
	{ value: 'neutral', label: m.today_sentiment_neutral },
	{ value: 'negative', label: m.today_sentiment_negative },
	{ value: null, label: m.today_sentiment_unknown }
];

export const CHANCES: ReadonlyArray<{ value: RepurchaseChance | null; label: () => string }> = [
	{ value: 'high', label: m.today_chance_high },
	{ value: 'medium', label: m.today_chance_medium },
	{ value: 'low', label: m.today_chance_low },
	{ value: null, label: m.today_chance_unknown }
];
