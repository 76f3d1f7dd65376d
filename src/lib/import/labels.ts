/**
 * The words of the import screens: an io error or a mapping problem as a message in the user's
 * language (what happened and what to do), and the names of targets, sources and decisions.
 */
import { ImportError } from '$lib/io/errors';
import { customName, isCustomTarget, type MappingProblem } from '$lib/io/mapping';
import type { RowDecision, RowGroup } from '$lib/io/plan';
import type { MappingTarget, SourceId } from '$lib/io/types';
import { errorText } from '$lib/app/errors';
import { fieldLabel, formatCount, m } from '$lib/i18n';

/** A file that could not be read, or a failed step, as a message with what to do next. */
export function importErrorText(e: unknown): string {
	if (!(e instanceof ImportError)) return errorText(e);
	const p = e.params as Record<string, string | number | undefined>;
	const n = (v: string | number | undefined) => (typeof v === 'number' ? formatCount(v) : '');
	switch (e.code) {
		case 'empty-file':
			return m.import_error_empty_file();
		case 'not-csv':
			return p.row === undefined
				? m.import_error_not_csv_plain()
				: m.import_error_not_csv({ row: n(p.row) });
		case 'xls-unsupported':
			return m.import_error_xls_unsupported();
		case 'encrypted-xlsx':
			return m.import_error_encrypted_xlsx();
		case 'unsupported-file':
			return p.detected === undefined
				? m.import_error_unsupported_file_plain()
				: m.import_error_unsupported_file({ detected: String(p.detected) });
		case 'bad-zip':
			return m.import_error_bad_zip();
		case 'bad-xml':
			return m.import_error_bad_xml();
		case 'zip-bomb':
			// The limit is in bytes: shown in MB, not as a ten-digit count.
			return m.import_error_zip_bomb({
				limit:
					typeof p.limit === 'number'
						? m.import_size_mb({ size: formatCount(Math.round(p.limit / 2 ** 20)) })
						: ''
			});
		case 'too-many-strings':
			return m.import_error_too_many_strings({ limit: n(p.limit) });
		case 'field-too-long':
			// A shared string of a workbook has no row or column of its own (row 0).
			if (typeof p.row !== 'number' || p.row < 1) {
				return m.import_error_field_too_long_plain({ limit: n(p.limit) });
			}
			return m.import_error_field_too_long({
				row: n(p.row),
				column: n(p.column),
				limit: n(p.limit)
			});
		case 'too-many-columns':
			return m.import_error_too_many_columns({ row: n(p.row), limit: n(p.limit) });
		case 'too-many-rows':
			return m.import_error_too_many_rows({ limit: n(p.limit) });
		case 'no-header':
			return m.import_error_no_header();
		case 'bad-vcard':
			return m.import_error_bad_vcard();
		case 'cancelled':
			return m.import_error_cancelled();
		case 'no-session':
			return m.import_error_no_session();
		default:
			return errorText(e);
	}
}

const TARGET_LABELS: Partial<Record<MappingTarget, () => string>> = {
	tags: m.import_target_tags,
	familyName: m.import_target_family,
	middleName: m.import_target_middle,
	givenName: m.import_target_given,
	area: m.import_target_area,
	ward: m.import_target_ward,
	'purchase.date': m.import_target_purchase_date,
	'purchase.amount': m.import_target_purchase_amount,
	'purchase.items': m.import_target_purchase_items,
	skip: m.import_target_skip
};

export function targetLabel(target: MappingTarget): string {
	if (isCustomTarget(target)) return m.import_target_custom({ name: customName(target) });
	return TARGET_LABELS[target]?.() ?? fieldLabel(target);
}

export function mappingProblemText(p: MappingProblem): string {
	switch (p.kind) {
		case 'duplicate-target':
			return m.import_mapping_duplicate({ field: targetLabel(p.target) });
		case 'reserved-name':
			return m.import_mapping_reserved({ name: p.name });
		case 'unknown-target':
			return m.import_mapping_unknown({ column: formatCount(p.column + 1) });
		case 'no-identity':
			return m.import_mapping_no_identity();
	}
}

const SOURCES: Record<SourceId, () => string> = {
	generic: m.import_source_generic,
	google: m.import_source_google,
	outlook: m.import_source_outlook,
	kiotviet: m.import_source_kiotviet,
	sapo: m.import_source_sapo,
	vcard: m.import_source_vcard,
	'so-khach': m.import_source_so_khach
};

export function sourceLabel(source: SourceId): string {
	return SOURCES[source]();
}

export function groupLabel(group: RowGroup): string {
	return {
		new: m.import_group_new,
		match: m.import_group_match,
		invalid: m.import_group_invalid,
		empty: m.import_group_empty
	}[group]();
}

export function decisionLabel(decision: RowDecision): string {
	return {
		create: m.import_decision_create,
		merge: m.import_decision_merge,
		skip: m.import_decision_skip
	}[decision]();
}
