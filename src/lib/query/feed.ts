/**
 * Keeps a query engine in step with IndexedDB: loads every customer not in the trash in chunks,
 * then follows the change log (the `changes` table every repository write appends to) whenever
 * Dexie reports a committed write, here or in another tab or worker.
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import type { SoKhachDB } from '$lib/db/schema';
import { STAGE_SETTING_KEYS, stageSettingsIn } from '$lib/db/stages';
import type { Change, Customer } from '$lib/domain/types';
import { COLUMNS_SETTING_KEY, readColumns, specsOf } from '$lib/columns/definitions';
import type { QueryEngine } from './engine';
import { liveCount, type Census } from './census';

export interface IndexFeedOptions {
	/** Customers read per IndexedDB request while loading. */
	chunkSize?: number;
	onProgress?: (loaded: number, expected: number) => void;
	/** The index holds every customer: all queries can be answered. */
	onReady?: (total: number) => void;
	/** Customers were written; `reloaded`: the whole index was rebuilt and `ids` is empty. */
	onChanged?: (ids: string[], reloaded: boolean) => void;
	onError?: (error: unknown) => void;
	/** The page's last census of the book: spares counting the table for the progress bar. */
	census?: () => Census | null;
	/** The index is exact up to the log's last entry: a census for the next start. */
	onCensus?: (census: Census) => void;
}

export interface IndexFeed {
	/** Loads the index and starts following changes. Resolves when the index is ready. */
	start(): Promise<void>;
	readonly ready: boolean;
	/** Resolves once the index is ready (at once if it is). */
	whenReady(): Promise<void>;
	/** Applies the changes logged since the last look. Runs by itself on every committed write. */
	sync(): Promise<void>;
	dispose(): void;
}

const DEFAULT_CHUNK = 5000;

/** A `bulk-create` summary (sample loads): one change for a whole range of new ids. */
interface BulkSummary {
	firstId: string;
	lastId: string;
}

function bulkSummary(change: Change): BulkSummary | null {
	const after = change.after;
	if (!after) return null;
	const { firstId, lastId } = after;
	return typeof firstId === 'string' && typeof lastId === 'string' ? { firstId, lastId } : null;
}

interface Gate {
	promise: Promise<void>;
	open(): void;
}

function newGate(): Gate {
	let open = () => {};
	const promise = new Promise<void>((resolve) => (open = resolve));
	return { promise, open };
}

