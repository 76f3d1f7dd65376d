/**
 * The reports worker's packs (db/packs.ts): read them, and first rebuild what the request needs
 * and a write has marked. Reading clean packs takes one read-only transaction; rebuilding takes
 * a read-write one over the source table and the packs, so a write landing meanwhile waits and
 * then marks again, and a mark is only removed by the transaction that rebuilt what it names.
 */
import type { SoKhachDB } from '$lib/db/db';
import { withDb } from '$lib/db/db';
import { newId } from '$lib/db/ids';
import {
	DIRTY_IDS_MAX,
	FACTS_BLOCK,
	kindRange,
	META_KEY,
	type ContactDay,
	type DayIds,
	type DirtyMark,
	type FactsBlock,
	type PackRow,
	type PacksMeta,
	type PurchaseDay
} from '$lib/db/packs';
import type { CustomerFacts } from '$lib/db/facts';
import { isoOfDayNumber } from '$lib/domain/stages';
import type { Interaction, Purchase } from '$lib/domain/types';
import {
	byDay,
	contactDayOf,
	contactEntry,
	entryOf,
	packBlock,
	packContacts,
	packPurchases,
	purchaseDayOf,
	purchaseEntry,
	unpackBlock,
	unpackDay,
	type DayEntry,
	type FactsEntry
} from './packed';

/** Facts read per request while rebuilding every block. */
const FACTS_PAGE = 10_000;
/** Days of purchases or contacts rebuilt per read-write transaction. */
export const DAYS_PER_REBUILD = 14;

export interface PackProgress {
	onProgress?: (done: number, total: number) => void;
	signal?: AbortSignal;
}

export interface PackCost {
	/** Customers whose facts were packed again (all of them on a full rebuild). */
	factsPacked: number;
	/** Day packs rebuilt. */
	daysRebuilt: number;
}

/** The blocks a request loaded were built again, with new ordinals, by another tab meanwhile. */
const STALE = 'StaleOrdinals';

function staleOrdinals(): Error {
	const e = new Error('The packs were rebuilt meanwhile');
	e.name = STALE;
	return e;
}

/** Whether `e` is staleOrdinals(), as thrown or as withDb wraps it. */
function isStale(e: unknown): boolean {
	const named = (x: unknown) => x instanceof Error && x.name === STALE;
	return named(e) || (e instanceof Error && named(e.cause));
}

/** Refuses, in a transaction, to go on with ordinals of a numbering no longer stored. */
async function sameEpoch(db: SoKhachDB, epoch: string | undefined): Promise<void> {
	const meta = (await db.packs.get(META_KEY)) as PacksMeta | undefined;
	if (meta === undefined || meta.epoch !== epoch) throw staleOrdinals();
}

export function abortError(): Error {
	const e = new Error('Report cancelled');
	e.name = 'AbortError';
	return e;
}

const rowsOf = (db: SoKhachDB, kind: string, sub?: string) => {
	const [lo, hi] = kindRange(kind, sub);
	return db.packs.where(':id').between(lo, hi, true, false);
};

/** The marks of one kind, and what they name together. */
function union(marks: readonly DirtyMark[]) {
	const ids = new Set<string>();
	const days = new Set<number>();
	let all = false;
	for (const m of marks) {
		if (m.all) all = true;
		for (const id of m.ids ?? []) ids.add(id);
		for (const d of m.days ?? []) days.add(d);
	}
	return { ids, days, all };
}

/** Blocks of FACTS_BLOCK from a run of entries; the last one may be short. */
function blocksFrom(entries: readonly FactsEntry[], firstNumber: number): FactsBlock[] {
	const out: FactsBlock[] = [];
	for (let at = 0; at < entries.length; at += FACTS_BLOCK) {
		out.push(packBlock(firstNumber + out.length, entries.slice(at, at + FACTS_BLOCK)));
	}
	return out;
}

