/**
 * The customer grid's columns for the shop's custom fields: one per definition, after the
 * built-in ones, each with the editor and filter its type calls for. Edits go to the page
 * through the grid context (`editCustom`), which saves them with `setCustomValue`.
 */
import type { ColDef, ITooltipParams, ValueGetterParams } from 'ag-grid-community';
import { dateFilter, numberFilter } from '$lib/grid/filters';
import type { Customer } from '$lib/domain/types';
import { getLocale, m } from '$lib/i18n';
import { customColId, type CustomColumn } from './definitions';
import {
	customProblem,
	customValueOf,
	formatCustomValue,
	yesNoLabel,
	type CustomProblem,
	type ValueLocale
} from './values';

export interface CustomEditContext {
	editCustom(customer: Customer, column: CustomColumn, text: string): void;
}

/** The reason a value is flagged, in the user's language. */
export function customProblemMessage(problem: CustomProblem): string {
	switch (problem) {
		case 'number-invalid':
			return m.columns_problem_number();
		case 'date-invalid':
			return m.columns_problem_date();
		case 'yesno-invalid':
			return m.columns_problem_yesno();
		case 'choice-unknown':
			return m.columns_problem_choice();
	}
}

function locale(): ValueLocale {
	return getLocale() === 'en' ? 'en' : 'vi';
}

function filterOf(column: CustomColumn): Partial<ColDef<Customer>> {
	switch (column.type) {
		case 'number':
			return { ...numberFilter(), type: 'rightAligned' };
		case 'date':
			return dateFilter();
		default:
			return { filter: 'agTextColumnFilter' };
	}
}

function editorOf(column: CustomColumn): Partial<ColDef<Customer>> {
	if (column.type === 'yesno') {
		const l = locale();
		return {
			cellEditor: 'agSelectCellEditor',
			cellEditorParams: { values: ['', yesNoLabel(true, l), yesNoLabel(false, l)] }
		};
	}
	if (column.type === 'choice') {
		return {
			cellEditor: 'agSelectCellEditor',
			cellEditorParams: { values: ['', ...column.options] }
		};
	}
	return {};
}

/**
 * The grid's columns for the custom columns the settings show. Those hidden there are left out
 * of the grid altogether rather than hidden in it: the grid's own hiding (the column chooser) is
 * the owner's choice on this screen and is remembered apart (grid/column-state.ts).
 */
export function customColumnDefs(columns: readonly CustomColumn[]): ColDef<Customer>[] {
	return columns
		.filter((column) => !column.hidden)
		.map((column) => {
			const value = (c: Customer | undefined) => (c ? customValueOf(c, column.id) : undefined);
			const problem = (c: Customer | undefined) => customProblem(column, value(c));
			return {
				colId: customColId(column.id),
				headerName: column.label,
				width: column.type === 'yesno' ? 110 : column.type === 'text' ? 180 : 140,
				editable: true,
				valueGetter: (p: ValueGetterParams<Customer>) =>
					formatCustomValue(column, value(p.data), locale()),
				valueSetter: (p) => {
					if (p.data) {
						(p.context as CustomEditContext).editCustom(p.data, column, String(p.newValue ?? ''));
					}
					// Saved by the repository; the row is replaced with the stored record.
					return false;
				},
				cellClassRules: { 'cell-invalid': (p) => problem(p.data) !== null },
				tooltipValueGetter: (p: ITooltipParams<Customer>) => {
					const why = problem(p.data);
					return why ? customProblemMessage(why) : undefined;
				},
				...filterOf(column),
				...editorOf(column)
			};
		});
}
