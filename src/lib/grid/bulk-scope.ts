/**
 * Whom a bulk action in the grid's toolbar covers (the "Thẻ" and "Sửa hàng loạt" menus): the
 * ticked rows, or everyone the current view finds — its search, filters and segment — which is
 * the whole book (`'all'`, read by the repository without a list of ids) when nothing narrows it.
 */
import { countCustomers } from '$lib/db/customers';
import type { CustomerSet } from '$lib/db/tags';

export type BulkScope = 'selected' | 'view';

export interface BulkTarget {
	customers: CustomerSet;
	count: number;
}

/** The scope a menu opens with: the ticked rows, when there are some, are what the user means. */
export function defaultScope(selected: readonly string[]): BulkScope {
	return selected.length > 0 ? 'selected' : 'view';
}

export async function bulkTarget(
	scope: BulkScope,
	selected: readonly string[],
	/** Ids of the customers in the current view; undefined when the view is the whole book. */
	viewIds: () => Promise<string[] | undefined>,
	countAll: () => Promise<number> = countCustomers
): Promise<BulkTarget> {
	if (scope === 'selected') return { customers: [...selected], count: selected.length };
	const ids = await viewIds();
	return ids === undefined
		? { customers: 'all', count: await countAll() }
		: { customers: ids, count: ids.length };
}