/** Every block again from the facts, each customer keeping its ordinal. */
async function rebuildAll(
	db: SoKhachDB,
	old: readonly FactsBlock[],
	meta: PacksMeta | undefined,
	progress: PackProgress
): Promise<LoadedFacts> {
	const ordinals = new Map<string, number>();
	let next = meta?.nextOrdinal ?? 0;
	for (const b of old) {
		for (let i = 0; i < b.ids.length; i++) {
			ordinals.set(b.ids[i], b.ord[i]);
			if (b.ord[i] >= next) next = b.ord[i] + 1;
		}
	}
	// No meta: packs never built, or left by something unknown. Day packs name customers by
	// ordinals, so none may outlive the blocks that gave them.
	if (meta === undefined) await db.packs.clear();
	else await rowsOf(db, 'f').delete();
	const total = await db.facts.count();
	const blocks: FactsBlock[] = [];
	let pending: FactsEntry[] = [];
	let after: string | null = null;
	let done = 0;
	for (;;) {
		const page: CustomerFacts[] =
			after === null
				? await db.facts.orderBy(':id').limit(FACTS_PAGE).toArray()
				: await db.facts.where(':id').above(after).limit(FACTS_PAGE).toArray();
		if (progress.signal?.aborted) throw abortError();
		for (const f of page) pending.push(entryOf(f, ordinals.get(f.id) ?? next++));
		while (pending.length >= FACTS_BLOCK) {
			blocks.push(packBlock(blocks.length, pending.slice(0, FACTS_BLOCK)));
			pending = pending.slice(FACTS_BLOCK);
		}
		done += page.length;
		progress.onProgress?.(done, Math.max(total, done));
		if (page.length < FACTS_PAGE) break;
		after = page[page.length - 1].id;
	}
	if (pending.length > 0) blocks.push(packBlock(blocks.length, pending));
	await db.packs.bulkPut(blocks);
	// Built from nothing, the ordinals are a new numbering; kept ordinals keep theirs.
	const epoch = meta === undefined ? newId() : meta.epoch;
	await db.packs.put({ key: META_KEY, nextOrdinal: next, blocks: blocks.length, epoch });
	return { blocks, packed: done, epoch };
}

/** The marked customers' entries replaced, removed or added; only changed blocks written. */
async function patch(
	db: SoKhachDB,
	old: FactsBlock[],
	meta: PacksMeta,
	ids: readonly string[]
): Promise<FactsBlock[]> {
	// A few ids (a day's edits) are found by scanning; a map of every id costs more than that.
	const where = new Map<string, number>();
	if (ids.length <= 32) {
		for (const id of ids) {
			const k = old.findIndex((b) => b.ids.includes(id));
			if (k >= 0) where.set(id, k);
		}
	} else old.forEach((b, k) => b.ids.forEach((id) => where.set(id, k)));
	const facts = await db.facts.bulkGet([...ids]);
	const unpacked = new Map<number, FactsEntry[]>();
	const entriesOf = (k: number) => {
		let list = unpacked.get(k);
		if (list === undefined) unpacked.set(k, (list = unpackBlock(old[k])));
		return list;
	};
	const changed = new Map<number, Map<string, CustomerFacts | undefined>>();
	const added: FactsEntry[] = [];
	let next = meta.nextOrdinal;
	ids.forEach((id, n) => {
		const k = where.get(id);
		if (k === undefined) {
			if (facts[n] !== undefined) added.push(entryOf(facts[n], next++));
			return;
		}
		if (!changed.has(k)) changed.set(k, new Map());
		changed.get(k)!.set(id, facts[n]);
	});
	const touched = new Map<number, FactsEntry[]>();
	for (const [k, byId] of changed) {
		const entries: FactsEntry[] = [];
		for (const e of entriesOf(k)) {
			if (!byId.has(e.id)) entries.push(e);
			else {
				const f = byId.get(e.id);
				if (f !== undefined) entries.push(entryOf(f, e.ord));
			}
		}
		touched.set(k, entries);
	}
	const newcomers = [...added];
	// New customers fill the last block, then new ones.
	const lastK = old.length - 1;
	if (added.length > 0 && lastK >= 0) {
		const entries = touched.get(lastK) ?? entriesOf(lastK);
		touched.set(lastK, [...entries, ...added.splice(0, Math.max(0, FACTS_BLOCK - entries.length))]);
	}
	const blocks: FactsBlock[] = [];
	const writes: FactsBlock[] = [];
	const gone: FactsBlock['key'][] = [];
	old.forEach((b, k) => {
		const entries = touched.get(k);
		if (entries === undefined) blocks.push(b);
		else if (entries.length === 0) gone.push(b.key);
		else {
			const packed = packBlock(b.key[1], entries);
			blocks.push(packed);
			writes.push(packed);
		}
	});
	const fresh = blocksFrom(added, meta.blocks);
	blocks.push(...fresh);
	writes.push(...fresh);
	await db.packs.bulkPut(writes);
	if (gone.length > 0) await db.packs.bulkDelete(gone);
	await db.packs.put({ ...meta, nextOrdinal: next, blocks: meta.blocks + fresh.length });
	// A customer new to the blocks who has bought already was deleted for good and put back
	// (an undone creation redone), or written with their history: day packs may name their
	// sales and contacts by an ordinal they no longer have, so every day is packed again.
	if (newcomers.some((e) => e.count > 0)) {
		for (const kind of ['p', 'i'] as const) {
			await db.packs.put({ key: ['d', kind, newId()], all: true } satisfies DirtyMark);
		}
	}
	return blocks;
}

