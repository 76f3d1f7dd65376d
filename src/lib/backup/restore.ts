/**
 * Opens a backup (an age file locked with a passphrase, or encrypted to the X25519 key of the
 * automatic backups and opened with its identity), verifies all of it, and writes it into the
 * customer book.
 *
 * Two passes over the same file, because a browser cannot spill to disk and a book of a million
 * customers does not fit in memory:
 *
 * 1. `readBackup` decrypts the whole file (age authenticates every 64 KiB block) and checks the
 *    manifest, each table's header, count and SHA-256, holding one block, one line and one hash
 *    state at a time. Nothing is written; a wrong passphrase, a changed, damaged or incomplete file
 *    is refused here.
 * 2. `restoreBackup` reads the file again inside ONE read-write transaction and writes it chunk by
 *    chunk, parsing each record and checking its key. The header must be byte for byte the one
 *    verified, so the file key is the same, and age's authentication then guarantees the same
 *    plaintext: the hashes are not computed twice. A file changed on disk in between, a line that
 *    is not a record, a storage error, a cancel or a closed tab aborts the transaction, and
 *    IndexedDB leaves the book exactly as it was. Memory: one block and one chunk of records
 *    (2,000 by default), plus, for a merge, the ids of the customers whose totals to recompute;
 *    the browser's own transaction buffer is out of our hands.
 *
 * The key is derived once (scrypt is the slow part); the second pass reuses the file key.
 */
import { armor, Decrypter, identityToRecipient, type Identity } from 'age-encryption';
import Dexie from 'dexie';
import { batchScope, DATA_TABLES, hasUpdatedAt, openBatch } from '$lib/db/changes';
import { tombstonesIn, TOMBSTONES_TABLE } from '$lib/db/erase';
import { toAppError } from '$lib/db/errors';
import { recomputeStats } from '$lib/db/purchases';
import { SCHEMA_VERSION, type SoKhachDB } from '$lib/db/schema';
import type { TableName } from '$lib/domain/types';
import { applyTombstones } from '$lib/privacy/erase';
import {
	altered,
	BackupError,
	damaged,
	needsKey,
	needsPassphrase,
	notABackup,
	workFactorTooHigh,
	wrongKey,
	wrongPassphrase
} from './errors';
import {
	backupFileName,
	collectBlob,
	exportBackup,
	normalisePassphrase,
	type ExportOptions
} from './export';
import {
	asLineError,
	BACKUP_FORMAT_VERSION,
	encodeManifest,
	isIdentityKey,
	keyFieldOf,
	LineSplitter,
	MAX_WORK_FACTOR,
	PlainBackupReader,
	throttleProgress,
	type BackupKey,
	type BackupManifest,
	type BackupProgress,
	type BackupRecord,
	type ChunkOptions,
	type ProgressListener,
	type RecordChunk,
	type RecordSource,
	type VersionLimits
} from './format';
import { upgradeBackup, type UpgradedBackup } from './upgrade';

/**
 * A backup file that can be read more than once: a File or Blob (what the page gets from an
 * `<input type=file>`), its bytes, or a function opening a fresh stream of it each time.
 */
export type BackupSource = Blob | Uint8Array | (() => ReadableStream<Uint8Array>);

export interface ReadOptions {
	/** Highest scrypt work factor (log2 N) accepted; never above MAX_WORK_FACTOR. */
	maxWorkFactor?: number;
	onProgress?: ProgressListener;
	signal?: AbortSignal;
}

/** A backup whose every record has been checked against its manifest. */
export interface VerifiedBackup extends RecordSource {
	readonly manifest: BackupManifest;
	/**
	 * The records in file order, read and decrypted again and parsed as they come. A problem
	 * found on the way (the file changed, a line is not a record) is thrown after earlier chunks
	 * were yielded: consume them where a throw undoes what was done with them (a transaction).
	 */
	chunks(options?: ChunkOptions): AsyncGenerator<RecordChunk, void, undefined>;
}

const AGE_VERSION_LINE = 'age-encryption.org/v1\n';
const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
/** Our headers are under 200 bytes; one this long (hundreds of recipients) is not ours. */
const MAX_HEADER_BYTES = 64 * 1024;
/** Armored files are decoded whole; only a file made by hand with `age -a` is armored. */
const MAX_ARMORED_BYTES = 64 * 1024 * 1024;
const SOURCE_CHUNK = 64 * 1024;
const DEFAULT_CHUNK = 2000;

