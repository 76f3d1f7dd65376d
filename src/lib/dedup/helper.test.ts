import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIST_KINDS } from './columns';
import { measureBook, scanRecords } from './engine';
import { febrlRecords } from './evaluate';
import {
	helperCore,
	helperOver,
	transfersOf,
	type CompareHelper,
	type HelperPort,
	type HelperRequest,
	type HelperResponse
} from './helper';
import { prepareRecord } from './prepare';
import { reviveBook, shareBook, SlotListsBuilder } from './shared';
import type { DedupRecord, ScanResult } from './types';
import { generateVnTestSet } from './vn-testset';

/**
 * The helper worker run in-process: every message crosses by structured clone, as between two
 * workers, and answers come back on a later task. `answered` counts the ranges it did.
 */
function inProcessHelper(options: { failAfter?: number } = {}) {
	const answer = helperCore();
	const listeners: ((event: MessageEvent<HelperResponse>) => void)[] = [];
	const stats = { answered: 0, requests: [] as string[], terminated: 0 };
	const port: HelperPort = {
		postMessage(message: HelperRequest) {
			const copy = structuredClone(message);
			stats.requests.push(copy.type);
			setTimeout(() => {
				let response = answer(copy);
				if (response === null) return;
				if (options.failAfter !== undefined && stats.answered >= options.failAfter) {
					response = { type: 'failed', id: response.id, message: 'helper gone' };
				} else stats.answered++;
				const data = structuredClone(response, { transfer: transfersOf(response) });
				for (const l of listeners) l({ data } as MessageEvent<HelperResponse>);
			}, 0);
		},
		addEventListener(type: string, listener: (event: never) => void) {
			if (type === 'message') listeners.push(listener as (e: MessageEvent<HelperResponse>) => void);
		},
		terminate() {
			stats.terminated++;
		}
	};
	return { helper: helperOver(() => port), stats };
}

/** What a scan found, in a form two scans can be compared by. */
function found(result: ScanResult) {
	return {
		comparisons: result.stats.comparisons,
		duplicateRate: result.stats.duplicateRate,
		clusters: result.clusters.map((c) => ({
			ids: c.ids,
			score: c.score,
			pairs: c.pairs.map((p) => [p.a, p.b, p.weight, p.matched, p.conflicts])
		}))
	};
}

/**
 * Records whose lists the row cannot hold (two phones, two emails, long middle names, long
 * addresses, streets one a prefix of the other, mailboxes made of the name), with near twins,
 * so that the rare comparisons are reached.
 */
function awkward(): DedupRecord[] {
	const out: DedupRecord[] = [];
	for (let k = 0; k < 40; k++) {
		const phone = `09${String(12345000 + k * 37).padStart(8, '0')}`;
		const other = `09${String(87654000 + k * 41).padStart(8, '0')}`;
		out.push({
			id: `aw${k}a`,
			name: `Nguyễn Thị Thu Ngọc Hương${k % 3 === 0 ? ' Lan' : ''}`,
			phones: [phone, other],
			emails: [`huongnguyen${k}@gmail.com`, `thu.huong${k}@yahoo.com`],
			address: `${k + 1} Lê Lợi Bến Thành phường Bến Thành quận 1 thành phố Hồ Chí Minh Việt Nam`,
			birthday: `0${(k % 9) + 1}/03/1990`
		});
		out.push({
			id: `aw${k}b`,
			name: `Nguyễn Thu Hương`,
			phones: [phone],
			emails: [`huongnguyen${k}@outlook.com`],
			address: `${k + 1} Lê Lợi, Q.1, TP.HCM`,
			birthday: `0${(k % 9) + 1}/03/1990`
		});
	}
	return out;
}

function vnBook(): DedupRecord[] {
	return [...generateVnTestSet({ people: 3000, seed: 7 }), ...awkward()];
}

describe('the shared book', { timeout: 60_000 }, () => {
	it('gives a helper every list and name word the comparisons read', () => {
		const prepared = vnBook().map(prepareRecord);
		const lists = new SlotListsBuilder(prepared.length);
		const book = measureBook(prepared, lists);
		const shared = structuredClone(shareBook(book.columns, book.model, lists.done()));
		const copy = reviveBook(shared);
		for (let s = 0; s < prepared.length; s++) {
			const x = book.columns.ix(s);
			const y = copy.columns.ix(s);
			for (const key of LIST_KINDS) {
				expect([s, key, Array.from(y[key])]).toEqual([s, key, Array.from(x[key])]);
			}
			expect(copy.columns.nameTokens(s)).toEqual(book.columns.nameTokens(s));
		}
		expect(Array.from(copy.columns.row)).toEqual(
			Array.from(book.columns.row.subarray(0, copy.columns.row.length))
		);
		// The revived lexicon and counters work as the originals do.
		expect(copy.model.lex.words.find('huong')).toBe(book.model.lex.words.find('huong'));
		expect(copy.model.given.get(3)).toBe(book.model.given.get(3));
		expect(copy.model.lex.near(1, 2)).toBe(book.model.lex.near(1, 2));
	});
});

