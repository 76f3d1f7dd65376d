/**
 * Brings the records of a backup made under an earlier schema version up to the current one.
 *
 * The upgrade is not done record by record here: schema.ts's frozen upgrade functions are the one
 * place that knows how each version's records change, and v1 → v2 is not per record anyway (a
 * customer's new `stats` add up all their purchases). So the verified records go into a scratch
 * IndexedDB database created at the backup's version, from the store definitions schema.ts
 * declares for it; opening that database with the current schema makes Dexie run exactly the
 * upgrade a v1 book gets on this device; the restore then reads the upgraded records from it.
 * Costs a second copy on disk while it runs; old backups are rare. The scratch database is
 * deleted afterwards, and one left behind by a closed tab is deleted by the next restore.
 */
import Dexie from 'dexie';
import { idTime, newId } from '$lib/db/ids';
import { createDatabase, DB_NAME, defineSchema, SCHEMA_VERSION } from '$lib/db/schema';
import type {
	BackupManifest,
	BackupRecord,
	ChunkOptions,
	ProgressListener,
	RecordChunk,
	RecordSource
} from './format';

type StoresSpec = Record<string, string | null>;

export interface UpgradedBackup extends RecordSource {
	/** Closes and deletes the scratch database. */
	dispose(): Promise<void>;
}

export interface UpgradeOptions {
	signal?: AbortSignal;
	onProgress?: ProgressListener;
	chunkSize?: number;
}

const SCRATCH_PREFIX = `${DB_NAME}-restore-`;
/** A scratch database older than this belongs to no restore still running. */
const STALE_AFTER_MS = 60 * 60 * 1000;
const DEFAULT_CHUNK = 2000;

/**
 * The `stores()` of every version up to `version`, read from defineSchema itself rather than
 * copied: a stand-in for Dexie records the calls (their upgrade functions are left to the real
 * Dexie that opens the database at the current version).
 */
export function storesUpTo(version: number): [number, StoresSpec][] {
	const versions: [number, StoresSpec][] = [];
	const recorder = {
		version(n: number) {
			const v = {
				stores(spec: StoresSpec) {
					versions.push([n, spec]);
					return v;
				},
				upgrade() {
					return v;
				}
			};
			return v;
		}
	};
	defineSchema(recorder as unknown as Dexie);
	return versions.filter(([n]) => n <= version);
}

async function removeStaleScratch(now: number): Promise<void> {
	for (const name of await Dexie.getDatabaseNames()) {
		if (!name.startsWith(SCRATCH_PREFIX)) continue;
		const id = name.slice(SCRATCH_PREFIX.length);
		let made: number;
		try {
			made = idTime(id);
		} catch {
			continue;
		}
		if (now - made > STALE_AFTER_MS) await Dexie.delete(name);
	}
}

async function* readTables(
	db: Dexie,
	manifest: BackupManifest,
	options: ChunkOptions
): AsyncGenerator<RecordChunk, void, undefined> {
	const size = options.chunkSize ?? DEFAULT_CHUNK;
	for (const { name } of manifest.tables) {
		const table = db.table<BackupRecord, string>(name);
		let last: string | null = null;
		for (;;) {
			options.signal?.throwIfAborted();
			const records: BackupRecord[] =
				last === null
					? await table.orderBy(':id').limit(size).toArray()
					: await table.where(':id').above(last).limit(size).toArray();
			if (records.length === 0) break;
			yield { table: name, records };
			if (records.length < size) break;
			last = records[records.length - 1][table.schema.primKey.keyPath as string] as string;
		}
	}
}

/**
 * Writes the verified backup into a scratch database at its schema version and upgrades it to
 * SCHEMA_VERSION with schema.ts's own upgrade functions. The result reads the upgraded records
 * in the backup's table order.
 */
export async function upgradeBackup(
	backup: RecordSource & { readonly manifest: BackupManifest },
	options: UpgradeOptions = {}
): Promise<UpgradedBackup> {
	const from = backup.manifest.schemaVersion;
	if (from >= SCHEMA_VERSION) throw new RangeError(`Schema version ${from} needs no upgrade.`);
	await removeStaleScratch(Date.now());
	const name = `${SCRATCH_PREFIX}${newId()}`;
	const dispose = async () => {
		await Dexie.delete(name);
	};
	try {
		const old = new Dexie(name);
		for (const [version, stores] of storesUpTo(from)) old.version(version).stores(stores);
		const total = backup.manifest.tables.reduce((sum, t) => sum + t.count, 0);
		let done = 0;
		options.onProgress?.({ phase: 'upgrade', done, total });
		try {
			for await (const chunk of backup.chunks({
				chunkSize: options.chunkSize,
				signal: options.signal
			})) {
				await old.table(chunk.table).bulkPut(chunk.records);
				done += chunk.records.length;
				options.onProgress?.({ phase: 'upgrade', done, total });
			}
		} finally {
			old.close();
		}
		const current = createDatabase(name);
		await current.open();
		return {
			chunks: (chunkOptions = {}) => readTables(current, backup.manifest, chunkOptions),
			async dispose() {
				current.close();
				await dispose();
			}
		};
	} catch (e) {
		await dispose();
		throw e;
	}
}
