import { describe, expect, it } from 'vitest';
import { BookBuilder } from './builder';
import { compareRange, joinSamples, sampleRange, type PairContext } from './pairs';
import { prepareRecord } from './prepare';
import { comparePair, estimateU, explainMask } from './score';
import { generateVnTestSet } from './vn-testset';

describe('compareRange', { timeout: 60_000 }, () => {
	it('keeps each pair with the weight and the fields comparing it again gives', () => {
		const records = generateVnTestSet({ people: 800, seed: 3 }).map(prepareRecord);
		const builder = new BookBuilder(records.length);
		for (const r of records) builder.add(r);
		const { book } = builder.done();
		const { columns, model } = book;
		estimateU(model, columns);
		const blocks = builder.blocks(() => false);
		const n = records.length;
		const context: PairContext = { columns, model, blocks, seen: new Int32Array(n).fill(-1) };
		// Every third record's pairs are sampled: those are weighed from their kept levels.
		const sample = joinSamples([sampleRange(context, 0, n, 3, 1_000_000)], 1_000_000);
		expect(sample.stored).toBeGreaterThan(100);
		context.seen.fill(-1);
		const edges = compareRange(context, 0, n, sample, -Infinity);
		expect(edges.a.length).toBe(edges.comparisons);
		let matched = 0;
		let conflicting = 0;
		for (let k = 0; k < edges.a.length; k++) {
			const e = comparePair(columns, edges.a[k], edges.b[k], model);
			expect([k, edges.weight[k], edges.masks[k]]).toEqual([k, e.weight, explainMask(e)]);
			if ((edges.masks[k] & 0xff) !== 0) matched++;
			if (edges.masks[k] >> 8 !== 0) conflicting++;
		}
		expect(matched).toBeGreaterThan(100);
		expect(conflicting).toBeGreaterThan(100);
	});
});
