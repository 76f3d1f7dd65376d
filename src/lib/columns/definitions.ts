/**
 * Custom columns: the fields a shop adds to its customers ("Hạng thẻ", "Size áo", "Ngày cưới").
 * A definition names a key of `customer.custom`; the values live on the customers, the
 * definitions in one setting (`columns.custom`), as a list in display order. Pure: used by the
 * page, the query worker and the import worker alike.
 */

import { fold } from '$lib/domain/text';

export const CUSTOM_TYPES = ['text', 'number', 'date', 'yesno', 'choice'] as const;

export type CustomType = (typeof CUSTOM_TYPES)[number];

export interface CustomColumn {
	/**
	 * The key of the value in `customer.custom`. Never changes: renaming changes the label only,
	 * so values, saved views and filters keep pointing at the column.
	 */
	id: string;
	label: string;
	type: CustomType;
	/** The choices of a `choice` column, in the order the editor lists them; empty otherwise. */
	options: string[];
	/** Left out of the grid (the values stay, and are still searched and exported). */
	hidden: boolean;
}

/** What sorting, filtering and parsing need of a column. */
export type CustomSpec = Pick<CustomColumn, 'type' | 'options'>;

export const COLUMNS_SETTING_KEY = 'columns.custom';

export const LABEL_MAX = 80;
export const OPTION_MAX = 100;
export const OPTIONS_MAX = 50;

/** Keys that must never become object keys (prototype pollution). */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isUsableKey(key: string): boolean {
	return key.trim() !== '' && key.length <= 100 && !RESERVED_KEYS.has(key);
}

/** The grid's column id (and the query's sort/filter key) of a custom column. */
export function customColId(id: string): `custom:${string}` {
	return `custom:${id}`;
}

/** The custom column key of a grid column id; null for a built-in column. */
export function customIdOf(colId: string): string | null {
	return colId.startsWith('custom:') ? colId.slice('custom:'.length) : null;
}

export function isCustomType(v: unknown): v is CustomType {
	return typeof v === 'string' && (CUSTOM_TYPES as readonly string[]).includes(v);
}

/** Spaces tidied; an empty label is not allowed. */
export function tidyLabel(label: string): string {
	return label.replace(/\s+/g, ' ').trim();
}

/** Choice options tidied: trimmed, empty and repeated ones (letter case aside) left out. */
export function tidyOptions(options: readonly string[]): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const raw of options) {
		const o = tidyLabel(raw).slice(0, OPTION_MAX);
		const key = o.toLowerCase();
		if (o === '' || seen.has(key)) continue;
		seen.add(key);
		out.push(o);
		if (out.length === OPTIONS_MAX) break;
	}
	return out;
}

function readOne(value: unknown): CustomColumn | null {
	if (typeof value !== 'object' || value === null) return null;
	const v = value as Record<string, unknown>;
	if (typeof v.id !== 'string' || !isUsableKey(v.id)) return null;
	if (typeof v.label !== 'string' || tidyLabel(v.label) === '') return null;
	if (!isCustomType(v.type)) return null;
	const options = Array.isArray(v.options)
		? tidyOptions(v.options.filter((o): o is string => typeof o === 'string'))
		: [];
	return {
		id: v.id,
		label: tidyLabel(v.label),
		type: v.type,
		options: v.type === 'choice' ? options : [],
		hidden: v.hidden === true
	};
}

/**
 * The stored list checked entry by entry: what does not read (a hand-edited backup, a newer
 * version's type) is left out of the list rather than failing it, and a repeated id keeps its
 * first entry.
 */
export function readColumns(stored: unknown): CustomColumn[] {
	if (!Array.isArray(stored)) return [];
	const seen = new Set<string>();
	const out: CustomColumn[] = [];
	for (const entry of stored) {
		const c = readOne(entry);
		if (c === null || seen.has(c.id)) continue;
		seen.add(c.id);
		out.push(c);
	}
	return out;
}

/** Specs by key, for the query engine and the import. */
export function specsOf(columns: readonly CustomColumn[]): Record<string, CustomSpec> {
	const out: Record<string, CustomSpec> = Object.create(null) as Record<string, CustomSpec>;
	for (const c of columns) out[c.id] = { type: c.type, options: c.options };
	return out;
}

/**
 * The list with the columns an import names that are not defined yet (by key) added at the end;
 * a label already used by another column gets a number. The list given is not changed.
 */
export function withImportedColumns(
	all: readonly CustomColumn[],
	wanted: readonly CustomColumn[]
): CustomColumn[] {
	const out = all.slice();
	for (const w of wanted) {
		if (!isUsableKey(w.id) || out.some((c) => c.id === w.id)) continue;
		let label = tidyLabel(w.label).slice(0, LABEL_MAX) || w.id.slice(0, LABEL_MAX);
		const taken = (l: string) => out.some((c) => fold(c.label) === fold(l));
		for (let n = 2; taken(label); n++) label = `${tidyLabel(w.label).slice(0, 70)} (${n})`;
		out.push({
			id: w.id,
			label,
			type: isCustomType(w.type) ? w.type : 'text',
			options: w.type === 'choice' ? tidyOptions(w.options) : [],
			hidden: false
		});
	}
	return out;
}
