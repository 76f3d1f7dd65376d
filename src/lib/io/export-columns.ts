/**
 * The columns of an export and the value of each cell, independent of the file format: text,
 * whole numbers, money (đồng) and dates. The CSV, xlsx and vCard writers render these.
 */
import { fieldText, type EditableField } from '$lib/domain/customer';
import { formatDate } from '$lib/domain/date';
import type { Customer, Gender } from '$lib/domain/types';
import type { CustomColumn } from '$lib/columns/definitions';
import { customProblem, customValueOf, formatNumber, yesNoLabel } from '$lib/columns/values';

/** A customer field as the editor knows it, the tags, the purchase totals, or a custom column. */
export type ExportColumnKey =
	| EditableField
	| 'tags'
	| 'stats.count'
	| 'stats.total'
	| 'stats.first'
	| 'stats.last'
	| `custom:${string}`;

export interface ExportColumn {
	key: ExportColumnKey;
	/** The column title written in the file (in the user's language). */
	header: string;
}

export type ExportCell =
	| { t: 'text'; v: string }
	| { t: 'number'; v: number }
	| { t: 'money'; v: number }
	/** ISO `yyyy-mm-dd`. */
	| { t: 'date'; v: string }
	| null;

export interface ExportContext {
	/** Tag id → name; ids without a name are written as they are. */
	tagNames: ReadonlyMap<string, string>;
	genderLabels: Readonly<Record<Gender, string>>;
	/** The shop's custom columns by key: their values are written by type (yes/no in words). */
	customColumns?: ReadonlyMap<string, CustomColumn>;
	locale?: ExportLocale;
}

export type ExportLocale = 'vi' | 'en';

const HEADERS: Record<
	ExportLocale,
	Record<Exclude<ExportColumnKey, `custom:${string}`>, string>
> = {
	vi: {
		name: 'Họ và tên',
		salutation: 'Xưng hô',
		phones: 'Số điện thoại',
		emails: 'Email',
		gender: 'Giới tính',
		birthday: 'Ngày sinh',
		address: 'Địa chỉ',
		district: 'Quận/Huyện',
		city: 'Tỉnh/Thành phố',
		source: 'Nguồn',
		tags: 'Nhóm khách hàng',
		notes: 'Ghi chú',
		'stats.count': 'Số lần mua',
		'stats.total': 'Tổng chi tiêu',
		'stats.first': 'Lần mua đầu',
		'stats.last': 'Lần mua cuối'
	},
	en: {
		name: 'Name',
		salutation: 'Salutation',
		phones: 'Phone',
		emails: 'Email',
		gender: 'Gender',
		birthday: 'Birthday',
		address: 'Address',
		district: 'District',
		city: 'City',
		source: 'Source',
		tags: 'Tags',
		notes: 'Notes',
		'stats.count': 'Purchases',
		'stats.total': 'Total spent',
		'stats.first': 'First purchase',
		'stats.last': 'Last purchase'
	}
};

export const GENDER_LABELS: Record<ExportLocale, Record<Gender, string>> = {
	vi: { male: 'Nam', female: 'Nữ', other: 'Khác' },
	en: { male: 'Male', female: 'Female', other: 'Other' }
};

export const DEFAULT_COLUMN_KEYS: readonly ExportColumnKey[] = [
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
	'tags',
	'notes',
	'stats.count',
	'stats.total',
	'stats.first',
	'stats.last'
];

/**
 * Columns with their titles; `custom:<key>` columns are titled with the custom column's label,
 * or with the key when no column defines it (values of a deleted column, older imports).
 */
export function exportColumns(
	keys: readonly ExportColumnKey[] = DEFAULT_COLUMN_KEYS,
	locale: ExportLocale = 'vi',
	customColumns: ReadonlyMap<string, CustomColumn> = new Map()
): ExportColumn[] {
	return keys.map((key) => {
		if (!key.startsWith('custom:')) {
			return { key, header: HEADERS[locale][key as Exclude<ExportColumnKey, `custom:${string}`>] };
		}
		const name = key.slice('custom:'.length);
		return { key, header: customColumns.get(name)?.label ?? name };
	});
}

/**
 * The custom columns of an export: the shop's columns in their order (hidden ones too: hiding
 * is for the grid), then keys some customer has a value for that no column defines.
 */
export function customExportKeys(
	columns: readonly CustomColumn[],
	found: readonly ExportColumnKey[]
): ExportColumnKey[] {
	const keys: ExportColumnKey[] = columns.map((c): ExportColumnKey => `custom:${c.id}`);
	const listed = new Set<string>(keys);
	return [...keys, ...found.filter((k) => !listed.has(k))];
}

export function defaultContext(locale: ExportLocale = 'vi'): ExportContext {
	return { tagNames: new Map(), genderLabels: GENDER_LABELS[locale] };
}

function text(v: string): ExportCell {
	return v === '' ? null : { t: 'text', v };
}

export function exportCell(c: Customer, key: ExportColumnKey, ctx: ExportContext): ExportCell {
	switch (key) {
		case 'gender':
			if (c.invalid.gender) return text(c.invalid.gender.raw);
			return c.gender === null ? null : text(ctx.genderLabels[c.gender]);
		case 'birthday':
			if (c.invalid.birthday) return text(c.invalid.birthday.raw);
			if (c.birthday === null) return null;
			return c.birthday.startsWith('--')
				? text(formatDate(c.birthday))
				: { t: 'date', v: c.birthday };
		case 'tags':
			return text(c.tags.map((id) => ctx.tagNames.get(id) ?? id).join(', '));
		case 'stats.count':
			return c.stats.count === 0 ? null : { t: 'number', v: c.stats.count };
		case 'stats.total':
			return c.stats.count === 0 ? null : { t: 'money', v: c.stats.total };
		case 'stats.first':
			return c.stats.first === null ? null : { t: 'date', v: c.stats.first };
		case 'stats.last':
			return c.stats.last === null ? null : { t: 'date', v: c.stats.last };
		default: {
			if (key.startsWith('custom:')) {
				const name = key.slice('custom:'.length);
				const value = customValueOf(c, name);
				if (value === null || value === undefined) return null;
				const column = ctx.customColumns?.get(name);
				if (typeof value === 'boolean') return text(yesNoLabel(value, ctx.locale ?? 'vi'));
				if (column?.type === 'date' && customProblem(column, value) === null) {
					return { t: 'date', v: String(value) };
				}
				return typeof value === 'number' ? { t: 'number', v: value } : text(String(value));
			}
			return text(fieldText(c, key as Parameters<typeof fieldText>[1]));
		}
	}
}

/** The custom column names used by any of these customers, in first-seen order. */
export function customKeys(customers: Iterable<Customer>): ExportColumnKey[] {
	const names = new Set<string>();
	for (const c of customers) for (const name of Object.keys(c.custom)) names.add(name);
	return [...names].map((n): ExportColumnKey => `custom:${n}`);
}

/** Plain text of a cell for CSV and vCard: dates dd/mm/yyyy, numbers as digits. */
export function cellText(cell: ExportCell): string {
	if (cell === null) return '';
	switch (cell.t) {
		case 'text':
			return cell.v;
		case 'number':
			// A fraction with the Vietnamese decimal comma: "1.234" would read back as 1234.
			return Number.isInteger(cell.v) ? String(cell.v) : formatNumber(cell.v, 'vi');
		case 'money':
			return String(cell.v);
		case 'date':
			return formatDate(cell.v);
	}
}
