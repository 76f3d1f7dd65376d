import { describe, expect, it } from 'vitest';
import {
	BLOCK_CAP,
	blockingKeys,
	buildBlocks,
	forEachCandidate,
	neighbourhoodKey,
	WINDOW
} from './blocking';
import { clusterEdges, EdgeIndex, filterEdges, joinEdges, type Edges } from './cluster';
import { measureBook, pairKey, scanPrepared, scanRecords, scorePairOf } from './engine';
import { prepareRecord } from './prepare';
import { setDuplicateRate } from './score';
import type { DedupRecord } from './types';

function rec(id: string, name: string, phone = '', more: Partial<DedupRecord> = {}): DedupRecord {
	return { id, name, phones: phone ? [phone] : [], emails: [], address: '', birthday: '', ...more };
}

/** A small book with background customers so that term frequencies mean something. */
function book(extra: DedupRecord[]): DedupRecord[] {
	const given = ['Linh', 'Anh', 'Trang', 'Hương', 'Ngọc', 'Hà', 'Thảo', 'Phương', 'Mai', 'Lan'];
	const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng'];
	const middle = ['Thị', 'Ngọc', 'Thu', 'Minh', 'Thanh'];
	const out: DedupRecord[] = [];
	for (let i = 0; i < 400; i++) {
		const name = `${family[i % 8]} ${middle[(i * 3) % 5]} ${given[(i * 7) % 10]}`;
		out.push(rec(`bg${i}`, name, `09${String(10000000 + i * 7919).slice(0, 8)}`));
	}
	return [...out, ...extra];
}

function score(records: DedupRecord[], a: string, b: string): number {
	return scored(records, a, b).score;
}

function weight(records: DedupRecord[], a: string, b: string): number {
	return scored(records, a, b).weight;
}

function scored(records: DedupRecord[], a: string, b: string) {
	const prepared = records.map(prepareRecord);
	const b2 = measureBook(prepared);
	setDuplicateRate(b2.model, 0.05);
	const i = prepared.findIndex((r) => r.id === a);
	const j = prepared.findIndex((r) => r.id === b);
	return scorePairOf(b2, i, j);
}

describe('pairKey', () => {
	it('is the same whichever way round', () => {
		expect(pairKey('b', 'a')).toBe('a|b');
		expect(pairKey('a', 'b')).toBe('a|b');
	});
});

