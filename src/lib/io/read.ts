/**
 * Reading an imported file into a header and a compact row store: what kind of file it is (by its
 * bytes, not its name), its encoding and delimiter for text, then a streaming parse in 1 MiB
 * slices with progress and cancelling, under the limits of limits.ts.
 */
import { normalisePhone } from '$lib/domain/phone';
import { normaliseEmail } from '$lib/domain/email';
import { CsvParser, detectDelimiter, sepLine, type Delimiter } from './csv-parse';
import {
	createTextDecoder,
	detectEncoding,
	type DetectedEncoding,
	type TextEncodingName
} from './encoding';
import { ImportError, throwIfCancelled } from './errors';
import { targetForHeader } from './headers';
import { withLimits, type ImportLimits } from './limits';
import { RowTable } from './table';
import type { FileKind } from './types';
import { VCARD_HEADER, VcardParser } from './vcard';
import { readXlsx } from './xlsx-read';

export interface ReadOptions {
	limits?: Partial<ImportLimits>;
	signal?: AbortSignal;
	/** Bytes read so far and the file's size. */
	onProgress?: (done: number, total: number) => void;
	/** Overrides for text files, when the user corrects the detection. */
	encoding?: TextEncodingName;
	delimiter?: Delimiter;
	/** Bytes per read (tests make it small to cut fields and characters across reads). */
	chunkBytes?: number;
}

export interface ReadResult {
	kind: FileKind;
	encoding: TextEncodingName | null;
	delimiter: Delimiter | null;
	/** Column titles; untitled columns are ''. As wide as the widest row. */
	header: string[];
	/** False when the first row was data (no title matched and it held a phone or an email). */
	hasHeader: boolean;
	/** Data rows (blank rows left out). */
	rows: RowTable;
	blankRows: number;
}

const MiB = 1 << 20;

async function bytesOf(blob: Blob, start: number, end: number): Promise<Uint8Array> {
	return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
	return magic.every((b, i) => bytes[i] === b);
}

/** UTF-16LE "EncryptedPackage": the stream an encrypted OOXML file keeps inside its OLE container. */
function hasEncryptedPackage(bytes: Uint8Array): boolean {
	const needle = Array.from('EncryptedPackage').flatMap((ch) => [ch.charCodeAt(0), 0]);
	outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
		for (let k = 0; k < needle.length; k++) if (bytes[i + k] !== needle[k]) continue outer;
		return true;
	}
	return false;
}

/** What the first bytes say the file is. Text is anything else that is not a known binary. */
async function sniff(file: Blob): Promise<'xlsx' | 'text'> {
	if (file.size === 0) throw new ImportError('empty-file', {});
	const head = await bytesOf(file, 0, Math.min(file.size, 8));
	if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
	if (startsWith(head, [0x50, 0x4b, 0x05, 0x06])) throw new ImportError('bad-zip', {});
	if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
		const start = await bytesOf(file, 0, Math.min(file.size, MiB));
		const end = await bytesOf(file, Math.max(0, file.size - MiB), file.size);
		if (hasEncryptedPackage(start) || hasEncryptedPackage(end)) {
			throw new ImportError('encrypted-xlsx', {});
		}
		throw new ImportError('xls-unsupported', {});
	}
	const known: ReadonlyArray<readonly [readonly number[], string]> = [
		[[0x25, 0x50, 0x44, 0x46], 'pdf'],
		[[0x89, 0x50, 0x4e, 0x47], 'png'],
		[[0xff, 0xd8, 0xff], 'jpeg'],
		[[0x47, 0x49, 0x46, 0x38], 'gif'],
		[[0x1f, 0x8b], 'gzip'],
		[[0x52, 0x61, 0x72, 0x21], 'rar'],
		[[0x37, 0x7a, 0xbc, 0xaf], '7z']
	];
	for (const [magic, detected] of known) {
		if (startsWith(head, magic)) throw new ImportError('unsupported-file', { detected });
	}
	return 'text';
}

/**
 * Samples for encoding detection: the first MiB, then stretches of later MiBs that hold non-ASCII
 * bytes (cut to start and end on ASCII bytes, which are character boundaries in every encoding we
 * read), until 8 KiB of non-ASCII bytes are seen or 32 MiB were scanned. A header like "Tên" has
 * letters that read the same in both code pages; the names further down decide.
 */
async function encodingSamples(file: Blob): Promise<{ start: Uint8Array; more: Uint8Array[] }> {
	const start = await bytesOf(file, 0, Math.min(file.size, MiB));
	const more: Uint8Array[] = [];
	let seen = 0;
	for (let i = 0; i < start.length; i++) if (start[i] > 0x7f) seen++;
	const limit = Math.min(file.size, 32 * MiB);
	for (let pos = MiB; pos < limit && seen < 8192; pos += MiB) {
		const chunk = await bytesOf(file, pos, Math.min(file.size, pos + MiB));
		const first = chunk.findIndex((b) => b > 0x7f);
		if (first < 0) continue;
		let last = chunk.length - 1;
		while (last > first && chunk[last] > 0x7f) last--;
		if (last <= first) continue;
		const window = chunk.subarray(first, last);
		for (let i = 0; i < window.length; i++) if (window[i] > 0x7f) seen++;
		more.push(window);
	}
	return { start, more };
}

function nfc(cell: string): string {
	// eslint-disable-next-line no-control-regex
	return /[^\x00-\x7f]/.test(cell) ? cell.normalize('NFC') : cell;
}

