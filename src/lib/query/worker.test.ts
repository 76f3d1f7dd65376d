import { afterAll, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { createDatabase, DB_NAME } from '$lib/db/schema';
import { createQueryClient, type WorkerPort } from './client';
import { customer, q } from './testing';
import type { WorkerRequest, WorkerResponse } from './types';

type Listener = (event: MessageEvent<WorkerRequest>) => void;

/**
 * Runs worker.ts in this process: its `self` is a stand-in whose messages go to and come from a
 * client, over the app's real database name (in fake-indexeddb).
 */
async function startWorker(): Promise<WorkerPort> {
	let workerListener: Listener = () => {};
	const pageListeners = new Set<(event: MessageEvent<WorkerResponse>) => void>();
	vi.stubGlobal('self', {
		postMessage: (message: WorkerResponse) => {
			for (const l of [...pageListeners]) l({ data: message } as MessageEvent<WorkerResponse>);
		},
		addEventListener: (_type: 'message', listener: Listener) => (workerListener = listener)
	});
	await import('./worker');
	return {
		postMessage: (message) => workerListener({ data: message } as MessageEvent<WorkerRequest>),
		addEventListener: (_type, listener) => pageListeners.add(listener),
		removeEventListener: (_type, listener) => pageListeners.delete(listener)
	};
}

afterAll(async () => {
	vi.unstubAllGlobals();
	await Dexie.delete(DB_NAME);
});

describe('query worker', () => {
	it('loads the book, answers the grid and tells it about writes', async () => {
		const db = createDatabase();
		await db.customers.bulkAdd([
			customer('a', { name: 'Trần Thị Mai', phones: '0912 345 678', gender: 'nữ' }),
			customer('b', { name: 'Lê Văn Nam', gender: 'nam' }, { stage: 'loyal' })
		]);
		const client = createQueryClient(await startWorker());
		const ready = new Promise<number>((resolve) => client.onReady(resolve));
		expect(await ready).toBe(2);

		const page = await client.getPage(q({ search: '+84 912 345 678' }), 0, 100);
		expect(page.total).toBe(1);
		expect(page.rows[0]).toMatchObject({ id: 'a', name: 'Trần Thị Mai' });

		// Labels come from the i18n messages, in both languages.
		const loyal = await client.getPage(
			q({ filter: { stage: { filterType: 'text', type: 'contains', filter: 'khách quen' } } }),
			0,
			100
		);
		expect(loyal.rows.map((c) => c.id)).toEqual(['b']);
		expect(
			await client.count(
				q({ filter: { gender: { filterType: 'text', type: 'equals', filter: 'female' } } })
			)
		).toBe(1);

		const changed = new Promise<string[]>((resolve) => client.onChange((e) => resolve(e.ids)));
		await db.transaction('rw', db.customers, db.changes, async () => {
			await db.customers.add(customer('c', { name: 'Mai Anh' }));
			await db.changes.add({
				at: Date.now(),
				batchId: 'b1',
				table: 'customers',
				rowId: 'c',
				op: 'create',
				before: null,
				after: null
			});
		});
		expect(await changed).toEqual(['c']);
		expect((await client.getPage(q({ search: 'mai' }), 0, 100)).total).toBe(2);
		db.close();
	}, 30_000);
});