export interface LoadedFacts {
	blocks: FactsBlock[];
	packed: number;
	/** The numbering of the blocks' ordinals (PacksMeta.epoch). */
	epoch: string | undefined;
}

/** Every customer's facts block, rebuilt where marked. */
export async function loadFacts(progress: PackProgress = {}): Promise<LoadedFacts> {
	const clean = await withDb((db) =>
		db.transaction('r', db.packs, async () => {
			const meta = (await db.packs.get(META_KEY)) as PacksMeta | undefined;
			const marks = await rowsOf(db, 'd', 'f').count();
			if (meta === undefined || marks > 0) return null;
			return { blocks: (await rowsOf(db, 'f').toArray()) as FactsBlock[], epoch: meta.epoch };
		})
	);
	if (clean !== null) return { ...clean, packed: 0 };
	if (progress.signal?.aborted) throw abortError();
	return withDb((db) =>
		db.transaction('rw', db.facts, db.packs, async () => {
			const meta = (await db.packs.get(META_KEY)) as PacksMeta | undefined;
			const marks = (await rowsOf(db, 'd', 'f').toArray()) as DirtyMark[];
			const old = (await rowsOf(db, 'f').toArray()) as FactsBlock[];
			const { ids, all } = union(marks);
			await db.packs.bulkDelete(marks.map((m) => m.key));
			if (meta === undefined || all || ids.size > DIRTY_IDS_MAX) {
				return rebuildAll(db, old, meta, progress);
			}
			return { blocks: await patch(db, old, meta, [...ids]), packed: ids.size, epoch: meta.epoch };
		})
	);
}

/** Epoch ms of 00:00 in Việt Nam (UTC+7, no summer time) on a day number. */
const shopDayStart = (day: number): number => day * 86_400_000 - 7 * 3_600_000;

type Stored = Record<string, unknown>;

interface DaySource {
	kind: 'p' | 'i';
	table: (db: SoKhachDB) => SoKhachDB['purchases'] | SoKhachDB['interactions'];
	read: (db: SoKhachDB, first: number, last: number) => Promise<Stored[]>;
	dayOf: (row: Stored) => number;
	entry: (row: Stored, ordOf: (id: string) => number) => DayEntry | null;
	pack: (day: number, entries: readonly DayEntry[]) => PurchaseDay | ContactDay;
}

const purchaseSource: DaySource = {
	kind: 'p',
	table: (db) => db.purchases,
	read: (db, first, last) =>
		db.purchases
			.where('date')
			.between(isoOfDayNumber(first), isoOfDayNumber(last), true, true)
			.toArray() as unknown as Promise<Stored[]>,
	dayOf: (row) => purchaseDayOf(row as { date: string }),
	entry: (row, ordOf) => purchaseEntry(row as unknown as Purchase, ordOf),
	pack: packPurchases
};

const contactSource: DaySource = {
	kind: 'i',
	table: (db) => db.interactions,
	read: (db, first, last) =>
		db.interactions
			.where('at')
			.between(shopDayStart(first), shopDayStart(last + 1), true, false)
			.toArray() as unknown as Promise<Stored[]>,
	dayOf: (row) => contactDayOf(row as { at: number }),
	entry: (row, ordOf) => contactEntry(row as unknown as Interaction, ordOf),
	pack: packContacts
};

/** What the marks of one kind name: per day, the records written (null: not known). */
function markedDays(marks: readonly DirtyMark[]) {
	const days = new Map<number, Set<string> | null>();
	let all = false;
	for (const m of marks) {
		if (m.all) all = true;
		for (const d of m.days ?? []) {
			const known = days.get(d);
			if (m.ids === undefined) days.set(d, null);
			else if (known !== null) days.set(d, new Set([...(known ?? []), ...m.ids]));
		}
	}
	return { days, all };
}

