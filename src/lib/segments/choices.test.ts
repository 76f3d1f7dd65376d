import { describe, expect, it } from 'vitest';
import { BUILT_IN_SEGMENTS, SEGMENT_VERSION, type SavedSegment } from '$lib/domain/segments';
import { findChoice, segmentChoices } from './choices';

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
