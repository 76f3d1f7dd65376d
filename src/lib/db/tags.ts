import type { Tag } from '$lib/domain/types';
import { collapseSpaces, fold } from '$lib/domain/text';
import { runBatch, type BatchContext, type KeyPatch } from './changes';
import { withDb } from './db';
import { InputError, unwrapInput } from './input';
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

const COLOUR = /^#[0-9a-f]{6}$/i;

/** A live tag, or InputError('tag', 'value-invalid') when it is gone. */
async function liveTag(ctx: BatchContext, id: string): Promise<Tag> {
	const tag = await ctx.db.tags.get(id);
	if (!tag || tag.deletedAt !== undefined) throw new InputError('tag', 'value-invalid');
	return tag;
}

/**
 * Renames a tag ('change_tag_rename', { name }): one undo step. The name is tidied (spaces);
 * another live tag with the same name (ignoring case and diacritics) refuses it — merge them
 * instead.
 *
 * @throws InputError('name', 'text-empty' | 'value-invalid')
 */
export function renameTag(id: string, name: string): Promise<Tag> {
	const clean = collapseSpaces(name);
	if (fold(clean) === '') return Promise.reject(new InputError('name', 'text-empty'));
	return unwrapInput(
		runBatch(
			'change_tag_rename',
			{ name: clean },
			'user',
			async (ctx) => {
				await liveTag(ctx, id);
				const clash = (await ctx.db.tags.toArray()).some(
					(t) => t.id !== id && t.deletedAt === undefined && fold(t.name) === fold(clean)
				);
				if (clash) throw new InputError('name', 'value-invalid');
				return ctx.update('tags', id, { name: clean });
			},
			{ tables: ['tags'] }
		)
	);
}

/** @throws InputError('colour', 'value-invalid') unless `#rrggbb` */
export function setTagColour(id: string, colour: string): Promise<Tag> {
	if (!COLOUR.test(colour)) return Promise.reject(new InputError('colour', 'value-invalid'));
	return unwrapInput(
		runBatch(
			'change_tag_colour',
			undefined,
			'user',
			async (ctx) => {
				const tag = await liveTag(ctx, id);
				ctx.setParams({ name: tag.name });
				return ctx.update('tags', id, { colour: colour.toLowerCase() });
			},
			{ tables: ['tags'] }
		)
	);
}

/** Replaces tags `from` by `into` on every customer who has them (through the *tags index). */
async function retag(ctx: BatchContext, from: readonly string[], into: string | null) {
	const customers = await ctx.db.customers
		.where('tags')
		.anyOf([...from])
		.distinct()
		.toArray();
	const gone = new Set(from);
	const patches: KeyPatch<'customers'>[] = customers.map((c) => {
		const kept = c.tags.filter((t) => !gone.has(t));
		const tags = into === null || kept.includes(into) ? kept : [...kept, into];
		return { key: c.id, patch: { tags } };
	});
	await ctx.updateMany('customers', patches);
	return customers.length;
}

/**
 * Merges tags into one ('change_tag_merge', { name, count }): every customer with any of `from`
 * gets `into` instead, and the `from` tags go to the trash. One undo step brings all back.
 *
 * @throws InputError('tag', 'value-invalid') when a tag is gone or `into` is among `from`
 */
export function mergeTags(from: readonly string[], into: string): Promise<number> {
	if (from.length === 0 || from.includes(into)) {
		return Promise.reject(new InputError('tag', 'value-invalid'));
	}
	return unwrapInput(
		runBatch(
			'change_tag_merge',
			undefined,
			'user',
			async (ctx) => {
				const target = await liveTag(ctx, into);
				for (const id of from) await liveTag(ctx, id);
				const count = await retag(ctx, from, into);
				await ctx.trash('tags', [...from]);
				ctx.setParams({ name: target.name, count });
				return count;
			},
			{ tables: ['tags', 'customers'] }
		)
	);
}

/**
 * Deletes a tag ('change_tag_delete', { name, count }): taken off every customer and moved to
 * the trash, in one undo step.
 */
export function deleteTag(id: string): Promise<number> {
	return unwrapInput(
		runBatch(
			'change_tag_delete',
			undefined,
			'user',
			async (ctx) => {
				const tag = await liveTag(ctx, id);
				const count = await retag(ctx, [id], null);
				await ctx.trash('tags', [id]);
				ctx.setParams({ name: tag.name, count });
				return count;
			},
			{ tables: ['tags', 'customers'] }
		)
	);
}

