/**
 * Small books: a shop with 2, 5, 20 or 200 customers. Term frequencies, u and the duplicate rate
 * are measured on so few records that the engine used to propose nothing at all; they are now
 * weighed against population priors (see docs/dedup.md, "Small books").
 */
import { describe, expect, it } from 'vitest';
import { scanRecords } from './engine';
import { createDedupIndex } from './index';
import { parseName } from './names';
import type { DedupRecord, ScanResult, ScoredPair } from './types';
import { generateVnTestSet } from './vn-testset';

const rec = (id: string, name: string, phone: string): DedupRecord => ({
	id,
	name,
	phones: [phone],
	emails: [],
	address: '',
	birthday: ''
});

/** `count` different people, none of them a duplicate, a household member or a namesake. */
function others(count: number): DedupRecord[] {
	if (count <= 0) return [];
	const people = generateVnTestSet({
		seed: 11,
		people: count,
		duplicateShare: 0,
		householdShare: 0,
		namesakeShare: 0
	});
	return people.slice(0, count).map(({ entity: _entity, source: _source, ...r }, i) => ({
		...r,
		id: `other${i}`
	}));
}

const CASES: Record<'same' | 'household' | 'unrelated', [DedupRecord, DedupRecord]> = {
	/** One woman, her name written given-first the second time, her phone in two formats. */
	same: [
		rec('a', 'Nguyễn Thị Hương', '0912345678'),
		rec('b', 'Hương Nguyễn Thị', '+84 912 345 678')
	],
	/** Her sister on the family phone. */
	household: [
		rec('a', 'Nguyễn Thị Hương', '0912345678'),
		rec('b', 'Nguyễn Thị Lan', '091.234.5678')
	],
	unrelated: [rec('a', 'Nguyễn Thị Hương', '0912345678'), rec('b', 'Lê Văn Tùng', '0987654321')]
};

function pairIn(result: ScanResult): ScoredPair | undefined {
	for (const cluster of result.clusters) {
		const pair = cluster.pairs.find((p) => [p.a, p.b].sort().join() === 'a,b');
		if (pair) return pair;
	}
	return undefined;
}

/** The scan of a book of `size` customers: the two of the case and size − 2 others. */
async function scanned(size: number, kind: keyof typeof CASES): Promise<ScoredPair | undefined> {
	return pairIn(await scanRecords([...others(size - 2), ...CASES[kind]]));
}

/** The on-entry check of the second record against a book of `size` holding the first. */
function checked(size: number, kind: keyof typeof CASES): ScoredPair | undefined {
	const [a, b] = CASES[kind];
	const index = createDedupIndex([...others(size - 1), a]);
	return index.candidatesFor(b).find((m) => m.b === 'a');
}

describe('parseName, given name first', () => {
	it('turns "Hương Nguyễn Thị" round: Thị and Văn end no name written family first', () => {
		const p = parseName('Hương Nguyễn Thị');
		expect([p.family, p.middle.join(' '), p.given]).toEqual(['nguyen', 'thi', 'huong']);
		const q = parseName('Lê Thị Văn');
		expect([q.family, q.given]).toEqual(['le', 'van']);
	});
});

describe.each([2, 5, 20, 200])('a book of %i customers', (size) => {
	it('scan: the same person, name order swapped and phone reformatted, is likely', async () => {
		const pair = await scanned(size, 'same');
		expect(pair?.band).toBe('likely');
		expect(pair?.score).toBeGreaterThanOrEqual(0.95);
	});

	it('scan: a household on one phone is not proposed as likely', async () => {
		const pair = await scanned(size, 'household');
		expect(pair?.band).not.toBe('likely');
	});

	it('scan: two unrelated people are not proposed', async () => {
		expect(await scanned(size, 'unrelated')).toBeUndefined();
	});

	it('on entry: the same person is likely, the household not likely, a stranger absent', () => {
		expect(checked(size, 'same')?.band).toBe('likely');
		expect(checked(size, 'household')?.band).not.toBe('likely');
		expect(checked(size, 'unrelated')).toBeUndefined();
	});
});
