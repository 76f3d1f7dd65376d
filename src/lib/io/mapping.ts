/**
 * The column mapping proposed for a file: each column's target from the header dictionary, a
 * known source's conventions (Google/Outlook noise columns skipped, a Sổ Khách export's summary
 * columns skipped, vCard's fixed layout), and unknown columns with data kept as custom columns.
 */
import { EDITABLE_FIELDS, type EditableField } from '$lib/domain/customer';
import { detectSource, headerKey, SO_KHACH_STAT_HEADERS, targetForHeader } from './headers';
import type { ColumnMapping, Mapping, MappingTarget, SourceId } from './types';
import { isUsableKey, type CustomColumn, type CustomSpec } from '$lib/columns/definitions';
import { guessType } from '$lib/columns/values';

/** Targets a column may have, for the mapping editor (custom columns and skip besides). */
export const MAPPING_TARGETS: readonly MappingTarget[] = [
	...EDITABLE_FIELDS,
	'tags',
	'familyName',
	'middleName',
	'givenName',
	'area',
	'ward',
	'purchase.date',
	'purchase.amount',
	'purchase.items',
	'skip'
];

/** Targets that take several columns (joined); any other target takes one. */
const MULTI: ReadonlySet<MappingTarget> = new Set<MappingTarget>([
	'phones',
	'emails',
	'tags',
	'notes'
]);

/** Names that must never become object keys (prototype pollution). */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
	'__proto__',
	'constructor',
	'prototype'
]);

export function isCustomTarget(target: MappingTarget): target is `custom:${string}` {
	return target.startsWith('custom:');
}

export function customName(target: `custom:${string}`): string {
	return target.slice('custom:'.length);
}

/** A custom column's name from its header: trimmed, or "Cột N" for an untitled column. */
export function customTargetFor(header: string, column: number): `custom:${string}` {
	const name = header.replace(/\s+/g, ' ').trim().slice(0, 100);
	return `custom:${name === '' ? `Cột ${column + 1}` : name}`;
}

/** vCard rows always have these columns (see vcard.ts), mapped as they are. */
export const VCARD_TARGETS: readonly MappingTarget[] = [
	'name',
	'familyName',
	'middleName',
	'givenName',
	'salutation',
	'phones',
	'emails',
	'address',
	'district',
	'city',
	'birthday',
	'notes',
	'tags',
	'custom:Công ty'
];

function hasData(sample: readonly (readonly string[])[], column: number): boolean {
	return sample.some((row) => (row[column] ?? '').trim() !== '');
}

export interface ProposedMapping {
	mapping: Mapping;
	source: SourceId;
}

export function proposeMapping(
	header: readonly string[],
	sample: readonly (readonly string[])[],
	sourceHint?: SourceId
): ProposedMapping {
	const source = sourceHint ?? detectSource(header);
	const taken = new Set<MappingTarget>();
	const customNames = new Set<string>();
	const columns: ColumnMapping[] = header.map((h, column) => {
		let target: MappingTarget | null =
			source === 'vcard' ? (VCARD_TARGETS[column] ?? null) : targetForHeader(h);
		if (source === 'so-khach' && SO_KHACH_STAT_HEADERS.has(headerKey(h))) target = 'skip';
		if (target !== null && target !== 'skip' && !MULTI.has(target) && taken.has(target)) {
			target = null;
		}
		if (target === null) {
			const quiet = source === 'google' || source === 'outlook';
			const custom = customTargetFor(h, column);
			target =
				quiet ||
				!hasData(sample, column) ||
				RESERVED_NAMES.has(customName(custom)) ||
				customNames.has(custom)
					? 'skip'
					: custom;
			if (target !== 'skip') customNames.add(custom);
		}
		taken.add(target);
		return { column, header: h, target };
	});
	// "Họ" + "Tên" in two columns: "Tên" is then the given name, not the whole name.
	if (taken.has('familyName')) {
		for (const c of columns) {
			if (c.target === 'name' && headerKey(c.header) === 'ten') c.target = 'givenName';
		}
	}
	// A full-name column and name parts: the parts only fill in rows without a full name.
	return { mapping: { columns, dateOrder: source === 'outlook' ? 'mdy' : 'dmy' }, source };
}

export type MappingProblem =
	| { kind: 'duplicate-target'; target: MappingTarget; columns: number[] }
	| { kind: 'reserved-name'; column: number; name: string }
	| { kind: 'unknown-target'; column: number; target: string }
	| { kind: 'no-identity' };

