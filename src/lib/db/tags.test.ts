import { beforeEach, describe, expect, it } from 'vitest';
import { runBatch } from './changes';
import { resetDbForTests, type SoKhachDB } from './db';
import { createCustomer, getCustomer, setCustomerTags, trashCustomers } from './customers';
import { redo, undo } from './history';
import {
	addTagToCustomers,
	deleteTag,
	ensureTags,
	listTags,
	mergeTags,
	removeTagFromCustomers,
	renameTag,
	setTagColour,
	tagUsage
} from './tags';

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
});

const ensure = (names: string[]) =>
	runBatch('x', undefined, 'user', (ctx) => ensureTags(ctx, names));

describe('ensureTags', () => {
	it('creates the tags that do not exist, in the order given, without repeats', async () => {
		const tags = await ensure(['VIP', 'Zalo', 'vip', '  ', 'Khách  quen']);
		expect(tags.map((t) => t.name)).toEqual(['VIP', 'Zalo', 'Khách quen']);
		expect(tags.map((t) => t.order)).toEqual([0, 1, 2]);
		expect(new Set(tags.map((t) => t.id)).size).toBe(3);
		expect(tags.every((t) => t.group === 'free' && t.colour.startsWith('#'))).toBe(true);
		expect(await db.tags.count()).toBe(3);
	});

	it('matches existing tags ignoring case and diacritics and keeps their first spelling', async () => {
		const [first] = await ensure(['Khách Mới']);
		const [again] = await ensure(['KHACH MOI']);
		expect(again).toEqual(first);
		expect(await db.tags.count()).toBe(1);
	});

	it('records only the tags it creates', async () => {
		await ensure(['VIP']);
		await ensure(['vip', 'Zalo']);
		const changes = await db.changes.toArray();
		expect(changes.map((c) => [c.op, (c.after as { name?: string } | null)?.name])).toEqual([
			['create', 'VIP'],
			['create', 'Zalo']
		]);
	});

	it('takes a matching tag out of the trash instead of making a second one', async () => {
		const [vip] = await ensure(['VIP']);
		await runBatch('x', undefined, 'user', (ctx) => ctx.trash('tags', [vip.id]));
		expect(await listTags()).toEqual([]);
		const [back] = await ensure(['vip']);
		expect(back.id).toBe(vip.id);
		expect(back.deletedAt).toBeUndefined();
		expect((await listTags()).map((t) => t.id)).toEqual([vip.id]);
	});
});

describe('listTags', () => {
	it('lists tags not in the trash in display order', async () => {
		await ensure(['B', 'A']);
		expect((await listTags()).map((t) => t.name)).toEqual(['B', 'A']);
	});
});

describe('managing tags', () => {
	async function book() {
		const a = await createCustomer({ name: 'Hương' });
		const b = await createCustomer({ name: 'Lan' });
		await setCustomerTags(a.id, ['VIP', 'Khách sỉ']);
		await setCustomerTags(b.id, ['vip khach', 'Khách sỉ']);
		const tags = await listTags();
		const id = (name: string) => tags.find((t) => t.name === name)?.id ?? '';
		return { a, b, vip: id('VIP'), vip2: id('vip khach'), si: id('Khách sỉ') };
	}

	it('renames a tag, refusing an empty name or one another tag has', async () => {
		const { vip, si } = await book();
		expect((await renameTag(vip, '  Khách   VIP ')).name).toBe('Khách VIP');
		await expect(renameTag(vip, '  ')).rejects.toMatchObject({ problem: 'text-empty' });
		await expect(renameTag(si, 'khach vip')).rejects.toMatchObject({ problem: 'value-invalid' });
		await undo();
		expect((await listTags()).map((t) => t.name)).toContain('VIP');
	});

	it('sets a colour, only as #rrggbb', async () => {
		const { vip } = await book();
		expect((await setTagColour(vip, '#FF0000')).colour).toBe('#ff0000');
		await expect(setTagColour(vip, 'red')).rejects.toMatchObject({ field: 'colour' });
	});

	it('merges tags onto every customer who had one, and one undo brings all back', async () => {
		const { a, b, vip, vip2, si } = await book();
		expect(await mergeTags([vip2], vip)).toBe(1);
		expect((await getCustomer(a.id))?.tags.sort()).toEqual([vip, si].sort());
		expect((await getCustomer(b.id))?.tags.sort()).toEqual([si, vip].sort());
		expect((await listTags()).map((t) => t.id)).not.toContain(vip2);
		await undo();
		expect((await getCustomer(b.id))?.tags.sort()).toEqual([vip2, si].sort());
		expect((await listTags()).map((t) => t.id)).toContain(vip2);
		await expect(mergeTags([vip], vip)).rejects.toMatchObject({ field: 'tag' });
	});

	it('deletes a tag from every customer in one undoable step, and counts live customers', async () => {
		const { a, b, si } = await book();
		await trashCustomers([b.id]);
		expect((await tagUsage([si])).get(si)).toBe(1);
		expect(await deleteTag(si)).toBe(2);
		expect((await getCustomer(a.id))?.tags).not.toContain(si);
		await undo();
		expect((await getCustomer(a.id))?.tags).toContain(si);
		expect((await listTags()).map((t) => t.id)).toContain(si);
	});
});

