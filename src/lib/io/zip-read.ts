/**
 * Reading entries of a zip (an .xlsx) from a Blob without loading it whole, and without trusting
 * it: the central directory is read from the end, each entry is inflated in small slices with
 * fflate's streaming Inflate, and the output is counted as it comes. An entry that expands past
 * the size it declares, past the total limit, or at a ratio no real workbook has, is a zip bomb.
 */
import { Inflate } from 'fflate';
import { ImportError, throwIfCancelled } from './errors';

export interface ZipEntry {
	name: string;
	method: number;
	flags: number;
	compressedSize: number;
	size: number;
	offset: number;
}

export interface ZipLimits {
	/** Total uncompressed bytes read from the archive. */
	maxUncompressedBytes: number;
	/** Output/input ratio above which an entry is a bomb, once its output passes `ratioGraceBytes`. */
	maxCompressionRatio: number;
	ratioGraceBytes: number;
	maxEntries: number;
}

async function bytesOf(blob: Blob, start: number, end: number): Promise<Uint8Array> {
	return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

function u16(b: Uint8Array, i: number): number {
	return b[i] | (b[i + 1] << 8);
}

function u32(b: Uint8Array, i: number): number {
	return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries listed in the central directory. */
export async function readZipDirectory(blob: Blob, limits: ZipLimits): Promise<ZipEntry[]> {
	const tailStart = Math.max(0, blob.size - 65557);
	const tail = await bytesOf(blob, tailStart, blob.size);
	let at = -1;
	for (let i = tail.length - 22; i >= 0; i--) {
		if (u32(tail, i) === EOCD) {
			at = i;
			break;
		}
	}
	if (at < 0) throw new ImportError('bad-zip', {}, 'No zip central directory.');
	const count = u16(tail, at + 10);
	const cdSize = u32(tail, at + 12);
	const cdOffset = u32(tail, at + 16);
	if (count === 0xffff || cdOffset === 0xffffffff) {
		throw new ImportError('bad-zip', {}, 'ZIP64 archives are not read.');
	}
	if (count > limits.maxEntries) throw new ImportError('bad-zip', {}, 'Too many zip entries.');
	if (cdOffset + cdSize > blob.size || cdSize > count * (46 + 65535 * 3)) {
		throw new ImportError('bad-zip', {}, 'The zip directory is cut or broken.');
	}
	const cd = await bytesOf(blob, cdOffset, cdOffset + cdSize);
	const entries: ZipEntry[] = [];
	let p = 0;
	for (let k = 0; k < count; k++) {
		if (p + 46 > cd.length || u32(cd, p) !== CENTRAL) {
			throw new ImportError('bad-zip', {}, 'Broken zip directory entry.');
		}
		const flags = u16(cd, p + 8);
		const nameLength = u16(cd, p + 28);
		const extraLength = u16(cd, p + 30);
		const commentLength = u16(cd, p + 32);
		const nameBytes = cd.subarray(p + 46, p + 46 + nameLength);
		entries.push({
			name: new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes),
			method: u16(cd, p + 10),
			flags,
			compressedSize: u32(cd, p + 20),
			size: u32(cd, p + 24),
			offset: u32(cd, p + 42)
		});
		p += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

export interface EntryReadOptions {
	limits: ZipLimits;
	/** Shared between the entries of one archive: the total read so far. */
	budget: { used: number };
	signal?: AbortSignal;
	/** Compressed bytes consumed since the last call. */
	onBytes?: (consumed: number) => void;
}

/** Reads `blob` in slices and hands the entry's uncompressed bytes to `onData`, checked as they come. */
export async function inflateEntry(
	blob: Blob,
	entry: ZipEntry,
	onData: (bytes: Uint8Array) => void,
	opts: EntryReadOptions
): Promise<void> {
	const { limits, budget } = opts;
	if (entry.flags & 1) throw new ImportError('encrypted-xlsx', {});
	if (entry.method !== 0 && entry.method !== 8) {
		throw new ImportError('bad-zip', { entry: entry.name }, `Compression method ${entry.method}.`);
	}
	if (budget.used + entry.size > limits.maxUncompressedBytes) {
		throw new ImportError('zip-bomb', { entry: entry.name, limit: limits.maxUncompressedBytes });
	}
	const header = await bytesOf(blob, entry.offset, entry.offset + 30);
	if (header.length < 30 || u32(header, 0) !== LOCAL) {
		throw new ImportError('bad-zip', { entry: entry.name }, 'Broken local header.');
	}
	const start = entry.offset + 30 + u16(header, 26) + u16(header, 28);
	const end = start + entry.compressedSize;
	if (end > blob.size) throw new ImportError('bad-zip', { entry: entry.name }, 'Entry cut short.');

	let produced = 0;
	let consumed = 0;
	const check = (bytes: Uint8Array): void => {
		produced += bytes.length;
		budget.used += bytes.length;
		if (produced > entry.size || budget.used > limits.maxUncompressedBytes) {
			throw new ImportError('zip-bomb', { entry: entry.name, limit: limits.maxUncompressedBytes });
		}
		if (
			produced > limits.ratioGraceBytes &&
			produced > Math.max(consumed, 1) * limits.maxCompressionRatio
		) {
			throw new ImportError('zip-bomb', { entry: entry.name, limit: limits.maxUncompressedBytes });
		}
		onData(bytes);
	};
	let inflate: Inflate | null = null;
	if (entry.method === 8) {
		inflate = new Inflate();
		inflate.ondata = (data) => check(data);
	}
	const READ = 1 << 20;
	// Deflate expands at most ~1032:1, so a 4 KiB slice yields at most ~4 MiB at once.
	const SLICE = 4 << 10;
	for (let pos = start; pos < end; pos += READ) {
		throwIfCancelled(opts.signal);
		const chunk = await bytesOf(blob, pos, Math.min(end, pos + READ));
		for (let i = 0; i < chunk.length; i += SLICE) {
			const piece = chunk.subarray(i, Math.min(chunk.length, i + SLICE));
			consumed += piece.length;
			const last = pos + i + piece.length >= end;
			try {
				if (inflate !== null) inflate.push(piece, last);
				else check(piece);
			} catch (e) {
				if (e instanceof ImportError) throw e;
				throw new ImportError('bad-zip', { entry: entry.name }, `Cannot inflate: ${String(e)}`);
			}
		}
		opts.onBytes?.(chunk.length);
	}
	if (entry.compressedSize === 0 && inflate !== null) inflate.push(new Uint8Array(0), true);
	if (produced !== entry.size) {
		throw new ImportError('bad-zip', { entry: entry.name }, 'Entry size does not match.');
	}
}

/** The whole text of a small entry (workbook, relationships, styles). */
export async function entryText(
	blob: Blob,
	entry: ZipEntry,
	opts: EntryReadOptions & { maxBytes: number }
): Promise<string> {
	if (entry.size > opts.maxBytes) {
		throw new ImportError('zip-bomb', { entry: entry.name, limit: opts.maxBytes });
	}
	const decoder = new TextDecoder('utf-8');
	let text = '';
	await inflateEntry(
		blob,
		entry,
		(bytes) => (text += decoder.decode(bytes, { stream: true })),
		opts
	);
	return text + decoder.decode();
}
