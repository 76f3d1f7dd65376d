/**
 * What a merge keeps, decided before anything is written: per field, which customer's value
 * survives (the person picks; the default is the most recently updated customer that has one),
 * and the lists (phones, emails, tags) united. Plain data in, a customer patch out, so the
 * merge dialog previews exactly what the repository (db/merge.ts) will store.
 */
import { birthdayMonthDay } from '$lib/domain/customer';
import { phoneIdentity } from '$lib/domain/phone';
import type { Customer, CustomerId, Email, Phone } from '$lib/domain/types';

/** The single-valued fields a person chooses between. Derived fields follow their field. */
export const MERGE_FIELDS = [
	'name',
	'salutation',
	'gender',
	'birthday',
	'address',
	'district',
	'city',
	'source',
	'stage',
	'consent',
	'notes'
] as const;

export type MergeField = (typeof MERGE_FIELDS)[number];

/** For each field, the id of the customer whose value is kept. */
export type MergeChoices = Partial<Record<MergeField, CustomerId>>;

/** Whether a customer has something in this field worth keeping. */
export function hasValue(c: Customer, field: MergeField): boolean {
	switch (field) {
		case 'gender':
			return c.gender !== null || c.invalid.gender !== undefined;
		case 'birthday':
			return c.birthday !== null || c.invalid.birthday !== undefined;
		case 'stage':
			return c.stage !== null;
		case 'consent':
			return c.consent !== null;
		default:
			return c[field].trim() !== '';
	}
}

/** Most recently updated first; ties broken by id so the order never depends on input order. */
function byRecency(customers: readonly Customer[]): Customer[] {
	return [...customers].sort((x, y) => y.updatedAt - x.updatedAt || (x.id < y.id ? 1 : -1));
}

/**
 * The default choice for every field: the most recently updated customer that has a value,
 * or the kept customer when nobody has one.
 */
export function defaultChoices(customers: readonly Customer[], keepId: CustomerId): MergeChoices {
	const recent = byRecency(customers);
	const choices: MergeChoices = {};
	for (const field of MERGE_FIELDS) {
		choices[field] = recent.find((c) => hasValue(c, field))?.id ?? keepId;
	}
	return choices;
}

/**
 * The customer to keep when nobody chose: the one with the most purchases, then the oldest
 * (the record the shop has known longest, whose id other records are most likely to use).
 */
export function defaultKeep(customers: readonly Customer[]): CustomerId {
	const best = [...customers].sort(
		(x, y) => y.stats.count - x.stats.count || x.createdAt - y.createdAt || (x.id < y.id ? -1 : 1)
	)[0];
	return best.id;
}

function unitePhones(lists: readonly Phone[][]): Phone[] {
	const seen = new Set<string>();
	const out: Phone[] = [];
	for (const p of lists.flat()) {
		const key = phoneIdentity(p);
		if (seen.has(key)) continue;
		seen.add(key);
		out.push(p);
	}
	return out;
}

function uniteEmails(lists: readonly Email[][]): Email[] {
	const seen = new Set<string>();
	const out: Email[] = [];
	for (const e of lists.flat()) {
		const key = e.value.trim().toLowerCase();
		if (seen.has(key)) continue;
		seen.add(key);
		out.push(e);
	}
	return out;
}

/**
 * The patch that turns the kept customer into the merged one. `keep` is first in `customers`'
 * lists only by choice of the caller: lists are united kept customer first, then the others in
 * the given order, without repeats. `stats` and `referredBy` are left to the repository (they
 * depend on other tables and on the merged ids).
 */
export function mergedFields(
	keep: Customer,
	others: readonly Customer[],
	choices: MergeChoices
): Partial<Customer> {
	const all = [keep, ...others];
	const byId = new Map(all.map((c) => [c.id, c]));
	const pick = (field: MergeField): Customer => byId.get(choices[field] ?? keep.id) ?? keep;

	const phones = unitePhones(all.map((c) => c.phones));
	const emails = uniteEmails(all.map((c) => c.emails));
	const nameFrom = pick('name');
	const genderFrom = pick('gender');
	const birthdayFrom = pick('birthday');
	const invalid: Customer['invalid'] = {};
	if (genderFrom.invalid.gender) invalid.gender = genderFrom.invalid.gender;
	if (birthdayFrom.invalid.birthday) invalid.birthday = birthdayFrom.invalid.birthday;
	const stageFrom = pick('stage');
	// Custom fields: every key survives; where two disagree, the most recent customer wins.
	const custom: Customer['custom'] = {};
	for (const c of byRecency(all).reverse()) Object.assign(custom, c.custom);

	return {
		name: nameFrom.name,
		nameKey: nameFrom.nameKey,
		salutation: pick('salutation').salutation,
		phones,
		phoneKeys: [...new Set(phones.flatMap((p) => (p.e164 === null ? [] : [p.e164])))],
		emails,
		emailKeys: [...new Set(emails.flatMap((e) => (e.valid ? [e.value] : [])))],
		gender: genderFrom.gender,
		birthday: birthdayFrom.birthday,
		// undefined removes the field: a customer without a birthday has no birthdayMD key.
		birthdayMD: birthdayMonthDay(birthdayFrom.birthday),
		invalid,
		address: pick('address').address,
		district: pick('district').district,
		city: pick('city').city,
		source: pick('source').source,
		stage: stageFrom.stage,
		stageManual: stageFrom.stageManual,
		consent: pick('consent').consent,
		notes: pick('notes').notes,
		tags: [...new Set(all.flatMap((c) => c.tags))],
		custom,
		// The shop has known this person since the first of the records.
		createdAt: Math.min(...all.map((c) => c.createdAt))
	};
}
