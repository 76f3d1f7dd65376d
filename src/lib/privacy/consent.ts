/**
 * Consent per purpose (Vietnam's Personal Data Protection Law 91/2025 asks for consent per
 * purpose, recorded so it can be shown, and as easy to withdraw as to give). A customer's
 * `consents` is an append-only history: the latest entry of a purpose is in force.
 */
import type {
	ConsentMethod,
	ConsentPurpose,
	ConsentRecord,
	Customer,
	ProblemCode
} from '$lib/domain/types';

export const CONSENT_PURPOSES: readonly ConsentPurpose[] = ['care', 'promotions'];
export const CONSENT_METHODS: readonly ConsentMethod[] = [
	'store',
	'form',
	'zalo',
	'phone',
	'other'
];

/** given / withdrawn, or null when the customer was never asked for this purpose. */
export type ConsentState = 'given' | 'withdrawn' | null;

export function isConsentPurpose(value: unknown): value is ConsentPurpose {
	return CONSENT_PURPOSES.includes(value as ConsentPurpose);
}

export function isConsentMethod(value: unknown): value is ConsentMethod {
	return CONSENT_METHODS.includes(value as ConsentMethod);
}

/** The entry in force for a purpose: the latest by `at`, then by when it was recorded. */
export function latestConsent(
	customer: Pick<Customer, 'consents'>,
	purpose: ConsentPurpose
): ConsentRecord | null {
	let latest: ConsentRecord | null = null;
	for (const r of customer.consents ?? []) {
		if (r.purpose !== purpose) continue;
		if (
			latest === null ||
			r.at > latest.at ||
			(r.at === latest.at && r.recordedAt >= latest.recordedAt)
		) {
			latest = r;
		}
	}
	return latest;
}

/**
 * Whether the customer consents to `purpose` now. The old single `consent` flag meant "agreed to
 * receive messages": it still answers for care messages when nothing was recorded since, but
 * never for promotions, which need consent of their own.
 */
export function consentState(
	customer: Pick<Customer, 'consents' | 'consent'>,
	purpose: ConsentPurpose
): ConsentState {
	const latest = latestConsent(customer, purpose);
	if (latest !== null) return latest.given ? 'given' : 'withdrawn';
	if (purpose === 'care' && customer.consent !== null && customer.consent !== undefined) {
		return customer.consent ? 'given' : 'withdrawn';
	}
	return null;
}

/** Only customers who said yes may be sent messages for a purpose; unknown counts as no. */
export function hasConsent(
	customer: Pick<Customer, 'consents' | 'consent'>,
	purpose: ConsentPurpose
): boolean {
	return consentState(customer, purpose) === 'given';
}

/**
 * The batches of an export with only the customers who consented to `purpose`: a list made for
 * promotions must leave out everyone who did not say yes to them.
 */
export async function* consentingOnly(
	batches: AsyncIterable<readonly Customer[]> | Iterable<readonly Customer[]>,
	purpose: ConsentPurpose
): AsyncGenerator<Customer[]> {
	for await (const batch of batches) {
		const kept = batch.filter((c) => hasConsent(c, purpose));
		if (kept.length > 0) yield kept;
	}
}

export interface ConsentInput {
	purpose: ConsentPurpose;
	given: boolean;
	at: number;
	method: ConsentMethod;
	note?: string;
}

/** What is wrong with a consent entry, or null. A date in the future cannot have happened yet. */
export function consentProblem(
	input: ConsentInput,
	now: number
): { field: string; problem: ProblemCode | 'value-invalid' } | null {
	if (!isConsentPurpose(input.purpose)) return { field: 'purpose', problem: 'value-invalid' };
	if (!isConsentMethod(input.method)) return { field: 'method', problem: 'value-invalid' };
	if (typeof input.given !== 'boolean') return { field: 'given', problem: 'value-invalid' };
	if (!Number.isFinite(input.at)) return { field: 'at', problem: 'date-invalid' };
	// A minute of slack: the form's clock and the batch's are read at different moments.
	if (input.at > now + 60_000) return { field: 'at', problem: 'date-future' };
	return null;
}

/** The customer's history with one more entry, oldest first. */
export function withConsent(
	consents: readonly ConsentRecord[] | undefined,
	entry: ConsentRecord
): ConsentRecord[] {
	return [...(consents ?? []), entry].sort((a, b) => a.at - b.at || a.recordedAt - b.recordedAt);
}
