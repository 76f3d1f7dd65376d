/**
 * Custom column values: what a typed text becomes in storage, whether a stored value fits its
 * column, and how it is shown. Storage forms: text and choice as strings, numbers as numbers,
 * dates as ISO `yyyy-mm-dd`, yes/no as booleans. A value that does not fit (typed wrong, or its
 * column's type changed since) is kept as the text typed and flagged, never dropped.
 */
import { formatDate, parseDate } from '$lib/domain/date';
import { fold } from '$lib/domain/text';
import type { Customer } from '$lib/domain/types';
import type { CustomSpec, CustomType } from './definitions';

export type CustomValue = Customer['custom'][string];

export type CustomProblem = 'number-invalid' | 'date-invalid' | 'yesno-invalid' | 'choice-unknown';

export interface ParsedValue {
	/** What to store; undefined: nothing (the key is removed). */
	value: string | number | boolean | undefined;
	problem?: CustomProblem;
}

export type ValueLocale = 'vi' | 'en';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A number as Vietnamese shops write it: `1.234.567`, `1.234,5`, `12,5`, also `1234.5` and
 * `1,234.5`. Of two separators the last one is the decimal mark; a lone comma is a decimal
 * comma; a lone dot followed by exactly three digits groups thousands (`1.500` is fifteen
 * hundred), otherwise it is a decimal point. Null when it is not a number.
 */
export function parseNumber(raw: string): number | null {
	let t = raw.normalize('NFKC').replace(/[\s\u00a0\u202f]/g, '');
	let sign = 1;
	if (/^[-−]/.test(t)) {
		sign = -1;
		t = t.slice(1);
	} else if (t.startsWith('+')) {
		t = t.slice(1);
	}
	if (!/^[\d.,]+$/.test(t) || !/\d/.test(t)) return null;
	const dots = t.split('.').length - 1;
	const commas = t.split(',').length - 1;
	let decimal: string | null = null;
	let group: string | null = null;
	if (dots > 0 && commas > 0) {
		decimal = t.lastIndexOf('.') > t.lastIndexOf(',') ? '.' : ',';
		group = decimal === '.' ? ',' : '.';
	} else if (commas > 0) {
		if (commas > 1) group = ',';
		else decimal = ',';
	} else if (dots > 0) {
		if (dots > 1 || /^[1-9]\d{0,2}\.\d{3}$/.test(t)) group = '.';
		else decimal = '.';
	}
	const parts = decimal === null ? [t] : t.split(decimal);
	if (parts.length > 2) return null;
	const [int, frac] = parts;
	if (frac !== undefined && !/^\d+$/.test(frac)) return null;
	if (group !== null) {
		const g = group === '.' ? '\\.' : ',';
		if (!new RegExp(`^\\d{1,3}(${g}\\d{3})+$`).test(int)) return null;
	} else if (!/^\d*$/.test(int)) {
		return null;
	}
	const digits = (group === null ? int : int.split(group).join('')) || '0';
	const n = Number(frac === undefined ? digits : `${digits}.${frac}`);
	return Number.isFinite(n) ? sign * n : null;
}

const NUMBER_FORMATS = new Map<ValueLocale, Intl.NumberFormat>();

/** `1.234,5` in Vietnamese, `1,234.5` in English. */
export function formatNumber(n: number, locale: ValueLocale = 'vi'): string {
	let f = NUMBER_FORMATS.get(locale);
	if (!f) {
		f = new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'vi-VN', { maximumFractionDigits: 10 });
		NUMBER_FORMATS.set(locale, f);
	}
	return f.format(n);
}

const YES = new Set(['co', 'c', 'yes', 'y', 'true', 'x', 'dung', 'roi', 'da', 'ok', '✓', '✔']);
const NO = new Set(['khong', 'k', 'ko', 'kh', 'no', 'n', 'false', 'sai', 'chua']);

/** "có", "x", "yes" → true; "không", "ko", "no" → false; 1 and 0 too; null otherwise. */
export function parseYesNo(raw: string): boolean | null {
	const t = fold(raw).replace(/[.!]+$/, '');
	if (YES.has(t) || t === '1') return true;
	if (NO.has(t) || t === '0') return false;
	return null;
}