describe('scoring', () => {
	it('matches one customer written with an old 11-digit number, no marks and an honorific', () => {
		const records = book([
			rec('x', 'Quách Thị Thủy', '0329 123 456'),
			rec('y', 'chị quach thi thuy', '01629123456')
		]);
		expect(score(records, 'x', 'y')).toBeGreaterThan(0.5);
	});

	it('counts a shared phone with another given name against a match (households)', () => {
		const records = book([
			rec('wife', 'chị Quách Thị Thủy', '0329123456', { address: '12 Lê Lợi, Q.1, HCM' }),
			rec('husband', 'anh Quách Văn Hùng', '0329123456', { address: '12 Lê Lợi, Q.1, HCM' })
		]);
		expect(score(records, 'wife', 'husband')).toBeLessThan(0.5);
	});

	it('takes a dropped letter that keeps the marks (Hải typed Hả) for a typo, not a household', () => {
		// Hà (in the background) and Hải are both common, so their folded spellings "ha" and "hai"
		// are two established names; "Hả" is no one's name, seen once with its marks.
		const more = Array.from({ length: 30 }, (_, i) =>
			rec(`h${i}`, `Lê Minh Hải`, `08${String(20000000 + i * 7919).slice(0, 8)}`)
		);
		const home = { address: '21 Hàng Bạc, Hoàn Kiếm, Hà Nội' };
		const records = book([
			...more,
			rec('x', 'Trần Văn Hải', '0912345678', home),
			rec('typo', 'Trần Văn Hả', '0912 345 678', home),
			rec('sister', 'Trần Thị Hà', '0912345678', home)
		]);
		expect(score(records, 'x', 'typo')).toBeGreaterThan(0.5);
		expect(score(records, 'x', 'sister')).toBeLessThan(0.5);
		expect(score(records, 'typo', 'sister')).toBeLessThan(0.5);
	});

	it('counts Huy typed Hy as one edit, though folding writes the y as i', () => {
		const records = book([
			rec('x', 'Trần Văn Huy', '0987922520', { address: '305 Huỳnh Phan Hộ, Cần Thơ' }),
			rec('y', 'chú Tran Van Hy', '0987 922 520', { address: '305 Huỳnh Phan Hộ, Cần Thơ' })
		]);
		expect(score(records, 'x', 'y')).toBeGreaterThan(0.5);
	});

	it('weighs a rare shared name more than a common one (term frequency)', () => {
		const records = book([
			rec('r1', 'Quách Thị Thủy', '', { birthday: '1990-03-04' }),
			rec('r2', 'Quách Thị Thủy', '', { birthday: '1990-03-04' }),
			rec('c1', 'Nguyễn Thị Linh', '', { birthday: '1990-03-04' }),
			rec('c2', 'Nguyễn Thị Linh', '', { birthday: '1990-03-04' })
		]);
		expect(score(records, 'r1', 'r2')).toBeGreaterThan(score(records, 'c1', 'c2'));
	});

	it('gives a day/month swap partial credit', () => {
		const base = { name: 'Quách Thị Thủy', phones: [], emails: [], address: '' };
		const records = book([
			{ id: 'a', ...base, birthday: '1990-03-04' },
			{ id: 'b', ...base, birthday: '1990-04-03' },
			{ id: 'c', ...base, birthday: '1975-08-12' }
		]);
		expect(score(records, 'a', 'b')).toBeGreaterThan(score(records, 'a', 'c'));
	});

	it('does not take a replaced given name with the same birthday and home for a household', () => {
		const home = { address: '150 Heard Street, Summerset 5344 QLD' };
		const records = book([
			rec('a', 'Stubbs Jack', '', { ...home, birthday: '1989-05-26' }),
			rec('b', 'Stubbs Stanley', '', { ...home, birthday: '1989-05-26' }),
			rec('c', 'Stubbs Emma', '', { ...home, birthday: '1962-11-02' })
		]);
		expect(score(records, 'a', 'b')).toBeGreaterThan(score(records, 'a', 'c'));
		expect(score(records, 'a', 'c')).toBeLessThan(0.5);
	});

	it('reads a given name that is also an honorific after a real honorific', () => {
		const records = book([
			rec('x', 'Phạm Ngọc Anh', '0885005786'),
			rec('y', 'chị Anh Phạm', '84885005786')
		]);
		expect(score(records, 'x', 'y')).toBeGreaterThan(0.5);
	});

	it('does not hold a missing middle name against a match', () => {
		const records = book([
			rec('full', 'Quách Thị Thủy', '0329123456'),
			rec('short', 'Quách Thủy', '0329123456'),
			rec('other', 'Quách Ngọc Thủy', '0329123456')
		]);
		expect(weight(records, 'full', 'short')).toBeGreaterThan(weight(records, 'full', 'other'));
		expect(score(records, 'full', 'short')).toBeGreaterThan(0.5);
	});
});

describe('blocking', () => {
	it('compares records that share a key and skips those that share none', () => {
		const records = [
			rec('a', 'Quách Thị Thủy', '0329123456'),
			rec('b', 'Thủy Quách', '0329123456'),
			rec('c', 'Phạm Văn Long', '0987654321')
		].map(prepareRecord);
		const blocks = buildBlocks(records);
		const seen = new Int32Array(records.length).fill(-1);
		const pairs: [number, number][] = [];
		for (let i = 0; i < records.length; i++)
			forEachCandidate(blocks, i, seen, (j) => pairs.push([i, j]));
		expect(pairs).toEqual([[0, 1]]);
	});
});

