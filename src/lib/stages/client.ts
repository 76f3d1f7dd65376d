/**
 * The page's side of the stages worker: a promise per recompute, progress, cancelling. The
 * result is the change list; the caller hands it to the customers repository to write.
 */
import type { StageDays } from '$lib/domain/stages';
import type { RecomputeResult } from './recompute';
import type { StageWorkerRequest, StageWorkerResponse } from './types';

/** What the client needs of a Worker; a fake in tests. */
export interface StageWorkerPort {
	postMessage(message: StageWorkerRequest): void;
	addEventListener(
		type: 'message',
		listener: (event: MessageEvent<StageWorkerResponse>) => void
	): void;
	removeEventListener(
		type: 'message',
		listener: (event: MessageEvent<StageWorkerResponse>) => void
	): void;
	terminate?(): void;
}

/** Why a recompute failed: 'aborted', an AppError code ('db-upgraded-elsewhere'…) or undefined. */
export class StageRecomputeError extends Error {
	readonly code: string | undefined;

	constructor(message: string, code?: string) {
		super(message);
		this.name = code === 'aborted' ? 'AbortError' : 'StageRecomputeError';
		this.code = code;
	}
}

export interface RecomputeRequest {
	/** ISO day in the shop's time zone (`shopToday()`). */
	today: string;
	settings: StageDays;
	chunkSize?: number;
	onProgress?: (done: number, total: number) => void;
	/** Aborting asks the worker to stop after its current chunk; the promise then rejects. */
	signal?: AbortSignal;
}

export interface StageClient {
	recompute(request: RecomputeRequest): Promise<RecomputeResult>;
	/** Rejects what is pending and stops the worker if this client started it. */
	dispose(): void;
}

export function createStageWorker(): Worker {
	return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'stages' });
}

interface Pending {
	resolve(result: RecomputeResult): void;
	reject(error: Error): void;
	onProgress?: (done: number, total: number) => void;
	detach(): void;
}

export function createStageClient(worker?: StageWorkerPort): StageClient {
	const port: StageWorkerPort = worker ?? createStageWorker();
	const owned = worker === undefined;
	const pending = new Map<number, Pending>();
	let nextId = 1;
	let disposed = false;

	function settle(reqId: number): Pending | undefined {
		const p = pending.get(reqId);
		if (p !== undefined) {
			pending.delete(reqId);
			p.detach();
		}
		return p;
	}

	function onMessage(event: MessageEvent<StageWorkerResponse>): void {
		const msg = event.data;
		switch (msg.type) {
			case 'progress':
				pending.get(msg.reqId)?.onProgress?.(msg.done, msg.total);
				return;
			case 'result':
				settle(msg.reqId)?.resolve(msg.result);
				return;
			case 'error':
				if (msg.reqId === null) {
					console.error(msg.message);
					return;
				}
				settle(msg.reqId)?.reject(new StageRecomputeError(msg.message, msg.code));
				return;
		}
	}

	port.addEventListener('message', onMessage);

	return {
		recompute(request) {
			if (disposed) return Promise.reject(new StageRecomputeError('Client disposed', 'aborted'));
			if (request.signal?.aborted) {
				return Promise.reject(new StageRecomputeError('Stage recompute cancelled', 'aborted'));
			}
			const reqId = nextId++;
			return new Promise<RecomputeResult>((resolve, reject) => {
				const signal = request.signal;
				const onAbort = () => port.postMessage({ type: 'cancel', reqId });
				signal?.addEventListener('abort', onAbort, { once: true });
				pending.set(reqId, {
					resolve,
					reject,
					onProgress: request.onProgress,
					detach: () => signal?.removeEventListener('abort', onAbort)
				});
				port.postMessage({
					type: 'recompute',
					reqId,
					today: request.today,
					// A plain copy: settings may be a Svelte $state proxy, which cannot be cloned.
					settings: {
						careWindowDays: request.settings.careWindowDays,
						reactivateAfterDays: request.settings.reactivateAfterDays,
						lostAfterDays: request.settings.lostAfterDays
					},
					chunkSize: request.chunkSize
				});
			});
		},
		dispose() {
			if (disposed) return;
			disposed = true;
			port.removeEventListener('message', onMessage);
			for (const reqId of [...pending.keys()]) {
				settle(reqId)?.reject(new StageRecomputeError('Client disposed', 'aborted'));
			}
			if (owned) port.terminate?.();
		}
	};
}