const LIMITS: VersionLimits = {
	formatVersion: BACKUP_FORMAT_VERSION,
	schemaVersion: SCHEMA_VERSION,
	tables: DATA_TABLES
};

function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
	let at = 0;
	return new ReadableStream<Uint8Array>({
		pull(controller) {
			if (at >= bytes.length) {
				controller.close();
				return;
			}
			controller.enqueue(bytes.subarray(at, at + SOURCE_CHUNK));
			at += SOURCE_CHUNK;
		}
	});
}

function openSource(source: BackupSource): ReadableStream<Uint8Array> {
	if (typeof source === 'function') return source();
	if (source instanceof Uint8Array) return bytesStream(source);
	return source.stream();
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
	if (bytes.length < prefix.length) return false;
	for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
	return true;
}

/** `head` followed by what is left in `reader`; cancelling it cancels the source. */
function resume(
	head: Uint8Array,
	reader: ReadableStreamDefaultReader<Uint8Array>
): ReadableStream<Uint8Array> {
	let first = head.length > 0;
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			if (first) {
				first = false;
				controller.enqueue(head);
				return;
			}
			const { done, value } = await reader.read();
			if (done) controller.close();
			else controller.enqueue(value);
		},
		cancel(reason) {
			return reader.cancel(reason);
		}
	});
}

interface OpenedFile {
	/** The header up to and including the MAC line's newline. */
	header: Uint8Array;
	/** The whole file again, header included (age-encryption parses it itself). */
	file: ReadableStream<Uint8Array>;
}

function isArmored(bytes: Uint8Array): boolean {
	let i = 0;
	while (i < bytes.length && [9, 10, 13, 32].includes(bytes[i])) i++;
	return startsWith(bytes.subarray(i), '-----BEGIN');
}

/** Reads the age header (not yet authenticated) and gives back the file to decrypt. */
async function openFile(stream: ReadableStream<Uint8Array>): Promise<OpenedFile> {
	const reader = stream.getReader();
	let buf: Uint8Array = new Uint8Array(0);
	let eof = false;
	const more = async (): Promise<void> => {
		try {
			const { done, value } = await reader.read();
			if (done) eof = true;
			else buf = buf.length === 0 ? value : concat(buf, value);
		} catch (e) {
			throw damaged('The file could not be read.', undefined, e);
		}
	};
	try {
		while (!eof && buf.length < ARMOR_BEGIN.length) await more();
		if (buf.length > 0 && isArmored(buf)) {
			while (!eof) {
				await more();
				if (buf.length > MAX_ARMORED_BYTES) throw notABackup('The armored file is too large.');
			}
			let bytes: Uint8Array;
			try {
				bytes = armor.decode(new TextDecoder().decode(buf));
			} catch (e) {
				throw damaged('The armored file is not valid.', undefined, e);
			}
			return await openFile(bytesStream(bytes));
		}
		if (!startsWith(buf, AGE_VERSION_LINE)) throw notABackup('The file is not an age file.');
		let end = -1;
		for (;;) {
			const mac = findMacLine(buf);
			if (mac >= 0) {
				end = buf.indexOf(10, mac + 1);
				if (end >= 0) break;
			}
			if (eof) break;
			if (buf.length > MAX_HEADER_BYTES) break;
			await more();
		}
		if (end < 0) throw damaged('The file header never ends.');
		return { header: buf.slice(0, end + 1), file: resume(buf, reader) };
	} catch (e) {
		void reader.cancel().catch(() => {});
		throw e;
	}
}

/** Start of the header's last line (`--- <MAC>`), after its preceding newline; -1 if not yet read. */
function findMacLine(buf: Uint8Array): number {
	for (let i = buf.indexOf(10); i >= 0 && i + 3 < buf.length; i = buf.indexOf(10, i + 1)) {
		if (buf[i + 1] === 45 && buf[i + 2] === 45 && buf[i + 3] === 45) return i + 1;
	}
	return -1;
}