export function createIndexFeed(
	db: SoKhachDB,
	engine: QueryEngine,
	options: IndexFeedOptions = {}
): IndexFeed {
	const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
	let ready = false;
	let disposed = false;
	/** Highest change seq applied; changes after it are still to do. */
	let lastSeq = 0;
	let syncing: Promise<void> | null = null;
	let again = false;
	let started: Promise<void> | null = null;
	let gate = newGate();

	const prefix = `idb://${db.name}/`;
	const watched = [`${prefix}changes/`, `${prefix}tags/`, `${prefix}customers/`];
	const onMutated = (parts: ObservabilitySet) => {
		if (disposed || !ready) return;
		// `all` is what Dexie reports when it cannot say what changed (a page back from bfcache).
		const relevant =
			'all' in parts || Object.keys(parts).some((p) => watched.some((w) => p.startsWith(w)));
		if (relevant) sync().catch(fail);
	};

	function fail(e: unknown): void {
		if (!disposed) options.onError?.(e);
	}

	async function loadTags(): Promise<void> {
		const tags = await db.tags.toArray();
		engine.setTagNames(new Map(tags.filter((t) => t.deletedAt == null).map((t) => [t.id, t.name])));
	}

	async function loadStageNames(): Promise<void> {
		const { stages } = await stageSettingsIn(db);
		engine.setStageNames(
			new Map(stages.filter((s) => s.name.trim() !== '').map((s) => [s.id, s.name.trim()]))
		);
	}

	/** The custom columns' types: how their values sort and filter. */
	async function loadCustomColumns(): Promise<void> {
		const row = await db.settings.get(COLUMNS_SETTING_KEY);
		engine.setCustomColumns(specsOf(readColumns(row?.value)));
	}

	/** Reads every customer into a fresh index, by primary-key ranges (never one giant read). */
	async function load(): Promise<void> {
		// Read before the customers: a write landing during the load is then applied again
		// afterwards (harmless) instead of being missed.
		lastSeq = ((await db.changes.orderBy(':id').lastKey()) as number | undefined) ?? 0;
		await loadTags();
		await loadStageNames();
		await loadCustomColumns();
		const expected = await liveCount(db, options.census?.() ?? null);
		engine.clear();
		const read = (after: string | null): Promise<Customer[]> =>
			after === null
				? db.customers.orderBy(':id').limit(chunkSize).toArray()
				: db.customers.where(':id').above(after).limit(chunkSize).toArray();
		let loaded = 0;
		// The next chunk is asked for before this one goes into the index: IndexedDB reads it
		// meanwhile, on another thread (a million customers load in about half the time).
		let next: Promise<Customer[]> | null = read(null);
		while (next !== null) {
			const chunk: Customer[] = await next;
			next = chunk.length < chunkSize ? null : read(chunk[chunk.length - 1].id);
			if (disposed) {
				next?.catch(() => {});
				return;
			}
			const live = chunk.filter((c) => c.deletedAt == null);
			engine.upsert(live);
			// Customers not in the trash, as `expected` counts them.
			loaded += live.length;
			options.onProgress?.(loaded, Math.max(expected, loaded));
		}
	}

	/** Re-reads customers by id: written ones go in, trashed or purged ones go out. */
	async function refresh(ids: string[]): Promise<void> {
		for (let i = 0; i < ids.length; i += chunkSize) {
			const part = ids.slice(i, i + chunkSize);
			const rows = await db.customers.bulkGet(part);
			const live: Customer[] = [];
			const gone: string[] = [];
			rows.forEach((row, j) => {
				if (row && row.deletedAt == null) live.push(row);
				else gone.push(part[j]);
			});
			engine.upsert(live);
			engine.remove(gone);
		}
	}

	/** Reads the customers of a bulk-create summary: new ids in [firstId, lastId]. */
	async function refreshRange({ firstId, lastId }: BulkSummary): Promise<string[]> {
		const ids: string[] = [];
		let from = firstId;
		let inclusive = true;
		for (;;) {
			const chunk = await db.customers
				.where(':id')
				.between(from, lastId, inclusive, true)
				.limit(chunkSize)
				.toArray();
			if (chunk.length === 0) break;
			engine.upsert(chunk);
			for (const c of chunk) ids.push(c.id);
			if (chunk.length < chunkSize) break;
			from = chunk[chunk.length - 1].id;
			inclusive = false;
		}
		return ids;
	}

	async function syncOnce(): Promise<void> {
		// The change log emptied under us (clearAllData): what the index holds can no longer be
		// reconciled change by change.
		if (lastSeq > 0 && (await db.changes.get(lastSeq)) === undefined) {
			await reload();
			return;
		}
		const ids = new Set<string>();
		const ranges: BulkSummary[] = [];
		let tags = false;
		let stageNames = false;
		let customColumns = false;
		let rebuild = false;
		for (;;) {
			const changes = await db.changes.where(':id').above(lastSeq).limit(chunkSize).toArray();
			if (changes.length === 0) break;
			for (const change of changes) {
				if (change.table === 'tags') tags = true;
				if (change.table === 'settings' && change.rowId === STAGE_SETTING_KEYS.settings) {
					stageNames = true;
				}
				if (change.table === 'settings' && change.rowId === COLUMNS_SETTING_KEY) {
					customColumns = true;
				}
				if (change.table !== 'customers') continue;
				if (change.op === 'bulk-create' && change.rowId === '*') {
					const summary = bulkSummary(change);
					if (summary) ranges.push(summary);
					else rebuild = true;
				} else {
					ids.add(change.rowId);
				}
			}
			lastSeq = changes[changes.length - 1].seq ?? lastSeq;
			if (changes.length < chunkSize) break;
		}
		if (rebuild) {
			await reload();
			return;
		}
		if (tags) await loadTags();
		if (stageNames) await loadStageNames();
		if (customColumns) await loadCustomColumns();
		await refresh([...ids]);
		for (const range of ranges) for (const id of await refreshRange(range)) ids.add(id);
		if (ids.size > 0 || tags || stageNames || customColumns) options.onChanged?.([...ids], false);
	}

	/**
	 * The index holds the book as of change `lastSeq`. A write after it may already be in the
	 * index, but it also moved the log's end past `lastSeq`, so such a census is never believed.
	 */
	async function takeCensus(): Promise<void> {
		if (!options.onCensus || lastSeq <= 0) return;
		const change = await db.changes.get(lastSeq);
		if (change && !disposed) options.onCensus({ seq: lastSeq, at: change.at, live: engine.size });
	}

	/**
	 * Rebuilds the index from scratch. Meanwhile the feed is not ready, so queries wait rather
	 * than see half an index.
	 */
	async function reload(): Promise<void> {
		ready = false;
		gate = newGate();
		await load();
		if (disposed) return;
		ready = true;
		gate.open();
		options.onReady?.(engine.size);
		options.onChanged?.([], true);
		// Writes made during the reload are in the log after the seq it started from.
		again = true;
	}

	function sync(): Promise<void> {
		if (!ready && !syncing) return gate.promise;
		if (syncing) {
			// A write committed while we were reading: look once more when this round is done.
			again = true;
			return syncing;
		}
		const run = async () => {
			try {
				do {
					do {
						again = false;
						await syncOnce();
					} while (again && !disposed);
					// A write committing while the census is read sets `again`: go round once more.
					if (!disposed && ready) await takeCensus();
				} while (again && !disposed);
			} finally {
				syncing = null;
			}
		};
		syncing = run();
		return syncing;
	}

	return {
		start() {
			started ??= (async () => {
				Dexie.on('storagemutated', onMutated);
				await load();
				if (disposed) return;
				ready = true;
				gate.open();
				options.onReady?.(engine.size);
				// Writes made while loading were either read with their customers or are in the log.
				await sync();
			})();
			return started;
		},
		get ready() {
			return ready;
		},
		whenReady() {
			return gate.promise;
		},
		sync,
		dispose() {
			disposed = true;
			Dexie.on('storagemutated').unsubscribe(onMutated);
		}
	};
}
