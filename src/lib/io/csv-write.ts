/**
 * CSV export: UTF-8 with a byte-order mark (so Excel on Windows reads Vietnamese correctly),
 * commas, CRLF line ends, fields quoted when they hold a comma, quote or line break, and cells
 * that a spreadsheet would run as a formula neutralised (see neutralise.ts).
 */
import type { Customer } from '$lib/domain/types';
import { cellText, exportCell, type ExportColumn, type ExportContext } from './export-columns';
import { neutralise } from './neutralise';

export const CSV_BOM = '\ufeff';

export function csvField(value: string): string {
	const safe = neutralise(value);
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly string[]): string {
	return values.map(csvField).join(',') + '\r\n';
}

/** The header line and then one text chunk per batch of customers. */
export async function* csvChunks(
	columns: readonly ExportColumn[],
	batches: AsyncIterable<readonly Customer[]> | Iterable<readonly Customer[]>,
	ctx: ExportContext
): AsyncGenerator<string> {
	yield CSV_BOM + csvLine(columns.map((c) => c.header));
	for await (const batch of batches) {
		let out = '';
		for (const customer of batch) {
			out += csvLine(columns.map((col) => cellText(exportCell(customer, col.key, ctx))));
		}
		yield out;
	}
}

/** Writes rows of plain text (the original cells of rejected rows, for instance). */
export function csvBlob(rows: Iterable<readonly string[]>): Blob {
	const parts: string[] = [CSV_BOM];
	let buffer = '';
	for (const row of rows) {
		buffer += csvLine(row);
		if (buffer.length > 1 << 20) {
			parts.push(buffer);
			buffer = '';
		}
	}
	parts.push(buffer);
	return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}
