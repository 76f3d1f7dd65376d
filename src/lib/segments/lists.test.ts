import { describe, expect, it } from 'vitest';
import { compileSegment, validateSegment } from '$lib/domain/segments';
import { listDefinition, saveList, LIST_PREFIX } from './lists';

/** Session storage in memory, refusing values over `limit` characters as a full one does. */
function memoryStorage(limit = Infinity) {
	const items = new Map<string, string>();
	return {
		getItem: (k: string) => items.get(k) ?? null,
		setItem: (k: string, v: string) => {
			if (v.length > limit) throw new DOMException('full', 'QuotaExceededError');
			items.set(k, v);
		}
	};
}

describe('report lists', () => {
	it('keep a list for the tab and give a segment of exactly those customers', () => {
		const storage = memoryStorage();
		const id = saveList(['a', 'c'], storage);
		expect(id.startsWith(LIST_PREFIX)).toBe(true);
		const definition = listDefinition(id, storage)!;
		expect(validateSegment(definition).ok).toBe(true);
		const seg = compileSegment(definition);
		const ctx = {
			today: '2026-03-01',
			rfm: { get: () => undefined, has: () => false },
			referrers: new Set<string>()
		};
		const pick = (cid: string) => seg.matches({ id: cid } as never, ctx as never);
		expect(['a', 'b', 'c'].filter(pick)).toEqual(['a', 'c']);
	});

	it('find nothing for an unknown or damaged list', () => {
		const storage = memoryStorage();
		expect(listDefinition(`${LIST_PREFIX}nope`, storage)).toBeNull();
		storage.setItem('sokhach.reportLists', '{not json');
		expect(listDefinition(`${LIST_PREFIX}nope`, storage)).toBeNull();
		expect(listDefinition('builtin:new', storage)).toBeNull();
	});

	it('keep the last five, and drop older lists when storage is full, never the new one', () => {
		const storage = memoryStorage();
		const ids = Array.from({ length: 7 }, (_, i) => saveList([`c${i}`], storage));
		expect(ids.map((id) => listDefinition(id, storage) !== null)).toEqual([
			false,
			false,
			true,
			true,
			true,
			true,
			true
		]);
		const tight = memoryStorage(200);
		saveList(['x'.repeat(60)], tight);
		const last = saveList(['y'.repeat(60)], tight);
		expect(listDefinition(last, tight)).not.toBeNull();
		expect(() => saveList(['z'.repeat(500)], tight)).toThrow();
	});
});
