/**
 * The plain (decrypted) backup format, version 1: NDJSON, one JSON value per line.
 *
 *     {"format":"so-khach-backup","formatVersion":1,…,"tables":[{"name":"customers","count":2,"sha256":"…"},…]}
 *     {"table":"customers","count":2}
 *     {"id":"01J…","name":"Nguyễn Thị Hương",…}
 *     {"id":"01J…",…}
 *     {"table":"purchases","count":0}
 *     …
 *
 * A table's `sha256` is the SHA-256 of its record lines exactly as they are in the file, line
 * endings included (what `sha256sum` prints for those lines). docs/backup-format.md is the
 * reference for people reading or writing a backup by hand; this module encodes and checks it.
 * Pure: no database, no crypto beyond the hash, so it runs in the page, a worker and Node.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { altered, BackupError, damaged, incomplete, newerVersion, notABackup } from './errors';

export const BACKUP_FORMAT = 'so-khach-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** scrypt work factor (log2 N) of the backups this app writes: age's own default. */
export const BACKUP_WORK_FACTOR = 18;

/**
 * The highest work factor read. age's reference implementation accepts up to 22, but the
 * age-encryption library refuses above 20 itself, and 2^21 would need 2 GiB for scrypt, more
 * than a browser tab can count on. Nothing this app or `age -p` writes comes near it.
 */
export const MAX_WORK_FACTOR = 20;

/** No record comes close; a "line" this long means the data is not NDJSON at all. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * What opens a backup: the passphrase it was locked with (a plain string), or the identity
 * (`AGE-SECRET-KEY-1…`) of the X25519 recipient an automatic backup was encrypted to.
 */
export type BackupKey = string | { identity: string };

export function isIdentityKey(key: BackupKey): key is { identity: string } {
	return typeof key !== 'string';
}

export interface ManifestTable {
	name: string;
	count: number;
	/** Lower-case hex SHA-256 of the table's record lines. */
	sha256: string;
}

export interface BackupManifest {
	format: typeof BACKUP_FORMAT;
	formatVersion: number;
	/** The app version that wrote the backup (package.json `version`). */
	appVersion: string;
	/** The database schema version the records are shaped by (SCHEMA_VERSION when written). */
	schemaVersion: number;
	/** ISO 8601 UTC. */
	createdAt: string;
	shopName: string;
	/** In the order the tables follow in the file. */
	tables: ManifestTable[];
}

export interface TableHeader {
	table: string;
	count: number;
}

export type BackupRecord = Record<string, unknown>;

/** Verified records of one table, in file order. */
export interface RecordChunk {
	table: string;
	records: BackupRecord[];
}

export type BackupPhase = 'key' | 'scan' | 'write' | 'verify' | 'upgrade';

/**
 * key: deriving the key from the passphrase (no steps); scan: export's first pass over the
 * tables (counts and hashes); write: records written to the file or the database; verify:
 * restore's first pass over the file; upgrade: an older backup brought to the current schema.
 */
export interface BackupProgress {
	phase: BackupPhase;
	done: number;
	total: number;
}

export type ProgressListener = (progress: BackupProgress) => void;

/**
 * Passes on the first and last report of each phase and at most about 200 in between: a worker
 * posts every report to the page, and a million records need not make a million messages.
 */
export function throttleProgress(listener?: ProgressListener): ProgressListener {
	let last: BackupProgress | null = null;
	return (p) => {
		if (listener === undefined) return;
		const same = last !== null && last.phase === p.phase && last.total === p.total;
		if (same && p.done !== p.total && p.done - (last as BackupProgress).done < p.total / 200) {
			return;
		}
		last = p;
		listener(p);
	};
}

/** Where verified (or upgraded) records come from when they are written. */
export interface RecordSource {
	chunks(options?: ChunkOptions): AsyncGenerator<RecordChunk, void, undefined>;
}

export interface ChunkOptions {
	/** Records per chunk at most (one bulk write each). */
	chunkSize?: number;
	signal?: AbortSignal;
}

/** Every table's records are keyed by `id`, except settings (`key`). */
export function keyFieldOf(table: string): 'id' | 'key' {
	return table === 'settings' ? 'key' : 'id';
}

const encoder = new TextEncoder();

