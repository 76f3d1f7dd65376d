import { describe, expect, it } from 'vitest';
import { jaroWinkler, jaroWinklerAtLeast } from './jaro';
import { generateVnTestSet } from './vn-testset';

describe('jaroWinklerAtLeast', () => {
	const emails = generateVnTestSet({ seed: 3, people: 300 }).flatMap((r) => r.emails);
	const pairs: [string, string][] = [];
	for (let k = 1; k < emails.length; k++) {
		pairs.push([emails[k - 1], emails[k]]);
		// A near miss of each: a letter dropped, two swapped, the provider changed.
		const e = emails[k];
		pairs.push([e, e.slice(0, 2) + e.slice(3)]);
		pairs.push([e, e.charAt(1) + e.charAt(0) + e.slice(2)]);
		pairs.push([e, e.replace(/@.*/, '@yahoo.com')]);
	}

	it('says what comparing the full similarity with the threshold says', () => {
		expect(pairs.length).toBeGreaterThan(400);
		let above = 0;
		for (const [a, b] of pairs) {
			for (const t of [0.85, 0.9, 0.94]) {
				const expected = jaroWinkler(a, b) >= t;
				expect(jaroWinklerAtLeast(a, b, t), `${a} / ${b} at ${t}`).toBe(expected);
				if (expected) above++;
			}
		}
		// Both answers occur, so the test would notice one of them being given always.
		expect(above).toBeGreaterThan(50);
		expect(above).toBeLessThan(pairs.length * 3 - 50);
	});

	it('keeps a similarity exactly at the threshold', () => {
		for (const [a, b] of pairs.slice(0, 100)) {
			const s = jaroWinkler(a, b);
			if (s > 0) expect(jaroWinklerAtLeast(a, b, s)).toBe(true);
		}
		expect(jaroWinklerAtLeast('abc', 'abc', 1)).toBe(true);
		expect(jaroWinklerAtLeast('', 'abc', 0.5)).toBe(false);
	});
});
