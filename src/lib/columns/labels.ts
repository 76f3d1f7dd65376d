import { m } from '$lib/i18n';
import type { CustomColumn, CustomType } from './definitions';
import type { ColumnProblem } from './store';

const TYPE_LABELS: Record<CustomType, () => string> = {
	text: m.columns_type_text,
	number: m.columns_type_number,
	date: m.columns_type_date,
	yesno: m.columns_type_yesno,
	choice: m.columns_type_choice
};

export function typeLabel(type: CustomType): string {
	return TYPE_LABELS[type]();
}

const ERRORS: Record<ColumnProblem, () => string> = {
	'label-empty': m.columns_error_label_empty,
	'label-too-long': m.columns_error_label_too_long,
	'label-taken': m.columns_error_label_taken,
	'options-empty': m.columns_error_options_empty,
	'not-found': m.columns_error_not_found,
	'bad-type': m.columns_error_bad_type
};

export function columnErrorText(code: ColumnProblem): string {
	return ERRORS[code]();
}

/**
 * How the import's mapping names a custom target: the shop's column by its label, or a new
 * column with the type guessed for it. Null for any other target.
 */
export function customTargetLabel(
	target: string,
	columns: readonly CustomColumn[],
	specs: Record<string, { type: CustomType }> | undefined
): string | null {
	if (!target.startsWith('custom:')) return null;
	const key = target.slice('custom:'.length);
	const known = columns.find((c) => c.id === key);
	if (known) return m.columns_import_existing({ name: known.label });
	const type = specs && Object.hasOwn(specs, key) ? specs[key].type : 'text';
	return m.columns_import_new({ name: key, type: typeLabel(type) });
}
