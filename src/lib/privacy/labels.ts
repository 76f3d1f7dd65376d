/** The privacy words in the user's language. */
import { m } from '$lib/i18n';
import type { ConsentMethod, ConsentPurpose } from '$lib/domain/types';
import type { ConsentState } from './consent';
import type { TombstoneReason } from './erase';

const PURPOSES: Record<ConsentPurpose, () => string> = {
	care: m.consent_purpose_care,
	promotions: m.consent_purpose_promotions
};

const METHODS: Record<ConsentMethod, () => string> = {
	store: m.consent_method_store,
	form: m.consent_method_form,
	zalo: m.consent_method_zalo,
	phone: m.consent_method_phone,
	other: m.consent_method_other
};

const REASONS: Record<TombstoneReason, () => string> = {
	'customer-request': m.rights_reason_customer_request,
	'no-longer-needed': m.rights_reason_no_longer_needed,
	other: m.rights_reason_other
};

export function purposeLabel(purpose: ConsentPurpose): string {
	return PURPOSES[purpose]();
}

export function methodLabel(method: ConsentMethod): string {
	return METHODS[method]();
}

export function consentStateLabel(state: ConsentState): string {
	if (state === 'given') return m.consent_state_given();
	if (state === 'withdrawn') return m.consent_state_withdrawn();
	return m.consent_state_unknown();
}

export function reasonLabel(reason: TombstoneReason): string {
	return REASONS[reason]();
}
