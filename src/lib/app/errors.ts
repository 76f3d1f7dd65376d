import { toAppError } from '$lib/db/errors';
import { InputError, type InputProblem } from '$lib/db/input';
import type { ProblemCode } from '$lib/domain/types';
import { m, fieldLabel, problemMessage } from '$lib/i18n';
import { toasts } from '$lib/ui/toasts.svelte';

/** What to tell the user about a failed action, in their language, with what to do next. */
export function errorText(e: unknown): string {
	if (e instanceof InputError) return inputText(e.field, e.problem);
	const err = toAppError(e);
	switch (err.code) {
		case 'storage-full':
			return m.error_storage_full();
		case 'db-upgraded-elsewhere':
			return m.error_db_upgraded();
		case 'not-found':
			return m.error_not_found();
		case 'conflict':
			return m.error_conflict();
		default:
			return m.error_unknown({ detail: err.message || String(e) });
	}
}

/** Logs an error for the developer and shows it to the user; the data is never left half-written. */
export function reportError(e: unknown): void {
	console.error(e);
	toasts.show(errorText(e), { kind: 'error' });
}

function inputText(field: string, problem: InputProblem): string {
	switch (problem) {
		case 'customer-trashed':
			return m.input_customer_trashed();
		case 'referral-self':
			return m.input_referral_self();
		case 'referral-cycle':
			return m.input_referral_cycle();
		case 'text-empty':
			return m.input_text_empty();
		case 'reminder-status':
			return m.input_reminder_status();
		case 'value-invalid':
			return m.input_value_invalid({ field: fieldLabel(field) });
		default:
			return problemMessage(problem as ProblemCode);
	}
}
