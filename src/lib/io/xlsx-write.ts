/**
 * .xlsx export, written by hand with fflate's streaming Zip: the package parts, a style sheet
 * with a dd/mm/yyyy date format and a VND number format, and one sheet streamed row batch by row
 * batch with inline strings (no shared-strings table to hold in memory). Every text is a string
 * cell, never a formula, so nothing in it can run when the file is opened.
 */
import { Zip, ZipDeflate, strToU8 } from 'fflate';
import type { Customer } from '$lib/domain/types';
import {
	exportCell,
	type ExportCell,
	type ExportColumn,
	type ExportContext
} from './export-columns';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Style indexes in cellXfs below. */
const STYLE = { header: 1, date: 2, money: 3 } as const;

const CONTENT_TYPES =
	XML_HEAD +
	'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
	'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
	'<Default Extension="xml" ContentType="application/xml"/>' +
	'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
	'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
	'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
	'</Types>';

const ROOT_RELS =
	XML_HEAD +
	`<Relationships xmlns="${PKG_REL_NS}">` +
	'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
	'</Relationships>';

const WORKBOOK_RELS =
	XML_HEAD +
	`<Relationships xmlns="${PKG_REL_NS}">` +
	'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
	'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
	'</Relationships>';

const STYLES =
	XML_HEAD +
	`<styleSheet xmlns="${MAIN_NS}">` +
	'<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>' +
	'<numFmt numFmtId="165" formatCode="#,##0 &quot;₫&quot;"/></numFmts>' +
	'<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
	'<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
	'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
	'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
	'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
	'<cellXfs count="4">' +
	'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
	'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
	'<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
	'<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
	'</cellXfs>' +
	'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
	'</styleSheet>';

function workbookXml(sheetName: string): string {
	return (
		XML_HEAD +
		`<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
		`<sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets>` +
		'</workbook>'
	);
}

/** A sheet name Excel accepts: no []:*?/\, at most 31 characters, not empty. */
export function sheetName(name: string): string {
	const clean = name
		.replace(/[[\]:*?/\\]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, 31);
	return clean === '' ? 'Sheet1' : clean;
}

/**
 * Text for an XML element: markup characters escaped, characters XML 1.0 cannot hold (and CR,
 * which XML turns into LF) written as Excel's `_xHHHH_` escapes, and a literal `_xHHHH_` protected.
 */
export function escapeXml(s: string): string {
	return s
		.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(
			// eslint-disable-next-line no-control-regex
			/[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]/g,
			(ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`
		);
}

export function columnLetters(index: number): string {
	let n = index + 1;
	let s = '';
	while (n > 0) {
		const r = (n - 1) % 26;
		s = String.fromCharCode(65 + r) + s;
		n = Math.floor((n - 1) / 26);
	}
	return s;
}

/** Excel's day serial of an ISO date (1900 date system). */
export function isoToSerial(iso: string): number | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (m === null) return null;
	const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	const serial = Math.round((ms - Date.UTC(1899, 11, 30)) / 86400000);
	return serial >= 61 ? serial : null;
}

function stringCell(ref: string, text: string, style = 0): string {
	const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
	const s = style === 0 ? '' : ` s="${style}"`;
	return `<c r="${ref}" t="inlineStr"${s}><is><t${space}>${escapeXml(text)}</t></is></c>`;
}

function cellXml(ref: string, cell: ExportCell): string {
	if (cell === null) return '';
	switch (cell.t) {
		case 'text':
			return stringCell(ref, cell.v);
		case 'number':
			return `<c r="${ref}"><v>${cell.v}</v></c>`;
		case 'money':
			return `<c r="${ref}" s="${STYLE.money}"><v>${cell.v}</v></c>`;
		case 'date': {
			const serial = isoToSerial(cell.v);
			return serial === null
				? stringCell(ref, cell.v)
				: `<c r="${ref}" s="${STYLE.date}"><v>${serial}</v></c>`;
		}
	}
}

