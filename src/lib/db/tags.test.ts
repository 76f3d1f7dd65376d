import { beforeEach, describe, expect, it } from 'vitest';
import { runBatch } from './changes';
import { resetDbForTests, type SoKhachDB } from './db';
import { ensureTags, listTags } from './tags';

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
