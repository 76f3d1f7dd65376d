import { describe, expect, it } from 'vitest';
import { BUILT_IN_SEGMENTS, SEGMENT_VERSION, type SavedSegment } from '$lib/domain/segments';
import {
	ADHOC_PREFIX,
	adhocDefinition,
	adhocSegmentId,
	findChoice,
	segmentChoices
} from './choices';

const saved: SavedSegment[] = [
	{
		id: 's1',
		name: 'Khách VIP',
		definition: {
			version: SEGMENT_VERSION,
			match: 'all' as const,
			conditions: [{ field: 'totalSpent' as const, op: 'gte' as const, value: 5_000_000 }]
		}
	}
];

describe('segment choices', () => {
	it('lists the built-ins first, then the saved ones', () => {
		const choices = segmentChoices(saved);
		expect(choices.map((c) => c.id)).toEqual([...BUILT_IN_SEGMENTS.map((b) => b.id), 's1']);
		expect(choices.at(-1)).toMatchObject({ name: 'Khách VIP', builtIn: false });
		expect(choices[0]).toMatchObject({ name: 'segment_builtin_new', builtIn: true });
	});

	it('finds by id, and forgets an id no longer known', () => {
		expect(findChoice('builtin:referrers', saved)?.builtIn).toBe(true);
		expect(findChoice('s1', saved)?.definition).toBe(saved[0].definition);
		expect(findChoice('deleted', saved)).toBeNull();
		expect(findChoice(null, saved)).toBeNull();
	});
});

describe('ad-hoc segments (a definition carried in a link)', () => {
	const definition = {
		version: SEGMENT_VERSION,
		match: 'all' as const,
		conditions: [
			{
				field: 'firstPurchase' as const,
				op: 'between' as const,
				value: ['2026-03-01', '2026-03-31']
			},
			{ field: 'source' as const, op: 'is' as const, value: 'Giới thiệu – chị Hương' }
		]
	};

	it('round-trips a definition, Vietnamese text included, in a URL-safe id', () => {
		const id = adhocSegmentId(definition as never);
		expect(id.startsWith(ADHOC_PREFIX)).toBe(true);
		expect(encodeURIComponent(id)).toBe(id.replace(':', '%3A'));
		expect(adhocDefinition(id)).toEqual(definition);
		expect(findChoice(id, saved)).toEqual({
			id,
			name: 'segment_adhoc',
			builtIn: true,
			definition
		});
	});

	it('refuses a damaged id or one that is not a valid segment, as an unknown id', () => {
		const id = adhocSegmentId(definition as never);
		expect(findChoice(id.slice(0, -6), saved)).toBeNull();
		expect(findChoice(`${ADHOC_PREFIX}!!!`, saved)).toBeNull();
		const bad = adhocSegmentId({ ...definition, version: 99 } as never);
		expect(adhocDefinition(bad)).toBeNull();
		const hostile = adhocSegmentId({ __proto__: { polluted: 1 } } as never);
		expect(findChoice(hostile, saved)).toBeNull();
	});
});
