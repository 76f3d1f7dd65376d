/**
 * Merging an imported row into a customer already in the book: empty fields are filled, phones,
 * emails and tags are united, and a non-empty value is never overwritten — a different incoming
 * value is reported as a conflict for the UI to show. Notes are the exception: a different note
 * is appended on a new line (nothing is overwritten, and nothing is lost). Pure.
 */
import { nameKey } from '$lib/domain/name';
import { phoneIdentity } from '$lib/domain/phone';
import { birthdayMonthDay } from '$lib/domain/customer';
import type { Customer } from '$lib/domain/types';

export type MergeField =
	| 'name'
	| 'salutation'
	| 'phones'
	| 'emails'
	| 'gender'
	| 'birthday'
	| 'address'
	| 'district'
	| 'city'
	| 'source'
	| 'notes'
	| 'tags'
	| `custom:${string}`;

export interface MergeConflict {
	field: MergeField;
	/** Display text of the kept value and of the incoming one. */
	existing: string;
	incoming: string;
}

export interface MergeResult {
	customer: Customer;
	/** Fields that changed (filled, united or appended). */
	changed: MergeField[];
	conflicts: MergeConflict[];
}

const TEXT_FIELDS = ['salutation', 'address', 'district', 'city', 'source'] as const;

function sameText(a: string, b: string): boolean {
	return a.normalize('NFC').trim().toLowerCase() === b.normalize('NFC').trim().toLowerCase();
}

/**
 * `incoming` is the row built by the domain (buildCustomer); its `tags` are tag ids (the
 * repository resolves names first). The result keeps `existing`'s id, createdAt, stats, stage,
 * consent and referral; `updatedAt` is `now` when anything changed.
 */
export function mergeInto(existing: Customer, incoming: Customer, now: number): MergeResult {
	const next: Customer = {
		...existing,
		invalid: { ...existing.invalid },
		custom: { ...existing.custom }
	};
	const changed: MergeField[] = [];
	const conflicts: MergeConflict[] = [];

	if (incoming.name !== '') {
		if (existing.name === '') {
			next.name = incoming.name;
			next.nameKey = nameKey(incoming.name);
			changed.push('name');
		} else if (existing.nameKey !== incoming.nameKey) {
			conflicts.push({ field: 'name', existing: existing.name, incoming: incoming.name });
		}
	}
	for (const field of TEXT_FIELDS) {
		const value = incoming[field];
		if (value === '') continue;
		if (existing[field] === '') {
			next[field] = value;
			changed.push(field);
		} else if (!sameText(existing[field], value)) {
			conflicts.push({ field, existing: existing[field], incoming: value });
		}
	}

	const phoneIds = new Set(existing.phones.map(phoneIdentity));
	const addedPhones = incoming.phones.filter((p) => !phoneIds.has(phoneIdentity(p)));
	if (addedPhones.length > 0) {
		next.phones = [...existing.phones, ...addedPhones];
		next.phoneKeys = [...new Set(next.phones.flatMap((p) => (p.e164 === null ? [] : [p.e164])))];
		changed.push('phones');
	}
	const emailIds = new Set(existing.emails.map((e) => e.value.toLowerCase()));
	const addedEmails = incoming.emails.filter((e) => !emailIds.has(e.value.toLowerCase()));
	if (addedEmails.length > 0) {
		next.emails = [...existing.emails, ...addedEmails];
		next.emailKeys = [...new Set(next.emails.flatMap((e) => (e.valid ? [e.value] : [])))];
		changed.push('emails');
	}
	const addedTags = incoming.tags.filter((t) => !existing.tags.includes(t));
	if (addedTags.length > 0) {
		next.tags = [...existing.tags, ...addedTags];
		changed.push('tags');
	}

	// Gender and birthday: a valid value fills an empty field (and clears a flagged one); an
	// invalid incoming value is kept flagged only when the field has nothing at all.
	if (incoming.gender !== null) {
		if (existing.gender === null) {
			next.gender = incoming.gender;
			delete next.invalid.gender;
			changed.push('gender');
		} else if (existing.gender !== incoming.gender) {
			conflicts.push({ field: 'gender', existing: existing.gender, incoming: incoming.gender });
		}
	} else if (incoming.invalid.gender && existing.gender === null && !existing.invalid.gender) {
		next.invalid.gender = incoming.invalid.gender;
		changed.push('gender');
	}
	if (incoming.birthday !== null) {
		if (existing.birthday === null) {
			next.birthday = incoming.birthday;
			const md = birthdayMonthDay(incoming.birthday);
			if (md !== undefined) next.birthdayMD = md;
			delete next.invalid.birthday;
			changed.push('birthday');
		} else if (existing.birthday !== incoming.birthday) {
			// A year-less birthday that agrees on the day is completed by one with a year.
			if (
				existing.birthday.startsWith('--') &&
				incoming.birthday.endsWith(existing.birthday.slice(1))
			) {
				next.birthday = incoming.birthday;
				changed.push('birthday');
			} else {
				conflicts.push({
					field: 'birthday',
					existing: existing.birthday,
					incoming: incoming.birthday
				});
			}
		}
	} else if (
		incoming.invalid.birthday &&
		existing.birthday === null &&
		!existing.invalid.birthday
	) {
		next.invalid.birthday = incoming.invalid.birthday;
		changed.push('birthday');
	}

	if (incoming.notes !== '' && !existing.notes.includes(incoming.notes)) {
		next.notes = existing.notes === '' ? incoming.notes : `${existing.notes}\n${incoming.notes}`;
		changed.push('notes');
	}

	for (const [name, value] of Object.entries(incoming.custom)) {
		if (value === null || value === '') continue;
		const field: MergeField = `custom:${name}`;
		const current = Object.hasOwn(existing.custom, name) ? existing.custom[name] : null;
		if (current === null || current === '') {
			Object.defineProperty(next.custom, name, {
				value,
				enumerable: true,
				writable: true,
				configurable: true
			});
			changed.push(field);
		} else if (String(current) !== String(value)) {
			conflicts.push({ field, existing: String(current), incoming: String(value) });
		}
	}

	if (changed.length > 0) next.updatedAt = now;
	return { customer: changed.length > 0 ? next : existing, changed, conflicts };
}
