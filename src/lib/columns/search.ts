import { SEARCH_SEPARATOR } from '$lib/domain/customer';
import { fold } from '$lib/domain/text';
import type { Customer } from '$lib/domain/types';

/**
 * Quick search over the built-in fields and the custom text values (text and choice columns,
 * and values kept as typed), folded like names so "hang vang" finds "Hạng Vàng". Numbers,
 * dates and yes/no are left out: a search for "1" should not find every customer with a size.
 */
export function withCustomText(base: (c: Customer) => string): (c: Customer) => string {
	return (c) => {
		const text = base(c);
		const custom = c.custom;
		if (!custom) return text;
		let extra = '';
		for (const key in custom) {
			if (!Object.hasOwn(custom, key)) continue;
			const v = custom[key];
			if (typeof v !== 'string' || /^\d{4}-\d{2}-\d{2}$/.test(v)) continue;
			const folded = fold(v);
			if (folded !== '') extra += SEARCH_SEPARATOR + folded;
		}
		return extra === '' ? text : text === '' ? extra.slice(1) : text + extra;
	};
}