/**
 * One JSON value per line. JSON.stringify escapes line breaks inside strings, so a record never
 * spans lines. Values must be JSON data (storage forms: strings, numbers, booleans, null, arrays,
 * plain objects): absent and `undefined` fields are alike to the app, and both are left out.
 */
export function encodeLine(value: unknown): Uint8Array {
	return encoder.encode(JSON.stringify(value) + '\n');
}

/** Many record lines in one buffer: one encode and one hash update per chunk, not per record. */
export function encodeLines(values: readonly unknown[]): Uint8Array {
	if (values.length === 0) return new Uint8Array(0);
	return encoder.encode(values.map((v) => JSON.stringify(v)).join('\n') + '\n');
}

export function encodeManifest(manifest: BackupManifest): Uint8Array {
	// Written field by field so the file always reads in the same order, whatever built the object.
	const { format, formatVersion, appVersion, schemaVersion, createdAt, shopName, tables } =
		manifest;
	return encodeLine({
		format,
		formatVersion,
		appVersion,
		schemaVersion,
		createdAt,
		shopName,
		tables: tables.map(({ name, count, sha256 }) => ({ name, count, sha256 }))
	});
}

export function encodeTableHeader(table: string, count: number): Uint8Array {
	return encodeLine({ table, count } satisfies TableHeader);
}

/** Incremental SHA-256 of a table's lines (WebCrypto has no incremental digest). */
export interface TableHash {
	update(bytes: Uint8Array): void;
	hex(): string;
}

