/**
 * The facts blocks (db/packs.ts) brought up to date: the marked customers patched in, or every
 * block built again from the customers when too many changed or none were built yet. A patch is
 * one read-write transaction over customers and packs, so a write landing meanwhile waits and
 * marks again; a whole rebuild reads the customers outside its write (rebuildAll). The reports
 * worker and the stages worker both read the book this way. Each facts block is written with
 * its text block (the duplicate engine's, dedup/book.ts), so the two never disagree.
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
	TEXT_VERSION,
	textsCurrent,
	textWithoutIds,
	type DirtyMark,
	type FactsBlock,
	type PacksMeta,
	type TextBlock
} from '$lib/db/packs';
import { factsOf, type CustomerFacts } from '$lib/db/facts';
import { dedupTextOf } from '$lib/dedup/adapter';
import type { Customer } from '$lib/domain/types';
import { entryOf, packBlock, packText, unpackBlock, type FactsEntry } from './packed';
import { abortError, rowsOf, type PackProgress } from './packs-common';

/** Customers read per request while rebuilding every block. */
const FACTS_PAGE = 5_000;
/**
 * Text blocks built from customers read before some of `ids` were deleted for good or
 * anonymised: those customers' text taken out (or blanked) before the blocks are stored, as the
 * delete's own purge took it out of the blocks stored then (db/packs.ts). The rest of what
 * changed meanwhile the text marks bring in at the next duplicate request.
 */
async function withoutErased(
	db: SoKhachDB,
	texts: readonly TextBlock[],
	ids: readonly string[]
): Promise<TextBlock[]> {
	if (ids.length === 0) return [...texts];
	const now = await db.customers.bulkGet([...ids]);
	const gone = new Set(ids.filter((_, k) => now[k] === undefined));
	const hidden = new Set(ids.filter((_, k) => typeof now[k]?.anonymisedAt === 'number'));
	return texts
		.map((t) => textWithoutIds(t, gone) ?? t)
		.map((t) => textWithoutIds(t, hidden, 'phones') ?? t)
		.filter((t) => t.ids.length > 0);
}

