/**
 * Fixed lists of customers a report links to ("buyers of March not cared for"), kept in the
 * tab's session storage: the grid's URL carries only `list:<token>`, and a list of tens of
 * thousands of ids would not fit in a URL. A list lives as long as the tab (a reload keeps it);
 * opened elsewhere, the link finds nothing and the grid shows every customer.
 */
import { SEGMENT_VERSION, type SegmentDefinition } from '$lib/domain/segments';

export const LIST_PREFIX = 'list:';
const STORAGE_KEY = 'sokhach.reportLists';
/** Lists kept per tab: the last few clicked. */
const KEEP = 5;

interface Stored {
	token: string;
	ids: string[];
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

function read(storage: Storage): Stored[] {
	try {
		const value: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? '[]');
		return Array.isArray(value)
			? value.filter(
					(v): v is Stored =>
						typeof v?.token === 'string' &&
						Array.isArray(v.ids) &&
						v.ids.every((id: unknown) => typeof id === 'string')
				)
			: [];
	} catch {
		return [];
	}
}

/** Keeps the list and gives the segment id a link carries; older lists make room. */
export function saveList(ids: readonly string[], storage: Storage = sessionStorage): string {
	const token = crypto.randomUUID();
	const lists = [...read(storage), { token, ids: [...ids] }];
	// Session storage holds a few megabytes: when full, drop the oldest lists, never this one.
	for (let start = Math.max(0, lists.length - KEEP); start < lists.length; start++) {
		try {
			storage.setItem(STORAGE_KEY, JSON.stringify(lists.slice(start)));
			return LIST_PREFIX + token;
		} catch (e) {
			if (start === lists.length - 1) throw e;
		}
	}
	return LIST_PREFIX + token;
}

/** The definition behind a list id; null when the tab no longer has the list. */
export function listDefinition(
	id: string,
	storage: Storage | undefined = globalThis.sessionStorage
): SegmentDefinition | null {
	if (!id.startsWith(LIST_PREFIX) || storage === undefined) return null;
	const token = id.slice(LIST_PREFIX.length);
	const list = read(storage).find((l) => l.token === token);
	if (list === undefined) return null;
	return {
		version: SEGMENT_VERSION,
		match: 'all',
		conditions: [{ field: 'customers', op: 'in', value: list.ids }]
	};
}
