/**
 * vCard (.vcf) contacts: reading 2.1, 3.0 and 4.0 cards (folded lines, QUOTED-PRINTABLE with
 * CHARSET, escapes, item groups, several TEL/EMAIL) into rows with fixed columns that the mapping
 * knows (VCARD_HEADER / VCARD_TARGETS), and writing customers as vCard 3.0 for a phone's contacts.
 */
import type { Customer } from '$lib/domain/types';
import { ImportError } from './errors';

/** Column titles of the rows made from cards; their targets are VCARD_TARGETS (mapping.ts). */
export const VCARD_HEADER: readonly string[] = [
	'Họ và tên (FN)',
	'Họ (N)',
	'Tên đệm (N)',
	'Tên (N)',
	'Danh xưng (N)',
	'Điện thoại (TEL)',
	'Email (EMAIL)',
	'Địa chỉ (ADR)',
	'Quận/Huyện (ADR)',
	'Tỉnh/Thành phố (ADR)',
	'Ngày sinh (BDAY)',
	'Ghi chú (NOTE)',
	'Nhóm (CATEGORIES)',
	'Công ty (ORG)'
];

interface Property {
	name: string;
	params: Map<string, string[]>;
	value: string;
}

/** Splits on an unescaped separator. */
function splitEscaped(value: string, sep: string): string[] {
	const out: string[] = [];
	let cur = '';
	for (let i = 0; i < value.length; i++) {
		const ch = value[i];
		if (ch === '\\' && i + 1 < value.length) {
			cur += ch + value[i + 1];
			i++;
		} else if (ch === sep) {
			out.push(cur);
			cur = '';
		} else cur += ch;
	}
	out.push(cur);
	return out;
}

export function unescapeText(value: string): string {
	return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function decodeQuotedPrintable(value: string, charset: string): string {
	const bytes: number[] = [];
	for (let i = 0; i < value.length; i++) {
		const ch = value[i];
		if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
			bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
			i += 2;
		} else {
			const code = value.charCodeAt(i);
			if (code < 0x80) bytes.push(code);
			else for (const b of new TextEncoder().encode(ch)) bytes.push(b);
		}
	}
	let decoder: TextDecoder;
	try {
		decoder = new TextDecoder(charset);
	} catch {
		decoder = new TextDecoder('utf-8');
	}
	return decoder.decode(new Uint8Array(bytes));
}

function parseLine(line: string): Property | null {
	let quoted = false;
	let colon = -1;
	for (let i = 0; i < line.length; i++) {
		const ch = line[i];
		if (ch === '"') quoted = !quoted;
		else if (ch === ':' && !quoted) {
			colon = i;
			break;
		}
	}
	if (colon < 0) return null;
	const [rawName, ...rawParams] = line.slice(0, colon).split(';');
	const name = rawName.replace(/^[^.]*\./, '').toUpperCase();
	const params = new Map<string, string[]>();
	for (const p of rawParams) {
		const eq = p.indexOf('=');
		const key = (eq < 0 ? 'TYPE' : p.slice(0, eq)).toUpperCase();
		const values = (eq < 0 ? p : p.slice(eq + 1))
			.split(',')
			.map((v) => v.replace(/^"|"$/g, '').trim());
		params.set(key, [...(params.get(key) ?? []), ...values]);
	}
	let value = line.slice(colon + 1);
	const encoding = (params.get('ENCODING') ?? []).map((e) => e.toUpperCase());
	if (encoding.includes('QUOTED-PRINTABLE')) {
		value = decodeQuotedPrintable(value, (params.get('CHARSET') ?? ['utf-8'])[0]);
	}
	// A vCard 2.1 value in a legacy CHARSET arrives as text already decoded by the file's encoding.
	return { name, params, value };
}

function bdayText(value: string): string {
	const v = value.trim().replace(/T.*$/, '');
	let m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(v);
	if (m !== null) return `${m[3]}/${m[2]}/${m[1]}`;
	m = /^--(\d{2})-?(\d{2})$/.exec(v);
	if (m !== null) return `${m[2]}/${m[1]}`;
	return value.trim();
}

