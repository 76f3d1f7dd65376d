import { formatDate, parseDate } from './date';
import { parseEmails } from './email';
import { normaliseGender } from './gender';
import { nameKey, normaliseName, normaliseSalutation, splitSalutation } from './name';
import { formatPhone, parsePhones, phoneIdentity, phoneSearchTokens } from './phone';
import { collapseSpaces, fold } from './text';
import type { Customer, Email, Invalid, Phone, ProblemCode, PurchaseStats } from './types';

export type EditableField =
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
	| 'notes';

export const EDITABLE_FIELDS: readonly EditableField[] = [
	'name',
	'salutation',
	'phones',
	'emails',
	'gender',
	'birthday',
	'address',
	'district',
	'city',
	'source',
	'notes'
];

/** Raw strings as typed, pasted or imported; any may be missing. */
export interface CustomerInput {
	name?: string;
	salutation?: string;
	phones?: string;
	emails?: string;
	gender?: string;
	birthday?: string;
	address?: string;
	district?: string;
	city?: string;
	source?: string;
	notes?: string;
}

/** Separates fields in `customerSearchText`; nobody can type it into a search box. */
export const SEARCH_SEPARATOR = '\u0001';

type TextField = 'address' | 'district' | 'city' | 'source' | 'notes';

function cleanText(raw: string): string {
	return collapseSpaces(raw.normalize('NFC'));
}