describe('blocking keys', () => {
	it('meets a replaced family name and a transposed postcode through a name word and the suburb', () => {
		const [a, b] = [
			rec('a', 'crouch ella', '', { address: '3 wybalena grove, urangan 3072 wa' }),
			rec('b', 'crou ch ella', '', { address: '3 tieve tara, wybalena grove, urangan 3027 wa' })
		].map(prepareRecord);
		const shared = blockingKeys(a).filter((k) => blockingKeys(b).includes(k));
		expect(shared).toContain('uella uranga');
		expect(shared.filter((k) => k.startsWith('y'))).toEqual([]);
	});

	it('skips a large block of a typo key and windows a large block of a name key', () => {
		const records: DedupRecord[] = [];
		for (let i = 0; i < BLOCK_CAP * 3; i++) {
			records.push(rec(`r${i}`, 'Nguyễn Thị Linh', '', { birthday: `19${50 + (i % 40)}-01-01` }));
		}
		const prepared = records.map(prepareRecord);
		const blocks = buildBlocks(prepared);
		const seen = new Int32Array(prepared.length).fill(-1);
		let most = 0;
		for (let i = 0; i < prepared.length; i++) {
			let count = 0;
			seen.fill(-1);
			forEachCandidate(blocks, i, seen, () => count++);
			most = Math.max(most, count);
		}
		// Each record meets at most its WINDOW neighbours on each side in the name blocks, plus
		// those born the same day (a small block of its own).
		expect(most).toBeLessThanOrEqual(2 * WINDOW + BLOCK_CAP);
		expect(blocks.largeBlocks).toBeGreaterThan(0);
	});

	it('orders a large block by neighbourhood key, then by record', () => {
		// Namesakes with birthdays, streets and house numbers repeating out of step, some alike.
		const records: DedupRecord[] = [];
		for (let i = 0; i < BLOCK_CAP * 5; i++) {
			records.push(
				rec(`r${i}`, i % 4 === 0 ? 'Nguyễn Linh' : 'Nguyễn Thị Linh', '', {
					birthday: i % 3 === 0 ? '' : `19${60 + (i % 7)}-0${1 + (i % 9)}-1${i % 10}`,
					address: i % 5 === 0 ? '' : `${i % 6} ${['Lê Lợi', 'Lê Lai', 'Hàng Bông'][i % 3]}`
				})
			);
		}
		const prepared = records.map(prepareRecord);
		const blocks = buildBlocks(prepared);
		let checked = 0;
		for (let p = 0; p < blocks.members.length; p++) {
			if (blocks.runMode[p] !== 1 || p + 1 >= blocks.runEnd[p]) continue;
			const [x, y] = [blocks.members[p], blocks.members[p + 1]];
			const [kx, ky] = [neighbourhoodKey(prepared[x]), neighbourhoodKey(prepared[y])];
			expect(kx < ky || (kx === ky && x < y)).toBe(true);
			checked++;
		}
		expect(blocks.largeBlocks).toBeGreaterThan(1);
		expect(checked).toBeGreaterThan(BLOCK_CAP * 4);
	});
});

/** Edges in the arrays the scan keeps them in, from a list of pairs (mask: the pair's index). */
function edgesOf(list: { a: number; b: number; weight: number }[]): Edges {
	return {
		a: Int32Array.from(list, (e) => e.a),
		b: Int32Array.from(list, (e) => e.b),
		weight: Float64Array.from(list, (e) => e.weight),
		masks: Uint16Array.from(list, (_, k) => k)
	};
}

