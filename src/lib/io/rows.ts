/**
 * One row of a file, through a mapping, to what the book stores: the raw CustomerInput the
 * domain normalises (buildCustomer), tag names, custom values, and a purchase draft. Values are
 * never dropped: what does not normalise is kept as typed and flagged, as the domain does.
 */
import { buildCustomer, customerProblems, type CustomerInput } from '$lib/domain/customer';
import { parseDate } from '$lib/domain/date';
import { parseMoney } from '$lib/domain/money';
import type { Customer, ProblemCode } from '$lib/domain/types';
import { customName, isCustomTarget, isEditableField, RESERVED_NAMES } from './mapping';
import { unneutralise } from './neutralise';
import { parseCustomValue } from '$lib/columns/values';
import type { Mapping, MappingTarget } from './types';

export interface PurchaseDraft {
	/** ISO date, or null when missing or invalid (then `problems` says why). */
	date: string | null;
	/** Whole đồng, or null. */
	amount: number | null;
	items: string;
	/** The cells as typed. */
	raw: { date: string; amount: string };
}

export type RowProblemField =
	'name' | 'phones' | 'emails' | 'gender' | 'birthday' | 'purchase.date' | 'purchase.amount';

export interface RowProblem {
	field: RowProblemField;
	/** A domain ProblemCode, or `missing` (no name, phone or email; a purchase without a date). */
	problem: ProblemCode | 'missing';
	raw: string;
}

export interface ImportRecord {
	input: CustomerInput;
	/** Tag names as typed (trimmed, without duplicates); the repository turns them into tag ids. */
	tags: string[];
	/**
	 * Custom column values by key, in their column's storage form (text kept as typed when it
	 * does not fit); a null-prototype object.
	 */
	custom: Customer['custom'];
	purchase: PurchaseDraft | null;
	/** No mapped column has a value. */
	empty: boolean;
}

const JOIN: Partial<Record<MappingTarget, string>> = {
	phones: ', ',
	emails: ', ',
	tags: ', ',
	notes: '\n',
	address: ', ',
	ward: ', '
};

/** Tag names of a cell: commas, semicolons, Google's " ::: "; Google's "* myContacts" dropped. */
export function splitTags(text: string): string[] {
	const out: string[] = [];
	const seen = new Set<string>();
	for (const piece of text.split(/\s*(?::::|[,;\n])\s*/)) {
		const name = piece.replace(/\s+/g, ' ').trim();
		if (name === '' || name.startsWith('* ')) continue;
		const key = name.toLowerCase();
		if (seen.has(key)) continue;
		seen.add(key);
		out.push(name);
	}
	return out;
}

/** A birthday cell in a form parseDate reads: vCard/Google `--mm-dd`, Outlook m/d/y, "0/0/00". */
export function birthdayText(raw: string, dateOrder: 'dmy' | 'mdy'): string {
	const text = raw.trim();
	if (/^0?0[/.-]0?0[/.-]0{2,4}$/.test(text)) return '';
	let m = /^--(\d{2})-?(\d{2})$/.exec(text);
	if (m !== null) return `${m[2]}/${m[1]}`;
	m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
	if (m !== null) return `${m[1]}-${m[2]}-${m[3]}`;
	if (dateOrder === 'mdy') {
		m = /^(\d{1,2})([/.-])(\d{1,2})(\2\d{2,4})?$/.exec(text);
		if (m !== null) return `${m[3]}${m[2]}${m[1]}${m[4] ?? ''}`;
	}
	return text;
}

/** KiotViet's "Hà Nội - Quận Ba Đình" → city and district. */
function splitArea(text: string): { city: string; district: string } {
	const i = text.indexOf(' - ');
	return i < 0
		? { city: text.trim(), district: '' }
		: { city: text.slice(0, i).trim(), district: text.slice(i + 3).trim() };
}

export interface RecordOptions {
	/** ISO date of today (tests); the domain's isoToday() when left out. */
	today?: string;
}

