import { toAppError } from '$lib/db/errors';
import { m } from '$lib/i18n';
import { toasts } from '$lib/ui/toasts.svelte';

/** What to tell the user about a failed action, in their language, with what to do next. */
export function errorText(e: unknown): string {
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
