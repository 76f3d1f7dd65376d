import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetDbForTests, type SoKhachDB } from '$lib/db/db';
import { createCustomer, trashCustomers } from '$lib/db/customers';
import { eraseCustomer } from '$lib/db/erase';
import { clearAllData } from '$lib/db/sample';
import { undoLast } from '$lib/app/undo';
import { isCensus, lastChange, liveCount, loadCensus, saveCensus, type Census } from './census';
import { createQueryEngine, type QueryEngine } from './engine';
import { createIndexFeed, type IndexFeed } from './feed';
import { createQueryService } from './service';
import { q } from './testing';

let db: SoKhachDB;
const feeds: IndexFeed[] = [];

beforeEach(async () => {
	db = await resetDbForTests();
});

afterEach(() => {
	for (const feed of feeds.splice(0)) feed.dispose();
	vi.unstubAllGlobals();
});

async function addCustomers(n: number): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < n; i++) ids.push((await createCustomer({ name: `Khách ${i}` })).id);
	return ids;
}

/** A census as the feed would take it now, with a count it could not have guessed. */
async function censusNow(live: number): Promise<Census> {
	const last = await lastChange(db);
	if (!last) throw new Error('empty log');
	return { ...last, live };
}

/** A feed that reports its censuses, started and settled. */
async function startedFeed(): Promise<{
	censuses: Census[];
	feed: IndexFeed;
	engine: QueryEngine;
}> {
	const censuses: Census[] = [];
	const engine = createQueryEngine({});
	const feed = createIndexFeed(db, engine, { onCensus: (c) => censuses.push(c) });
	feeds.push(feed);
	await feed.start();
	return { censuses, feed, engine };
}

describe('liveCount', () => {
	it('counts the customers not in the trash when there is no census', async () => {
		const ids = await addCustomers(3);
		await trashCustomers([ids[0]]);
		expect(await liveCount(db, null)).toBe(2);
	});

	it('believes a census taken at the log’s last entry, without counting', async () => {
		await addCustomers(2);
		const census = await censusNow(41);
		const count = vi.spyOn(db.customers, 'count');
		expect(await liveCount(db, census)).toBe(41);
		expect(count).not.toHaveBeenCalled();
	});

	it.each([
		['a customer added', async () => void (await createCustomer({ name: 'Mới' }))],
		['a customer trashed', async (ids: string[]) => trashCustomers([ids[0]])],
		[
			'a customer erased for good',
			async (ids: string[]) => eraseCustomer(ids[0], 'customer-request')
		],
		['an undo', async () => void (await undoLast())]
	])('counts again after %s', async (_what, write) => {
		const ids = await addCustomers(3);
		const census = await censusNow(3);
		await write(ids);
		const exact = await liveCount(db, null);
		expect(await liveCount(db, census)).toBe(exact);
	});

	it('counts again once the book was cleared, even with as many writes since', async () => {
		await addCustomers(2);
		const census = await censusNow(2);
		await clearAllData(db);
		await addCustomers(2);
		// The log's keys go on from where they were: the census names an entry that is gone.
		expect((await lastChange(db))?.seq).not.toBe(census.seq);
		await addCustomers(1);
		expect(await liveCount(db, { ...census, live: 99 })).toBe(3);
	});
});

describe('the feed’s census', () => {
	it('is taken once the index is exact, and again after each write', async () => {
		const ids = await addCustomers(3);
		const { censuses, feed } = await startedFeed();
		expect(censuses.at(-1)).toEqual({ ...(await lastChange(db)), live: 3 });
		await trashCustomers([ids[1]]);
		await feed.sync();
		expect(censuses.at(-1)).toEqual({ ...(await lastChange(db)), live: 2 });
		expect(await liveCount(db, censuses.at(-1) ?? null)).toBe(2);
	});

	// Found in review: a write committing while the census was read set `again` after the sync
	// loop had ended, and was left out of the index until some later write.
	it('applies a write that commits while the census is being taken', async () => {
		await addCustomers(1);
		const { censuses, feed, engine } = await startedFeed();
		await addCustomers(1);
		const get = db.changes.get.bind(db.changes);
		let late: Promise<void> | null = null;
		let calls = 0;
		const lookAgain = async (key: unknown) => {
			// The first look is syncOnce's (is the log still there?), the second takeCensus's.
			if (++calls === 2) {
				await createCustomer({ name: 'Muộn' });
				late = feed.sync();
			}
			return get(key as number);
		};
		vi.spyOn(db.changes, 'get').mockImplementation(lookAgain as unknown as typeof db.changes.get);
		await feed.sync();
		await late;
		vi.restoreAllMocks();
		expect(calls).toBeGreaterThanOrEqual(2);
		expect(engine.size).toBe(3);
		expect(censuses.at(-1)).toEqual({ ...(await lastChange(db)), live: 3 });
	});

	it('is not taken while the log is empty', async () => {
		const { censuses } = await startedFeed();
		expect(censuses).toEqual([]);
	});

	it('gives the first page its total before the index is loaded', async () => {
		await addCustomers(3);
		const census = await censusNow(3);
		const engine = createQueryEngine({});
		const feed = createIndexFeed(db, engine);
		feeds.push(feed);
		const service = createQueryService(db, engine, feed, () => census);
		const count = vi.spyOn(db.customers, 'count');
		const answer = await service.handle({ type: 'query', reqId: 1, query: q(), start: 0, end: 2 });
		expect(feed.ready).toBe(false);
		expect(answer).toMatchObject({ type: 'page', total: 3 });
		expect(answer?.type === 'page' && answer.rows.map((c) => c.name)).toEqual([
			'Khách 2',
			'Khách 1'
		]);
		expect(count).not.toHaveBeenCalled();
	});
});

describe('keeping a census in the browser', () => {
	function stubStorage(): Map<string, string> {
		const store = new Map<string, string>();
		vi.stubGlobal('localStorage', {
			getItem: (k: string) => store.get(k) ?? null,
			setItem: (k: string, v: string) => void store.set(k, v)
		});
		return store;
	}

	it('saves and loads one', () => {
		stubStorage();
		expect(loadCensus()).toBeNull();
		saveCensus({ seq: 12, at: 1_700_000_000_000, live: 5 });
		expect(loadCensus()).toEqual({ seq: 12, at: 1_700_000_000_000, live: 5 });
	});

	it('ignores what is not a census, and a browser without storage', () => {
		const store = stubStorage();
		store.set('so-khach:census', '{"seq":0,"at":1,"live":5}');
		expect(loadCensus()).toBeNull();
		store.set('so-khach:census', 'not json');
		expect(loadCensus()).toBeNull();
		vi.unstubAllGlobals();
		vi.stubGlobal('localStorage', undefined);
		expect(loadCensus()).toBeNull();
		expect(() => saveCensus({ seq: 1, at: 1, live: 1 })).not.toThrow();
	});

	it.each([
		[{ seq: 3, at: 10, live: 2 }, true],
		[{ seq: 3, at: 10, live: -1 }, false],
		[{ seq: 1.5, at: 10, live: 2 }, false],
		[{ seq: 3, live: 2 }, false],
		[null, false],
		['3', false]
	])('isCensus(%j) is %s', (value, expected) => {
		expect(isCensus(value)).toBe(expected);
	});
});
