/**
 * Writes the customer book as an age file (age-encryption.org/v1) locked with a passphrase, or
 * encrypted to an X25519 recipient for the automatic backups (auto-keys.ts): the plain format of
 * format.ts, encrypted as it is produced, so a book of a million customers never sits in memory
 * whole.
 */
import { Encrypter } from 'age-encryption';
import Dexie, { type IndexableType, type Table } from 'dexie';
import { DATA_TABLES } from '$lib/db/changes';
import { toAppError } from '$lib/db/errors';
import { SCHEMA_VERSION, type SoKhachDB } from '$lib/db/schema';
import { isoToday } from '$lib/domain/date';
import {
	BACKUP_FORMAT,
	BACKUP_FORMAT_VERSION,
	BACKUP_WORK_FACTOR,
	encodeLines,
	encodeManifest,
	encodeTableHeader,
	MAX_WORK_FACTOR,
	tableHash,
	throttleProgress,
	type BackupManifest,
	type BackupProgress,
	type ManifestTable
} from './format';

export interface ExportOptions {
	/** The owner's passphrase (scrypt); exactly one of it and `recipient`. */
	passphrase?: string;
	/** An X25519 age recipient (`age1…`), for backups made without the owner at the keyboard. */
	recipient?: string;
	/** scrypt work factor (log2 N); BACKUP_WORK_FACTOR unless a test needs speed. */
	workFactor?: number;
	appVersion: string;
	shopName: string;
	/** The backup's `createdAt`; now by default. */
	now?: Date;
	/** Records per IndexedDB read. */
	chunkSize?: number;
	/** Bytes of the first pass kept to send again instead of a second read (tests set 0). */
	replayBudget?: number;
	onProgress?: (progress: BackupProgress) => void;
	signal?: AbortSignal;
}

const DEFAULT_CHUNK = 2000;

/**
 * The first pass encodes every record to hash it; when the whole book fits in this much, the
 * second pass sends those bytes instead of reading and encoding everything again.
 */
const REPLAY_BUDGET = 32 * 1024 * 1024;

/**
 * Plain bytes queued ahead of the encryption. Generous, so the reader rarely has to wait for the
 * encryption (each wait keeps the transaction alive with dummy requests) and the encryption runs
 * while IndexedDB fetches the next chunk.
 */
const PLAIN_HIGH_WATER = 8 * 1024 * 1024;

function abortError(): DOMException {
	return new DOMException('The backup was cancelled.', 'AbortError');
}

/** Calls `fn` with the table's records in primary-key order, `size` at a time. */
async function eachChunk(
	table: Table<Record<string, unknown>, IndexableType>,
	size: number,
	fn: (rows: Record<string, unknown>[]) => Promise<void> | void
): Promise<void> {
	const keyPath = table.schema.primKey.keyPath as string;
	let last: IndexableType | null = null;
	for (;;) {
		const rows: Record<string, unknown>[] =
			last === null
				? await table.orderBy(':id').limit(size).toArray()
				: await table.where(':id').above(last).limit(size).toArray();
		if (rows.length === 0) return;
		await fn(rows);
		if (rows.length < size) return;
		last = rows[rows.length - 1][keyPath] as IndexableType;
	}
}

interface Producer {
	stream: ReadableStream<Uint8Array>;
	/** Lets the producer open its transaction: called once the key is derived. */
	start(): void;
}

/**
 * The plain backup, read in ONE read-only transaction: the file is a consistent snapshot (no
 * purchase without its customer's updated stats), and the manifest, which must come first, can
 * hold the counts and hashes of what follows. Writes from other tabs wait until the export is
 * done. The consumer must keep reading: the transaction is kept alive while it waits
 * (Dexie.waitFor, at most 60 s per wait).
 */
