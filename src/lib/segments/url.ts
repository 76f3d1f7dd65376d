import { replaceState } from '$app/navigation';
import { page } from '$app/state';
import { SEGMENT_PARAM } from './choices';

/**
 * Keeps the chosen segment in the page's URL (`?segment=…`), so a reload, a bookmark or a link
 * from another page shows the same customers. Replaces the history entry: choosing segments is
 * not a trail to step back through.
 */
export function keepSegmentInUrl(id: string | null): void {
	const params = new URLSearchParams(page.url.search);
	if (id) params.set(SEGMENT_PARAM, id);
	else params.delete(SEGMENT_PARAM);
	const search = params.toString() === '' ? '' : `?${params}`;
	if (search === page.url.search) return;
	// eslint-disable-next-line svelte/no-navigation-without-resolve -- this route's own (resolved) path; only the query changes
	replaceState(`${page.url.pathname}${search}`, page.state);
}

/** The segment a page opens with, from its URL. */
export function segmentFromUrl(): string | null {
	return page.url.searchParams.get(SEGMENT_PARAM);
}
