import { beforeEach, describe, expect, it } from 'vitest';
import { SEGMENT_VERSION, type SegmentDefinition } from '$lib/domain/segments';
import { resetDbForTests, type SoKhachDB } from './db';
import { peekUndo, redo, undo } from './history';
import { deleteSegment, listSegments, saveSegment, SEGMENTS_KEY, SegmentError } from './segments';

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
});

const vip: SegmentDefinition = {
	version: SEGMENT_VERSION,
	match: 'all',
	conditions: [{ field: 'totalSpent', op: 'gte', value: 5_000_000 }]
};

describe('saved segments', () => {
	it('saves a new segment with a trimmed name and lists it', async () => {
		const saved = await saveSegment({ name: '  Khách   VIP ', definition: vip });
		expect(saved.name).toBe('Khách VIP');
		expect(saved.id).toMatch(/\S/);
		expect(await listSegments()).toEqual([saved]);
	});

	it('replaces a segment by id, keeping its place', async () => {
		const a = await saveSegment({ name: 'A', definition: vip });
		const b = await saveSegment({ name: 'B', definition: vip });
		const changed: SegmentDefinition = { ...vip, match: 'any' };
		await saveSegment({ id: a.id, name: 'A2', definition: changed });
		const list = await listSegments();
		expect(list.map((s) => s.name)).toEqual(['A2', 'B']);
		expect(list[0].definition.match).toBe('any');
		expect(list[1].id).toBe(b.id);
	});

	it('refuses an empty name, a taken name (any case) and an invalid definition', async () => {
		await saveSegment({ name: 'Khách VIP', definition: vip });
		await expect(saveSegment({ name: '  ', definition: vip })).rejects.toMatchObject({
			code: 'name-empty'
		});
		await expect(saveSegment({ name: 'khách vip', definition: vip })).rejects.toBeInstanceOf(
			SegmentError
		);
		await expect(
			saveSegment({
				name: 'Hỏng',
				definition: { ...vip, conditions: [{ field: 'nope', op: 'is', value: 1 }] }
			})
		).rejects.toMatchObject({ code: 'invalid' });
		expect((await listSegments()).map((s) => s.name)).toEqual(['Khách VIP']);
	});

	it('lets a segment keep its own name when edited', async () => {
		const a = await saveSegment({ name: 'VIP', definition: vip });
		await expect(saveSegment({ id: a.id, name: 'VIP', definition: vip })).resolves.toMatchObject({
			name: 'VIP'
		});
	});

	it('deletes, and undo brings the segment back; redo deletes it again', async () => {
		const a = await saveSegment({ name: 'VIP', definition: vip });
		expect(await deleteSegment(a.id)).toBe(true);
		expect(await listSegments()).toEqual([]);
		expect((await peekUndo())?.label).toBe('change_segment_deleted');
		await undo();
		expect(await listSegments()).toEqual([a]);
		await redo();
		expect(await listSegments()).toEqual([]);
		expect(await deleteSegment('missing')).toBe(false);
	});

	it('undoes a save like any user action', async () => {
		await saveSegment({ name: 'VIP', definition: vip });
		expect((await peekUndo())?.label).toBe('change_segment_saved');
		await undo();
		expect(await listSegments()).toEqual([]);
	});

	it('leaves out stored entries that no longer validate, without deleting them', async () => {
		const a = await saveSegment({ name: 'VIP', definition: vip });
		const row = await db.settings.get(SEGMENTS_KEY);
		const broken = [
			...(row?.value as unknown[]),
			{ id: 'x', name: 'Hỏng', definition: { version: 99 } },
			'junk'
		];
		await db.settings.put({ key: SEGMENTS_KEY, value: broken });
		expect(await listSegments()).toEqual([a]);
		expect(((await db.settings.get(SEGMENTS_KEY))?.value as unknown[]).length).toBe(3);
	});
});
