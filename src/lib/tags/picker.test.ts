import { describe, expect, it } from 'vitest';
import type { Tag } from '$lib/domain/types';
import { addChoice, findTag, suggestTags } from './picker';

const tag = (name: string, order: number): Tag => ({
	id: `t${order}`,
	name,
	colour: '#0f766e',
	group: 'free',
	order,
	createdAt: 0,
	updatedAt: 0
});
const tags = [tag('VIP', 0), tag('Khách sỉ', 1), tag('Khách VIP cũ', 2), tag('Zalo', 3)];
const names = (list: Tag[]) => list.map((t) => t.name);

describe('suggestTags', () => {
	it('offers tags starting with the text first, then those containing it, ignoring diacritics', () => {
		expect(names(suggestTags(tags, [], 'vip').matches)).toEqual(['VIP', 'Khách VIP cũ']);
		expect(names(suggestTags(tags, [], 'khach').matches)).toEqual(['Khách sỉ', 'Khách VIP cũ']);
	});

	it('leaves out the tags already chosen and offers everything else for empty text', () => {
		expect(names(suggestTags(tags, ['vip', 'ZALO'], '').matches)).toEqual([
			'Khách sỉ',
			'Khách VIP cũ'
		]);
	});

	it('offers to create a tag only when no tag has that name', () => {
		expect(suggestTags(tags, [], '  Khách   mới ').create).toBe('Khách mới');
		expect(suggestTags(tags, [], 'khach si').create).toBeNull();
		expect(suggestTags(tags, ['Tết'], 'tet').create).toBeNull();
		expect(suggestTags(tags, [], '   ').create).toBeNull();
	});

	it('caps the list', () => {
		expect(suggestTags(tags, [], '', 2).matches).toHaveLength(2);
	});
});

describe('addChoice', () => {
	it('adds a tidied name once, whatever its spelling', () => {
		expect(addChoice(['VIP'], ' Khách  sỉ ')).toEqual(['VIP', 'Khách sỉ']);
		expect(addChoice(['VIP'], 'vip')).toEqual(['VIP']);
		expect(addChoice(['VIP'], ' ')).toEqual(['VIP']);
	});
});

describe('findTag', () => {
	it('finds a tag by name ignoring case, diacritics and spacing', () => {
		expect(findTag(tags, 'khach  SI')?.id).toBe('t1');
		expect(findTag(tags, 'nope')).toBeUndefined();
	});
});
