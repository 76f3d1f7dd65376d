/**
 * The facts blocks (db/packs.ts) brought up to date: the marked customers patched in, or every
 * block built again from the `facts` store when too many changed or none were built yet. One
 * read-write transaction over facts and packs, so a write landing meanwhile waits and marks again.
 */
import type { SoKhachDB } from '$lib/db/db';
import { withDb } from '$lib/db/db';
import { newId } from '$lib/db/ids';
import {
	contactShopDay,
	DIRTY_IDS_MAX,
	FACTS_BLOCK,
	MARK_IDS_MAX,
	META_KEY,
	type DirtyMark,
	type FactsBlock,
	type PacksMeta
} from '$lib/db/packs';
import type { CustomerFacts } from '$lib/db/facts';
import { entryOf, packBlock, unpackBlock, type FactsEntry } from './packed';
import { abortError, rowsOf, type PackProgress } from './packs-common';

/** Facts read per request while rebuilding every block. */
const FACTS_PAGE = 10_000;
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
	} else if (newcomers.length > 0) {
		// Without a purchase, only their contacts may be packed under an ordinal they no longer
		// have (put back after a delete for good): those days are packed again, and only those.
		const contacts = await db.interactions
			.where('customerId')
			.anyOf(newcomers.map((e) => e.id))
			.toArray();
		const days = [...new Set(contacts.map((c) => contactShopDay(c.at)))].filter(Number.isFinite);
		if (days.length > 0) {
			await db.packs.put({
				key: ['d', 'i', newId()],
				days,
				...(contacts.length <= MARK_IDS_MAX ? { ids: contacts.map((c) => c.id) } : {})
			} satisfies DirtyMark);
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
		db.transaction('rw', db.facts, db.packs, db.interactions, async () => {
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