/** One card's properties as a row of VCARD_HEADER columns. */
function cardRow(props: Property[]): string[] {
	const first = (name: string) => props.find((p) => p.name === name);
	const all = (name: string) => props.filter((p) => p.name === name);
	const n = first('N');
	const nParts = n === undefined ? [] : splitEscaped(n.value, ';').map(unescapeText);
	const adr = first('ADR');
	const a = adr === undefined ? [] : splitEscaped(adr.value, ';').map(unescapeText);
	const street = [a[2] ?? '', a[1] ?? ''].filter((s) => s.trim() !== '').join(', ');
	const locality = (a[3] ?? '').trim();
	const region = (a[4] ?? '').trim();
	const tel = all('TEL')
		.map((p) => unescapeText(p.value).replace(/^tel:/i, '').trim())
		.filter((t) => t !== '');
	const email = all('EMAIL')
		.map((p) =>
			unescapeText(p.value)
				.replace(/^mailto:/i, '')
				.trim()
		)
		.filter((e) => e !== '');
	const categories = all('CATEGORIES').flatMap((p) =>
		splitEscaped(p.value, ',').map((c) => unescapeText(c).trim())
	);
	const notes = all('NOTE').map((p) => unescapeText(p.value));
	const org = first('ORG');
	return [
		unescapeText(first('FN')?.value ?? '').trim(),
		(nParts[0] ?? '').trim(),
		(nParts[2] ?? '').trim(),
		(nParts[1] ?? '').trim(),
		(nParts[3] ?? '').trim(),
		tel.join(', '),
		email.join(', '),
		street,
		region === '' ? '' : locality,
		region === '' ? locality : region,
		bdayText(first('BDAY')?.value ?? ''),
		notes.join('\n'),
		categories.filter((c) => c !== '').join(', '),
		org === undefined
			? ''
			: splitEscaped(org.value, ';').map(unescapeText).filter(Boolean).join(', ')
	];
}

export interface VcardParserOptions {
	maxFieldChars: number;
	/** Each card as a row; `row` counts cards from 2 (row 1 is the virtual header). */
	onRow(cells: string[], row: number): void;
}

/** A streaming vCard reader: push decoded text in chunks, get one row per card. */
export class VcardParser {
	private readonly opts: VcardParserOptions;
	private rest = '';
	private logical: string | null = null;
	private props: Property[] | null = null;
	private row = 1;
	private line = 0;

	constructor(opts: VcardParserOptions) {
		this.opts = opts;
	}

	get cards(): number {
		return this.row - 1;
	}

	push(text: string): void {
		const s = this.rest + text;
		let start = 0;
		for (;;) {
			const nl = s.indexOf('\n', start);
			if (nl < 0) break;
			this.physical(s.slice(start, nl).replace(/\r$/, ''));
			start = nl + 1;
		}
		this.rest = s.slice(start);
		if (this.rest.length > this.opts.maxFieldChars) this.tooLong();
	}

	private tooLong(): never {
		throw new ImportError('field-too-long', {
			row: this.row + 1,
			column: 0,
			limit: this.opts.maxFieldChars
		});
	}

	private physical(line: string): void {
		this.line++;
		if (this.logical !== null && (line.startsWith(' ') || line.startsWith('\t'))) {
			this.logical += line.slice(1);
		} else if (
			this.logical !== null &&
			/ENCODING=QUOTED-PRINTABLE/i.test(this.logical.split(':')[0]) &&
			this.logical.endsWith('=')
		) {
			// vCard 2.1 quoted-printable soft line break.
			this.logical = this.logical.slice(0, -1) + line;
		} else {
			if (this.logical !== null) this.flush(this.logical);
			this.logical = line;
		}
		if (this.logical !== null && this.logical.length > this.opts.maxFieldChars) this.tooLong();
	}

	private flush(line: string): void {
		if (line.trim() === '') return;
		const upper = line.trim().toUpperCase();
		if (upper === 'BEGIN:VCARD') {
			this.props = [];
			return;
		}
		if (upper === 'END:VCARD') {
			if (this.props === null) throw new ImportError('bad-vcard', { row: this.line });
			this.opts.onRow(cardRow(this.props), ++this.row);
			this.props = null;
			return;
		}
		if (this.props === null) return;
		const prop = parseLine(line);
		if (prop !== null && prop.name !== 'PHOTO') this.props.push(prop);
	}