function looksLikeData(cells: readonly string[]): boolean {
	if (cells.some((c) => targetForHeader(c) !== null)) return false;
	return cells.some((c) => {
		const t = c.trim();
		return (
			(/^[+\d(][\d\s.()-]{7,}$/.test(t) && normalisePhone(t).e164 !== null) ||
			normaliseEmail(t).valid
		);
	});
}

/** Receives records from any reader: the header, then data rows, blank ones counted and left out. */
class TableSink {
	header: string[] | null = null;
	hasHeader = true;
	blankRows = 0;
	readonly rows = new RowTable();
	private width = 0;
	private readonly limits: ImportLimits;

	constructor(limits: ImportLimits) {
		this.limits = limits;
	}

	add(raw: string[], row: number): void {
		let blank = true;
		for (let i = 0; i < raw.length; i++) {
			const v = nfc(raw[i]);
			raw[i] = v;
			if (blank && v.trim() !== '') blank = false;
		}
		if (blank) {
			this.blankRows++;
			return;
		}
		if (this.header === null) {
			if (looksLikeData(raw)) {
				this.hasHeader = false;
				this.header = [];
			} else {
				this.header = raw.map((h) => h.replace(/\s+/g, ' ').trim());
				this.width = raw.length;
				return;
			}
		}
		if (this.rows.rowCount >= this.limits.maxRows) {
			throw new ImportError('too-many-rows', { limit: this.limits.maxRows });
		}
		if (raw.length > this.width) this.width = raw.length;
		this.rows.add(raw, row);
	}

	finish(): string[] {
		this.rows.finish();
		if (this.header === null) throw new ImportError('empty-file', {});
		const header = this.header.slice();
		while (header.length < this.width) header.push('');
		if (!this.hasHeader) for (let i = 0; i < header.length; i++) header[i] = `Cột ${i + 1}`;
		if (header.every((h) => h === '')) throw new ImportError('no-header', {});
		return header;
	}
}

async function streamText(
	file: Blob,
	enc: DetectedEncoding,
	push: (text: string) => void,
	opts: ReadOptions
): Promise<void> {
	const decoder = createTextDecoder(enc.encoding);
	const step = opts.chunkBytes ?? MiB;
	for (let pos = 0; pos < file.size; pos += step) {
		throwIfCancelled(opts.signal);
		const bytes = await bytesOf(file, pos, Math.min(file.size, pos + step));
		push(decoder.decode(bytes, { stream: true }));
		opts.onProgress?.(Math.min(file.size, pos + step), file.size);
	}
	throwIfCancelled(opts.signal);
	push(decoder.decode());
}

function hasNul(text: string): boolean {
	return text.includes('\u0000');
}

/** Reads a CSV, .xlsx or vCard file into a header and rows. */
export async function readTable(file: Blob, opts: ReadOptions = {}): Promise<ReadResult> {
	const limits = withLimits(opts.limits);
	throwIfCancelled(opts.signal);
	const kind = await sniff(file);
	const sink = new TableSink(limits);
	if (kind === 'xlsx') {
		await readXlsx(file, {
			limits,
			signal: opts.signal,
			onProgress: opts.onProgress,
			onRow: (cells, row) => sink.add(cells, row)
		});
		const header = sink.finish();
		opts.onProgress?.(file.size, file.size);
		return {
			kind: 'xlsx',
			encoding: null,
			delimiter: null,
			header,
			hasHeader: sink.hasHeader,
			rows: sink.rows,
			blankRows: sink.blankRows
		};
	}

	const samples = opts.encoding ? null : await encodingSamples(file);
	const detected: DetectedEncoding =
		samples === null
			? { encoding: opts.encoding ?? 'utf-8', bomLength: 0 }
			: detectEncoding(samples.start, samples.more);
	const head = createTextDecoder(detected.encoding).decode(
		await bytesOf(file, 0, Math.min(file.size, 256 << 10)),
		{ stream: true }
	);
	if (hasNul(head)) throw new ImportError('unsupported-file', { detected: 'binary' });
	if (head.trim() === '') throw new ImportError('empty-file', {});
	const trimmed = head.replace(/^[\ufeff\s]+/, '').slice(0, 64);
	if (/^<(?:!doctype html|html|table)/i.test(trimmed)) {
		throw new ImportError('unsupported-file', { detected: 'html' });
	}

	if (/^BEGIN:VCARD/i.test(trimmed)) {
		const parser = new VcardParser({
			maxFieldChars: limits.maxFieldChars,
			onRow: (cells, row) => sink.add(cells, row)
		});
		sink.add([...VCARD_HEADER], 1);
		await streamText(file, detected, (t) => parser.push(t), opts);
		parser.end();
		return {
			kind: 'vcard',
			encoding: detected.encoding,
			delimiter: null,
			header: sink.finish(),
			hasHeader: true,
			rows: sink.rows,
			blankRows: sink.blankRows
		};
	}

	const text = head.replace(/^\ufeff/, '');
	const delimiter = opts.delimiter ?? detectDelimiter(text);
	const skipFirst = sepLine(text) !== null;
	const parser = new CsvParser({
		delimiter,
		maxFieldChars: limits.maxFieldChars,
		maxColumns: limits.maxColumns,
		onRow: (cells, row) => {
			if (skipFirst && row === 1) return;
			sink.add(cells, row);
		}
	});
	await streamText(file, detected, (t) => parser.push(t), opts);
	parser.end();
	return {
		kind: 'csv',
		encoding: detected.encoding,
		delimiter,
		header: sink.finish(),
		hasHeader: sink.hasHeader,
		rows: sink.rows,
		blankRows: sink.blankRows
	};
}
