/**
 * Tab-separated text as spreadsheets put it on the clipboard. Excel, LibreOffice and Google
 * Sheets quote a cell that holds a tab, a line break or a leading quote ("a""b" for a"b), end
 * rows with CRLF or LF, and usually end the block with one line break, which is not an empty row.
 */

/** The rows of a copied block; every row as long as the longest (missing cells are ''). */
export function parseTsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let i = 0;
	const n = text.length;
	let atCellStart = true;
	while (i < n) {
		const ch = text[i];
		if (atCellStart && ch === '"') {
			// A quoted cell: runs to the closing quote; "" inside is one quote.
			let j = i + 1;
			let value = '';
			let closed = false;
			while (j < n) {
				const c = text[j];
				if (c === '"') {
					if (text[j + 1] === '"') {
						value += '"';
						j += 2;
						continue;
					}
					closed = true;
					j++;
					break;
				}
				value += c;
				j++;
			}
			const next = text[j];
			if (closed && (j >= n || next === '\t' || next === '\n' || next === '\r')) {
				cell = value;
				i = j;
				atCellStart = false;
				continue;
			}
			// Not a well-formed quoted cell ("5" inches): the quote is just text.
		}
		atCellStart = false;
		if (ch === '\t') {
			row.push(cell);
			cell = '';
			atCellStart = true;
			i++;
		} else if (ch === '\n' || ch === '\r') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			atCellStart = true;
			i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
		} else {
			cell += ch;
			i++;
		}
	}
	if (!atCellStart || cell !== '' || row.length > 0) {
		row.push(cell);
		rows.push(row);
	}
	const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
	for (const r of rows) while (r.length < width) r.push('');
	return rows;
}

function quote(cell: string): string {
	return /[\t\r\n"]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** A block as a spreadsheet pastes it back: cells quoted when they must be, CRLF between rows. */
export function toTsv(rows: readonly (readonly string[])[]): string {
	return rows.map((r) => r.map(quote).join('\t')).join('\r\n') + '\r\n';
}
