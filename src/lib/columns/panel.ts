/**
 * The customer panel's view of the custom columns: which ones it shows, what each input starts
 * from, which editor fits, and what a change in the history says. The values are read and flagged
 * exactly as in the grid (values.ts), so a value the grid marks red is marked here too.
 */
import type { Customer } from '$lib/domain/types';
import type { CustomColumn } from './definitions';
import {
	customProblem,
	customValueOf,
	formatCustomValue,
	yesNoLabel,
	type CustomProblem,
	type CustomValue,
	type ValueLocale
} from './values';

export type PanelEditor = 'text' | 'number' | 'date' | 'select';

export interface PanelField {
	column: CustomColumn;
	editor: PanelEditor;
	/** What the input shows: the value as the grid shows it, or as typed when it does not fit. */
	text: string;
	problem: CustomProblem | null;
	/**
	 * A select's entries, '' (no value) first. A value kept as typed that is not one of them is
	 * listed too, so the select shows it rather than silently showing another entry.
	 */
	options: string[];
}

function editorOf(column: CustomColumn): PanelEditor {
	switch (column.type) {
		case 'number':
			return 'number';
		case 'date':
			return 'date';
		case 'yesno':
		case 'choice':
			return 'select';
		default:
			return 'text';
	}
}

/** The columns the owner shows, in the owner's order, each with its customer's value. */
export function panelFields(
	columns: readonly CustomColumn[],
	customer: Pick<Customer, 'custom'>,
	locale: ValueLocale = 'vi'
): PanelField[] {
	return columns
		.filter((c) => !c.hidden)
		.map((column) => {
			const value = customValueOf(customer, column.id);
			const text = formatCustomValue(column, value, locale);
			const editor = editorOf(column);
			let options: string[] = [];
			if (column.type === 'yesno')
				options = ['', yesNoLabel(true, locale), yesNoLabel(false, locale)];
			if (column.type === 'choice') options = ['', ...column.options];
			if (editor === 'select' && !options.includes(text)) options.push(text);
			return { column, editor, text, problem: customProblem(column, value), options };
		});
}

/** A customer's value of one column as the panel and the grid show it. */
export function shownValue(
	column: CustomColumn,
	customer: Pick<Customer, 'custom'>,
	locale: ValueLocale = 'vi'
): string {
	return formatCustomValue(column, customValueOf(customer, column.id), locale);
}

/** Whether typing `typed` into the field would change nothing (so nothing is saved). */
export function isUnchanged(field: PanelField, typed: string): boolean {
	return typed.normalize('NFC').trim() === field.text;
}

export interface CustomDiff {
	label: string;
	before: string;
	after: string;
}

type CustomMap = Record<string, CustomValue>;

function asMap(v: unknown): CustomMap {
	return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as CustomMap) : {};
}

/**
 * What a change of `customer.custom` did, column by column, in words: the column's label (its
 * key when the column is gone) and the values as the grid shows them. Unchanged keys are left out.
 */
export function customDiff(
	before: unknown,
	after: unknown,
	columns: readonly CustomColumn[],
	locale: ValueLocale = 'vi'
): CustomDiff[] {
	const b = asMap(before);
	const a = asMap(after);
	const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
	const order = new Map(columns.map((c, i) => [c.id, i]));
	keys.sort((x, y) => (order.get(x) ?? columns.length) - (order.get(y) ?? columns.length));
	const out: CustomDiff[] = [];
	for (const key of keys) {
		const was = Object.hasOwn(b, key) ? b[key] : undefined;
		const now = Object.hasOwn(a, key) ? a[key] : undefined;
		if (was === now) continue;
		const column = columns.find((c) => c.id === key);
		const spec = column ?? { type: 'text' as const, options: [] };
		out.push({
			label: column?.label ?? key,
			before: formatCustomValue(spec, was ?? undefined, locale),
			after: formatCustomValue(spec, now ?? undefined, locale)
		});
	}
	return out;
}
