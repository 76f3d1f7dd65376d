/**
 * A small CSV reader and writer (RFC 4180: quoted fields, doubled quotes, CRLF or LF) for the
 * command line and the evaluation. Not the app's importer: no encoding or delimiter sniffing.
 */

/** Rows of fields. Fields are trimmed (FEBRL writes ", " between fields). */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	const endField = () => {
		row.push(field.trim());
		field = '';
	};
	const endRow = () => {
		endField();
		if (row.length > 1 || row[0] !== '') rows.push(row);
		row = [];
	};
	for (; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i++;
				} else quoted = false;
			} else field += ch;
		} else if (ch === '"' && field.trim() === '') {
			field = '';
			quoted = true;
		} else if (ch === ',') endField();
		else if (ch === '\n') endRow();
		else if (ch === '\r') {
			if (text[i + 1] === '\n') i++;
			endRow();
		} else field += ch;
	}
	if (field !== '' || row.length > 0) endRow();
	return rows;
}

/** Rows as objects keyed by the header's names (lower-cased, trimmed). */
export function csvRecords(text: string): Record<string, string>[] {
	const [header, ...rows] = parseCsv(text);
	if (header === undefined) return [];
	const names = header.map((h) => h.trim().toLowerCase());
	return rows.map((row) => {
		const out: Record<string, string> = {};
		names.forEach((name, i) => {
			out[name] = row[i] ?? '';
		});
		return out;
	});
}

function quote(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
	return rows.map((row) => row.map((v) => quote(String(v))).join(',')).join('\n') + '\n';
}
