import type { Tag } from '$lib/domain/types';
import { collapseSpaces, fold } from '$lib/domain/text';
import type { BatchContext } from './changes';
import { withDb } from './db';
import { newId } from './ids';

/** Colours given to new tags in turn, readable on a light background; the owner can change them later. */
export const TAG_COLOURS = [
	'#0f766e',
	'#b45309',
	'#7c3aed',
	'#be123c',
	'#1d4ed8',
	'#4d7c0f',
	'#a21caf',
	'#0e7490'
] as const;

function byOrder(a: Tag, b: Tag): number {
	return a.order - b.order || fold(a.name).localeCompare(fold(b.name));
}

/**
 * The tags named `names`, in that order without repeats, creating the missing ones in the
 * batch. Names match ignoring case, diacritics and spacing ("khách vip" finds "Khách VIP"), and
 * an existing tag keeps its first spelling. A matching tag in the trash is taken out of it, so
 * one name never stands for two tags.
 */
export async function ensureTags(ctx: BatchContext, names: readonly string[]): Promise<Tag[]> {
	// A shop has tens of tags, not thousands: reading them all is cheaper than another index.
	const existing = await ctx.db.tags.toArray();
	const byKey = new Map<string, Tag>();
	for (const tag of [...existing].sort(byOrder)) {
		const key = fold(tag.name);
		const held = byKey.get(key);
		if (!held || (held.deletedAt !== undefined && tag.deletedAt === undefined)) byKey.set(key, tag);
	}
	let order = existing.reduce((max, t) => Math.max(max, t.order), -1);

	const result: Tag[] = [];
	const seen = new Set<string>();
	const created: Tag[] = [];
	const toRestore: string[] = [];
	for (const raw of names) {
		const name = collapseSpaces(raw);
		const key = fold(name);
		if (!key || seen.has(key)) continue;
		seen.add(key);
		let tag = byKey.get(key);
		if (!tag) {
			order++;
			tag = {
				id: newId(),
				name,
				colour: TAG_COLOURS[order % TAG_COLOURS.length],
				group: 'free',
				order,
				createdAt: ctx.now,
				updatedAt: ctx.now
			};
			byKey.set(key, tag);
			created.push(tag);
		} else if (tag.deletedAt !== undefined) {
			toRestore.push(tag.id);
			const { deletedAt: _, ...restored } = tag;
			tag = { ...restored, updatedAt: ctx.now };
		}
		result.push(tag);
	}
	await ctx.create('tags', created);
	if (toRestore.length > 0) await ctx.restore('tags', toRestore);
	return result;
}

/** The tags not in the trash, in their display order. */
export function listTags(): Promise<Tag[]> {
	return withDb(async (db) =>
		(await db.tags.toArray()).filter((t) => t.deletedAt === undefined).sort(byOrder)
	);
}
