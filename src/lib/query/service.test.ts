import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type SoKhachDB } from '$lib/db/schema';
import { createQueryEngine } from './engine';
import { createIndexFeed, type IndexFeed } from './feed';
import { createQueryService, type QueryService } from './service';
import { at, customer, q } from './testing';
import type { Query, WorkerResponse } from './types';

const opened: SoKhachDB[] = [];
const feeds: IndexFeed[] = [];
let dbCount = 0;

afterEach(async () => {
	for (const feed of feeds.splice(0)) feed.dispose();
	for (const db of opened.splice(0)) await db.delete();
});

/** A database of 10 customers (c0 oldest … c9 newest, c4 in the trash) and a service over it. */
async function setUp(): Promise<{ db: SoKhachDB; feed: IndexFeed; service: QueryService }> {
	const db = createDatabase(`query-service-test-${++dbCount}-${Date.now()}`);
	opened.push(db);
	await db.customers.bulkAdd(
		Array.from({ length: 10 }, (_, i) =>
			customer(
				`c${i}`,
				{ name: `Khách ${i}` },
				{ createdAt: at(2024, 1, i + 1), ...(i === 4 ? { deletedAt: Date.now() } : {}) }
			)
		)
	);
	const engine = createQueryEngine({});
	const feed = createIndexFeed(db, engine);
	feeds.push(feed);
	return { db, feed, service: createQueryService(db, engine, feed) };
}

function pageOf(response: WorkerResponse | null): { total: number; ids: string[] } {
	if (response?.type !== 'page') throw new Error(`Not a page: ${JSON.stringify(response)}`);
	return { total: response.total, ids: response.rows.map((c) => c.id) };
}

const byName: Query = q({ sort: [{ colId: 'name', sort: 'desc' }] });

describe('createQueryService', () => {
	it('answers the newest-first view from IndexedDB before the index is loaded', async () => {
		const { feed, service } = await setUp();
		const response = await service.handle({
			type: 'query',
			reqId: 1,
			query: q(),
			start: 4,
			end: 7
		});
		expect(feed.ready).toBe(false);
		// c4 is in the trash: the page skips it, and the offset counts only the others.
		expect(pageOf(response)).toEqual({ total: 9, ids: ['c5', 'c3', 'c2'] });
	});

	it('holds any other query until the index is ready', async () => {
		const { feed, service } = await setUp();
		let answered = false;
		const pending = service
			.handle({ type: 'query', reqId: 1, query: byName, start: 0, end: 3 })
			.then((r) => {
				answered = true;
				return r;
			});
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(answered).toBe(false);
		await feed.start();
		expect(pageOf(await pending)).toEqual({ total: 9, ids: ['c9', 'c8', 'c7'] });
	});

	it('returns whole customer records for the page', async () => {
		const { feed, service } = await setUp();
		await feed.start();
		const response = await service.handle({
			type: 'query',
			reqId: 7,
			query: q({ search: 'khach 3' }),
			start: 0,
			end: 10
		});
		expect(response).toMatchObject({
			type: 'page',
			reqId: 7,
			total: 1,
			rows: [{ id: 'c3', name: 'Khách 3', createdAt: at(2024, 1, 4) }]
		});
	});

	it('counts customers, or the rows of a query', async () => {
		const { feed, service } = await setUp();
		expect(await service.handle({ type: 'count', reqId: 1 })).toEqual({
			type: 'count',
			reqId: 1,
			total: 9
		});
		await feed.start();
		expect(
			await service.handle({ type: 'count', reqId: 2, query: q({ search: 'khach 1' }) })
		).toEqual({ type: 'count', reqId: 2, total: 1 });
	});

	it('drops a request cancelled while it waited', async () => {
		const { feed, service } = await setUp();
		const pending = service.handle({ type: 'query', reqId: 3, query: byName, start: 0, end: 3 });
		await service.handle({ type: 'cancel', reqIds: [3] });
		await feed.start();
		expect(await pending).toBeNull();
	});

	it('reports a query it cannot answer as an error for that request', async () => {
		const { feed, service } = await setUp();
		await feed.start();
		const response = await service.handle({
			type: 'query',
			reqId: 5,
			query: q({ sort: [{ colId: 'shoeSize', sort: 'asc' }] }),
			start: 0,
			end: 10
		});
		expect(response).toEqual({ type: 'error', reqId: 5, message: 'Cannot sort by shoeSize' });
	});
});