// Two scans of about 5,000 records a test: more than the default 5 s on a busy machine.
describe('a scan shared with a helper', { timeout: 60_000 }, () => {
	// The Vietnamese book is also prepared half by the helper (its split lowered to reach it).
	const datasets: [string, () => DedupRecord[], number | undefined][] = [
		['the Vietnamese set with awkward records, half prepared by the helper', vnBook, 1000],
		[
			'FEBRL 3',
			() =>
				febrlRecords(readFileSync('tests/fixtures/febrl/dataset3.csv', 'utf8'), {
					withId: false
				}),
			undefined
		]
	];
	for (const [name, records, prepareSplitFrom] of datasets) {
		it(`finds exactly what a scan alone finds: ${name}`, async () => {
			const input = records();
			const alone = await scanRecords({ length: input.length, at: (i) => input[i] });
			const { helper, stats } = inProcessHelper();
			const shared = await scanRecords(
				{ length: input.length, at: (i) => input[i] },
				{ helper, prepareSplitFrom }
			);
			expect(stats.requests.includes('prepare')).toBe(prepareSplitFrom !== undefined);
			// Once its half is in, the preparing worker is ended and a fresh one compares.
			expect(stats.terminated).toBe(prepareSplitFrom === undefined ? 0 : 1);
			expect(shared.stats.preparedByHelper).toBe(
				prepareSplitFrom === undefined ? 0 : Math.floor(input.length / 2)
			);
			expect(alone.clusters.length).toBeGreaterThan(100);
			// The helper did its share of both passes.
			expect(stats.requests.filter((t) => t === 'sample').length).toBeGreaterThan(1);
			expect(stats.requests.filter((t) => t === 'compare').length).toBeGreaterThan(1);
			expect(stats.answered).toBeGreaterThan(4);
			expect(shared.stats.helped).toBeGreaterThan(1);
			expect(alone.stats.helped).toBe(0);
			expect(found(shared)).toEqual(found(alone));
		});
	}

	it('takes back the ranges of a helper that fails midway, and still finds the same', async () => {
		const input = vnBook();
		const alone = await scanRecords({ length: input.length, at: (i) => input[i] });
		const { helper, stats } = inProcessHelper({ failAfter: 3 });
		const shared = await scanRecords({ length: input.length, at: (i) => input[i] }, { helper });
		expect(stats.answered).toBe(3);
		expect(found(shared)).toEqual(found(alone));
	});

	it('prepares and measures u itself when the helper fails from the start, and still finds the same', async () => {
		const input = vnBook();
		const alone = await scanRecords({ length: input.length, at: (i) => input[i] });
		const { helper, stats } = inProcessHelper({ failAfter: 0 });
		const shared = await scanRecords(
			{ length: input.length, at: (i) => input[i] },
			{ helper, prepareSplitFrom: 1000 }
		);
		expect(stats.requests).toContain('prepare');
		expect(stats.requests).toContain('estimate');
		expect(stats.answered).toBe(0);
		expect(shared.stats.preparedByHelper).toBe(0);
		expect(shared.stats.helped).toBe(0);
		expect(found(shared)).toEqual(found(alone));
	});

	it('is not used when every compared pair is reported (evaluation)', async () => {
		const input = vnBook();
		const { helper, stats } = inProcessHelper();
		let pairs = 0;
		await scanRecords(
			{ length: input.length, at: (i) => input[i] },
			{ helper, onCompared: () => pairs++ }
		);
		expect(pairs).toBeGreaterThan(1000);
		expect(stats.requests).toEqual([]);
	});

	it('stops waiting for a helper that is closed, and the scan is cancelled', async () => {
		const input = vnBook();
		const controller = new AbortController();
		let closer: CompareHelper | null = null;
		const { helper } = inProcessHelper();
		closer = helper;
		const scan = scanRecords(
			{ length: input.length, at: (i) => input[i] },
			{
				helper,
				signal: controller.signal,
				onProgress: (done, total) => {
					if (done > total / 2 && !controller.signal.aborted) {
						controller.abort();
						closer?.close();
					}
				}
			}
		);
		await expect(scan).rejects.toThrow(/cancelled/);
	});
});

describe('a helper over a port', () => {
	it('fails what it was asked and not answered when it is closed, and everything after', async () => {
		let terminated = false;
		const sent: string[] = [];
		const silent: HelperPort = {
			postMessage: (message) => void sent.push(message.type),
			addEventListener: () => {},
			terminate: () => void (terminated = true)
		};
		const helper = helperOver(() => silent);
		const pending = helper.compare(0, 10, 0, {
			levels: new Uint8Array(0),
			sides: new Int32Array(0),
			owner: new Int32Array(0),
			partner: new Int32Array(0),
			first: 0,
			end: 0
		});
		helper.close();
		await expect(pending).rejects.toThrow(/closed/);
		await expect(helper.sample(0, 10, 1, 10)).rejects.toThrow(/closed/);
		expect(terminated).toBe(true);
		expect(sent).toEqual(['compare']);
	});
});