	end(): void {
		if (this.rest !== '') this.physical(this.rest.replace(/\r$/, ''));
		this.rest = '';
		if (this.logical !== null) this.flush(this.logical);
		this.logical = null;
		if (this.props !== null || this.row === 1)
			throw new ImportError('bad-vcard', { row: this.line });
	}
}

export function parseVcardText(text: string, maxFieldChars = 1 << 20): string[][] {
	const rows: string[][] = [];
	const p = new VcardParser({ maxFieldChars, onRow: (cells) => rows.push(cells) });
	p.push(text);
	p.end();
	return rows;
}

// --- writing -------------------------------------------------------------------------------

export function escapeText(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n?|\n/g, '\\n');
}

const encoder = new TextEncoder();

/** Folds a content line at 75 octets without cutting a UTF-8 character (RFC 6350 §3.2). */
export function foldLine(line: string): string {
	if (encoder.encode(line).length <= 75) return line + '\r\n';
	let out = '';
	let current = '';
	let size = 0;
	let limit = 75;
	for (const ch of line) {
		const n = encoder.encode(ch).length;
		if (size + n > limit) {
			out += current + '\r\n ';
			current = '';
			size = 0;
			limit = 74;
		}
		current += ch;
		size += n;
	}
	return out + current + '\r\n';
}

/** Family name first in Vietnamese: "Nguyễn Thị Hương" → family Nguyễn, middle Thị, given Hương. */
export function splitVietnameseName(name: string): {
	family: string;
	middle: string;
	given: string;
} {
	const words = name.trim().split(/\s+/).filter(Boolean);
	if (words.length <= 1) return { family: '', middle: '', given: words[0] ?? '' };
	return {
		family: words[0],
		middle: words.slice(1, -1).join(' '),
		given: words[words.length - 1]
	};
}

/** One customer as a vCard 3.0 card. */
export function customerVcard(
	c: Customer,
	tagNames: ReadonlyMap<string, string> = new Map()
): string {
	const lines: string[] = ['BEGIN:VCARD', 'VERSION:3.0'];
	const fn = c.name !== '' ? c.name : (c.phones[0]?.raw ?? c.emails[0]?.value ?? '');
	lines.push(`FN:${escapeText(fn)}`);
	const n = splitVietnameseName(c.name);
	lines.push(`N:${[n.family, n.given, n.middle, c.salutation, ''].map(escapeText).join(';')}`);
	for (const p of c.phones) lines.push(`TEL;TYPE=CELL:${escapeText(p.e164 ?? p.raw)}`);
	for (const e of c.emails) lines.push(`EMAIL;TYPE=INTERNET:${escapeText(e.value)}`);
	if (c.address !== '' || c.district !== '' || c.city !== '') {
		lines.push(
			`ADR;TYPE=HOME:;;${[c.address, c.district, c.city, '', ''].map(escapeText).join(';')}`
		);
	}
	if (c.birthday !== null) {
		lines.push(
			`BDAY:${c.birthday.startsWith('--') ? c.birthday.replace(/^--(\d{2})-(\d{2})$/, '--$1$2') : c.birthday}`
		);
	}
	const notes = [c.notes, c.invalid.birthday ? `Ngày sinh: ${c.invalid.birthday.raw}` : '']
		.filter((s) => s !== '')
		.join('\n');
	if (notes !== '') lines.push(`NOTE:${escapeText(notes)}`);
	const tags = c.tags.map((id) => tagNames.get(id) ?? id).filter((t) => t !== '');
	if (tags.length > 0) lines.push(`CATEGORIES:${tags.map(escapeText).join(',')}`);
	lines.push('END:VCARD');
	return lines.map(foldLine).join('');
}

export async function vcardBlob(
	batches: AsyncIterable<readonly Customer[]> | Iterable<readonly Customer[]>,
	tagNames: ReadonlyMap<string, string> = new Map(),
	onProgress?: (rows: number) => void
): Promise<Blob> {
	const parts: string[] = [];
	let rows = 0;
	for await (const batch of batches) {
		let out = '';
		for (const c of batch) out += customerVcard(c, tagNames);
		rows += batch.length;
		parts.push(out);
		onProgress?.(rows);
	}
	return new Blob(parts, { type: 'text/vcard;charset=utf-8' });
}
