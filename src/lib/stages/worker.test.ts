import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetDbForTests } from '$lib/db/db';
import { buildCustomer } from '$lib/domain/customer';
import { DEFAULT_STAGE_DAYS } from '$lib/domain/stages';
import { createStageClient, type StageWorkerPort } from './client';
import type { StageWorkerRequest, StageWorkerResponse } from './types';

type Listener = (event: MessageEvent<StageWorkerRequest>) => void;

/** Runs worker.ts in this process behind a stand-in `self`, over a fake-indexeddb database. */
async function startWorker(): Promise<StageWorkerPort> {
	let workerListener: Listener = () => {};
	const pageListeners = new Set<(event: MessageEvent<StageWorkerResponse>) => void>();
	vi.stubGlobal('self', {
		postMessage: (message: StageWorkerResponse) => {
			for (const l of [...pageListeners]) l({ data: message } as MessageEvent<StageWorkerResponse>);
		},
		addEventListener: (_type: 'message', listener: Listener) => (workerListener = listener)
	});
	await import('./worker');
	return {
		postMessage: (message) => workerListener({ data: message } as MessageEvent<StageWorkerRequest>),
		addEventListener: (_type, listener) => pageListeners.add(listener),
		removeEventListener: (_type, listener) => pageListeners.delete(listener)
	};
}

// The module runs once per test file, so every test talks to the same worker.
let port: StageWorkerPort;
beforeAll(async () => {
	port = await startWorker();
});

afterAll(() => {
	vi.unstubAllGlobals();
});

describe('stages worker', () => {
	it('reads the book and answers with the changes, one request after the other', async () => {
		const db = await resetDbForTests();
		await db.customers.bulkAdd([
			{
				...buildCustomer({ name: 'Lan' }, { id: 'lan', now: 0 }),
				stats: { count: 1, total: 1, first: '2026-03-01', last: '2026-03-01' }
			},
			buildCustomer({ name: 'Hoa' }, { id: 'hoa', now: 0 })
		]);
		const client = createStageClient(port);
		const settings = DEFAULT_STAGE_DAYS.general;
		const progress: number[] = [];
		const [first, second] = await Promise.all([
			client.recompute({
				today: '2026-03-12',
				settings,
				onProgress: (d) => progress.push(d)
			}),
			client.recompute({ today: '2026-04-12', settings })
		]);
		expect(first.changes.map((c) => [c.id, c.to])).toEqual([
			['hoa', 'lead'],
			['lan', 'new']
		]);
		expect(second.changes.find((c) => c.id === 'lan')?.to).toBe('care');
		// The blocks are built for the first request, with its progress; the second finds them.
		expect(progress).toEqual([2]);
	});

	it('answers a cancelled request with an aborted error', async () => {
		await resetDbForTests();
		const client = createStageClient(port);
		const controller = new AbortController();
		const run = client.recompute({
			today: '2026-03-12',
			settings: DEFAULT_STAGE_DAYS.general,
			signal: controller.signal
		});
		controller.abort();
		await expect(run).rejects.toMatchObject({ code: 'aborted' });
	});
});
