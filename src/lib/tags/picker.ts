import type { Tag } from '$lib/domain/types';
import { collapseSpaces, fold } from '$lib/domain/text';

/** What the tag picker offers for the text typed so far. */
export interface Suggestions {
	/** Existing tags matching the text and not chosen yet: those starting with it first. */
	matches: Tag[];
	/** The typed name, tidied, when no tag has it yet: choosing it creates the tag on save. */
	create: string | null;
}

/** The tag a name stands for, matched as the repository matches it (case, diacritics, spaces). */
export function findTag(tags: readonly Tag[], name: string): Tag | undefined {
	const key = fold(collapseSpaces(name));
	return tags.find((t) => fold(t.name) === key);
}

export function suggestTags(
	tags: readonly Tag[],
	chosen: readonly string[],
	typed: string,
	limit = 8
): Suggestions {
	const taken = new Set(chosen.map((n) => fold(n)));
	const query = fold(collapseSpaces(typed));
	const starts: Tag[] = [];
	const contains: Tag[] = [];
	for (const tag of tags) {
		const key = fold(tag.name);
		if (taken.has(key)) continue;
		if (key.startsWith(query)) starts.push(tag);
		else if (key.includes(query)) contains.push(tag);
	}
	const name = collapseSpaces(typed);
	const create = query !== '' && !taken.has(query) && !findTag(tags, name) ? name : null;
	return { matches: [...starts, ...contains].slice(0, limit), create };
}

/** `chosen` with `name` added at the end, unless a name matching it is there already. */
export function addChoice(chosen: readonly string[], name: string): string[] {
	const clean = collapseSpaces(name);
	const key = fold(clean);
	if (key === '' || chosen.some((n) => fold(n) === key)) return [...chosen];
	return [...chosen, clean];
}