/** The marks of one kind, and what they name together. */
export function union(marks: readonly DirtyMark[]) {
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

/** A customer's entry: their facts, and their text for the duplicate engine. */
function customerEntry(c: Customer, ord: number): FactsEntry {
	return entryOf({ ...factsOf(c), text: dedupTextOf(c) }, ord);
}

/** Blocks of FACTS_BLOCK from a run of entries; the last one may be short. */
function blocksFrom(entries: readonly FactsEntry[]): FactsEntry[][] {
	const out: FactsEntry[][] = [];
	for (let at = 0; at < entries.length; at += FACTS_BLOCK) {
		out.push(entries.slice(at, at + FACTS_BLOCK));
	}
	return out;
}

/** Facts block n and its text block, from the same entries: they are always written together. */
function pack(n: number, entries: readonly FactsEntry[]): { facts: FactsBlock; text: TextBlock } {
	return { facts: packBlock(n, entries), text: packText(n, entries) };
}

/** What the packs held when a request looked: the blocks, their meta and the marks on them. */
interface Snapshot {
	meta: PacksMeta | undefined;
	marks: DirtyMark[];
	/** The keys of the text blocks' marks. */
	textMarks: DirtyMark['key'][];
	blocks: FactsBlock[];
}

const sameMeta = (a: PacksMeta | undefined, b: PacksMeta | undefined): boolean =>
	a === undefined || b === undefined
		? a === b
		: a.epoch === b.epoch &&
			a.nextOrdinal === b.nextOrdinal &&
			a.blocks === b.blocks &&
			a.rev === b.rev;

const markId = (m: DirtyMark): string => m.key[2];

/** Whether every change these marks name is named by a 't' mark too (packs-text.ts). */
const textsFollow = (marks: readonly DirtyMark[]): boolean => marks.every((m) => m.text === true);

/**
 * Every block again from the customers, each keeping its ordinal; null when the packs changed
 * under it in a way a patch cannot mend (another tab rebuilt them, or the customers were
 * cleared), and the caller starts again.
 *
 * The customers are read in read-only transactions of their own, not inside the write: a
 * read-write transaction over `customers` for the whole read (seconds at 100,000 customers)
 * would hold up the grid's reads as well as every write. Consistency comes from the marks
 * instead: every customer write marks the packs in its own transaction, so a write landing
 * while this reads leaves a mark this request has not seen, and the short write at the end
 * patches those customers from their records as they are then, in the same transaction.
 */
async function rebuildAll(
	meta: PacksMeta | undefined,
	marks: readonly DirtyMark[],
	textMarks: readonly DirtyMark['key'][],
	progress: PackProgress
): Promise<LoadedFacts | null> {
	// The old blocks, for their ordinals; a rebuild that finds them replaced will start again.
	const old = (await withDb((db) => rowsOf(db, 'f').toArray())) as FactsBlock[];
	const ordinals = new Map<string, number>();
	let next = meta?.nextOrdinal ?? 0;
	for (const b of old) {
		for (let i = 0; i < b.ids.length; i++) {
			ordinals.set(b.ids[i], b.ord[i]);
			if (b.ord[i] >= next) next = b.ord[i] + 1;
		}
	}
	// For the progress bar: the old blocks' size when there are any, since a count walks the
	// whole store (2 s at a million customers in Chromium).
	const known = old.reduce((n, b) => n + b.ids.length, 0);
	const total = known > 0 ? known : await withDb((db) => db.customers.count());
	const blocks: FactsBlock[] = [];
	const texts: TextBlock[] = [];
	const packNext = (entries: readonly FactsEntry[]) => {
		const both = pack(blocks.length, entries);
		blocks.push(both.facts);
		texts.push(both.text);
	};
	let pending: FactsEntry[] = [];
	const pageAfter = (after: string | null): Promise<Customer[]> =>
		withDb((db) =>
			(after === null ? db.customers.orderBy(':id') : db.customers.where(':id').above(after))
				.limit(FACTS_PAGE)
				.toArray()
		);
	let done = 0;
	let page = await pageAfter(null);
	for (;;) {
		if (progress.signal?.aborted) throw abortError();
		// The next page is asked for before this one is packed: reading and packing overlap.
		const coming = page.length < FACTS_PAGE ? null : pageAfter(page[page.length - 1].id);
		for (const c of page) pending.push(customerEntry(c, ordinals.get(c.id) ?? next++));
		while (pending.length >= FACTS_BLOCK) {
			packNext(pending.slice(0, FACTS_BLOCK));
			pending = pending.slice(FACTS_BLOCK);
		}
		done += page.length;
		progress.onProgress?.(done, Math.max(total, done));
		if (coming === null) break;
		page = await coming;
	}
	if (pending.length > 0) packNext(pending);
	if (progress.signal?.aborted) throw abortError();
	const seen = new Set(marks.map(markId));
	return withDb((db) =>
		db.transaction('rw', db.customers, db.packs, db.interactions, async () => {
			if (!sameMeta((await db.packs.get(META_KEY)) as PacksMeta | undefined, meta)) return null;
			const fresh = ((await rowsOf(db, 'd', 'f').toArray()) as DirtyMark[]).filter(
				(m) => !seen.has(markId(m))
			);
			const { ids, all } = union(fresh);
			// The book cleared, or a write too large to name its customers: read it again. Any
			// number of named customers is patched, though: an import running meanwhile marks a
			// page at a time, and starting again would only meet the next pages.
			if (all) return null;
			if (meta === undefined) {
				// Packs never built, or left by something unknown. Day packs name customers by
				// ordinals, so none may outlive the blocks that gave them; with them go the marks
				// on days. Marks on customers written meanwhile are patched in below.
				for (const kind of ['f', 't', 'p', 'i', 'x', 'm']) await rowsOf(db, kind).delete();
				for (const kind of ['p', 'i']) await rowsOf(db, 'd', kind).delete();
			} else {
				await rowsOf(db, 'f').delete();
				await rowsOf(db, 't').delete();
			}
			// The text marks seen before the read are in the text blocks built from it; those
			// written since stay for the next duplicate request.
			await db.packs.bulkDelete(marks.map((m) => m.key));
			await db.packs.bulkDelete([...textMarks]);
			await db.packs.bulkPut(blocks);
			await db.packs.bulkPut(await withoutErased(db, texts, [...ids]));
			// Built from nothing, the ordinals are a new numbering; kept ordinals keep theirs.
			const epoch = meta === undefined ? newId() : meta.epoch;
			const built: PacksMeta = {
				key: META_KEY,
				nextOrdinal: next,
				blocks: blocks.length,
				epoch,
				rev: (meta?.rev ?? 0) + 1,
				text: TEXT_VERSION,
				textRev: (meta?.rev ?? 0) + 1
			};
			await db.packs.put(built);
			if (fresh.length === 0) return { blocks, packed: done, epoch };
			// Written while this read: patched now, from the records as they are.
			await db.packs.bulkDelete(fresh.map((m) => m.key));
			const patched = await patch(db, blocks, built, [...ids], textsFollow(fresh));
			return { blocks: patched, packed: done, epoch };
		})
	);
}

/**
 * The marked customers' entries replaced, removed or added; only changed blocks written. The
 * text blocks are left to the duplicate engine's requests (packs-text.ts): `textsFollow` says
 * whether every change patched here is named by a 't' mark too, so that they stay current.
 */
async function patch(
	db: SoKhachDB,
	old: FactsBlock[],
	meta: PacksMeta,
	ids: readonly string[],
	textsFollow: boolean
): Promise<FactsBlock[]> {
	// A few ids (a day's edits) are found by scanning; a map of every id costs more than that.
	const where = new Map<string, number>();
	if (ids.length <= 32) {
		for (const id of ids) {
			const k = old.findIndex((b) => b.ids.includes(id));
			if (k >= 0) where.set(id, k);
		}
	} else old.forEach((b, k) => b.ids.forEach((id) => where.set(id, k)));
	const facts = (await db.customers.bulkGet([...ids])).map((c) =>
		c === undefined ? undefined : factsOf(c)
	);
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
	const fresh = blocksFrom(added).map((entries, x) => packBlock(meta.blocks + x, entries));
	blocks.push(...fresh);
	writes.push(...fresh);
	await db.packs.bulkPut(writes);
	if (gone.length > 0) await db.packs.bulkDelete(gone);
	const rev = (meta.rev ?? 0) + 1;
	// A change no text mark names (an earlier version's write, in another tab): the text blocks
	// are built again at the next duplicate request, and until then hold nothing (that write
	// may have been an erase, which that version purged from the facts blocks only).
	if (!textsFollow) await rowsOf(db, 't').delete();
	await db.packs.put({
		...meta,
		nextOrdinal: next,
		blocks: meta.blocks + fresh.length,
		rev,
		...(textsFollow && textsCurrent(meta) ? { textRev: rev } : {})
	});
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

/**
 * A look at the packs in one read-only transaction: the meta and the marks, and the blocks when
 * they are up to date (`clean`). A patch reads the blocks again in its own write, so they are
 * not read here for nothing.
 */
function look(): Promise<Snapshot & { clean: boolean }> {
	return withDb((db) =>
		db.transaction('r', db.packs, async () => {
			const meta = (await db.packs.get(META_KEY)) as PacksMeta | undefined;
			const marks = (await rowsOf(db, 'd', 'f').toArray()) as DirtyMark[];
			const clean = meta !== undefined && marks.length === 0;
			const blocks = clean ? ((await rowsOf(db, 'f').toArray()) as FactsBlock[]) : [];
			const textMarks = clean
				? []
				: ((await rowsOf(db, 'd', 't').primaryKeys()) as DirtyMark['key'][]);
			return { meta, marks, textMarks, blocks, clean };
		})
	);
}

/** The marked customers patched in one read-write transaction; null when a rebuild is needed. */
function patchMarked(): Promise<LoadedFacts | null> {
	return withDb((db) =>
		db.transaction('rw', db.customers, db.packs, db.interactions, async () => {
			const meta = (await db.packs.get(META_KEY)) as PacksMeta | undefined;
			const marks = (await rowsOf(db, 'd', 'f').toArray()) as DirtyMark[];
			const { ids, all } = union(marks);
			if (meta === undefined || all || ids.size > DIRTY_IDS_MAX) return null;
			const old = (await rowsOf(db, 'f').toArray()) as FactsBlock[];
			await db.packs.bulkDelete(marks.map((m) => m.key));
			const blocks = await patch(db, old, meta, [...ids], textsFollow(marks));
			return { blocks, packed: ids.size, epoch: meta.epoch };
		})
	);
}

/**
 * One bring-up-to-date at a time across the app's workers and tabs, where the browser can say
 * (Web Locks): the reports and the stages workers often ask at once after an import, and two
 * full rebuilds would read the whole book twice for one result.
 */
export function exclusive<T>(run: () => Promise<T>, signal?: AbortSignal): Promise<T> {
	const locks = (globalThis.navigator as Navigator | undefined)?.locks;
	if (locks === undefined) return run();
	// A request cancelled while it waits for the lock stops waiting (an AbortError, as ours).
	const options = signal === undefined ? {} : { signal };
	return locks.request('so-khach-facts-blocks', options, run) as Promise<T>;
}

/** Times a request starts again when the packs changed under a rebuild. */
const ATTEMPTS = 5;

/** Every customer's facts block, rebuilt where marked. */
export async function loadFacts(progress: PackProgress = {}): Promise<LoadedFacts> {
	const first = await look();
	if (first.clean) return { blocks: first.blocks, packed: 0, epoch: first.meta?.epoch };
	return exclusive(async () => {
		for (let attempt = 1; ; attempt++) {
			if (progress.signal?.aborted) throw abortError();
			// Again: whoever held the lock before may have done the work.
			const now = await look();
			if (now.clean) return { blocks: now.blocks, packed: 0, epoch: now.meta?.epoch };
			const { ids, all } = union(now.marks);
			const rebuild = now.meta === undefined || all || ids.size > DIRTY_IDS_MAX;
			const done = rebuild
				? await rebuildAll(now.meta, now.marks, now.textMarks, progress)
				: await patchMarked();
			if (done !== null) return done;
			if (attempt >= ATTEMPTS) throw new Error('The facts blocks kept changing while rebuilt');
		}
	}, progress.signal);
}
