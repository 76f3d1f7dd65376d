import { describe, expect, it } from 'vitest';
import { measureBook } from './engine';
import { prepareRecord } from './prepare';
import {
	comparePair,
	LEVELS_PER_PAIR,
	pairLevels,
	pairSides,
	SIDES_PER_PAIR,
	weighLevels
} from './score';
import { generateVnTestSet } from './vn-testset';

describe('weighLevels', () => {
	it('weighs kept levels exactly as comparing the pair again does, field by field', () => {
		const records = generateVnTestSet({ seed: 5, people: 120 }).map(prepareRecord);
		const { columns, model } = measureBook(records);
		const n = Math.min(records.length, 90);
		const pairs: [number, number][] = [];
		for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
		const levels = new Uint8Array(pairs.length * LEVELS_PER_PAIR);
		const sides = new Int32Array(pairs.length * SIDES_PER_PAIR);
		pairs.forEach(([i, j], p) => {
			pairLevels(columns, i, j, model, levels, p * LEVELS_PER_PAIR);
			pairSides(sides, p * SIDES_PER_PAIR);
		});
		let strong = 0;
		pairs.forEach(([i, j], p) => {
			// Both answer in one scratch object: copied before the next call.
			const again = { ...comparePair(columns, i, j, model) };
			const kept = {
				...weighLevels(columns, i, model, levels, p * LEVELS_PER_PAIR, sides, p * SIDES_PER_PAIR)
			};
			expect(kept).toEqual(again);
			if (again.weight > 10) strong++;
		});
		// The book holds duplicates, whose weights depend on the shared phone, email and names.
		expect(strong).toBeGreaterThan(5);
	});
});