function columnWidth(col: ExportColumn): number {
	switch (col.key) {
		case 'name':
		case 'address':
		case 'notes':
			return 28;
		case 'phones':
		case 'emails':
			return 22;
		default:
			return 14;
	}
}

export interface XlsxWriteOptions {
	sheetName?: string;
	signal?: AbortSignal;
	/** Rows written so far. */
	onProgress?: (rows: number) => void;
}

/**
 * The customers as an .xlsx Blob. Batches are turned into XML and compressed one at a time, so
 * only the compressed output is held (a few MB per 100,000 customers).
 */
export function xlsxBlob(
	columns: readonly ExportColumn[],
	batches: AsyncIterable<readonly Customer[]> | Iterable<readonly Customer[]>,
	ctx: ExportContext,
	opts: XlsxWriteOptions = {}
): Promise<Blob> {
	async function* rows(): AsyncGenerator<ExportCell[][]> {
		for await (const batch of batches) {
			yield batch.map((customer) => columns.map((c) => exportCell(customer, c.key, ctx)));
		}
	}
	return sheetBlob(
		columns.map((c) => ({ header: c.header, width: columnWidth(c) })),
		rows(),
		{ ...opts, sheetName: opts.sheetName ?? 'Khách hàng' }
	);
}

/** A small table (a report's) as an .xlsx Blob: one sheet, typed cells, the header in bold. */
export function tableXlsxBlob(
	headers: readonly string[],
	rows: readonly ExportCell[][],
	opts: XlsxWriteOptions = {}
): Promise<Blob> {
	return sheetBlob(
		headers.map((header, i) => ({ header, width: i === 0 ? 28 : 16 })),
		[rows],
		opts
	);
}

/** One streamed sheet: each batch of rows becomes XML and is compressed before the next. */
async function sheetBlob(
	columns: readonly { header: string; width: number }[],
	batches: AsyncIterable<readonly ExportCell[][]> | Iterable<readonly ExportCell[][]>,
	opts: XlsxWriteOptions
): Promise<Blob> {
	const parts: Uint8Array<ArrayBuffer>[] = [];
	let failure: Error | null = null;
	const zip = new Zip((err, data) => {
		if (err) failure = err;
		else parts.push(data as Uint8Array<ArrayBuffer>);
	});
	const addFile = (name: string, content: string) => {
		const file = new ZipDeflate(name, { level: 6 });
		zip.add(file);
		file.push(strToU8(content), true);
	};
	addFile('[Content_Types].xml', CONTENT_TYPES);
	addFile('_rels/.rels', ROOT_RELS);
	addFile('xl/workbook.xml', workbookXml(sheetName(opts.sheetName ?? 'Sheet1')));
	addFile('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
	addFile('xl/styles.xml', STYLES);

	const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 6 });
	zip.add(sheet);
	const letters = columns.map((_, i) => columnLetters(i));
	const cols = columns
		.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`)
		.join('');
	let xml =
		XML_HEAD +
		`<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
		'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
		`<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>` +
		`<row r="1">${columns.map((c, i) => stringCell(`${letters[i]}1`, c.header, STYLE.header)).join('')}</row>`;
	let row = 1;
	for await (const batch of batches) {
		if (opts.signal?.aborted) {
			zip.terminate();
			throw opts.signal.reason ?? new DOMException('Cancelled', 'AbortError');
		}
		for (const cellsOfRow of batch) {
			row++;
			let cells = '';
			for (let i = 0; i < columns.length; i++) {
				cells += cellXml(`${letters[i]}${row}`, cellsOfRow[i] ?? null);
			}
			xml += `<row r="${row}">${cells}</row>`;
		}
		sheet.push(strToU8(xml));
		xml = '';
		opts.onProgress?.(row - 1);
		if (failure !== null) throw failure;
	}
	xml += '</sheetData></worksheet>';
	sheet.push(strToU8(xml), true);
	zip.end();
	if (failure !== null) throw failure;
	return new Blob(parts, {
		type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
	});
}