describe('clusterEdges', () => {
	it('does not chain A–B and B–C into one cluster when A–C is unlikely', () => {
		const p = (i: number, j: number) => ((i === 0 && j === 2) || (i === 2 && j === 0) ? 0 : 0.99);
		const groups = clusterEdges(
			edgesOf([
				{ a: 1, b: 2, weight: 19 },
				{ a: 0, b: 1, weight: 20 }
			]),
			p,
			0.5
		);
		expect(groups).toEqual([[0, 1]]);
	});

	it('never grows a cluster beyond the cap', () => {
		const edges = [];
		for (let i = 1; i < 20; i++) edges.push({ a: 0, b: i, weight: 30 - i });
		const groups = clusterEdges(edgesOf(edges), () => 1, 0.5, 5);
		expect(groups).toHaveLength(1);
		expect(groups[0]).toHaveLength(5);
	});

	it('takes pairs of equal weight in the order of their records', () => {
		const edges = edgesOf([
			{ a: 2, b: 3, weight: 10 },
			{ a: 0, b: 3, weight: 10 },
			{ a: 0, b: 2, weight: 10 }
		]);
		// Pairs with 3 never join: 0–2 comes first and takes 0 and 2 for itself.
		const groups = clusterEdges(edges, (i, j) => (i === 3 || j === 3 ? 0 : 1), 0.5);
		expect(groups).toEqual([[0, 2]]);
	});
});

describe('edge lists', () => {
	const list = [
		{ a: 0, b: 5, weight: 1 },
		{ a: 3, b: 4, weight: 2 },
		{ a: 0, b: 2, weight: 3 },
		{ a: 3, b: 9, weight: 4 }
	];

	it('finds any pair among them by its two records, and only those pairs', () => {
		const edges = edgesOf(list);
		const index = new EdgeIndex(edges, 10);
		list.forEach((e, k) => expect(index.find(e.a, e.b)).toBe(k));
		expect(index.find(0, 4)).toBe(-1);
		expect(index.find(5, 0)).toBe(-1);
		expect(index.find(9, 9)).toBe(-1);
	});

	it('joins lists in order and keeps what a filter says yes to', () => {
		const joined = joinEdges([edgesOf(list.slice(0, 1)), edgesOf([]), edgesOf(list.slice(1))]);
		expect(Array.from(joined.a)).toEqual([0, 3, 0, 3]);
		expect(Array.from(joined.weight)).toEqual([1, 2, 3, 4]);
		expect(Array.from(joined.masks)).toEqual([0, 0, 1, 2]);
		const kept = filterEdges(joined, (k) => joined.b[k] !== 4);
		expect(Array.from(kept.b)).toEqual([5, 2, 9]);
		expect(Array.from(kept.weight)).toEqual([1, 3, 4]);
		expect(Array.from(kept.masks)).toEqual([0, 1, 2]);
	});
});

describe('scanRecords', () => {
	it('proposes a duplicate pair and never one the user dismissed', async () => {
		const records = book([
			rec('x', 'Quách Thị Thủy', '0329 123 456'),
			rec('y', 'chị quach thi thuy', '01629123456')
		]);
		const found = await scanRecords(records);
		const pairs = found.clusters.flatMap((c) => c.pairs.map((p) => pairKey(p.a, p.b)));
		expect(pairs).toContain('x|y');
		const pair = found.clusters.flatMap((c) => c.pairs).find((p) => pairKey(p.a, p.b) === 'x|y');
		expect(pair?.matched).toEqual(expect.arrayContaining(['name', 'phone']));
		const again = await scanRecords(records, { dismissed: new Set(['x|y']) });
		expect(again.clusters.flatMap((c) => c.pairs.map((p) => pairKey(p.a, p.b)))).not.toContain(
			'x|y'
		);
	});

	it('finds the same groups from records prepared beforehand, as the worker prepares them', async () => {
		const records = book([
			rec('x', 'Quách Thị Thủy', '0329 123 456'),
			rec('y', 'chị quach thi thuy', '01629123456'),
			rec('z', 'Lê Văn Tám', '0988 777 666', { emails: ['le.van.tam@gmail.com'] }),
			rec('w', 'anh Tám', '', { emails: ['levantam@gmail.com'] })
		]);
		const whole = await scanRecords(records);
		const prepared = await scanPrepared(records.map(prepareRecord));
		expect(whole.clusters.length).toBeGreaterThanOrEqual(2);
		expect(prepared.clusters).toEqual(whole.clusters);
		expect(prepared.stats.comparisons).toBe(whole.stats.comparisons);
	});
});
