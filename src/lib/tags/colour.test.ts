import { describe, expect, it } from 'vitest';
import { TAG_COLOURS } from '$lib/db/tags';
import { chipColours, contrastRatio } from './colour';

describe('chipColours', () => {
	it('puts white text on every colour given to new tags, readable at AA (4.5:1)', () => {
		for (const colour of TAG_COLOURS) {
			const { background, text } = chipColours(colour);
			expect(text).toBe('#ffffff');
			expect(contrastRatio(background, text)).toBeGreaterThanOrEqual(4.5);
		}
	});

	it('puts dark text on a pale colour the owner picked', () => {
		expect(chipColours('#FDE68A')).toEqual({ background: '#fde68a', text: '#1f2933' });
		expect(chipColours('#ffffff').text).toBe('#1f2933');
	});

	it('shows a grey chip for a missing or malformed colour', () => {
		expect(chipColours(undefined).background).toBe('#64748b');
		expect(chipColours('red').background).toBe('#64748b');
		expect(chipColours('#12345').background).toBe('#64748b');
	});

	it('measures contrast as WCAG does', () => {
		expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrastRatio('#777777', '#777777')).toBe(1);
	});
});