export function yesNoLabel(v: boolean, locale: ValueLocale = 'vi'): string {
	if (locale === 'en') return v ? 'Yes' : 'No';
	return v ? 'Có' : 'Không';
}

/** The option a typed text names, letter case and accents aside; null when none. */
export function matchOption(options: readonly string[], raw: string): string | null {
	const key = fold(raw);
	return options.find((o) => fold(o) === key) ?? null;
}

function isIsoDate(v: string): boolean {
	const m = ISO_DATE.exec(v);
	if (m === null) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (mo < 1 || mo > 12 || d < 1) return false;
	return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** What a typed or imported text stores in a column of this kind. */
export function parseCustomValue(spec: CustomSpec, raw: string): ParsedValue {
	const text = raw.normalize('NFC').trim();
	if (text === '') return { value: undefined };
	switch (spec.type) {
		case 'text':
			return { value: text };
		case 'number': {
			const n = parseNumber(text);
			return n === null ? { value: text, problem: 'number-invalid' } : { value: n };
		}
		case 'date': {
			// Any day of any year: a wedding date, a contract's end, next month's appointment.
			const { iso } = parseDate(text, { allowFuture: true });
			return iso === null || iso.startsWith('--')
				? { value: text, problem: 'date-invalid' }
				: { value: iso };
		}
		case 'yesno': {
			const b = parseYesNo(text);
			return b === null ? { value: text, problem: 'yesno-invalid' } : { value: b };
		}
		case 'choice': {
			const o = matchOption(spec.options, text);
			return o === null ? { value: text, problem: 'choice-unknown' } : { value: o };
		}
	}
}

/** Why a stored value does not fit its column; null when it does (or when there is none). */
export function customProblem(
	spec: CustomSpec,
	value: CustomValue | undefined
): CustomProblem | null {
	if (value === null || value === undefined || value === '') return null;
	switch (spec.type) {
		case 'text':
			return null;
		case 'number':
			return typeof value === 'number' && Number.isFinite(value) ? null : 'number-invalid';
		case 'date':
			return typeof value === 'string' && isIsoDate(value) ? null : 'date-invalid';
		case 'yesno':
			return typeof value === 'boolean' ? null : 'yesno-invalid';
		case 'choice':
			return typeof value === 'string' && spec.options.includes(value) ? null : 'choice-unknown';
	}
}

/** A stored value as the grid shows it and its editor starts from. */
export function formatCustomValue(
	spec: CustomSpec,
	value: CustomValue | undefined,
	locale: ValueLocale = 'vi'
): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return formatNumber(value, locale);
	if (typeof value === 'boolean') return yesNoLabel(value, locale);
	if (spec.type === 'date' && isIsoDate(value)) return formatDate(value);
	return value;
}

/** A custom value of a customer, or undefined; own keys only. */
export function customValueOf(c: Pick<Customer, 'custom'>, key: string): CustomValue | undefined {
	return c.custom && Object.hasOwn(c.custom, key) ? c.custom[key] : undefined;
}

/**
 * The type that fits every value of an imported column: yes/no words, dates, numbers, a short
 * list of values that repeat (a choice), or text. Options come in first-seen order.
 */
export function guessType(values: readonly string[]): { type: CustomType; options: string[] } {
	const seen = values.map((v) => v.trim()).filter((v) => v !== '');
	if (seen.length === 0) return { type: 'text', options: [] };
	const all = (test: (v: string) => boolean) => seen.every(test);
	if (all((v) => parseYesNo(v) !== null) && seen.some((v) => !/^[01]$/.test(v))) {
		return { type: 'yesno', options: [] };
	}
	const dated = (v: string) => {
		if (!/\d[-/.]\d/.test(v)) return false;
		const { iso } = parseDate(v, { allowFuture: true });
		return iso !== null && !iso.startsWith('--');
	};
	if (all(dated)) return { type: 'date', options: [] };
	if (all((v) => parseNumber(v) !== null)) return { type: 'number', options: [] };
	const distinct: string[] = [];
	const keys = new Set<string>();
	for (const v of seen) {
		const k = fold(v);
		if (keys.has(k)) continue;
		keys.add(k);
		distinct.push(v);
	}
	if (distinct.length >= 2 && distinct.length <= 12 && seen.length >= 2 * distinct.length) {
		return { type: 'choice', options: distinct };
	}
	return { type: 'text', options: [] };
}