/** Strict base64 without padding, as age writes it: any other spelling of the bytes is refused. */
function canonicalBase64(s: string): Uint8Array | null {
	if (!/^[A-Za-z0-9+/]*$/.test(s) || s.length % 4 === 1) return null;
	let binary: string;
	try {
		binary = atob(s + '='.repeat((4 - (s.length % 4)) % 4));
	} catch {
		return null;
	}
	if (btoa(binary).replace(/=+$/, '') !== s) return null;
	return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * Checks what age-encryption would report only as a plain Error, so each case gets its code and
 * no key is derived for a file that cannot be ours. For a passphrase: exactly one recipient, a
 * scrypt one, with a 16-byte salt, a 32-byte wrapped key and a work factor we accept. For an
 * identity: X25519 recipients (`age -r` may add others beside ours), each well formed.
 */
function checkHeader(header: Uint8Array, maxWorkFactor: number, key: BackupKey): void {
	const lines = new TextDecoder('latin1').decode(header).split('\n');
	const stanzas: { args: string[]; body: string | undefined }[] = [];
	for (let i = 1; i < lines.length; i++) {
		if (lines[i].startsWith('-> ')) {
			stanzas.push({ args: lines[i].slice(3).split(' '), body: lines[i + 1] });
		}
	}
	if (stanzas.length === 0) throw damaged('The file header has no recipient.');
	const scrypt = stanzas.filter((s) => s.args[0] === 'scrypt');
	const x25519 = stanzas.filter((s) => s.args[0] === 'X25519');
	if (isIdentityKey(key)) {
		if (scrypt.length > 0) throw needsPassphrase();
		if (x25519.length === 0) throw notABackup('The file is encrypted to keys of another kind.');
		for (const { args, body } of x25519) {
			if (
				args.length !== 2 ||
				canonicalBase64(args[1])?.length !== 32 ||
				canonicalBase64(body ?? '')?.length !== 32
			) {
				throw damaged('An X25519 stanza is malformed.');
			}
		}
		return;
	}
	if (scrypt.length === 0) {
		if (x25519.length > 0) throw needsKey();
		throw notABackup('The file is encrypted to keys of another kind, not with a passphrase.');
	}
	if (stanzas.length > 1) throw damaged('A passphrase must be the only recipient of an age file.');
	const [{ args, body }] = scrypt;
	if (args.length !== 3) throw damaged('The passphrase stanza is malformed.');
	if (!/^[1-9][0-9]*$/.test(args[2])) throw damaged('The work factor is malformed.');
	const workFactor = Number(args[2]);
	if (workFactor > maxWorkFactor) throw workFactorTooHigh(workFactor, maxWorkFactor);
	if (canonicalBase64(args[1])?.length !== 16 || canonicalBase64(body ?? '')?.length !== 32) {
		throw damaged('The passphrase stanza is malformed.');
	}
}

/**
 * Derives the key from the passphrase (or uses the identity) and unwraps the file key, telling
 * apart what age-encryption reports alike: identities are tried in order, so one placed before
 * ours sees the parsed stanzas, and one after it is reached only when ours did not match. An
 * error after both means the header's MAC did not verify.
 */
async function unwrapFileKey(header: Uint8Array, key: BackupKey): Promise<Uint8Array> {
	let parsed = false;
	let noMatch = false;
	const decrypter = new Decrypter();
	decrypter.addIdentity({
		unwrapFileKey: () => {
			parsed = true;
			return null;
		}
	});
	if (isIdentityKey(key)) {
		try {
			decrypter.addIdentity(key.identity);
		} catch (e) {
			// Not an identity at all (the page checks it first): it does not open the file either.
			throw new BackupError('wrong-key', {}, 'The key is not an age identity.', { cause: e });
		}
	} else {
		for (const form of new Set([normalisePassphrase(key), key])) decrypter.addPassphrase(form);
	}
	decrypter.addIdentity({
		unwrapFileKey: () => {
			noMatch = true;
			return null;
		}
	});
	try {
		return await decrypter.decryptHeader(header);
	} catch (e) {
		if (!parsed) throw damaged('The file header is malformed.', undefined, e);
		if (noMatch) throw isIdentityKey(key) ? wrongKey() : wrongPassphrase();
		throw new BackupError('altered', {}, 'The file header was changed.', { cause: e });
	}
}

function keyIdentity(fileKey: Uint8Array): Identity {
	return { unwrapFileKey: () => fileKey.slice() };
}

async function decryptPayload(
	file: ReadableStream<Uint8Array>,
	fileKey: Uint8Array
): Promise<ReadableStream<Uint8Array>> {
	const decrypter = new Decrypter();
	decrypter.addIdentity(keyIdentity(fileKey));
	try {
		return await decrypter.decrypt(file);
	} catch (e) {
		void file.cancel().catch(() => {});
		throw damaged('The backup is cut short.', undefined, e);
	}
}

interface OpenedBackup {
	header: Uint8Array;
	fileKey: Uint8Array;
	plaintext: ReadableStream<Uint8Array>;
}

async function openBackup(
	source: BackupSource,
	key: BackupKey,
	options: ReadOptions
): Promise<OpenedBackup> {
	const max = Math.min(options.maxWorkFactor ?? MAX_WORK_FACTOR, MAX_WORK_FACTOR);
	options.signal?.throwIfAborted();
	const { header, file } = await openFile(openSource(source));
	let fileKey: Uint8Array;
	try {
		checkHeader(header, max, key);
		options.onProgress?.({ phase: 'key', done: 0, total: 1 });
		fileKey = await unwrapFileKey(header, key);
		options.onProgress?.({ phase: 'key', done: 1, total: 1 });
	} catch (e) {
		void file.cancel().catch(() => {});
		throw e;
	}
	return { header, fileKey, plaintext: await decryptPayload(file, fileKey) };
}

/**
 * The age layer alone: the decrypted contents of an age file, whatever they are. Header
 * problems are BackupErrors; a damaged body errors the stream's reads (plain Errors from
 * age-encryption: readBackup turns them into 'damaged').
 */
export async function decryptBackup(
	source: BackupSource,
	key: BackupKey,
	options: Pick<ReadOptions, 'maxWorkFactor'> = {}
): Promise<ReadableStream<Uint8Array>> {
	return (await openBackup(source, key, options)).plaintext;
}

/**
 * Runs the plain backup through `reader`, block by block; `afterBlock` runs after each block's
 * lines (the write pass yields its chunks there).
 */
async function* readPlaintext(
	plaintext: ReadableStream<Uint8Array>,
	reader: PlainBackupReader,
	signal: AbortSignal | undefined
): AsyncGenerator<void, BackupManifest, undefined> {
	const blocks = plaintext.getReader();
	const splitter = new LineSplitter();
	let finished = false;
	try {
		for (;;) {
			signal?.throwIfAborted();
			let block: ReadableStreamReadResult<Uint8Array>;
			try {
				block = await blocks.read();
			} catch (e) {
				throw damaged('The backup is damaged or cut short.', undefined, e);
			}
			if (block.done) break;
			for (const line of splitter.push(block.value)) reader.line(line);
			yield;
		}
		const last = splitter.end();
		if (last) reader.line(last);
		const manifest = reader.end();
		finished = true;
		return manifest;
	} catch (e) {
		throw asLineError(e, reader);
	} finally {
		if (!finished) void blocks.cancel().catch(() => {});
	}
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Decrypts and verifies a whole backup (pass 1) without writing anything: a BackupError says what
 * is wrong with it. The verified backup can then be read again, chunk by chunk, to be written.
 */
export async function readBackup(
	source: BackupSource,
	key: BackupKey,
	options: ReadOptions = {}
): Promise<VerifiedBackup> {
	const report = throttleProgress(options.onProgress);
	const { header, fileKey, plaintext } = await openBackup(source, key, {
		...options,
		onProgress: report
	});
	const reader = new PlainBackupReader(LIMITS);
	const pass = readPlaintext(plaintext, reader, options.signal);
	let step = await pass.next();
	while (!step.done) {
		report({ phase: 'verify', done: reader.recordsRead, total: reader.total });
		step = await pass.next();
	}
	const manifest = step.value;
	report({ phase: 'verify', done: reader.recordsRead, total: reader.total });
	const manifestBytes = encodeManifest(manifest);

	async function* chunks(chunkOptions: ChunkOptions = {}): AsyncGenerator<RecordChunk> {
		const size = chunkOptions.chunkSize ?? DEFAULT_CHUNK;
		const { file, header: again } = await openFile(openSource(source));
		if (!sameBytes(header, again)) {
			void file.cancel().catch(() => {});
			throw altered('The file changed after it was checked.');
		}
		const ready: RecordChunk[] = [];
		let current: RecordChunk | null = null;
		const second = new PlainBackupReader({
			...LIMITS,
			onRecord(table: string, record: BackupRecord) {
				if (current !== null && current.table !== table) {
					ready.push(current);
					current = null;
				}
				current ??= { table, records: [] };
				current.records.push(record);
				if (current.records.length >= size) {
					ready.push(current);
					current = null;
				}
			}
		});
		const pass = readPlaintext(await decryptPayload(file, fileKey), second, chunkOptions.signal);
		let checked = false;
		let finished = false;
		try {
			for (;;) {
				const step = await pass.next();
				finished = step.done === true;
				if (!checked && second.manifest !== null) {
					if (!sameBytes(encodeManifest(second.manifest), manifestBytes)) {
						throw altered('The file changed after it was checked.');
					}
					checked = true;
				}
				while (ready.length > 0) yield ready.shift() as RecordChunk;
				if (finished) break;
			}
		} finally {
			// Stopped early (an error, or the consumer returned): release the file.
			if (!finished) await pass.return(manifest).catch(() => {});
		}
		if (current !== null) yield current;
	}

	return { manifest, chunks };
}

export type RestoreMode = 'replace' | 'merge';

export interface RestoreOptions extends ReadOptions {
	/**
	 * replace: the book becomes the backup (every data table emptied first). merge: each record
	 * of the backup is added when missing and replaces the book's when its `updatedAt` is newer;
	 * nothing is deleted, and settings already set are kept (they have no `updatedAt`).
	 */
	mode: RestoreMode;
	/** Records per bulk write. */
	chunkSize?: number;
}

export interface TableOutcome {
	/** Records that were not in the book. */
	added: number;
	/** Records of the book replaced (merge: the backup's was newer). */
	replaced: number;
	/** Records of the book kept over the backup's (merge: not older). */
	kept: number;
}

export interface RestoreResult {
	mode: RestoreMode;
	manifest: BackupManifest;
	/** The schema version the backup was brought up from, or null when it was current. */
	upgradedFrom: number | null;
	tables: Partial<Record<TableName, TableOutcome>>;
	/** Customers whose purchase totals were recomputed after a merge. */
	statsRecomputed: number;
	/**
	 * Records of the backup left out, anonymised again or unlinked because their customer was
	 * erased or anonymised after the backup was made (the tombstones, which a restore never removes).
	 */
	tombstoned: number;
	/** The change-log batch recording the restore; null when a merge changed nothing. */
	batchId: string | null;
}

export const RESTORE_LABEL = 'change_restore_backup';

function restoreError(e: unknown, signal: AbortSignal | undefined): unknown {
	if (signal?.aborted) return signal.reason;
	for (let err: unknown = e, depth = 0; err && depth < 8; depth++) {
		if (err instanceof BackupError) return err;
		const next = err as { inner?: unknown; cause?: unknown };
		err = next.inner ?? next.cause;
	}
	return toAppError(e);
}

async function writeAll(
	db: SoKhachDB,
	manifest: BackupManifest,
	chunks: AsyncGenerator<RecordChunk, void, undefined>,
	options: RestoreOptions,
	listener: ProgressListener
): Promise<Omit<RestoreResult, 'upgradedFrom'>> {
	const { mode, signal } = options;
	// Outside the transaction: a listener that touches the database must not land in it.
	const report = (p: BackupProgress) => Dexie.ignoreTransaction(() => listener(p));
	const { ctx, commit } = openBatch(db, 'import', 'final');
	const tables: Partial<Record<TableName, TableOutcome>> = {};
	const outcome = (table: TableName): TableOutcome =>
		(tables[table] ??= { added: 0, replaced: 0, kept: 0 });
	const total = manifest.tables.reduce((sum, t) => sum + t.count, 0);
	/** merge: customers whose stats may no longer add up (one id each, at most the book's size). */
	const stale = new Set<string>();
	// Read before anything is cleared; not a data table, so a replace keeps them.
	const tombstones = await tombstonesIn(db);
	let tombstoned = 0;

	if (mode === 'replace') {
		// The undo stack speaks of records the backup replaces: undoing one now would purge or
		// rewrite a restored record. The log stays as history.
		await db.batches.where('state').anyOf('done', 'undone').modify({ state: 'final' });
		for (const table of DATA_TABLES) {
			outcome(table);
			await db.table(table).clear();
		}
	}
	let done = 0;
	report({ phase: 'write', done, total });
	for (;;) {
		signal?.throwIfAborted();
		const next = await Dexie.waitFor(Dexie.ignoreTransaction(() => chunks.next()));
		if (next.done) break;
		const table = next.value.table as TableName;
		const records: BackupRecord[] = [];
		for (const record of next.value.records) {
			const kept = applyTombstones(table, record, tombstones);
			if (kept !== record) tombstoned += 1;
			if (kept !== null) records.push(kept as BackupRecord);
		}
		const store = db.table<BackupRecord, string>(table);
		const result = outcome(table);
		if (mode === 'replace') {
			await store.bulkPut(records);
			result.added += records.length;
		} else {
			const field = keyFieldOf(table);
			const existing = await store.bulkGet(records.map((r) => r[field] as string));
			const puts: BackupRecord[] = [];
			records.forEach((record, i) => {
				const local = existing[i];
				if (local === undefined) result.added += 1;
				else if (hasUpdatedAt(table) && isNewer(record, local)) result.replaced += 1;
				else {
					result.kept += 1;
					return;
				}
				puts.push(record);
				if (table === 'customers') stale.add(record.id as string);
				if (table === 'purchases' && typeof record.customerId === 'string') {
					stale.add(record.customerId);
				}
			});
			if (puts.length > 0) await store.bulkPut(puts);
		}
		done += next.value.records.length;
		report({ phase: 'write', done, total });
	}
	// A merged customer's stats counted the purchases of one side only.
	for (const id of stale) await recomputeStats(ctx, id);
	for (const table of Object.keys(tables) as TableName[]) {
		const { added, replaced } = outcome(table);
		if (mode === 'merge' && added + replaced === 0) continue;
		// A summary without an id range: the query worker rebuilds its index from scratch.
		ctx.record({
			table,
			rowId: '*',
			op: 'bulk-create',
			before: null,
			after: { count: added + replaced, restore: mode }
		});
	}
	const restored = Object.values(tables).reduce((sum, t) => sum + t.added + t.replaced, 0);
	const batch = await commit(RESTORE_LABEL, { count: restored, mode });
	return {
		mode,
		manifest,
		tables,
		statsRecomputed: stale.size,
		tombstoned,
		batchId: batch?.id ?? null
	};
}

function isNewer(record: BackupRecord, local: BackupRecord): boolean {
	const theirs = record.updatedAt;
	const ours = local.updatedAt;
	return typeof theirs === 'number' && (typeof ours !== 'number' || theirs > ours);
}

/**
 * Verifies the backup, brings it to the current schema if it is older, and writes it in one
 * transaction (see the top of this file), recorded as ONE final change-log batch
 * ('change_restore_backup', origin 'import') whose summary rows make the query worker reload.
 * The caller offers `snapshotBeforeRestore` first.
 *
 * @throws BackupError (what is wrong with the file), AppError (storage), the signal's reason.
 */
export async function restoreBackup(
	db: SoKhachDB,
	source: BackupSource,
	key: BackupKey,
	options: RestoreOptions
): Promise<RestoreResult> {
	const { signal } = options;
	const report = throttleProgress(options.onProgress);
	let upgraded: UpgradedBackup | null = null;
	try {
		const backup = await readBackup(source, key, { ...options, onProgress: report });
		const from = backup.manifest.schemaVersion;
		if (from < SCHEMA_VERSION) {
			upgraded = await upgradeBackup(backup, {
				signal,
				onProgress: report,
				chunkSize: options.chunkSize
			});
		}
		const chunks = (upgraded ?? backup).chunks({ chunkSize: options.chunkSize, signal });
		try {
			const result = await db.transaction('rw', [...batchScope(), TOMBSTONES_TABLE], async () => {
				return await writeAll(db, backup.manifest, chunks, options, report);
			});
			return { ...result, upgradedFrom: upgraded === null ? null : from };
		} finally {
			await chunks.return(undefined).catch(() => {});
		}
	} catch (e) {
		throw restoreError(e, signal);
	} finally {
		await upgraded?.dispose();
	}
}

export interface Snapshot {
	blob: Blob;
	fileName: string;
}

/**
 * A backup of the book as it is now, opened by the same key as the backup about to be restored
 * (locked with its passphrase, or encrypted to the recipient of its identity): the UI offers it
 * for download before restoring, so a restore can be taken back.
 */
export async function snapshotBeforeRestore(
	db: SoKhachDB,
	key: BackupKey,
	options: Omit<ExportOptions, 'passphrase' | 'recipient'>
): Promise<Snapshot> {
	const lock = isIdentityKey(key)
		? { recipient: await identityToRecipient(key.identity) }
		: { passphrase: key };
	const blob = await collectBlob(exportBackup(db, { ...options, ...lock }));
	return { blob, fileName: backupFileName(options.shopName, options.now) };
}