describe('tagging many customers at once', () => {
	async function book() {
		const a = await createCustomer({ name: 'Hương' });
		const b = await createCustomer({ name: 'Lan' });
		const c = await createCustomer({ name: 'Đức' });
		const gone = await createCustomer({ name: 'Mai' });
		await setCustomerTags(a.id, ['VIP']);
		await setCustomerTags(b.id, ['Khách sỉ']);
		await setCustomerTags(gone.id, ['Khách sỉ']);
		await trashCustomers([gone.id]);
		const tags = await listTags();
		const id = (name: string) => tags.find((t) => t.name === name)?.id ?? '';
		return { a, b, c, gone, vip: id('VIP'), si: id('Khách sỉ') };
	}
	const tagsOf = async (id: string) => (await getCustomer(id))?.tags;

	it('adds a tag to the chosen customers who lack it and counts only those', async () => {
		const { a, b, c, vip, si } = await book();
		const result = await addTagToCustomers([a.id, b.id, b.id], 'vip');
		expect(result).toMatchObject({ count: 1, tag: { id: vip, name: 'VIP' } });
		expect(await tagsOf(a.id)).toEqual([vip]);
		expect(await tagsOf(b.id)).toEqual([si, vip]);
		expect(await tagsOf(c.id)).toEqual([]);
	});

	it('creates a new tag by name, and one undo takes it off everyone and away', async () => {
		const { a, c } = await book();
		const { tag, count } = await addTagToCustomers('all', '  Khách   mới ');
		expect(tag.name).toBe('Khách mới');
		expect(count).toBe(3);
		expect(await tagsOf(c.id)).toEqual([tag.id]);
		await undo();
		expect(await tagsOf(c.id)).toEqual([]);
		expect(await tagsOf(a.id)).not.toContain(tag.id);
		expect((await listTags()).map((t) => t.name)).not.toContain('Khách mới');
	});

	it('is one undo step that undo and redo put back exactly', async () => {
		const { a, b, c, gone } = await book();
		const ids = [a.id, b.id, c.id, gone.id];
		const before = await Promise.all(ids.map(tagsOf));
		const batches = await db.batches.count();
		await addTagToCustomers('all', 'Zalo');
		expect(await db.batches.count()).toBe(batches + 1);
		const after = await Promise.all(ids.map(tagsOf));
		await undo();
		expect(await Promise.all(ids.map(tagsOf))).toEqual(before);
		await redo();
		expect(await Promise.all(ids.map(tagsOf))).toEqual(after);
	});

	it('leaves customers in the trash untouched', async () => {
		const { gone, si } = await book();
		const stored = await getCustomer(gone.id);
		await addTagToCustomers('all', 'VIP');
		expect(await addTagToCustomers([gone.id], 'Zalo')).toMatchObject({ count: 0 });
		expect((await removeTagFromCustomers('all', si)).count).toBe(1);
		expect(await getCustomer(gone.id)).toEqual(stored);
	});

	it('removes a tag from the chosen customers who have it and keeps the tag', async () => {
		const { a, b, c, vip, si } = await book();
		await addTagToCustomers([a.id, c.id], 'Khách sỉ');
		expect((await removeTagFromCustomers([a.id, b.id], si)).count).toBe(2);
		expect(await tagsOf(a.id)).toEqual([vip]);
		expect(await tagsOf(b.id)).toEqual([]);
		expect(await tagsOf(c.id)).toEqual([si]);
		expect((await listTags()).map((t) => t.id)).toContain(si);
		await undo();
		expect(await tagsOf(a.id)).toEqual([vip, si]);
		expect(await tagsOf(b.id)).toEqual([si]);
	});

	it('does nothing and leaves no undo step when run again', async () => {
		const { a, b, si } = await book();
		await addTagToCustomers([a.id, b.id], 'Khách sỉ');
		const batches = await db.batches.count();
		expect((await addTagToCustomers([a.id, b.id], 'khach si')).count).toBe(0);
		await removeTagFromCustomers([a.id, b.id], si);
		expect((await removeTagFromCustomers([a.id, b.id], si)).count).toBe(0);
		expect(await db.batches.count()).toBe(batches + 1);
	});

	it('refuses a blank name or a tag that is gone', async () => {
		const { a, si } = await book();
		await expect(addTagToCustomers([a.id], '  ')).rejects.toMatchObject({ problem: 'text-empty' });
		await deleteTag(si);
		await expect(removeTagFromCustomers([a.id], si)).rejects.toMatchObject({
			problem: 'value-invalid'
		});
	});

	it('works through a book larger than one chunk', async () => {
		const many = Array.from({ length: 4500 }, (_, i) => ({
			id: `c${i}`,
			tags: [] as string[]
		}));
		const template = await createCustomer({ name: 'Mẫu' });
		await db.customers.bulkPut(many.map((m) => ({ ...template, ...m })));
		const { tag, count } = await addTagToCustomers('all', 'Tết');
		expect(count).toBe(4501);
		expect(await db.customers.where('tags').equals(tag.id).count()).toBe(4501);
		await undo();
		expect(await db.customers.where('tags').equals(tag.id).count()).toBe(0);
	});
});
