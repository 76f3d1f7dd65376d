/**
 * How many customers the book holds, without counting them. Chromium's IndexedDB counts a table
 * by walking it: about 2 s for a million customers, during which every other request of the
 * origin waits, the grid's first rows included. So the query worker, once its index is exact,
 * notes the count beside the change log's last entry (a census); the page keeps the census in
 * localStorage and hands it to the next worker. The census is true while the log's last entry is
 * still the one it names: every write that adds, trashes or removes a customer goes through a
 * repository, which appends to the log (erasing for good included), and the log's keys never
 * repeat after a clear. Otherwise the table is counted as before.
 */
import type { SoKhachDB } from '$lib/db/schema';

export interface Census {
	/** The change log's last entry when counted: its key and time. */
	seq: number;
	at: number;
	/** Customers not in the trash. */
	live: number;
}

const KEY = 'so-khach:census';

export function isCensus(value: unknown): value is Census {
	if (typeof value !== 'object' || value === null) return false;
	const { seq, at, live } = value as Record<string, unknown>;
	return (
		Number.isSafeInteger(seq) &&
		(seq as number) > 0 &&
		Number.isFinite(at) &&
		Number.isSafeInteger(live) &&
		(live as number) >= 0
	);
}

/** The change log's last entry; null when the log is empty. */
export async function lastChange(db: SoKhachDB): Promise<{ seq: number; at: number } | null> {
	const last = await db.changes.orderBy(':id').last();
	return last?.seq === undefined ? null : { seq: last.seq, at: last.at };
}

/** Customers not in the trash: the census when it still holds, else two counts. */
export async function liveCount(db: SoKhachDB, census: Census | null): Promise<number> {
	if (census) {
		const last = await lastChange(db);
		if (last && last.seq === census.seq && last.at === census.at) return census.live;
	}
	return db.transaction('r', db.customers, async () => {
		const all = await db.customers.count();
		return all - (await db.customers.where('deletedAt').above(0).count());
	});
}

/** The census kept by this browser, or null (none, unreadable, or no localStorage). */
export function loadCensus(): Census | null {
	try {
		const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
		return isCensus(parsed) ? parsed : null;
	} catch {
		return null;
	}
}

export function saveCensus(census: Census): void {
	try {
		localStorage.setItem(KEY, JSON.stringify(census));
	} catch {
		// Storage full or refused: the next start counts the table, as without a census.
	}
}
