import { SEARCH_SEPARATOR } from '$lib/domain/customer';
import { fold } from '$lib/domain/text';
import type { Customer } from '$lib/domain/types';

/**
 * The custom values quick search looks in: text and choice columns, and values kept as typed,
 * folded like names so "hang vang" finds "Hạng Vàng", joined by SEARCH_SEPARATOR. Numbers, dates
 * and yes/no are left out: a search for "1" should not find every customer with a size.
 */
export function customSearchText(custom: Customer['custom'] | undefined): string {
	if (!custom) return '';
	let text = '';
	for (const key in custom) {
		if (!Object.hasOwn(custom, key)) continue;
		const v = custom[key];
		if (typeof v !== 'string' || /^\d{4}-\d{2}-\d{2}$/.test(v)) continue;
		const folded = fold(v);
		if (folded !== '') text = text === '' ? folded : text + SEARCH_SEPARATOR + folded;
	}
	return text;
}