export function tableHash(): TableHash {
	const h = sha256.create();
	return {
		update(bytes) {
			h.update(bytes);
		},
		hex() {
			return bytesToHex(h.digest());
		}
	};
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
	return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

export interface VersionLimits {
	formatVersion: number;
	schemaVersion: number;
	/** Tables this app can store; a manifest naming another is not ours to restore. */
	tables: readonly string[];
}

/**
 * Reads the first line. Not JSON, or JSON without our `format`: not a backup. Ours but newer than
 * this app: newer-version, checked before the rest so that a newer layout is not called damaged.
 */
export function parseManifest(text: string, limits: VersionLimits): BackupManifest {
	let value: unknown;
	try {
		value = JSON.parse(text.replace(/^\ufeff/, ''));
	} catch (e) {
		throw notABackup('The file holds no Sổ Khách backup manifest.', e);
	}
	if (!isObject(value) || value.format !== BACKUP_FORMAT) {
		throw notABackup('The file holds no Sổ Khách backup manifest.');
	}
	const { formatVersion, schemaVersion, appVersion, createdAt, shopName, tables } = value;
	if (!Number.isSafeInteger(formatVersion) || !Number.isSafeInteger(schemaVersion)) {
		throw damaged('The manifest has no valid versions.');
	}
	const fv = formatVersion as number;
	const sv = schemaVersion as number;
	if (fv > limits.formatVersion || sv > limits.schemaVersion) {
		throw newerVersion({
			appVersion: typeof appVersion === 'string' ? appVersion : '?',
			formatVersion: fv,
			schemaVersion: sv
		});
	}
	if (fv < 1 || sv < 1) throw damaged('The manifest has no valid versions.');
	if (
		typeof appVersion !== 'string' ||
		typeof createdAt !== 'string' ||
		typeof shopName !== 'string' ||
		!Array.isArray(tables)
	) {
		throw damaged('The manifest is missing fields.');
	}
	const seen = new Set<string>();
	const list: ManifestTable[] = tables.map((t: unknown) => {
		if (
			!isObject(t) ||
			typeof t.name !== 'string' ||
			!limits.tables.includes(t.name) ||
			seen.has(t.name) ||
			!isCount(t.count) ||
			typeof t.sha256 !== 'string' ||
			!/^[0-9a-f]{64}$/.test(t.sha256)
		) {
			throw damaged('The manifest lists a table this app does not know, or twice.');
		}
		seen.add(t.name);
		return { name: t.name, count: t.count, sha256: t.sha256 };
	});
	return {
		format: BACKUP_FORMAT,
		formatVersion: fv,
		appVersion,
		schemaVersion: sv,
		createdAt,
		shopName,
		tables: list
	};
}

function asTableHeader(value: unknown): TableHeader | null {
	if (!isObject(value) || typeof value.table !== 'string' || !isCount(value.count)) return null;
	// A record is never mistaken for a header: records carry their key.
	if ('id' in value || 'key' in value) return null;
	return { table: value.table, count: value.count };
}

/**
 * Cuts a byte stream into lines. Each line keeps its terminator ("\n", or "\r\n" from an editor
 * on Windows) because the table hashes cover the bytes as they are in the file; a last line
 * without one is a line too.
 */
export class LineSplitter {
	private pending: Uint8Array[] = [];
	private pendingBytes = 0;

	constructor(private readonly maxLine: number = MAX_LINE_BYTES) {}

	/** The lines completed by `chunk`. Views into `chunk`: use them before the next push. */
	push(chunk: Uint8Array): Uint8Array[] {
		const lines: Uint8Array[] = [];
		let start = 0;
		for (;;) {
			const nl = chunk.indexOf(10, start);
			if (nl < 0) break;
			const tail = chunk.subarray(start, nl + 1);
			lines.push(this.pendingBytes > 0 ? this.take(tail) : tail);
			start = nl + 1;
		}
		if (start < chunk.length) {
			const rest = chunk.subarray(start);
			this.pendingBytes += rest.length;
			if (this.pendingBytes > this.maxLine) throw new LineTooLongError();
			this.pending.push(rest);
		}
		return lines;
	}

	/** The last line when the data does not end with a line break. */
	end(): Uint8Array | null {
		return this.pendingBytes > 0 ? this.take(new Uint8Array(0)) : null;
	}

	private take(tail: Uint8Array): Uint8Array {
		const line = new Uint8Array(this.pendingBytes + tail.length);
		let at = 0;
		for (const part of this.pending) {
			line.set(part, at);
			at += part.length;
		}
		line.set(tail, at);
		this.pending = [];
		this.pendingBytes = 0;
		return line;
	}
}

export class LineTooLongError extends Error {
	constructor() {
		super('A line is longer than any backup line can be.');
		this.name = 'LineTooLongError';
	}
}

function isBlank(line: Uint8Array): boolean {
	for (const b of line) if (b !== 10 && b !== 13 && b !== 32 && b !== 9) return false;
	return true;
}

export interface PlainReaderOptions extends VersionLimits {
	/**
	 * Without it the reader verifies: every table's count and SHA-256, parsing only the manifest
	 * and the table headers. With it the reader reads: every record is parsed, checked to be a
	 * JSON object with its key, and handed over in file order; counts are checked, hashes are
	 * not (restore.ts reads a file a second time only once the first pass verified it and age
	 * authenticates every byte of the second).
	 */
	onRecord?: (table: string, record: BackupRecord) => void;
}

const TABLE_KEY = new TextEncoder().encode('"table"');

/** Whether a line could be a table header, found without parsing it (records are not). */
function mentionsTable(line: Uint8Array): boolean {
	const first = TABLE_KEY[1];
	for (let i = line.indexOf(first, 1); i >= 0; i = line.indexOf(first, i + 1)) {
		let j = 0;
		while (j < TABLE_KEY.length && line[i - 1 + j] === TABLE_KEY[j]) j++;
		if (j === TABLE_KEY.length) return true;
	}
	return false;
}

type ReaderState = 'manifest' | 'header' | 'records' | 'end';

/**
 * Checks a plain backup line by line: the manifest, each table's header against it, then either
 * (verifying) each table's count and hash or (reading) each record. Throws a BackupError at the
 * first line that is wrong. Memory: one line and one hash state, whatever the size of the book.
 */
export class PlainBackupReader {
	manifest: BackupManifest | null = null;
	/** Records read so far, over all tables. */
	recordsRead = 0;

	private state: ReaderState = 'manifest';
	private tableIndex = 0;
	private found = 0;
	private hash: TableHash = tableHash();
	private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

	constructor(private readonly options: PlainReaderOptions) {}

	get total(): number {
		return this.manifest?.tables.reduce((sum, t) => sum + t.count, 0) ?? 0;
	}

	private get table(): ManifestTable {
		return (this.manifest as BackupManifest).tables[this.tableIndex];
	}

	private text(line: Uint8Array): string {
		try {
			return this.decoder.decode(line);
		} catch (e) {
			if (this.state === 'manifest') throw notABackup('The file is not UTF-8 text.', e);
			throw damaged('A line is not valid UTF-8.', this.table?.name, e);
		}
	}

	private parse(line: Uint8Array): unknown {
		try {
			return JSON.parse(this.text(line));
		} catch (e) {
			if (e instanceof BackupError) throw e;
			throw damaged('A line is not valid JSON.', this.table?.name, e);
		}
	}

	line(line: Uint8Array): void {
		switch (this.state) {
			case 'manifest':
				this.manifest = parseManifest(this.text(line), this.options);
				this.nextTable(0);
				return;
			case 'header':
				this.header(line);
				return;
			case 'records':
				this.record(line);
				return;
			case 'end':
				if (!isBlank(line)) throw altered('The backup goes on after its last table.');
		}
	}

	/** The data ended: everything the manifest lists must have been read. */
	end(): BackupManifest {
		if (this.state === 'manifest') throw notABackup('The file is empty.');
		if (this.state !== 'end') {
			throw incomplete(this.table.name, this.table.count, this.found);
		}
		return this.manifest as BackupManifest;
	}

	private nextTable(index: number): void {
		this.tableIndex = index;
		this.found = 0;
		this.hash = tableHash();
		this.state = index < (this.manifest as BackupManifest).tables.length ? 'header' : 'end';
	}

	private header(line: Uint8Array): void {
		const value = this.parse(line);
		const header = asTableHeader(value);
		const expected = this.table;
		if (header === null) {
			// Records where the next table should begin: the previous one has more than it says.
			const previous = (this.manifest as BackupManifest).tables[this.tableIndex - 1];
			if (previous && isObject(value)) {
				throw altered(`The ${previous.name} table holds more records than listed.`, previous.name);
			}
			throw damaged(`The ${expected.name} table has no header line.`, expected.name);
		}
		if (header.table !== expected.name || header.count !== expected.count) {
			throw altered(`The table header does not match the manifest.`, expected.name);
		}
		this.state = 'records';
		if (expected.count === 0) this.finishTable();
	}

	private record(line: Uint8Array): void {
		const table = this.table;
		const onRecord = this.options.onRecord;
		if (onRecord === undefined) {
			// A header where a record should be: the table is short.
			if (mentionsTable(line) && asTableHeader(this.parse(line)) !== null) {
				throw incomplete(table.name, table.count, this.found);
			}
			this.hash.update(line);
		} else {
			const value = this.parse(line);
			if (!isObject(value)) throw damaged(`A ${table.name} line is not a record.`, table.name);
			if (asTableHeader(value) !== null) throw incomplete(table.name, table.count, this.found);
			const key = value[keyFieldOf(table.name)];
			if (typeof key !== 'string' || key === '') {
				throw damaged(`A ${table.name} record has no key.`, table.name);
			}
			onRecord(table.name, value);
		}
		this.found += 1;
		this.recordsRead += 1;
		if (this.found === table.count) this.finishTable();
	}

	private finishTable(): void {
		const table = this.table;
		if (this.options.onRecord === undefined && this.hash.hex() !== table.sha256) {
			throw altered(`The ${table.name} records do not match their SHA-256.`, table.name);
		}
		this.nextTable(this.tableIndex + 1);
	}
}

/** Feeds a whole plain backup through a reader: for tests and small files. */
export function readPlain(bytes: Uint8Array, options: PlainReaderOptions): BackupManifest {
	const reader = new PlainBackupReader(options);
	const splitter = new LineSplitter();
	try {
		for (const line of splitter.push(bytes)) reader.line(line);
		const last = splitter.end();
		if (last) reader.line(last);
	} catch (e) {
		throw asLineError(e, reader);
	}
	return reader.end();
}

/** A line too long to be ours: not a backup when it is the first, else damaged. */
export function asLineError(e: unknown, reader: PlainBackupReader): unknown {
	if (!(e instanceof LineTooLongError)) return e;
	return reader.manifest === null
		? notABackup('The file holds no Sổ Khách backup manifest.', e)
		: damaged(e.message, undefined, e);
}
