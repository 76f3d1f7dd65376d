/**
 * The page's side of the dedup worker: promise-based scans (with progress and cancelling),
 * on-entry checks and evaluations. worker.ts is the other side; protocol.ts the messages.
 */
import type { CustomerForDedup } from './adapter';
import type { Evaluation, LabelledRecord } from './evaluate';
import type { DedupRequest, DedupResponse, PackedScanResult } from './protocol';
import type { DedupRecord, ScoredPair } from './types';

export { customerToDedupRecord, type CustomerForDedup } from './adapter';
export { pairKey } from './engine';
export { clusterAt, clusterCount, type PackedClusters } from './packed-clusters';
export type { PackedScanResult } from './protocol';

/** What the client needs of a Worker; a stand-in in tests. */
export interface DedupWorkerPort {
	postMessage(message: DedupRequest): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<DedupResponse>) => void): void;
	removeEventListener(
		type: 'message',
		listener: (event: MessageEvent<DedupResponse>) => void
	): void;
	terminate?(): void;
}

export interface DedupClient {
	/**
	 * Scans the book. `dismissed`: pair keys (`pairKey(a, b)`) the user marked "not a
	 * duplicate". Progress: records read, then work done out of `total` (0 while reading). The
	 * groups come packed: `clusterAt` (packed-clusters.ts) makes one when it is shown.
	 */
	scan(options?: {
		dismissed?: Iterable<string>;
		onProgress?: (done: number, total: number) => void;
		signal?: AbortSignal;
	}): Promise<PackedScanResult>;
	/** Likely matches for a record being typed, best first. */
	check(draft: DedupRecord, limit?: number): Promise<ScoredPair[]>;
	/** Tells the on-entry index about customers written or removed. */
	update(customers: CustomerForDedup[], removed?: string[]): Promise<void>;
	evaluate(
		dataset: string,
		records: LabelledRecord[],
		options?: { linkage?: boolean; signal?: AbortSignal }
	): Promise<Evaluation>;
	dispose(): void;
}

export function createDedupWorker(): Worker {
	return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'dedup' });
}

interface Pending {
	resolve(response: DedupResponse): void;
	reject(error: Error): void;
	onProgress?: (done: number, total: number) => void;
}

const closed = () => new DOMException('The dedup client is closed.', 'AbortError');

export function createDedupClient(worker?: DedupWorkerPort): DedupClient {
	const port: DedupWorkerPort = worker ?? createDedupWorker();
	const owned = worker === undefined;
	const pending = new Map<number, Pending>();
	let nextId = 1;
	let disposed = false;

	function onMessage(event: MessageEvent<DedupResponse>): void {
		const msg = event.data;
		const task = pending.get(msg.id);
		if (!task) return;
		if (msg.type === 'progress') {
			task.onProgress?.(msg.done, msg.total);
			return;
		}
		pending.delete(msg.id);
		if (msg.type === 'failed') {
			task.reject(
				msg.error.kind === 'cancelled'
					? new DOMException(msg.error.message, 'AbortError')
					: new Error(msg.error.message)
			);
		} else task.resolve(msg);
	}
	port.addEventListener('message', onMessage);

	function run<T extends DedupResponse['type']>(
		make: (id: number) => Exclude<DedupRequest, { type: 'cancel' }>,
		expected: T,
		options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}
	): Promise<Extract<DedupResponse, { type: T }>> {
		if (disposed) return Promise.reject(closed());
		const { signal } = options;
		if (signal?.aborted) return Promise.reject(signal.reason);
		const id = nextId++;
		return new Promise((resolve, reject) => {
			const cancel = () => port.postMessage({ type: 'cancel', id });
			signal?.addEventListener('abort', cancel, { once: true });
			pending.set(id, {
				resolve: (r) => {
					signal?.removeEventListener('abort', cancel);
					if (r.type === expected) resolve(r as Extract<DedupResponse, { type: T }>);
					else reject(new Error(`Unexpected ${r.type} from the dedup worker.`));
				},
				reject: (e) => {
					signal?.removeEventListener('abort', cancel);
					reject(e);
				},
				onProgress: options.onProgress
			});
			port.postMessage(make(id));
		});
	}

	return {
		async scan(options = {}) {
			const dismissed = [...(options.dismissed ?? [])];
			const r = await run((id) => ({ type: 'scan', id, dismissed }), 'scanned', options);
			return r.result;
		},
		async check(draft, limit = 5) {
			const r = await run((id) => ({ type: 'check', id, draft, limit }), 'checked');
			return r.matches;
		},
		async update(customers, removed = []) {
			await run((id) => ({ type: 'update', id, customers, removed }), 'updated');
		},
		async evaluate(dataset, records, options = {}) {
			const linkage = options.linkage ?? false;
			const r = await run(
				(id) => ({ type: 'evaluate', id, dataset, records, linkage }),
				'evaluated',
				options
			);
			return r.evaluation;
		},
		dispose() {
			if (disposed) return;
			disposed = true;
			port.removeEventListener('message', onMessage);
			for (const task of pending.values()) task.reject(closed());
			pending.clear();
			if (owned) port.terminate?.();
		}
	};
}
