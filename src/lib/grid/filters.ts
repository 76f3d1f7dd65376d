/**
 * The grid's column filters that need settings of their own: dates picked in the browser's date
 * picker, numbers typed the Vietnamese way (1.234.567 or 1.234,5; `parseNumber`). AG Grid's
 * number input would refuse the dots a shop owner types for thousands.
 */
import type { ColDef } from 'ag-grid-community';
import { formatNumber, parseNumber } from '$lib/columns/values';
import type { Customer } from '$lib/domain/types';

export function dateFilter(): Partial<ColDef<Customer>> {
	return {
		filter: 'agDateColumnFilter',
		filterParams: { browserDatePicker: true, buttons: ['reset'] }
	};
}

export function numberFilter(): Partial<ColDef<Customer>> {
	return {
		filter: 'agNumberColumnFilter',
		filterParams: {
			buttons: ['reset'],
			allowedCharPattern: '\\d\\-−.,\\s',
			numberParser: (text: string | null) => (text == null ? null : parseNumber(text)),
			// Written back the way parseNumber reads, whatever the language: "1,234" in English
			// would read back as 1.234 when the filter is edited again.
			numberFormatter: (value: number | null) => (value == null ? null : formatNumber(value, 'vi'))
		}
	};
}
