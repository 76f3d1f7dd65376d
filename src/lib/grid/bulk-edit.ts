/**
 * What "Sửa hàng loạt" may set on many customers at once, and the patch it makes on each. Only
 * fields whose one value can sensibly be shared: where customers came from, where they live,
 * gender, salutation, a lead's temperature, and a line added to the notes. Names, phones, emails
 * and birthdays belong to one person, and consent must be recorded per customer with how it was
 * given (privacy/consent.ts), so neither is offered. Pure: the repository (db/bulk.ts) writes.
 */
import { applyEdit } from '$lib/domain/customer';
import { isLeadNow, isLeadTemperature } from '$lib/domain/lead-temperature';
import type { LeadTemperature } from '$lib/domain/stages';
import type { Customer } from '$lib/domain/types';

export const BULK_FIELDS = [
	'source',
	'district',
	'city',
	'gender',
	'salutation',
	'leadTemperature',
	'notes'
] as const;

export type BulkField = (typeof BULK_FIELDS)[number];

export function isBulkField(value: string): value is BulkField {
	return (BULK_FIELDS as readonly string[]).includes(value);
}

/** The value as chosen or typed: free text, except a lead temperature (null clears it). */
export type BulkEdit =
	| { field: Exclude<BulkField, 'leadTemperature'>; value: string }
	| { field: 'leadTemperature'; value: LeadTemperature | null };

/** Whether the edit can be applied at all; a typed value that fails validation is not a reason. */
export function isValidBulkEdit(edit: BulkEdit): boolean {
	if (!isBulkField(edit.field)) return false;
	if (edit.field === 'leadTemperature') return edit.value === null || isLeadTemperature(edit.value);
	return typeof edit.value === 'string';
}

/** Lines already in the notes are not added twice, so running the same edit again changes nothing. */
function appendedNotes(notes: string, line: string): string {
	const trimmed = line.trim();
	if (trimmed === '') return notes;
	if (notes.split('\n').some((l) => l.trim() === trimmed)) return notes;
	return notes === '' ? trimmed : `${notes}\n${trimmed}`;
}

/**
 * The patch the edit makes on one customer, as if the value were typed into their cell: text is
 * tidied, a gender word nobody knows is kept and flagged. Notes get the text as a new line rather
 * than losing what was written about each customer. `null` when the edit does not apply to this
 * customer (a temperature for someone who is no longer a lead); `{}` when nothing changes.
 */
export function bulkPatch(
	customer: Customer,
	edit: BulkEdit,
	now: number,
	today?: string
): Partial<Customer> | null {
	switch (edit.field) {
		case 'leadTemperature': {
			if (!isLeadNow(customer)) return null;
			const current = customer.leadTemperature ?? null;
			if (current === edit.value) return {};
			// Cleared = absent, as the panel's control stores it.
			return { leadTemperature: edit.value ?? undefined, updatedAt: now };
		}
		case 'notes':
			return applyEdit(customer, 'notes', appendedNotes(customer.notes, edit.value), now, today);
		default:
			return applyEdit(customer, edit.field, edit.value, now, today);
	}
}
