import { types } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createQueryClient, isQueryCancelled, type WorkerPort } from './client';
import { customer, q } from './testing';
import type { WorkerRequest, WorkerResponse } from './types';

/** A worker stand-in: records what the page posts, and lets the test answer. */
function fakeWorker() {
	const posted: WorkerRequest[] = [];
	const listeners = new Set<(event: MessageEvent<WorkerResponse>) => void>();
	let terminated = false;
	const port: WorkerPort = {
		postMessage: (message) => posted.push(message),
		addEventListener: (_type, listener) => listeners.add(listener),
		removeEventListener: (_type, listener) => listeners.delete(listener),
		terminate: () => (terminated = true)
	};
	return {
		port,
		posted,
		reply(message: WorkerResponse) {
			for (const listener of [...listeners])
				listener({ data: message } as MessageEvent<WorkerResponse>);
		},
		lastReqId(): number {
			const last = posted.at(-1);
			if (!last || !('reqId' in last)) throw new Error('no request');
			return last.reqId;
		},
		get terminated() {
			return terminated;
		}
	};
}

describe('createQueryClient', () => {
	it('resolves a page with the rows the worker sends for that request', async () => {
		const worker = fakeWorker();
		const client = createQueryClient(worker.port);
		const page = client.getPage(q({ search: 'an' }), 0, 100);
		expect(worker.posted).toEqual([
			{ type: 'query', reqId: 1, query: q({ search: 'an' }), start: 0, end: 100 }
		]);
		const rows = [customer('a', { name: 'An' })];
		worker.reply({ type: 'page', reqId: 1, total: 1, rows });
		expect(await page).toEqual({ total: 1, rows });
	});

	it('keeps requests apart by id, whatever order the answers come in', async () => {
		const worker = fakeWorker();
		const client = createQueryClient(worker.port);
		const first = client.getPage(q(), 0, 100);
		const second = client.getPage(q(), 100, 200);
		worker.reply({ type: 'page', reqId: 2, total: 150, rows: [customer('b', {})] });
		worker.reply({ type: 'page', reqId: 1, total: 150, rows: [customer('a', {})] });
		expect((await first).rows[0].id).toBe('a');
		expect((await second).rows[0].id).toBe('b');
	});

	it('cancels pages of a query the grid has moved on from', async () => {
		const worker = fakeWorker();
		const client = createQueryClient(worker.port);
		const old = client.getPage(q({ search: 'ng' }), 0, 100);
		const sameQuery = client.getPage(q({ search: 'ng' }), 100, 200);
		const current = client.getPage(q({ search: 'nguyen' }), 0, 100);
		await expect(old).rejects.toSatisfy(isQueryCancelled);
		await expect(sameQuery).rejects.toSatisfy(isQueryCancelled);
		expect(worker.posted).toContainEqual({ type: 'cancel', reqIds: [1, 2] });
		worker.reply({ type: 'page', reqId: worker.lastReqId(), total: 0, rows: [] });
		expect(await current).toEqual({ total: 0, rows: [] });
	});

	it('does not let a count cancel pages, nor pages a count', async () => {
		const worker = fakeWorker();
		const client = createQueryClient(worker.port);
		const page = client.getPage(q(), 0, 100);
		const count = client.count(q({ search: 'x' }));
		client.getPage(q(), 100, 200).catch(() => {});
		worker.reply({ type: 'count', reqId: 2, total: 4 });
		worker.reply({ type: 'page', reqId: 1, total: 4, rows: [] });
		expect(await count).toBe(4);
		expect(await page).toEqual({ total: 4, rows: [] });
	});

	it('answers concurrent pages of different queries without cancelling any', async () => {
		const worker = fakeWorker();
		const client = createQueryClient(worker.port);
		const opts = { concurrent: true };
		const leads = client.getPage(q({ search: 'lead' }), 0, 50, opts);
		const loyal = client.getPage(q({ search: 'loyal' }), 0, 50, opts);
		// A grid page does not cancel them either.
		const grid = client.getPage(q({ search: 'x' }), 0, 100);
		expect(worker.posted.filter((m) => m.type === 'cancel')).toEqual([]);
		worker.reply({ type: 'page', reqId: 1, total: 3, rows: [] });
		worker.reply({ type: 'page', reqId: 2, total: 7, rows: [] });
		worker.reply({ type: 'page', reqId: 3, total: 1, rows: [] });
		expect((await leads).total).toBe(3);
		expect((await loyal).total).toBe(7);
		expect((await grid).total).toBe(1);
	});

	it('rejects the request the worker could not answer', async () => {
		const worker = fakeWorker();
		const client = createQueryClient(worker.port);
		const page = client.getPage(q(), 0, 100);
		worker.reply({ type: 'error', reqId: 1, message: 'Cannot sort by shoeSize' });
		await expect(page).rejects.toThrow('Cannot sort by shoeSize');
	});

	it('tells subscribers of changes, progress, readiness and index errors', () => {
		const worker = fakeWorker();
		const client = createQueryClient(worker.port);
		const seen: string[] = [];
		const stop = client.onChange((e) => seen.push(`changed ${e.ids.join(',')} ${e.reloaded}`));
		client.onProgress((loaded, expected) => seen.push(`progress ${loaded}/${expected}`));
		client.onReady((total) => seen.push(`ready ${total}`));
		client.onError((message) => seen.push(`error ${message}`));
		worker.reply({ type: 'progress', loaded: 5000, expected: 8000 });
		worker.reply({ type: 'ready', total: 8000 });
		worker.reply({ type: 'changed', ids: ['a', 'b'], reloaded: false });
		worker.reply({ type: 'error', reqId: null, message: 'disk' });
		stop();
		worker.reply({ type: 'changed', ids: ['c'], reloaded: false });
		expect(seen).toEqual(['progress 5000/8000', 'ready 8000', 'changed a,b false', 'error disk']);
		expect(client.ready).toBe(true);
	});

	it('tells a late subscriber at once that the index is ready', () => {
		const worker = fakeWorker();
		const client = createQueryClient(worker.port);
		worker.reply({ type: 'ready', total: 12 });
		let total = -1;
		client.onReady((t) => (total = t));
		expect(total).toBe(12);
	});

	it('rejects what is pending on dispose and leaves a worker it did not start running', async () => {
		const worker = fakeWorker();
		const client = createQueryClient(worker.port);
		const page = client.getPage(q(), 0, 100);
		client.dispose();
		await expect(page).rejects.toSatisfy(isQueryCancelled);
		await expect(client.getPage(q(), 0, 100)).rejects.toSatisfy(isQueryCancelled);
		expect(worker.terminated).toBe(false);
	});
});

describe('segments in messages', () => {
	it('posts a query held in reactive state (proxies) as a plain copy a worker can clone', () => {
		const { port, posted } = fakeWorker();
		const client = createQueryClient(port);
		// A Proxy stands in for Svelte's $state proxy, which postMessage cannot clone.
		const segment = new Proxy({ version: 1 as const, match: 'all' as const, conditions: [] }, {});
		const filter = new Proxy(
			{ phones: { filterType: 'text' as const, type: 'blank' as const } },
			{}
		);
		void client.getPage(q({ segment, filter }), 0, 10).catch(() => {});
		void client.count(q({ segment, filter })).catch(() => {});
		void client.counts([q({ segment, filter })]).catch(() => {});
		expect(posted).toHaveLength(3);
		for (const m of posted) {
			const sent = m.type === 'counts' ? m.queries[0] : 'query' in m ? m.query : undefined;
			expect(sent?.segment).toEqual({ version: 1, match: 'all', conditions: [] });
			expect(types.isProxy(sent?.segment)).toBe(false);
			expect(types.isProxy(sent?.filter)).toBe(false);
			expect(sent?.filter).toEqual({ phones: { filterType: 'text', type: 'blank' } });
		}
		client.dispose();
	});
});
