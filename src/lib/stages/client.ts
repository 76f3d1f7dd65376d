/**
 * The page's side of the stages worker: a promise per recompute, progress, cancelling. The
 * result is the change list; the caller hands it to the customers repository to write.
 */
import type { StageDays } from '$lib/domain/stages';
import type { RecomputeResult } from './recompute';
import type { StageWorkerRequest, StageWorkerResponse } from './types';
import { createRpc, type RpcPort } from '$lib/app/worker-rpc';

/** What the client needs of a Worker; a fake in tests. */
export type StageWorkerPort = RpcPort<StageWorkerRequest, StageWorkerResponse>;

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
	onProgress?: (done: number, total: number) => void;
	/** Aborting asks the worker to stop at its next step; the promise then rejects. */
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

export function createStageClient(worker?: StageWorkerPort): StageClient {
	const rpc = createRpc<StageWorkerRequest, StageWorkerResponse>(worker ?? createStageWorker(), {
		owned: worker === undefined,
		error: (message, code) => new StageRecomputeError(message, code),
		cancel: (reqId) => ({ type: 'cancel', reqId })
	});
	return {
		recompute(request) {
			return rpc.send<RecomputeResult>(
				(reqId) => ({
					type: 'recompute',
					reqId,
					today: request.today,
					// A plain copy: settings may be a Svelte $state proxy, which cannot be cloned.
					settings: {
						careWindowDays: request.settings.careWindowDays,
						reactivateAfterDays: request.settings.reactivateAfterDays,
						lostAfterDays: request.settings.lostAfterDays
					}
				}),
				{ onProgress: request.onProgress, signal: request.signal }
			);
		},
		dispose: () => rpc.dispose()
	};
}
