/**
 * The query worker's request handling, apart from the worker globals so that Node tests can
 * drive it: answers page and count requests from the engine once the index is ready, and the
 * grid's first view straight from IndexedDB before that.
 */
import type { SoKhachDB } from '$lib/db/schema';
import type { Customer } from '$lib/domain/types';
import type { QueryEngine } from './engine';
import type { IndexFeed } from './feed';
import { liveCount as countLive, type Census } from './census';
import { isDefaultQuery, type Query, type WorkerRequest, type WorkerResponse } from './types';

export interface QueryService {
	/** The answer to a request; null when it was cancelled meanwhile or needs none. */
	handle(request: WorkerRequest): Promise<WorkerResponse | null>;
}

export function createQueryService(
	db: SoKhachDB,
	engine: QueryEngine,
	feed: IndexFeed,
	/** The page's last census of the book (census.ts), if any: spares counting the table. */
	census: () => Census | null = () => null
): QueryService {
	const cancelled = new Set<number>();

	/** True once, for a request the page gave up on. */
	function dropped(reqId: number): boolean {
		return cancelled.delete(reqId);
	}

	async function rowsOf(ids: string[]): Promise<Customer[]> {
		const rows = await db.customers.bulkGet(ids);
		// A customer trashed or purged since the index answered: its 'changed' message is on its
		// way and the grid will ask again; meanwhile it is left out rather than shown.
		return rows.filter((c): c is Customer => c !== undefined && c.deletedAt == null);
	}

	/** Customers not in the trash, before the index can say. */
	function liveCount(): Promise<number> {
		return countLive(db, census());
	}

	/**
	 * The newest customers, read from IndexedDB's createdAt index: what the grid shows first
	 * after a reload, in well under a second, while the index is still loading.
	 */
	async function defaultPage(
		start: number,
		end: number
	): Promise<{ total: number; rows: Customer[] }> {
		const [total, rows] = await Promise.all([
			liveCount(),
			db.customers
				.orderBy('createdAt')
				.reverse()
				.filter((c) => c.deletedAt == null)
				.offset(start)
				.limit(Math.max(0, end - start))
				.toArray()
		]);
		return { total, rows };
	}

	async function page(
		reqId: number,
		query: Query,
		start: number,
		end: number
	): Promise<WorkerResponse | null> {
		// A loop, not an if: the index may start rebuilding again (data cleared) while we wait.
		while (!feed.ready) {
			if (isDefaultQuery(query)) {
				const { total, rows } = await defaultPage(start, end);
				return dropped(reqId) ? null : { type: 'page', reqId, total, rows };
			}
			await feed.whenReady();
			if (dropped(reqId)) return null;
		}
		// One turn of the event loop first, so that a cancel already posted behind this request
		// (the user typed on) arrives before work goes into a result nobody wants.
		await new Promise((resolve) => setTimeout(resolve, 0));
		if (dropped(reqId)) return null;
		if (!feed.ready) return page(reqId, query, start, end);
		const { total, ids } = engine.page(query, start, end);
		const rows = await rowsOf(ids);
		if (dropped(reqId)) return null;
		// Scored after the read: a write meanwhile has already dropped the stale ranking.
		const rfm = rows.map((c) => engine.rfm(c.id));
		return { type: 'page', reqId, total, rows, rfm };
	}

	async function count(reqId: number, query: Query | undefined): Promise<WorkerResponse | null> {
		while (!feed.ready) {
			if (!query || isDefaultQuery(query)) {
				const total = await liveCount();
				return dropped(reqId) ? null : { type: 'count', reqId, total };
			}
			await feed.whenReady();
		}
		const total = query ? engine.query(query).total : engine.size;
		return dropped(reqId) ? null : { type: 'count', reqId, total };
	}

	async function counts(reqId: number, queries: Query[]): Promise<WorkerResponse | null> {
		await feed.whenReady();
		if (dropped(reqId)) return null;
		return { type: 'counts', reqId, totals: queries.map((q) => engine.query(q).total) };
	}

	async function rfm(reqId: number, id: string): Promise<WorkerResponse | null> {
		await feed.whenReady();
		if (dropped(reqId)) return null;
		return { type: 'rfm', reqId, score: engine.rfm(id), ...engine.rfmSummary() };
	}

	return {
		async handle(request) {
			if (request.type === 'start' || request.type === 'census') return null;
			if (request.type === 'cancel') {
				// Ids of requests answered before the cancel arrived would stay forever.
				if (cancelled.size > 1000) cancelled.clear();
				for (const id of request.reqIds) cancelled.add(id);
				return null;
			}
			try {
				switch (request.type) {
					case 'query':
						if (dropped(request.reqId)) return null;
						return await page(request.reqId, request.query, request.start, request.end);
					case 'count':
						if (dropped(request.reqId)) return null;
						return await count(request.reqId, request.query);
					case 'counts':
						return await counts(request.reqId, request.queries);
					case 'rfm':
						return await rfm(request.reqId, request.id);
				}
			} catch (e) {
				return {
					type: 'error',
					reqId: request.reqId,
					message: e instanceof Error ? e.message : String(e)
				};
			}
		}
	};
}
