import type { Customer } from '$lib/domain/types';
import { withDb } from './db';

/**
 * The newest customers not in the trash, rows [start, end), from the createdAt index: the grid's
 * default view. The page reads it itself right after a reload, before the query worker (which
 * answers every other view) has even started, so the first rows appear at once.
 */
export async function newestCustomers(
	start: number,
	end: number
): Promise<{ total: number | undefined; rows: Customer[] }> {
	const wanted = Math.max(0, end - start);
	const rows = await withDb((db) =>
		db.customers
			.orderBy('createdAt')
			.reverse()
			.filter((c) => c.deletedAt == null)
			.offset(start)
			.limit(wanted)
			.toArray()
	);
	// Counting 100,000 records costs IndexedDB a full pass (about 0.3 s in Chromium), so the total
	// stays unknown until the worker's index knows it, unless this page is the last one.
	return { total: rows.length < wanted ? start + rows.length : undefined, rows };
}
