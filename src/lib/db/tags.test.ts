import { beforeEach, describe, expect, it } from 'vitest';
import { runBatch } from './changes';
import { resetDbForTests, type SoKhachDB } from './db';
import { createCustomer, getCustomer, setCustomerTags, trashCustomers } from './customers';
import { undo } from './history';
import {
	deleteTag,
	ensureTags,
	listTags,
	mergeTags,
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
