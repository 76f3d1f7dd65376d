/**
 * The column mapping proposed for a file: each column's target from the header dictionary, a
 * known source's conventions (Google/Outlook noise columns skipped, a Sổ Khách export's summary
 * columns skipped, vCard's fixed layout), and unknown columns with data kept as custom columns.
 */
import { EDITABLE_FIELDS, type EditableField } from '$lib/domain/customer';
import { detectSource, headerKey, SO_KHACH_STAT_HEADERS, targetForHeader } from './headers';
import type { ColumnMapping, Mapping, MappingTarget, SourceId } from './types';

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
