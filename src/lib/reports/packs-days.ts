/**
 * The day packs of purchases and contacts (db/packs.ts) a period needs, rebuilt where missing or
 * marked: patched by record id when the marks name the records written, else packed from all the
 * day's records. One read-write transaction over the source table and the packs per 14 days.
 */
import type { SoKhachDB } from '$lib/db/db';
import { withDb } from '$lib/db/db';
import { newId } from '$lib/db/ids';
import {
	type ContactDay,
	type DayIds,
	type DirtyMark,
	type PackRow,
	type PurchaseDay
} from '$lib/db/packs';
import { isoOfDayNumber } from '$lib/domain/stages';
import type { Interaction, Purchase } from '$lib/domain/types';
import {
	byDay,
	contactDayOf,
	contactEntry,
	packContacts,
	packPurchases,
	purchaseDayOf,
	purchaseEntry,
	unpackDay,
	type DayEntry
} from './packed';
import { abortError, rowsOf, sameEpoch, type PackCost, type PackProgress } from './packs-common';

/** Days of purchases or contacts rebuilt per read-write transaction. */
export const DAYS_PER_REBUILD = 14;

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

export const purchaseSource: DaySource = {
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

export const contactSource: DaySource = {
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
export async function loadDays(
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
