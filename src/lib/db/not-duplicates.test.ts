import { beforeEach, describe, expect, it } from 'vitest';
import { pairKey } from '$lib/dedup/engine';
import { resetDbForTests, type SoKhachDB } from './db';
import { canUndo, peekUndo, undo } from './history';
import { listNotDuplicates, markNotDuplicates, pairsAmong } from './not-duplicates';

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
});

describe('not-duplicate pairs', () => {
	it('lists nothing before anything was dismissed', async () => {
		expect(await listNotDuplicates()).toEqual([]);
	});

	it('names every pair among a group once, in either order', () => {
		expect(pairsAmong(['b', 'a', 'c'])).toEqual([pairKey('a', 'b'), 'b|c', 'a|c']);
		expect(pairsAmong(['a'])).toEqual([]);
	});

	it('remembers every pair of a dismissed group, each once', async () => {
		expect(await markNotDuplicates(['x', 'y'])).toBe(1);
		expect(await markNotDuplicates(['y', 'x', 'z'])).toBe(2);
		expect(await listNotDuplicates()).toEqual(['x|y', 'x|z', 'y|z']);
	});

	it('writes nothing when the pair is already remembered', async () => {
		await markNotDuplicates(['x', 'y']);
		const batches = await db.batches.count();
		expect(await markNotDuplicates(['y', 'x'])).toBe(0);
		expect(await db.batches.count()).toBe(batches);
	});

	it('is an undoable step that brings the pair back', async () => {
		await markNotDuplicates(['x', 'y']);
		await markNotDuplicates(['x', 'z']);
		expect((await peekUndo())?.label).toBe('change_not_duplicate');
		await undo();
		expect(await listNotDuplicates()).toEqual(['x|y']);
		await undo();
		expect(await listNotDuplicates()).toEqual([]);
		expect(await canUndo()).toBe(false);
	});
});
