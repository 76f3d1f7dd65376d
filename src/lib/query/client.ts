/**
 * The page's side of the query worker: promise-based requests with ids, superseded queries
 * cancelled, and subscriptions to readiness, loading progress and changes.
 */
import {
	queryKey,
	type PageResult,
	type Query,
	type RfmAnswer,
	type WorkerRequest,
	type WorkerResponse
} from './types';
import { loadCensus, saveCensus } from './census';

/** What the client needs of a Worker; a fake in tests. */
export interface WorkerPort {
	postMessage(message: WorkerRequest): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<WorkerResponse>) => void): void;
	removeEventListener(
		type: 'message',
		listener: (event: MessageEvent<WorkerResponse>) => void
	): void;
	terminate?(): void;
}

export interface ChangeEvent {
	/** Customers written; empty when `reloaded`. */
	ids: string[];
	/** The whole index was rebuilt (a bulk load, or the data was cleared). */
	reloaded: boolean;
}

export interface PageOptions {
	/** Neither cancels other queries' pages nor is cancelled by them. */
	concurrent?: boolean;
}

export interface QueryClient {
	/**
	 * Rows [start, end) of the query's result and the result's size. A page request cancels the
	 * pending pages of other queries (the grid moved on), unless it or they are `concurrent`:
	 * the board asks for one page per stage at once and wants every answer.
	 */
	getPage(query: Query, start: number, end: number, opts?: PageOptions): Promise<PageResult>;
	/** Size of a query's result, or the number of customers not in the trash. */
	count(query?: Query): Promise<number>;
	/** The sizes of several queries, in one trip (the segment list). */
	counts(queries: Query[]): Promise<number[]>;
	/** A customer's RFM among all customers, with the shop's ranges. */
	rfm(id: string): Promise<RfmAnswer>;
	/** Customers changed (here or in another tab): refresh what shows them. */
	onChange(listener: (event: ChangeEvent) => void): () => void;
	/** The index is ready: every query is answered now. Called at once if it already is. */
	onReady(listener: (total: number) => void): () => void;
	onProgress(listener: (loaded: number, expected: number) => void): () => void;
	/** The index failed to load or to follow changes. */
	onError(listener: (message: string) => void): () => void;
	readonly ready: boolean;
	/** Lets the worker start loading its index (the page has shown its first rows). */
	start(): void;
	/** Rejects pending requests and stops the worker if this client started it. */
	dispose(): void;
}

/** The answer to a request the page no longer wants: a newer query replaced it. */
export class QueryCancelledError extends Error {
	constructor() {
		super('Query superseded by a newer one');
		this.name = 'QueryCancelledError';
	}
}

export function isQueryCancelled(e: unknown): boolean {
	return e instanceof QueryCancelledError;
}

/**
 * The query as plain data. Anything held in a page's reactive state (a segment, a saved view's
 * filters) is a proxy, which postMessage cannot clone; a query is small JSON, so a JSON copy is
 * exact and cheap.
 */
function plain(query: Query): Query {
	return JSON.parse(JSON.stringify(query)) as Query;
}

export function createQueryWorker(): Worker {
	return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'query' });
}

interface Pending {
	/** The query's key for page requests, null for counts and concurrent pages (never superseded). */
	key: string | null;
	resolve(value: unknown): void;
	reject(error: Error): void;
}