function plainBackup(db: SoKhachDB, options: ExportOptions): Producer {
	const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
	const { signal } = options;
	// Outside the transaction: a listener that touches the database must not land in it.
	const onProgress = (p: BackupProgress) => Dexie.ignoreTransaction(() => options.onProgress?.(p));
	let go: () => void = () => {};
	const gate = new Promise<void>((resolve) => (go = resolve));
	let wake: (() => void) | null = null;
	let cancelled = false;

	const stream = new ReadableStream<Uint8Array>(
		{
			start(controller) {
				const emit = async (bytes: Uint8Array): Promise<void> => {
					if (cancelled) throw abortError();
					signal?.throwIfAborted();
					if (bytes.length === 0) return;
					controller.enqueue(bytes);
					if ((controller.desiredSize ?? 0) <= 0) {
						await Dexie.waitFor(new Promise<void>((resolve) => (wake = resolve)));
					}
				};
				gate
					.then(() =>
						db.transaction('r', [...DATA_TABLES], async () => {
							await produce(emit);
						})
					)
					.then(
						() => {
							if (!cancelled) controller.close();
						},
						(e: unknown) => {
							if (!cancelled) controller.error(signal?.aborted ? signal.reason : toAppError(e));
						}
					);
			},
			pull() {
				wake?.();
				wake = null;
			},
			cancel() {
				cancelled = true;
				wake?.();
				wake = null;
			}
		},
		new ByteLengthQueuingStrategy({ highWaterMark: PLAIN_HIGH_WATER })
	);

	async function produce(emit: (bytes: Uint8Array) => Promise<void>): Promise<void> {
		const tables = DATA_TABLES.map((name) =>
			db.table<Record<string, unknown>, IndexableType>(name)
		);
		let total = 0;
		for (const table of tables) total += await table.count();
		const listed: ManifestTable[] = [];
		// Per table, the encoded chunks of the first pass while they fit in the budget.
		let replay: Uint8Array[][] | null = [];
		let replayBytes = 0;
		let done = 0;
		onProgress({ phase: 'scan', done, total });
		for (const table of tables) {
			const hash = tableHash();
			let count = 0;
			const kept: Uint8Array[] = [];
			await eachChunk(table, chunkSize, (rows) => {
				if (cancelled) throw abortError();
				signal?.throwIfAborted();
				const bytes = encodeLines(rows);
				hash.update(bytes);
				count += rows.length;
				done += rows.length;
				if (replay !== null) {
					replayBytes += bytes.length;
					if (replayBytes > (options.replayBudget ?? REPLAY_BUDGET)) replay = null;
					else kept.push(bytes);
				}
				onProgress({ phase: 'scan', done, total });
			});
			replay?.push(kept);
			listed.push({ name: table.name, count, sha256: hash.hex() });
		}

		const manifest: BackupManifest = {
			format: BACKUP_FORMAT,
			formatVersion: BACKUP_FORMAT_VERSION,
			appVersion: options.appVersion,
			schemaVersion: SCHEMA_VERSION,
			createdAt: (options.now ?? new Date()).toISOString(),
			shopName: options.shopName,
			tables: listed
		};
		await emit(encodeManifest(manifest));
		const written = listed.reduce((sum, t) => sum + t.count, 0);
		done = 0;
		onProgress({ phase: 'write', done, total: written });
		for (const [i, table] of tables.entries()) {
			const { count } = listed[i];
			await emit(encodeTableHeader(table.name, count));
			const kept = replay?.[i];
			if (kept) {
				for (const bytes of kept) await emit(bytes);
				done += count;
				onProgress({ phase: 'write', done, total: written });
				continue;
			}
			// Same transaction, same records, same encoding: the bytes hash as in the first pass,
			// so they are not hashed again. The count is checked, cheaply, in case that ever broke.
			let again = 0;
			await eachChunk(table, chunkSize, async (rows) => {
				again += rows.length;
				await emit(encodeLines(rows));
				done += rows.length;
				onProgress({ phase: 'write', done, total: written });
			});
			if (again !== count) {
				throw new Error(`The ${table.name} table changed while the backup was written.`);
			}
		}
	}

	return { stream, start: () => go() };
}

