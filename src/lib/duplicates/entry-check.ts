/**
 * The on-entry duplicate check: "có thể trùng với …" while a new customer is typed. The dedup
 * worker builds its index of the book on the first check; after that, before each check, the
 * change log is read from where we last looked and the customers written since (here, in
 * another tab, by an import, an undo) are handed to the worker, so the index never goes stale
 * and is never rebuilt for an ordinary write.
 */
import type { DedupClient } from '$lib/dedup/client';
import { pairKey } from '$lib/dedup/client';
import type { DedupRecord, MatchField } from '$lib/dedup/types';
import type { SoKhachDB } from '$lib/db/db';
import type { Change, Customer } from '$lib/domain/types';

export interface EntryCheckOptions {
	/** A fresh dedup client (a new worker, whose index is built on its first check). */
	makeClient: () => DedupClient;
	db: () => SoKhachDB;
	/** Pair keys the user said are not duplicates. */
	dismissed: () => Promise<readonly string[]>;
}

/** One existing customer the record being typed may be. */
export interface EntryMatch {
	id: string;
	/** The engine's probability; null when only a shared phone or email says so. */
	score: number | null;
	matched: MatchField[];
}

export interface EntryCheck {
	/** Builds the index ahead of the first keystroke that needs it. */
	warm(): Promise<void>;
	/** The best matches for a record being typed, dismissed pairs left out, best first. */
	check(draft: DedupRecord, limit?: number): Promise<EntryMatch[]>;
	dispose(): void;
}

const CHUNK = 2000;

/** More than this many customers on one phone (a shop's own number typed everywhere) say nothing. */
const SHARED_CAP = 20;

/**
 * Live customers with one of the draft's phones (E.164) or emails, through the multi-entry
 * indexes. The engine weighs a phone against everything else and, in a small book, may not
 * propose a pair on a phone alone; on entry, the same number is always worth a warning.
 */
async function sharedIdentifiers(
	db: SoKhachDB,
	draft: DedupRecord
): Promise<Map<string, MatchField[]>> {
	const out = new Map<string, MatchField[]>();
	const add = (rows: Customer[], field: MatchField) => {
		if (rows.length > SHARED_CAP) return;
		for (const c of rows) {
			if (c.deletedAt !== undefined) continue;
			const fields = out.get(c.id) ?? [];
			if (!fields.includes(field)) fields.push(field);
			out.set(c.id, fields);
		}
	};
	const phones = draft.phones.filter((p) => p.startsWith('+'));
	const emails = draft.emails.map((e) => e.trim().toLowerCase()).filter((e) => e.includes('@'));
	if (phones.length > 0) {
		add(
			await db.customers
				.where('phoneKeys')
				.anyOf(phones)
				.limit(SHARED_CAP + 1)
				.toArray(),
			'phone'
		);
	}
	if (emails.length > 0) {
		add(
			await db.customers
				.where('emailKeys')
				.anyOf(emails)
				.limit(SHARED_CAP + 1)
				.toArray(),
			'email'
		);
	}
	return out;
}

export function createEntryCheck(options: EntryCheckOptions): EntryCheck {
	let client: DedupClient | null = null;
	/** The change log's seq the index is current with; null until the index is being built. */
	let seenSeq: number | null = null;
	/** Checks run one at a time, so catching up with the log never interleaves. */
	let queue: Promise<unknown> = Promise.resolve();

	function reset(): void {
		client?.dispose();
		client = null;
		seenSeq = null;
	}

	async function lastSeq(db: SoKhachDB): Promise<number> {
		return ((await db.changes.orderBy(':id').lastKey()) as number | undefined) ?? 0;
	}

	/** Hands the worker every customer written since the last look. */
	async function catchUp(): Promise<DedupClient> {
		const db = options.db();
		if (client === null || seenSeq === null) {
			// Read before the worker reads the book: a write landing in between is applied
			// again on the next check (harmless) instead of being missed.
			seenSeq = await lastSeq(db);
			client = options.makeClient();
			return client;
		}
		// The log was emptied (start over): changes can no longer be followed one by one.
		if (seenSeq > 0 && (await db.changes.get(seenSeq)) === undefined) {
			reset();
			return catchUp();
		}
		const ids = new Set<string>();
		for (;;) {
			const changes: Change[] = await db.changes.where(':id').above(seenSeq).limit(CHUNK).toArray();
			for (const change of changes) {
				if (change.table !== 'customers') continue;
				// A bulk load logged as one summary row names no record: rebuild instead.
				if (change.rowId === '*') {
					reset();
					return catchUp();
				}
				ids.add(change.rowId);
			}
			if (changes.length > 0) seenSeq = changes[changes.length - 1].seq ?? seenSeq;
			if (changes.length < CHUNK) break;
		}
		if (ids.size > 0) {
			const list = [...ids];
			const rows = await db.customers.bulkGet(list);
			const live: Customer[] = [];
			const gone: string[] = [];
			rows.forEach((row, i) => {
				if (row && row.deletedAt === undefined) live.push(row);
				else gone.push(list[i]);
			});
			await client.update(live, gone);
		}
		return client;
	}

	function enqueue<T>(task: () => Promise<T>): Promise<T> {
		// A failed check (the worker could not read the book) starts over with a fresh worker.
		const guarded = () =>
			task().catch((e: unknown) => {
				reset();
				throw e;
			});
		const run = queue.then(guarded, guarded);
		queue = run.catch(() => undefined);
		return run;
	}

	const EMPTY: DedupRecord = {
		id: '',
		name: '',
		phones: [],
		emails: [],
		address: '',
		birthday: ''
	};

	return {
		warm() {
			return enqueue(async () => {
				const c = await catchUp();
				await c.check(EMPTY, 1);
			});
		},
		check(draft, limit = 3) {
			return enqueue(async () => {
				const c = await catchUp();
				const [scored, shared, dismissed] = await Promise.all([
					c.check(draft, limit + 5),
					sharedIdentifiers(options.db(), draft),
					options.dismissed()
				]);
				const skip = new Set(dismissed);
				const keep = (id: string) =>
					id !== draft.id && (draft.id === '' || !skip.has(pairKey(draft.id, id)));
				const likely: EntryMatch[] = [];
				const review: EntryMatch[] = [];
				for (const p of scored) {
					if (!keep(p.b)) continue;
					const fields = new Set([...p.matched, ...(shared.get(p.b) ?? [])]);
					const match = { id: p.b, score: p.score, matched: [...fields] };
					(p.band === 'likely' ? likely : review).push(match);
					shared.delete(p.b);
				}
				const exact: EntryMatch[] = [...shared]
					.filter(([id]) => keep(id))
					.map(([id, fields]) => ({ id, score: null, matched: fields }));
				return [...likely, ...exact, ...review].slice(0, limit);
			});
		},
		dispose: reset
	};
}
