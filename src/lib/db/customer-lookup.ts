import { lookupQuery, matchRank, rankMatches } from '$lib/customers/customer-search';
import type { Customer, CustomerId } from '$lib/domain/types';
import { withDb } from './db';

export interface LookupOptions {
	/** At most this many customers come back. */
	limit?: number;
	/** Left out of the answer (the customer whose referrer is being chosen). */
	excludeId?: CustomerId | null;
	/**
	 * How many customers the "somewhere inside the name" pass may read. No index answers
	 * "contains", so that pass walks the nameKey index; the cap keeps a keystroke on a 100k-row
	 * book from reading the whole table on the main thread.
	 */
	scanLimit?: number;
}

const DEFAULT_SCAN_LIMIT = 20_000;

/**
 * Live customers matching what was typed in a picker: a name (folded, so "huong" finds
 * "Nguyễn Thị Hương"), best matches first, or the start of a phone number. Names that start with
 * the text come from an index range; only when those are too few is the rest of the book read,
 * up to `scanLimit` customers, for names that contain it.
 */
export function lookupCustomers(text: string, opts: LookupOptions = {}): Promise<Customer[]> {
	const limit = opts.limit ?? 10;
	const scanLimit = opts.scanLimit ?? DEFAULT_SCAN_LIMIT;
	const query = lookupQuery(text);
	if (query === null || limit <= 0) return Promise.resolve([]);
	const wanted = (c: Customer) => c.deletedAt === undefined && c.id !== opts.excludeId;
	return withDb(async (db) => {
		if (query.kind === 'phone') {
			return db.customers
				.where('phoneKeys')
				.startsWith(query.prefix)
				.distinct()
				.filter(wanted)
				.limit(limit)
				.toArray();
		}
		const starting = await db.customers
			.where('nameKey')
			.startsWith(query.key)
			.filter(wanted)
			.limit(limit)
			.toArray();
		if (starting.length >= limit) return starting;
		const found = new Set(starting.map((c) => c.id));
		let scanned = 0;
		// More than needed, so that word starts ("huong") can outrank mid-word hits ("thuong").
		const inside = await db.customers
			.orderBy('nameKey')
			.until(() => scanned >= scanLimit)
			.filter((c) => {
				scanned += 1;
				return wanted(c) && !found.has(c.id) && matchRank(c.nameKey, query.key) !== null;
			})
			.limit(limit * 5)
			.toArray();
		return rankMatches(query.key, [...starting, ...inside], limit);
	});
}