const KNOWN = new Set<string>(MAPPING_TARGETS);

/** What is wrong with a mapping the user edited; empty when it can be used. */
export function validateMapping(mapping: Mapping): MappingProblem[] {
	const problems: MappingProblem[] = [];
	const byTarget = new Map<MappingTarget, number[]>();
	for (const c of mapping.columns) {
		if (isCustomTarget(c.target)) {
			const name = customName(c.target);
			if (RESERVED_NAMES.has(name) || name.trim() === '') {
				problems.push({ kind: 'reserved-name', column: c.column, name });
			}
		} else if (!KNOWN.has(c.target)) {
			problems.push({ kind: 'unknown-target', column: c.column, target: c.target });
		}
		const list = byTarget.get(c.target) ?? [];
		list.push(c.column);
		byTarget.set(c.target, list);
	}
	for (const [target, columns] of byTarget) {
		if (target !== 'skip' && !MULTI.has(target) && columns.length > 1) {
			problems.push({ kind: 'duplicate-target', target, columns });
		}
	}
	const identity: MappingTarget[] = ['name', 'phones', 'emails', 'givenName', 'familyName'];
	if (!identity.some((t) => byTarget.has(t))) problems.push({ kind: 'no-identity' });
	return problems;
}

export function isEditableField(target: MappingTarget): target is EditableField {
	return (EDITABLE_FIELDS as readonly string[]).includes(target);
}

/**
 * The shop's custom columns in a proposed mapping: a file column titled like one of them (its
 * label, or its key) goes into it rather than into a new column of the same name — so a Sổ
 * Khách export comes back into the columns it came from, renamed ones included. Built-in
 * targets stay; of two file columns with one title, the first is taken.
 */
export function adoptCustomColumns(mapping: Mapping, columns: readonly CustomColumn[]): Mapping {
	const byTitle = new Map<string, CustomColumn>();
	for (const c of columns) byTitle.set(headerKey(c.id), c);
	// Labels after keys: a label names the column the owner sees today.
	for (const c of columns) byTitle.set(headerKey(c.label), c);
	const taken = new Set<MappingTarget>(mapping.columns.map((c) => c.target));
	return {
		...mapping,
		columns: mapping.columns.map((col) => {
			if (!isCustomTarget(col.target) && col.target !== 'skip') return col;
			const def = byTitle.get(headerKey(col.header));
			if (!def) return col;
			const target: MappingTarget = `custom:${def.id}`;
			if (target === col.target) return col;
			if (taken.has(target)) return col;
			taken.add(target);
			return { ...col, target };
		})
	};
}

/**
 * The mapping with the type of each custom target: the shop's column's, or for a new column
 * the type its values in `sample` (file rows) suggest (see guessType).
 */
export function withCustomSpecs(
	mapping: Mapping,
	columns: readonly CustomColumn[],
	sample: readonly (readonly string[])[]
): Mapping {
	const known = new Map(columns.map((c) => [c.id, c]));
	const specs = Object.create(null) as Record<string, CustomSpec>;
	for (const col of mapping.columns) {
		if (!isCustomTarget(col.target)) continue;
		const key = customName(col.target);
		if (!isUsableKey(key) || Object.hasOwn(specs, key)) continue;
		const def = known.get(key);
		specs[key] = def
			? { type: def.type, options: [...def.options] }
			: guessType(sample.map((row) => row[col.column] ?? ''));
	}
	return { ...mapping, customColumns: specs };
}

/** The columns an import adds to the shop's: custom targets that are none of its columns yet. */
export function newCustomColumns(
	mapping: Mapping,
	columns: readonly CustomColumn[]
): CustomColumn[] {
	const known = new Set(columns.map((c) => c.id));
	const out: CustomColumn[] = [];
	for (const col of mapping.columns) {
		if (!isCustomTarget(col.target)) continue;
		const key = customName(col.target);
		if (known.has(key) || !isUsableKey(key)) continue;
		known.add(key);
		const specs = mapping.customColumns;
		const spec = specs && Object.hasOwn(specs, key) ? specs[key] : undefined;
		out.push({
			id: key,
			label: key,
			type: spec?.type ?? 'text',
			options: spec?.type === 'choice' ? [...spec.options] : [],
			hidden: false
		});
	}
	return out;
}
