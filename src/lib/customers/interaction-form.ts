import type { InteractionInput } from '$lib/db/interactions';
import type { ContactChannel, Interaction, InteractionKind } from '$lib/domain/types';

/** The "log an interaction" form: what it offers and what it saves. Pure, tested beside it. */

export const INTERACTION_KINDS: readonly InteractionKind[] = [
	'call',
	'message',
	'visit',
	'feedback',
	'complaint',
	'note'
];

export const CONTACT_CHANNELS: readonly ContactChannel[] = [
	'phone',
	'zalo',
	'sms',
	'facebook',
	'email',
	'store'
];

export type Sentiment = NonNullable<Interaction['sentiment']>;
export const SENTIMENTS: readonly Sentiment[] = ['positive', 'neutral', 'negative'];

export interface InteractionFormValues {
	kind: InteractionKind;
	channel: ContactChannel | '';
	sentiment: Sentiment | '';
	summary: string;
	staff: string;
}

export type InteractionFields = Omit<InteractionInput, 'customerId'>;

export type InteractionFormResult =
	{ ok: true; fields: InteractionFields } | { ok: false; problem: 'summary-required' };

/** How the customer felt only means something when they told the shop what they thought. */
export function asksSentiment(kind: InteractionKind): boolean {
	return kind === 'feedback' || kind === 'complaint';
}

/** The channel a kind nearly always goes through, so staff rarely have to pick one. */
export function usualChannel(kind: InteractionKind): ContactChannel | '' {
	if (kind === 'call') return 'phone';
	if (kind === 'visit') return 'store';
	if (kind === 'message') return 'zalo';
	return '';
}

export function emptyInteractionForm(kind: InteractionKind = 'call'): InteractionFormValues {
	return { kind, channel: usualChannel(kind), sentiment: '', summary: '', staff: '' };
}

/**
 * A call or a visit is worth logging even without words (it shows the customer was reached);
 * a note, a piece of feedback or a complaint is nothing without what was said.
 */
export function checkInteractionForm(values: InteractionFormValues): InteractionFormResult {
	const summary = values.summary.trim();
	const needsText = values.kind === 'note' || asksSentiment(values.kind);
	if (needsText && summary === '') return { ok: false, problem: 'summary-required' };
	return {
		ok: true,
		fields: {
			kind: values.kind,
			channel: values.channel,
			sentiment: asksSentiment(values.kind) && values.sentiment !== '' ? values.sentiment : null,
			summary,
			staff: values.staff.trim()
		}
	};
}
