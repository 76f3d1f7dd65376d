/**
 * Reads the first sheet of an .xlsx workbook as rows of text, streaming: the sheet's XML is
 * inflated and tokenized slice by slice, so a sheet of a million rows never sits in memory whole.
 * Values come out as the text a user would type: shared and inline strings as they are, numbers
 * without exponent or float noise, dates (numbers with a date format) as ISO `yyyy-mm-dd`,
 * booleans TRUE/FALSE. Formulas are never evaluated; their cached value is read.
 */
import { ImportError, throwIfCancelled } from './errors';
import type { ImportLimits } from './limits';
import { getAttr, tokenizeXml, XmlTokenizer } from './xml';
import { entryText, inflateEntry, readZipDirectory, type ZipEntry } from './zip-read';

export interface XlsxReadOptions {
	limits: ImportLimits;
	signal?: AbortSignal;
	/** Compressed bytes read so far and the file size. */
	onProgress?: (done: number, total: number) => void;
	/** Each row: its sheet row number (1-based) and cells by column (index 0 = column A). */
	onRow(cells: string[], row: number): void;
}

/** `_x000D_` escapes (ST_Xstring) that Excel writes for control characters. */
function unescapeOoxml(s: string): string {
	return s.includes('_x')
		? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
		: s;
}

/** Built-in number formats that are dates or times (ECMA-376 §18.8.30 and the CJK ones). */
const BUILTIN_DATE_FORMATS = new Set([
	14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
	52, 53, 54, 55, 56, 57, 58
]);

/** A custom format code is a date when, outside quotes, brackets and escapes, it has d, m, y, h or s. */
export function isDateFormat(code: string): boolean {
	const bare = code
		.replace(/"[^"]*"/g, '')
		.replace(/\[[^\]]*\]/g, '')
		.replace(/\\./g, '')
		.replace(/_.|\*./g, '');
	return /[dmyhs]/i.test(bare) && !/^[#0.,\s%]*$/.test(bare);
}

function columnIndex(ref: string): number {
	let n = 0;
	for (let i = 0; i < ref.length; i++) {
		const c = ref.charCodeAt(i);
		if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
		else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
		else break;
	}
	return n - 1;
}

function pad(n: number, w = 2): string {
	return String(n).padStart(w, '0');
}

/** An Excel serial day (with its fraction of a day) as ISO text, 1900 or 1904 date system. */
export function serialToIso(serial: number, date1904: boolean): string | null {
	if (!Number.isFinite(serial) || serial < 0 || serial > 2958465) return null;
	let days = Math.floor(serial);
	const seconds = Math.round((serial - days) * 86400);
	if (date1904) days += 1462;
	// 1900 system: serial 60 is the 29 February 1900 that never was; 1 is 1900-01-01.
	if (!date1904 && days === 60) return null;
	if (!date1904 && days < 60) days += 1;
	if (days === 0 && seconds === 0) return null;
	const ms = Date.UTC(1899, 11, 30) + days * 86400000;
	const d = new Date(ms);
	const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
	if (seconds === 0 || seconds === 86400) return date;
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	return `${date} ${pad(h)}:${pad(m)}:${pad(seconds % 60)}`;
}

/** A number as a person would type it: no exponent for integers, no binary float noise. */
export function numberText(raw: string): string {
	const n = Number(raw);
	if (!Number.isFinite(n)) return raw.trim();
	if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
	return String(Number(n.toPrecision(15)));
}

interface Workbook {
	sheetPath: string;
	date1904: boolean;
}

function resolveTarget(base: string, target: string): string {
	if (target.startsWith('/')) return target.slice(1);
	const parts = base.split('/').slice(0, -1);
	for (const part of target.split('/')) {
		if (part === '..') parts.pop();
		else if (part !== '.' && part !== '') parts.push(part);
	}
	return parts.join('/');
}

function parseWorkbook(workbookXml: string, relsXml: string | null): Workbook {
	let firstRid: string | null = null;
	let date1904 = false;
	tokenizeXml(
		workbookXml,
		{
			open(name, attrs) {
				if (name === 'sheet' && firstRid === null) firstRid = getAttr(attrs, 'id');
				if (name === 'workbookPr') {
					const v = getAttr(attrs, 'date1904');
					date1904 = v === '1' || v === 'true';
				}
			},
			close() {},
			text() {}
		},
		'xl/workbook.xml'
	);
	let sheetPath = 'xl/worksheets/sheet1.xml';
	if (relsXml !== null && firstRid !== null) {
		tokenizeXml(
			relsXml,
			{
				open(name, attrs) {
					if (name === 'Relationship' && getAttr(attrs, 'Id') === firstRid) {
						const target = getAttr(attrs, 'Target');
						if (target !== null) sheetPath = resolveTarget('xl/workbook.xml', target);
					}
				},
				close() {},
				text() {}
			},
			'xl/_rels/workbook.xml.rels'
		);
	}
	return { sheetPath, date1904 };
}

