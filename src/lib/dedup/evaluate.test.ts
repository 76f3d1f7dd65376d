import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, febrlRecords, naiveBaseline, nameOnlyTruePairs, pairQuality } from './evaluate';
import { generateVnTestSet } from './vn-testset';

describe('nameOnlyTruePairs', () => {
	it('counts the true pairs that share nothing but the name, even nearly', () => {
		const r = (id: string, entity: string, phone: string, birthday = '') => ({
			id,
			entity,
			name: 'Nguyễn Thị Hương',
			phones: [phone],
			emails: [],
			address: '',
			birthday
		});
		const records = [
			// Same number written two ways: shared.
			r('a1', 'a', '0912345678'),
			r('a2', 'a', '+84 912 345 678'),
			// A new number, but the birthday day/month swapped: shared, nearly.
			r('b1', 'b', '0901111111', '1990-03-04'),
			r('b2', 'b', '0902222222', '04/03/1990'),
			// A new number and nothing else: only the name.
			r('c1', 'c', '0903333333'),
			r('c2', 'c', '0974444444')
		];
		expect(nameOnlyTruePairs(records)).toBe(1);
	});
});

describe('pairQuality', () => {
	it('counts true and false pairs and flagged households', () => {
		const r = (id: string, entity: string, household = '') => ({
			id,
			entity,
			household,
			name: '',
			phones: [],
			emails: [],
			address: '',
			birthday: ''
		});
		const records = [r('a', '1', 'h'), r('b', '1', 'h'), r('c', '2', 'h'), r('d', '3')];
		const q = pairQuality(records, [
			['a', 'b'],
			['a', 'c']
		]);
		expect(q.truePairs).toBe(1);
		expect(q.truePositives).toBe(1);
		expect(q.precision).toBe(0.5);
		expect(q.recall).toBe(1);
		expect(q.householdPairs).toBe(2);
		expect(q.householdFlagged).toBe(1);
	});
});

describe('quality floors', () => {
	it('finds FEBRL-1 duplicates with high precision and recall', async () => {
		const text = readFileSync('tests/fixtures/febrl/dataset1.csv', 'utf8');
		const e = await evaluate('febrl1', febrlRecords(text, { withId: false }));
		expect(e.truePairs).toBe(500);
		expect(e.blockingRecall).toBeGreaterThan(0.99);
		expect(e.precision).toBeGreaterThan(0.99);
		expect(e.recall).toBeGreaterThan(0.97);
	}, 30_000);

	it('beats the same-phone-or-email rule on a Vietnamese set and leaves households alone', async () => {
		const records = generateVnTestSet({ seed: 11, people: 1200 });
		const e = await evaluate('vn', records);
		const base = naiveBaseline(records);
		expect(e.f1).toBeGreaterThan(base.f1);
		expect(e.f1).toBeGreaterThan(0.93);
		expect(e.householdPairs).toBeGreaterThan(50);
		expect(e.householdFlagged / e.householdPairs).toBeLessThan(0.01);
		expect(base.householdFlagged / base.householdPairs).toBeGreaterThan(0.5);
	}, 30_000);
});

describe('generateVnTestSet', () => {
	it('gives each mailbox one owner, except in a household', () => {
		const records = generateVnTestSet({ seed: 5, people: 3000 });
		const owner = new Map<string, string>();
		for (const r of records) {
			for (const e of r.emails) {
				const key = e.toLowerCase().replace('+shop', '').replace('googlemail', 'gmail');
				const mailbox = key.endsWith('@gmail.com') ? key.replace(/\.(?=.*@)/g, '') : key;
				const seen = owner.get(mailbox);
				if (seen === undefined) owner.set(mailbox, r.household ?? '');
				else expect(seen).toBe(r.household ?? '');
			}
		}
	});

	it('is the same for the same seed', () => {
		const a = generateVnTestSet({ seed: 3, people: 50 });
		const b = generateVnTestSet({ seed: 3, people: 50 });
		expect(a).toEqual(b);
		expect(a.length).toBeGreaterThan(50);
	});
});
