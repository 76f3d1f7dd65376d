import { describe, expect, it } from 'vitest';
import { packClusters } from './packed-clusters';
import { createDedupClient, type DedupWorkerPort } from './client';
import type { DedupRequest, DedupResponse } from './protocol';

/** A worker stand-in that answers scans after one progress report, and honours cancel. */
function fakeWorker(): DedupWorkerPort & { sent: DedupRequest[] } {
	const listeners = new Set<(event: MessageEvent<DedupResponse>) => void>();
	const emit = (data: DedupResponse) => {
		for (const l of listeners) l({ data } as MessageEvent<DedupResponse>);
	};
	const sent: DedupRequest[] = [];
	return {
		sent,
		postMessage(message) {
			sent.push(message);
			queueMicrotask(() => {
				if (message.type === 'scan') {
					emit({ type: 'progress', id: message.id, done: 1, total: 2 });
					if (message.dismissed.includes('stop')) return;
					emit({
						type: 'scanned',
						id: message.id,
						result: {
							clusters: packClusters([]),
							stats: {
								records: 0,
								comparisons: 0,
								largeBlocks: 0,
								duplicateRate: 0,
								helped: 0,
								preparedByHelper: 0,
								ms: { prepare: 0, block: 0, compare: 0, cluster: 0 }
							}
						}
					});
				} else if (message.type === 'cancel') {
					emit({
						type: 'failed',
						id: message.id,
						error: { kind: 'cancelled', message: 'cancelled' }
					});
				}
			});
		},
		addEventListener: (_type, l) => listeners.add(l),
		removeEventListener: (_type, l) => listeners.delete(l)
	};
}

describe('createDedupClient', () => {
	it('resolves a scan with its result after reporting progress', async () => {
		const worker = fakeWorker();
		const client = createDedupClient(worker);
		const progress: number[] = [];
		const result = await client.scan({ dismissed: ['a|b'], onProgress: (d) => progress.push(d) });
		expect(result.clusters).toEqual(packClusters([]));
		expect(progress).toEqual([1]);
		expect(worker.sent[0]).toMatchObject({ type: 'scan', dismissed: ['a|b'] });
	});

	it('rejects with an AbortError when the scan is cancelled', async () => {
		const client = createDedupClient(fakeWorker());
		const controller = new AbortController();
		const scan = client.scan({ dismissed: ['stop'], signal: controller.signal });
		controller.abort();
		await expect(scan).rejects.toMatchObject({ name: 'AbortError' });
	});
});
