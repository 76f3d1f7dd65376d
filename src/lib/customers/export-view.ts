import type { GridApi } from 'ag-grid-community';
import type { SegmentDefinition } from '$lib/domain/segments';
import type { Customer } from '$lib/domain/types';
import type { QueryClient } from '$lib/query/client';
import type { FilterModel, Query, SortModel } from '$lib/query/types';

/**
 * The query the grid shows now: its sort and filters, the quick search, the problems toggle and
 * the chosen segment.
 */
export function gridQuery(
	api: GridApi<Customer> | undefined,
	search: string,
	problemsOnly: boolean,
	segment: SegmentDefinition | null = null
): Query {
	const sort: SortModel = (api?.getColumnState() ?? [])
		.filter((c) => c.sort === 'asc' || c.sort === 'desc')
		.sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
		.map((c) => ({ colId: c.colId, sort: c.sort === 'asc' ? 'asc' : 'desc' }));
	const filter = (api?.getFilterModel() ?? {}) as FilterModel;
	return { sort, filter, search, problemsOnly, segment };
}

/**
 * The ids of every customer in a query's result, in its order, read from the query worker a page
 * at a time; the export worker then reads the records itself, so the page never holds them all.
 */
export async function viewIds(client: QueryClient, query: Query, page = 5000): Promise<string[]> {
	const ids: string[] = [];
	for (let start = 0; ; start += page) {
		const { total, rows } = await client.getPage(query, start, start + page);
		for (const c of rows) ids.push(c.id);
		if (rows.length === 0 || start + page >= total) return ids;
	}
}