/** How many customers (not in the trash) carry each tag, through the *tags index. */
export function tagUsage(ids: readonly string[]): Promise<Map<string, number>> {
	return withDb(async (db) => {
		const out = new Map<string, number>();
		for (const id of ids) {
			const n = await db.customers
				.where('tags')
				.equals(id)
				.filter((c) => c.deletedAt === undefined)
				.count();
			out.set(id, n);
		}
		return out;
	});
}

/** Which customers a bulk tag action covers: these ids, or every customer not in the trash. */
export type CustomerSet = readonly string[] | 'all';

export interface BulkTagResult {
	tag: Tag;
	/** Customers whose tags changed; those who already had (or lacked) the tag are not counted. */
	count: number;
}

/** Customers are read and written this many at a time, to bound memory on a 100,000-row book. */
const BULK_CHUNK = 2000;

async function idsOf(ctx: BatchContext, customers: CustomerSet): Promise<readonly string[]> {
	return customers === 'all' ? ctx.db.customers.toCollection().primaryKeys() : customers;
}

/**
 * Rewrites the tags of the live customers among `ids`, a chunk at a time, in the caller's batch.
 * `change` returns the new tags, or null to leave the customer alone. Returns how many changed.
 */
async function retagEach(
	ctx: BatchContext,
	ids: readonly string[],
	change: (tags: readonly string[]) => string[] | null
): Promise<number> {
	let count = 0;
	for (let i = 0; i < ids.length; i += BULK_CHUNK) {
		const rows = await ctx.db.customers.bulkGet(ids.slice(i, i + BULK_CHUNK));
		const patches: KeyPatch<'customers'>[] = [];
		for (const c of rows) {
			if (!c || c.deletedAt !== undefined) continue;
			const tags = change(c.tags);
			if (tags) patches.push({ key: c.id, patch: { tags } });
		}
		await ctx.updateMany('customers', patches);
		count += patches.length;
	}
	return count;
}

/**
 * Adds the tag named `name` (created, or taken out of the trash, when needed) to every live
 * customer of `customers` who lacks it ('change_tag_add_many', { name, count }): one undo step.
 *
 * @throws InputError('tag', 'text-empty') for a blank name
 */
export function addTagToCustomers(customers: CustomerSet, name: string): Promise<BulkTagResult> {
	if (fold(collapseSpaces(name)) === '') return Promise.reject(new InputError('tag', 'text-empty'));
	return unwrapInput(
		runBatch(
			'change_tag_add_many',
			undefined,
			'user',
			async (ctx) => {
				const [tag] = await ensureTags(ctx, [name]);
				// The *tags index says who has it already, without reading their records.
				const having = new Set(await ctx.db.customers.where('tags').equals(tag.id).primaryKeys());
				const wanted = [...new Set(await idsOf(ctx, customers))].filter((id) => !having.has(id));
				const count = await retagEach(ctx, wanted, (tags) =>
					tags.includes(tag.id) ? null : [...tags, tag.id]
				);
				ctx.setParams({ name: tag.name, count });
				return { tag, count };
			},
			{ tables: ['customers', 'tags'] }
		)
	);
}

/**
 * Takes tag `id` off every live customer of `customers` who has it ('change_tag_remove_many',
 * { name, count }): one undo step. The tag itself stays.
 *
 * @throws InputError('tag', 'value-invalid') when the tag is gone
 */
export function removeTagFromCustomers(customers: CustomerSet, id: string): Promise<BulkTagResult> {
	return unwrapInput(
		runBatch(
			'change_tag_remove_many',
			undefined,
			'user',
			async (ctx) => {
				const tag = await liveTag(ctx, id);
				// Only those who have the tag are read: the index lists them.
				let having = await ctx.db.customers.where('tags').equals(id).primaryKeys();
				if (customers !== 'all') {
					const chosen = new Set(customers);
					having = having.filter((key) => chosen.has(key));
				}
				const count = await retagEach(ctx, having, (tags) => tags.filter((t) => t !== id));
				ctx.setParams({ name: tag.name, count });
				return { tag, count };
			},
			{ tables: ['customers', 'tags'] }
		)
	);
}
