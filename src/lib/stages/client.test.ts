import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGE_DAYS } from '$lib/domain/stages';
import { createStageClient, StageRecomputeError, type StageWorkerPort } from './client';
import { recomputeStages } from './recompute';
import type { StageWorkerRequest, StageWorkerResponse } from './types';

/** A worker stand-in: records what the client sends and lets the test answer. */
function fakeWorker() {
	const sent: StageWorkerRequest[] = [];
	const listeners = new Set<(event: MessageEvent<StageWorkerResponse>) => void>();
	const port: StageWorkerPort = {
		postMessage: (m) => sent.push(m),
		addEventListener: (_t, l) => listeners.add(l),
		removeEventListener: (_t, l) => listeners.delete(l)
	};
	const reply = (m: StageWorkerResponse) => {
		for (const l of [...listeners]) l({ data: m } as MessageEvent<StageWorkerResponse>);
	};
	return { port, sent, reply, listeners };
}

const settings = DEFAULT_STAGE_DAYS.spa;
const empty = recomputeStages([], settings, '2026-03-12');

describe('stage client', () => {
	it('sends a recompute with plain day counts and resolves with the result', async () => {
		const w = fakeWorker();
		const client = createStageClient(w.port);
		const progress: number[] = [];
		const promise = client.recompute({
			today: '2026-03-12',
			settings: { ...settings, extra: 'ignored' } as typeof settings,
			onProgress: (done) => progress.push(done)
		});
		expect(w.sent).toEqual([
			{
				type: 'recompute',
				reqId: 1,
				today: '2026-03-12',
				settings: { careWindowDays: 21, reactivateAfterDays: 120, lostAfterDays: 240 }
			}
		]);
		w.reply({ type: 'progress', reqId: 1, done: 5, total: 10 });
		w.reply({ type: 'progress', reqId: 99, done: 1, total: 1 });
		w.reply({ type: 'result', reqId: 1, result: empty });
		expect(await promise).toBe(empty);
		expect(progress).toEqual([5]);
	});

	it('rejects with the worker’s error code', async () => {
		const w = fakeWorker();
		const client = createStageClient(w.port);
		const promise = client.recompute({ today: '2026-03-12', settings });
		w.reply({ type: 'error', reqId: 1, message: 'gone', code: 'db-upgraded-elsewhere' });
		await expect(promise).rejects.toMatchObject({
			name: 'StageRecomputeError',
			code: 'db-upgraded-elsewhere'
		});
	});

	it('asks the worker to cancel when the signal aborts', async () => {
		const w = fakeWorker();
		const client = createStageClient(w.port);
		const controller = new AbortController();
		const promise = client.recompute({ today: '2026-03-12', settings, signal: controller.signal });
		controller.abort();
		expect(w.sent[1]).toEqual({ type: 'cancel', reqId: 1 });
		w.reply({ type: 'error', reqId: 1, message: 'cancelled', code: 'aborted' });
		await expect(promise).rejects.toMatchObject({ name: 'AbortError', code: 'aborted' });
		await expect(
			client.recompute({ today: '2026-03-12', settings, signal: controller.signal })
		).rejects.toBeInstanceOf(StageRecomputeError);
	});

	it('rejects what is pending on dispose and stops listening', async () => {
		const w = fakeWorker();
		const client = createStageClient(w.port);
		const promise = client.recompute({ today: '2026-03-12', settings });
		client.dispose();
		await expect(promise).rejects.toMatchObject({ code: 'aborted' });
		expect(w.listeners.size).toBe(0);
		await expect(client.recompute({ today: '2026-03-12', settings })).rejects.toMatchObject({
			code: 'aborted'
		});
	});
});