/** For each cell style index, whether its number format is a date. */
function parseStyles(xml: string): boolean[] {
	const custom = new Map<number, boolean>();
	const dateStyles: boolean[] = [];
	let inXfs = false;
	tokenizeXml(
		xml,
		{
			open(name, attrs) {
				if (name === 'numFmt') {
					const id = Number(getAttr(attrs, 'numFmtId'));
					custom.set(id, isDateFormat(getAttr(attrs, 'formatCode') ?? ''));
				} else if (name === 'cellXfs') inXfs = true;
				else if (name === 'xf' && inXfs) {
					const id = Number(getAttr(attrs, 'numFmtId') ?? '0');
					dateStyles.push(custom.get(id) ?? BUILTIN_DATE_FORMATS.has(id));
				}
			},
			close(name) {
				if (name === 'cellXfs') inXfs = false;
			},
			text() {}
		},
		'xl/styles.xml'
	);
	return dateStyles;
}

/** Streams an entry's UTF-8 text through an XML tokenizer. */
async function streamXml(
	blob: Blob,
	entry: ZipEntry,
	tokenizer: XmlTokenizer,
	opts: Parameters<typeof inflateEntry>[3]
): Promise<void> {
	const decoder = new TextDecoder('utf-8');
	await inflateEntry(
		blob,
		entry,
		(bytes) => tokenizer.push(decoder.decode(bytes, { stream: true })),
		opts
	);
	tokenizer.push(decoder.decode());
	tokenizer.end();
}

async function readSharedStrings(
	blob: Blob,
	entry: ZipEntry,
	opts: Parameters<typeof inflateEntry>[3],
	limits: ImportLimits
): Promise<string[]> {
	const strings: string[] = [];
	let chars = 0;
	let current = '';
	let inT = false;
	let inPhonetic = 0;
	const tooMany = () => new ImportError('too-many-strings', { limit: limits.maxSharedStrings });
	const tokenizer = new XmlTokenizer(
		{
			open(name, attrs) {
				if (name === 'sst') {
					const declared = Number(getAttr(attrs, 'uniqueCount') ?? '0');
					if (declared > limits.maxSharedStrings) throw tooMany();
				} else if (name === 'si') current = '';
				else if (name === 't') inT = true;
				else if (name === 'rPh') inPhonetic++;
			},
			close(name) {
				if (name === 't') inT = false;
				else if (name === 'rPh') inPhonetic--;
				else if (name === 'si') {
					if (strings.length >= limits.maxSharedStrings) throw tooMany();
					strings.push(unescapeOoxml(current));
					current = '';
				}
			},
			text(text) {
				if (!inT || inPhonetic > 0) return;
				chars += text.length;
				if (chars > limits.maxSharedStringChars) {
					throw new ImportError('too-many-strings', { limit: limits.maxSharedStrings });
				}
				if (current.length + text.length > limits.maxFieldChars) {
					throw new ImportError('field-too-long', {
						row: 0,
						column: 0,
						limit: limits.maxFieldChars
					});
				}
				current += text;
			}
		},
		{ entry: entry.name }
	);
	await streamXml(blob, entry, tokenizer, opts);
	return strings;
}