/**
 * The backup as a stream of age-encrypted bytes. Nothing is read until the stream is; the scrypt
 * key derivation (the slow part: a second or more at 2^18; nothing for a recipient) happens on
 * the first read, in the caller's thread: run this in the backup worker. Cancelling the stream or aborting `signal` stops it. Errors (an
 * AppError for storage failures, the signal's reason) come out of the stream's reads.
 */
export function exportBackup(db: SoKhachDB, options: ExportOptions): ReadableStream<Uint8Array> {
	const workFactor = options.workFactor ?? BACKUP_WORK_FACTOR;
	if (!Number.isInteger(workFactor) || workFactor < 1 || workFactor > MAX_WORK_FACTOR) {
		throw new RangeError(`The work factor must be an integer from 1 to ${MAX_WORK_FACTOR}.`);
	}
	const { passphrase = '', recipient = '' } = options;
	if ((passphrase === '') === (recipient === '')) {
		throw new RangeError('A backup needs a passphrase or a recipient, not both.');
	}
	const report = throttleProgress(options.onProgress);
	const plain = plainBackup(db, { ...options, onProgress: report });
	let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				if (reader === null) {
					options.signal?.throwIfAborted();
					report({ phase: 'key', done: 0, total: 1 });
					const encrypter = new Encrypter();
					if (recipient !== '') encrypter.addRecipient(recipient);
					else {
						encrypter.setPassphrase(normalisePassphrase(passphrase));
						encrypter.setScryptWorkFactor(workFactor);
					}
					reader = (await encrypter.encrypt(plain.stream)).getReader();
					report({ phase: 'key', done: 1, total: 1 });
					plain.start();
				}
				const { done, value } = await reader.read();
				if (done) controller.close();
				else controller.enqueue(value);
			},
			async cancel(reason) {
				await (reader === null ? plain.stream.cancel(reason) : reader.cancel(reason));
			}
		},
		{ highWaterMark: 0 }
	);
}

/**
 * The same words typed with precomposed or combining diacritics (Vietnamese keyboards offer
 * both: Unikey's "dựng sẵn" and "tổ hợp") must open the same backup: passphrases are used in NFC.
 * Restoring also tries the passphrase exactly as typed, for files made with `age -p`.
 */
export function normalisePassphrase(passphrase: string): string {
	return passphrase.normalize('NFC');
}

/**
 * Collects a stream into a Blob (for a download link). Parts are folded into intermediate Blobs
 * every few MiB, which browsers may keep on disk, so a large backup is not held as one array.
 */
export async function collectBlob(
	stream: ReadableStream<Uint8Array>,
	type = 'application/octet-stream'
): Promise<Blob> {
	const FOLD_AT = 8 * 1024 * 1024;
	const blobs: Blob[] = [];
	let parts: Uint8Array<ArrayBuffer>[] = [];
	let bytes = 0;
	const reader = stream.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		parts.push(value as Uint8Array<ArrayBuffer>);
		bytes += value.length;
		if (bytes >= FOLD_AT) {
			blobs.push(new Blob(parts));
			parts = [];
			bytes = 0;
		}
	}
	blobs.push(new Blob(parts));
	return new Blob(blobs, { type });
}

/**
 * The shop's name as it goes in file names: without diacritics (đ → d), letters and digits
 * joined by `-`, at most 40 characters; '' without a name. Safe on every file system and in a URL.
 */
export function shopSlug(shopName: string): string {
	return shopName
		.normalize('NFC')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-+/, '')
		.slice(0, 40)
		.replace(/-+$/, '');
}

/**
 * `so-khach_Spa-Hoa-Mai_2026-11-26.age`: the shop's slug and the shop's date (Vietnam time
 * unless told otherwise). Sorts by date within a shop.
 */
export function backupFileName(
	shopName: string,
	date: Date = new Date(),
	timeZone = 'Asia/Ho_Chi_Minh'
): string {
	const slug = shopSlug(shopName);
	return `so-khach${slug === '' ? '' : `_${slug}`}_${isoToday(timeZone, date)}.age`;
}
