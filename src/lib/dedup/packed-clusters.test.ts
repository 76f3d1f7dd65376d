import { describe, expect, it } from 'vitest';
import { scanRecords } from './engine';
import { clusterAt, clusterCount, packClusters, packedBuffers } from './packed-clusters';
import type { DedupCluster } from './types';
import { generateVnTestSet } from './vn-testset';

describe('packed groups', () => {
	it('give back every group of a scan as the engine made it, after crossing to the page', async () => {
		const records = generateVnTestSet({ people: 1500, seed: 11 });
		const { clusters } = await scanRecords({ length: records.length, at: (i) => records[i] });
		expect(clusters.length).toBeGreaterThan(100);
		const fields = new Set(
			clusters.flatMap((c) => c.pairs.flatMap((p) => [...p.matched, ...p.conflicts]))
		);
		expect(fields.size).toBeGreaterThanOrEqual(5);
		expect(new Set(clusters.map((c) => c.band))).toEqual(new Set(['likely', 'review']));
		const packed = packClusters(clusters);
		const crossed = structuredClone(packed, { transfer: packedBuffers(packed) });
		// Handed over, not copied: the worker's arrays are gone.
		expect(packed.pairA.length).toBe(0);
		expect(clusterCount(crossed)).toBe(clusters.length);
		const back: DedupCluster[] = [];
		for (let k = 0; k < clusterCount(crossed); k++) back.push(clusterAt(crossed, k));
		expect(back).toEqual(clusters);
	});

	it('name each record once', () => {
		const pair = (a: string, b: string) => ({
			a,
			b,
			score: 0.7,
			weight: 3,
			band: 'review' as const,
			matched: ['phone' as const],
			conflicts: []
		});
		const packed = packClusters([
			{ ids: ['x', 'y', 'z'], score: 0.7, band: 'review', pairs: [pair('x', 'y'), pair('y', 'z')] },
			{ ids: ['u', 'x'], score: 0.7, band: 'review', pairs: [pair('u', 'x')] }
		]);
		expect(packed.ids).toEqual(['x', 'y', 'z', 'u']);
		expect(clusterAt(packed, 1).pairs[0]).toEqual(pair('u', 'x'));
	});
});