export function rowToRecord(
	cells: readonly string[],
	mapping: Mapping,
	opts: RecordOptions = {}
): ImportRecord {
	const values = new Map<MappingTarget, string[]>();
	const customText: Record<string, string> = Object.create(null) as Record<string, string>;
	let empty = true;
	for (const { column, target } of mapping.columns) {
		if (target === 'skip') continue;
		const value = unneutralise(cells[column] ?? '').trim();
		if (value === '') continue;
		empty = false;
		if (isCustomTarget(target)) {
			const name = customName(target);
			if (RESERVED_NAMES.has(name)) continue;
			customText[name] = name in customText ? `${customText[name]} ${value}` : value;
			continue;
		}
		const list = values.get(target);
		if (list === undefined) values.set(target, [value]);
		else list.push(value);
	}
	const custom: Customer['custom'] = Object.create(null) as Customer['custom'];
	for (const name in customText) {
		const specs = mapping.customColumns;
		const spec = specs && Object.hasOwn(specs, name) ? specs[name] : undefined;
		const parsed = spec ? parseCustomValue(spec, customText[name]) : { value: customText[name] };
		if (parsed.value !== undefined) custom[name] = parsed.value;
	}
	const get = (target: MappingTarget): string =>
		(values.get(target) ?? []).join(JOIN[target] ?? ' ');

	const input: CustomerInput = {};
	for (const [target] of values) {
		if (isEditableField(target)) input[target] = get(target);
	}
	if ((input.name ?? '') === '') {
		const parts = [get('familyName'), get('middleName'), get('givenName')].filter((p) => p !== '');
		if (parts.length > 0) input.name = parts.join(' ');
	}
	if (values.has('area')) {
		const area = splitArea(get('area'));
		if ((input.city ?? '') === '' && area.city !== '') input.city = area.city;
		if ((input.district ?? '') === '' && area.district !== '') input.district = area.district;
	}
	if (values.has('ward')) {
		input.address = [input.address ?? '', get('ward')].filter((p) => p !== '').join(', ');
	}
	if (input.birthday !== undefined)
		input.birthday = birthdayText(input.birthday, mapping.dateOrder);

	let purchase: PurchaseDraft | null = null;
	const rawDate = get('purchase.date');
	const rawAmount = get('purchase.amount');
	const items = get('purchase.items');
	if (rawDate !== '' || rawAmount !== '' || items !== '') {
		const date = parseDate(birthdayText(rawDate, mapping.dateOrder), {
			today: opts.today,
			allowFuture: false
		}).iso;
		purchase = {
			date,
			amount: parseMoney(rawAmount).amount,
			items,
			raw: { date: rawDate, amount: rawAmount }
		};
	}
	return { input, tags: splitTags(get('tags')), custom, purchase, empty };
}

/** The problems of a record's purchase draft. */
export function purchaseProblems(purchase: PurchaseDraft | null, today?: string): RowProblem[] {
	if (purchase === null) return [];
	const problems: RowProblem[] = [];
	if (purchase.raw.date === '') {
		problems.push({ field: 'purchase.date', problem: 'missing', raw: '' });
	} else if (purchase.date === null) {
		const { problem } = parseDate(purchase.raw.date, { today, allowFuture: false });
		problems.push({
			field: 'purchase.date',
			problem: problem ?? 'date-invalid',
			raw: purchase.raw.date
		});
	}
	if (purchase.raw.amount !== '' && purchase.amount === null) {
		problems.push({ field: 'purchase.amount', problem: 'money-invalid', raw: purchase.raw.amount });
	}
	return problems;
}

/** The record as the book would store it (id and timestamps left for the repository). */
export function previewCustomer(record: ImportRecord, today?: string): Customer {
	const customer = buildCustomer(record.input, { id: '', now: 0, today });
	customer.custom = { ...record.custom };
	return customer;
}

/** Every problem of a record: the domain's, a missing identity, and the purchase's. */
export function recordProblems(
	record: ImportRecord,
	customer: Customer,
	today?: string
): RowProblem[] {
	const problems: RowProblem[] = customerProblems(customer).map((p) => ({ ...p }));
	if (customer.name === '' && customer.phones.length === 0 && customer.emails.length === 0) {
		problems.unshift({ field: 'name', problem: 'missing', raw: '' });
	}
	return [...problems, ...purchaseProblems(record.purchase, today)];
}