const idsKey = (kind: 'p' | 'i', day: number): DayIds['key'] => ['x', kind, day];

/**
 * Rebuilds or patches the packs of `days` in one read-write transaction. A day marked with the
 * records written, whose pack and ids are stored, is patched: those records' entries leave it
 * and come back as they are now. Any other is packed again from all its records.
 */
async function rebuildDays(
	db: SoKhachDB,
	source: DaySource,
	days: readonly number[],
	lookup: (id: string) => number,
	epoch: string | undefined
): Promise<(PurchaseDay | ContactDay)[]> {
	const { kind } = source;
	// Packed with ordinals of blocks since replaced, a day would stay wrong and unmarked.
	await sameEpoch(db, epoch);
	const marks = (await rowsOf(db, 'd', kind).toArray()) as DirtyMark[];
	const now = markedDays(marks);
	if (now.all) {
		// A cleared table: no pack or id list of this kind can be trusted.
		await rowsOf(db, kind).delete();
		await rowsOf(db, 'x', kind).delete();
	}
	const packs = (await db.packs.bulkGet(days.map((d) => [kind, d]))) as (
		PurchaseDay | ContactDay | undefined
	)[];
	const sides = (await db.packs.bulkGet(days.map((d) => idsKey(kind, d)))) as (
		DayIds | undefined
	)[];
	const patchable = (k: number) => {
		const written = now.days.get(days[k]);
		return !now.all && packs[k] !== undefined && sides[k] !== undefined && written != null;
	};
	// Days packed and not marked (built by another tab meanwhile) are kept as they are.
	const fromSource = days.filter(
		(d, k) =>
			now.all || packs[k] === undefined || sides[k] === undefined || now.days.get(d) === null
	);
	const changedIds = [
		...new Set(days.flatMap((d, k) => (patchable(k) ? [...now.days.get(d)!] : [])))
	];
	const [all, changed] = await Promise.all([
		fromSource.length > 0
			? source.read(db, fromSource[0], fromSource[fromSource.length - 1])
			: Promise.resolve([]),
		changedIds.length > 0
			? (source.table(db).bulkGet(changedIds) as Promise<(Stored | undefined)[]>)
			: Promise.resolve([])
	]);
	const rowsByDay = byDay(all, source.dayOf);
	const changedByDay = byDay(
		changed.filter((r): r is Stored => r !== undefined),
		source.dayOf
	);
	const out: (PurchaseDay | ContactDay)[] = [];
	const writes: PackRow[] = [];
	const unknownDays: number[] = [];
	days.forEach((d, k) => {
		let entries: DayEntry[];
		let unknown = false;
		const ordOf = (id: string) => {
			const o = lookup(id);
			if (o < 0) unknown = true;
			return o;
		};
		const add = (rows: readonly Stored[]) => {
			for (const r of rows) {
				const e = source.entry(r, ordOf);
				if (e !== null) entries.push(e);
			}
		};
		if (patchable(k)) {
			const written = now.days.get(d)!;
			entries = unpackDay(packs[k]!, sides[k]!.ids).filter((e) => !written.has(e.id));
			if (entries.some((e) => e.cust < 0)) unknown = true;
			// Only the records this day's marks name: another day's mark may name a record now on
			// this day that its pack already holds (moved here, this day patched since).
			add((changedByDay.get(d) ?? []).filter((r) => written.has(String(r.id))));
		} else if (fromSource.includes(d)) {
			entries = [];
			add(rowsByDay.get(d) ?? []);
		} else {
			out.push(packs[k]!);
			return;
		}
		const pack = source.pack(d, entries);
		out.push(pack);
		writes.push(pack, { key: idsKey(kind, d), ids: entries.map((e) => e.id) });
		if (unknown) unknownDays.push(d);
	});
	await db.packs.bulkPut(writes);
	// Each mark loses the days done; a day with a customer not in the blocks stays marked.
	const done = new Set(days);
	for (const m of marks) {
		const left = now.all ? [] : (m.days ?? []).filter((d) => !done.has(d));
		if (left.length === 0) await db.packs.delete(m.key);
		else if (left.length < (m.days ?? []).length) await db.packs.put({ ...m, days: left });
	}
	if (unknownDays.length > 0) {
		await db.packs.put({ key: ['d', kind, newId()], days: unknownDays } satisfies DirtyMark);
	}
	return out;
}