export function createQueryClient(worker?: WorkerPort): QueryClient {
	const port: WorkerPort = worker ?? createQueryWorker();
	const owned = worker === undefined;
	const pending = new Map<number, Pending>();
	const changeListeners = new Set<(event: ChangeEvent) => void>();
	const readyListeners = new Set<(total: number) => void>();
	const progressListeners = new Set<(loaded: number, expected: number) => void>();
	const errorListeners = new Set<(message: string) => void>();
	let nextId = 1;
	let ready = false;
	let readyTotal = 0;
	let disposed = false;

	function emit<A extends unknown[]>(listeners: Set<(...args: A) => void>, ...args: A): void {
		for (const listener of [...listeners]) {
			try {
				listener(...args);
			} catch (e) {
				console.error(e);
			}
		}
	}

	function onMessage(event: MessageEvent<WorkerResponse>): void {
		const msg = event.data;
		switch (msg.type) {
			case 'page':
			case 'count': {
				const p = pending.get(msg.reqId);
				if (!p) return;
				pending.delete(msg.reqId);
				p.resolve(
					msg.type === 'page' ? { total: msg.total, rows: msg.rows, rfm: msg.rfm } : msg.total
				);
				return;
			}
			case 'counts':
			case 'rfm': {
				const p = pending.get(msg.reqId);
				if (!p) return;
				pending.delete(msg.reqId);
				if (msg.type === 'counts') p.resolve(msg.totals);
				else
					p.resolve({ score: msg.score, today: msg.today, scored: msg.scored, ranges: msg.ranges });
				return;
			}
			case 'error': {
				const p = msg.reqId === null ? undefined : pending.get(msg.reqId);
				if (p && msg.reqId !== null) {
					pending.delete(msg.reqId);
					p.reject(new Error(msg.message));
				} else {
					emit(errorListeners, msg.message);
				}
				return;
			}
			case 'ready':
				ready = true;
				readyTotal = msg.total;
				emit(readyListeners, msg.total);
				return;
			case 'progress':
				emit(progressListeners, msg.loaded, msg.expected);
				return;
			case 'changed':
				emit(changeListeners, { ids: msg.ids, reloaded: msg.reloaded });
				return;
			case 'census':
				saveCensus(msg.census);
				return;
		}
	}

	port.addEventListener('message', onMessage);
	// Before any request: the worker answers the first page without counting the table.
	const census = loadCensus();
	if (census) port.postMessage({ type: 'census', census });

	function request<T>(key: string | null, make: (reqId: number) => WorkerRequest): Promise<T> {
		if (disposed) return Promise.reject(new QueryCancelledError());
		const reqId = nextId++;
		return new Promise<T>((resolve, reject) => {
			pending.set(reqId, { key, resolve: resolve as (v: unknown) => void, reject });
			port.postMessage(make(reqId));
		});
	}

	/** Rejects the page requests of other queries: the grid has moved on from them. */
	function supersede(key: string): void {
		const stale: number[] = [];
		for (const [reqId, p] of pending) {
			if (p.key !== null && p.key !== key) {
				stale.push(reqId);
				pending.delete(reqId);
				p.reject(new QueryCancelledError());
			}
		}
		if (stale.length > 0) port.postMessage({ type: 'cancel', reqIds: stale });
	}

	function subscribe<L>(listeners: Set<L>, listener: L): () => void {
		listeners.add(listener);
		return () => listeners.delete(listener);
	}

	return {
		getPage(query, start, end, opts = {}) {
			const make = (reqId: number): WorkerRequest => ({
				type: 'query',
				reqId,
				query: plain(query),
				start,
				end
			});
			if (opts.concurrent) return request<PageResult>(null, make);
			const key = queryKey(query);
			supersede(key);
			return request<PageResult>(key, make);
		},
		count(query) {
			return request<number>(null, (reqId) => ({
				type: 'count',
				reqId,
				query: query && plain(query)
			}));
		},
		counts(queries) {
			return request<number[]>(null, (reqId) => ({
				type: 'counts',
				reqId,
				queries: queries.map(plain)
			}));
		},
		rfm(id) {
			return request<RfmAnswer>(null, (reqId) => ({ type: 'rfm', reqId, id }));
		},
		onChange: (listener) => subscribe(changeListeners, listener),
		onReady(listener) {
			if (ready) listener(readyTotal);
			return subscribe(readyListeners, listener);
		},
		onProgress: (listener) => subscribe(progressListeners, listener),
		onError: (listener) => subscribe(errorListeners, listener),
		get ready() {
			return ready;
		},
		start() {
			if (!disposed) port.postMessage({ type: 'start' });
		},
		dispose() {
			if (disposed) return;
			disposed = true;
			port.removeEventListener('message', onMessage);
			for (const p of pending.values()) p.reject(new QueryCancelledError());
			pending.clear();
			if (owned) port.terminate?.();
		}
	};
}