/** Reads the first sheet of the workbook; resolves when every row was handed to `onRow`. */
export async function readXlsx(blob: Blob, options: XlsxReadOptions): Promise<void> {
	const { limits, signal } = options;
	const zipLimits = {
		maxUncompressedBytes: limits.maxUncompressedBytes,
		maxCompressionRatio: limits.maxCompressionRatio,
		ratioGraceBytes: limits.ratioGraceBytes,
		maxEntries: limits.maxZipEntries
	};
	const entries = await readZipDirectory(blob, zipLimits);
	const byName = new Map<string, ZipEntry>();
	for (const e of entries) byName.set(e.name.replace(/\\/g, '/').replace(/^\//, ''), e);
	if (entries.some((e) => e.flags & 1)) throw new ImportError('encrypted-xlsx', {});
	const workbookEntry = byName.get('xl/workbook.xml');
	if (workbookEntry === undefined) {
		throw new ImportError('bad-zip', { entry: 'xl/workbook.xml' }, 'Not an Excel workbook.');
	}
	let done = 0;
	const budget = { used: 0 };
	const readOpts = {
		limits: zipLimits,
		budget,
		signal,
		onBytes: (n: number) => {
			done += n;
			options.onProgress?.(done, blob.size);
		}
	};
	const small = { ...readOpts, maxBytes: 32 << 20 };
	const rels = byName.get('xl/_rels/workbook.xml.rels');
	const workbook = parseWorkbook(
		await entryText(blob, workbookEntry, small),
		rels === undefined ? null : await entryText(blob, rels, small)
	);
	const stylesEntry = byName.get('xl/styles.xml');
	const dateStyles =
		stylesEntry === undefined ? [] : parseStyles(await entryText(blob, stylesEntry, small));
	const sstEntry = byName.get('xl/sharedStrings.xml');
	const shared =
		sstEntry === undefined ? [] : await readSharedStrings(blob, sstEntry, readOpts, limits);
	const sheetEntry = byName.get(workbook.sheetPath);
	if (sheetEntry === undefined) {
		throw new ImportError('bad-zip', { entry: workbook.sheetPath }, 'The first sheet is missing.');
	}

	let rowNumber = 0;
	let cells: string[] = [];
	let col = -1;
	let type = '';
	let style = 0;
	let value = '';
	let inValue = false;
	let inInline = 0;
	let inPhonetic = 0;
	const finishCell = () => {
		let text: string;
		switch (type) {
			case 's':
				text = shared[Number(value)] ?? '';
				break;
			case 'inlineStr':
			case 'str':
				text = unescapeOoxml(value);
				break;
			case 'b':
				text = value.trim() === '1' ? 'TRUE' : value.trim() === '0' ? 'FALSE' : value;
				break;
			case 'e':
				text = value;
				break;
			case 'd':
				text = value.replace(/T00:00:00(?:\.0+)?Z?$/, '');
				break;
			default:
				if (value.trim() === '') text = '';
				else if (dateStyles[style]) {
					text = serialToIso(Number(value), workbook.date1904) ?? numberText(value);
				} else text = numberText(value);
		}
		if (text !== '') {
			while (cells.length < col) cells.push('');
			cells[col] = text;
		}
	};
	const tokenizer = new XmlTokenizer(
		{
			open(name, attrs, selfClosing) {
				if (name === 'row') {
					const r = getAttr(attrs, 'r');
					rowNumber = r === null ? rowNumber + 1 : Number(r);
					cells = [];
					col = -1;
				} else if (name === 'c') {
					const r = getAttr(attrs, 'r');
					col = r === null ? col + 1 : columnIndex(r);
					if (col >= limits.maxColumns || col < 0) {
						throw new ImportError('too-many-columns', { row: rowNumber, limit: limits.maxColumns });
					}
					type = getAttr(attrs, 't') ?? 'n';
					style = Number(getAttr(attrs, 's') ?? '0');
					value = '';
					if (selfClosing) type = '';
				} else if (name === 'v') inValue = true;
				else if (name === 'is') inInline++;
				else if (name === 't' && inInline > 0) inValue = true;
				else if (name === 'rPh') inPhonetic++;
			},
			close(name) {
				if (name === 'v' || name === 't') inValue = false;
				else if (name === 'is') inInline--;
				else if (name === 'rPh') inPhonetic--;
				else if (name === 'c') finishCell();
				else if (name === 'row') {
					options.onRow(cells, rowNumber);
					cells = [];
				}
			},
			text(text) {
				if (!inValue || inPhonetic > 0) return;
				if (value.length + text.length > limits.maxFieldChars) {
					throw new ImportError('field-too-long', {
						row: rowNumber,
						column: col + 1,
						limit: limits.maxFieldChars
					});
				}
				value += text;
			}
		},
		{ entry: sheetEntry.name }
	);
	const decoder = new TextDecoder('utf-8');
	await inflateEntry(
		blob,
		sheetEntry,
		(bytes) => tokenizer.push(decoder.decode(bytes, { stream: true })),
		readOpts
	);
	tokenizer.push(decoder.decode());
	tokenizer.end();
	throwIfCancelled(signal);
}