/**
 * The day packs of [first, last], in day order, rebuilt where missing or marked. `ordOf` gives
 * a customer's ordinal from the facts blocks just loaded, -1 when they are not in them: a day
 * with such a customer is packed (the customer counts as not in the book, as in the blocks) but
 * stays marked, so the next request, with newer blocks, packs it again.
 */
async function loadDays(
	source: DaySource,
	first: number,
	last: number,
	ordOf: () => (id: string) => number,
	epoch: string | undefined,
	progress: PackProgress,
	cost: PackCost
): Promise<(PurchaseDay | ContactDay)[]> {
	const { kind } = source;
	const read = await withDb((db) =>
		db.transaction('r', db.packs, async () => {
			// Days packed by another tab since its blocks replaced ours do not go with our blocks.
			await sameEpoch(db, epoch);
			return {
				packs: (await db.packs
					.where(':id')
					.between([kind, first], [kind, last], true, true)
					.toArray()) as (PurchaseDay | ContactDay)[],
				marks: (await rowsOf(db, 'd', kind).toArray()) as DirtyMark[]
			};
		})
	);
	const have = new Map(read.packs.map((p) => [p.key[1], p]));
	const marked = markedDays(read.marks);
	const needed: number[] = [];
	for (let d = first; d <= last; d++) {
		if (marked.all || !have.has(d) || marked.days.has(d)) needed.push(d);
	}
	for (let at = 0; at < needed.length;) {
		if (progress.signal?.aborted) throw abortError();
		const lo = needed[at];
		let end = at;
		while (end + 1 < needed.length && needed[end + 1] < lo + DAYS_PER_REBUILD) end++;
		const days = needed.slice(at, end + 1);
		at = end + 1;
		const built = await withDb((db) =>
			db.transaction('rw', source.table(db), db.packs, () =>
				rebuildDays(db, source, days, ordOf(), epoch)
			)
		);
		cost.daysRebuilt += built.length;
		for (const p of built) have.set(p.key[1], p);
	}
	const out: (PurchaseDay | ContactDay)[] = [];
	for (let d = first; d <= last; d++) {
		const p = have.get(d);
		if (p !== undefined) out.push(p);
	}
	return out;
}

export interface LoadedPacks {
	blocks: FactsBlock[];
	purchases: PurchaseDay[];
	contacts: ContactDay[];
	cost: PackCost & { factsMs: number; purchasesMs: number; contactsMs: number };
}

/** Times a request starts again when another tab rebuilt the blocks under it. */
const ATTEMPTS = 3;

/** Everything a dashboard over these days needs, rebuilt where marked. */
export async function loadPacks(
	range: { purchases: [number, number]; contacts: [number, number] },
	progress: PackProgress = {}
): Promise<LoadedPacks> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await loadPacksOnce(range, progress);
		} catch (e) {
			if (!isStale(e) || attempt >= ATTEMPTS) throw e;
		}
	}
}

async function loadPacksOnce(
	range: { purchases: [number, number]; contacts: [number, number] },
	progress: PackProgress
): Promise<LoadedPacks> {
	const start = performance.now();
	const facts = await loadFacts(progress);
	const factsMs = performance.now() - start;
	// Ordinals by id: the first few by scanning the blocks (a patch names a handful), then a map.
	let map: Map<string, number> | null = null;
	let scans = 0;
	const lookup = (id: string): number => {
		if (map === null && scans++ < 32) {
			for (const b of facts.blocks) {
				const i = b.ids.indexOf(id);
				if (i >= 0) return b.ord[i];
			}
			return -1;
		}
		if (map === null) {
			map = new Map();
			for (const b of facts.blocks)
				for (let i = 0; i < b.ids.length; i++) map.set(b.ids[i], b.ord[i]);
		}
		return map.get(id) ?? -1;
	};
	const ordOf = () => lookup;
	const cost = { factsPacked: facts.packed, daysRebuilt: 0 };
	const purchases = (await loadDays(
		purchaseSource,
		...range.purchases,
		ordOf,
		facts.epoch,
		progress,
		cost
	)) as PurchaseDay[];
	const purchasesMs = performance.now() - start - factsMs;
	const contacts = (await loadDays(
		contactSource,
		...range.contacts,
		ordOf,
		facts.epoch,
		progress,
		cost
	)) as ContactDay[];
	const contactsMs = performance.now() - start - factsMs - purchasesMs;
	return {
		blocks: facts.blocks,
		purchases,
		contacts,
		cost: { ...cost, factsMs, purchasesMs, contactsMs }
	};
}