/** Notes keep their line breaks; only spaces within lines and blank-line runs are tidied. */
function cleanNotes(raw: string): string {
	return raw
		.normalize('NFC')
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((line) => collapseSpaces(line))
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

function cleanField(field: TextField, raw: string): string {
	return field === 'notes' ? cleanNotes(raw) : cleanText(raw);
}

/**
 * The name and salutation from what was typed. A leading honorific in the name ("chị Hương")
 * moves to the salutation when none was given, or when the same one was given (no "chị chị").
 */
function nameFields(
	rawName: string,
	salutation: string
): Pick<Customer, 'name' | 'nameKey' | 'salutation'> {
	const split = splitSalutation(rawName);
	const moves = split.salutation !== '' && (salutation === '' || salutation === split.salutation);
	const name = normaliseName(moves ? split.name : rawName);
	return { name, nameKey: nameKey(name), salutation: moves ? split.salutation : salutation };
}

function phoneFields(phones: Phone[]): Pick<Customer, 'phones' | 'phoneKeys'> {
	const keys = phones.flatMap((p) => (p.e164 === null ? [] : [p.e164]));
	return { phones, phoneKeys: [...new Set(keys)] };
}

function emailFields(emails: Email[]): Pick<Customer, 'emails' | 'emailKeys'> {
	const keys = emails.flatMap((e) => (e.valid ? [e.value] : []));
	return { emails, emailKeys: [...new Set(keys)] };
}

function withInvalid(
	invalid: Customer['invalid'],
	field: 'gender' | 'birthday',
	entry: Invalid | null
): Customer['invalid'] {
	const next = { ...invalid };
	if (entry === null) delete next[field];
	else next[field] = entry;
	return next;
}

function genderFields(
	raw: string,
	invalid: Customer['invalid']
): Pick<Customer, 'gender' | 'invalid'> {
	const { gender, problem } = normaliseGender(raw);
	const entry = problem === undefined ? null : { raw: raw.trim(), problem };
	return { gender, invalid: withInvalid(invalid, 'gender', entry) };
}

/** Purchase totals of a customer without purchases. A new object each call: callers mutate it. */
export function emptyStats(): PurchaseStats {
	return { count: 0, total: 0, first: null, last: null };
}

/** `mm-dd` of a `yyyy-mm-dd` or `--mm-dd` birthday; undefined for anything else. */
export function birthdayMonthDay(birthday: string | null): string | undefined {
	const m = birthday === null ? null : /^(?:\d{4}|-)-(\d{2}-\d{2})$/.exec(birthday);
	return m === null ? undefined : m[1];
}

/**
 * The birthday, its flag and its `birthdayMD` index key. The key is undefined (not '') when
 * there is no birthday: the repository's update removes undefined fields, so the index skips
 * the record instead of filing it under ''.
 */
function birthdayFields(
	raw: string,
	invalid: Customer['invalid'],
	today: string | undefined
): Pick<Customer, 'birthday' | 'invalid' | 'birthdayMD'> {
	const { iso, problem } = parseDate(raw, { today, yearOptional: true, allowFuture: false });
	const entry = problem === undefined ? null : { raw: raw.trim(), problem };
	return {
		birthday: iso,
		birthdayMD: birthdayMonthDay(iso),
		invalid: withInvalid(invalid, 'birthday', entry)
	};
}

/** A new customer record from raw input: every field normalised, invalid values kept and flagged. */
export function buildCustomer(
	input: CustomerInput,
	meta: { id: string; now: number; today?: string }
): Customer {
	const gender = genderFields(input.gender ?? '', {});
	const birthday = birthdayFields(input.birthday ?? '', gender.invalid, meta.today);
	const customer: Customer = {
		id: meta.id,
		...nameFields(input.name ?? '', normaliseSalutation(input.salutation ?? '')),
		...phoneFields(parsePhones(input.phones ?? '')),
		...emailFields(parseEmails(input.emails ?? '')),
		gender: gender.gender,
		birthday: birthday.birthday,
		address: cleanText(input.address ?? ''),
		district: cleanText(input.district ?? ''),
		city: cleanText(input.city ?? ''),
		source: cleanText(input.source ?? ''),
		referredBy: null,
		tags: [],
		stage: null,
		stageManual: false,
		consent: null,
		notes: cleanNotes(input.notes ?? ''),
		custom: {},
		invalid: birthday.invalid,
		stats: emptyStats(),
		createdAt: meta.now,
		updatedAt: meta.now
	};
	// Absent rather than undefined-valued: IndexedDB skips a missing key, and a stored record
	// then looks the same as one whose birthday was removed by an edit.
	if (birthday.birthdayMD !== undefined) customer.birthdayMD = birthday.birthdayMD;
	return customer;
}

/** Structural equality of the plain JSON-like values a customer holds. */
function same(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
	const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
	if (ka.length !== kb.length) return false;
	return ka.every((k) =>
		same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
	);
}

/** The normalised values an edit of `field` would store, dependent fields included. */
function editedFields(
	customer: Customer,
	field: EditableField,
	raw: string,
	today: string | undefined
): Partial<Customer> {
	switch (field) {
		case 'name':
			return nameFields(raw, customer.salutation);
		case 'salutation':
			return { salutation: normaliseSalutation(raw) };
		case 'phones': {
			const phones = parsePhones(raw);
			// Retyping the same numbers in another layout is not an edit: keep what is stored.
			const ids = (list: Phone[]): string[] => list.map(phoneIdentity);
			return same(ids(phones), ids(customer.phones)) ? {} : phoneFields(phones);
		}
		case 'emails':
			return emailFields(parseEmails(raw));
		case 'gender':
			return genderFields(raw, customer.invalid);
		case 'birthday':
			return birthdayFields(raw, customer.invalid, today);
		default:
			return { [field]: cleanField(field, raw) };
	}
}

/**
 * The patch one cell edit makes: the changed field, the fields derived from it (nameKey,
 * phoneKeys, emailKeys, birthdayMD, the invalid map) when they change, and updatedAt. `{}` when
 * the edit normalises to what is already stored. The customer is not modified.
 * A derived field that must go away is in the patch as `undefined` (`birthdayMD` when the
 * birthday is cleared or becomes invalid): `BatchContext.update` deletes undefined fields.
 * Spreading such a patch over a record in memory leaves the key with an undefined value, which
 * every reader treats as absent.
 */
export function applyEdit(
	customer: Customer,
	field: EditableField,
	raw: string,
	now: number,
	today?: string
): Partial<Customer> {
	const next = editedFields(customer, field, raw, today);
	const patch: Partial<Customer> = {};
	for (const key of Object.keys(next) as (keyof Customer)[]) {
		if (!same(next[key], customer[key])) Object.assign(patch, { [key]: next[key] });
	}
	if (Object.keys(patch).length === 0) return {};
	patch.updatedAt = now;
	return patch;
}

/**
 * The text an editor opens with, which `applyEdit` reads back to the same value:
 * - phones: each in display form (`formatPhone`; invalid ones as typed), joined by ", ";
 * - emails: joined by ", ";
 * - birthday: dd/mm/yyyy (dd/mm without a year), or the invalid text as typed;
 * - gender: the stored code 'male' | 'female' | 'other' (the grid labels it through i18n, and
 *   `normaliseGender` reads the codes back), or the invalid text as typed; '' when unknown;
 * - everything else: the stored string.
 */
export function fieldText(customer: Customer, field: EditableField): string {
	switch (field) {
		case 'phones':
			return customer.phones.map(formatPhone).join(', ');
		case 'emails':
			return customer.emails.map((e) => e.value).join(', ');
		case 'gender':
			return customer.invalid.gender?.raw ?? customer.gender ?? '';
		case 'birthday':
			return (
				customer.invalid.birthday?.raw ??
				(customer.birthday === null ? '' : formatDate(customer.birthday))
			);
		default:
			return customer[field];
	}
}

/**
 * One folded string for quick search: name, salutation, phone digit tokens, emails, address,
 * district, city, source and notes, separated by SEARCH_SEPARATOR so that a query cannot match
 * across two fields (or two phone numbers).
 */
export function customerSearchText(c: Customer): string {
	return [
		c.nameKey,
		fold(c.salutation),
		...c.phones.flatMap(phoneSearchTokens),
		...c.emails.map((e) => fold(e.value)),
		fold(c.address),
		fold(c.district),
		fold(c.city),
		fold(c.source),
		fold(c.notes)
	]
		.filter((part) => part !== '')
		.join(SEARCH_SEPARATOR);
}

export interface CustomerProblem {
	field: 'phones' | 'emails' | 'gender' | 'birthday';
	problem: ProblemCode;
	raw: string;
}

/** Every value that was kept as typed because it is not valid, in field order. */
export function customerProblems(c: Customer): CustomerProblem[] {
	const problems: CustomerProblem[] = [];
	for (const p of c.phones) {
		if (p.e164 === null) {
			problems.push({ field: 'phones', problem: p.problem ?? 'phone-invalid', raw: p.raw });
		}
	}
	for (const e of c.emails) {
		if (!e.valid) problems.push({ field: 'emails', problem: 'email-invalid', raw: e.value });
	}
	for (const field of ['gender', 'birthday'] as const) {
		const entry = c.invalid[field];
		if (entry !== undefined) problems.push({ field, problem: entry.problem, raw: entry.raw });
	}
	return problems;
}

export function hasProblems(c: Customer): boolean {
	return customerProblems(c).length > 0;
}

/** The problems a new-customer form would be saved with, to warn before saving. */
export function inputProblems(input: CustomerInput, today?: string): CustomerProblem[] {
	return customerProblems(buildCustomer(input, { id: '', now: 0, today }));
}
