import type { LoadSampleOptions, SampleResult } from '$lib/db/sample';
import type { SampleWorkerRequest, SampleWorkerResponse } from './worker';

/** Why loading failed: 'not-empty', 'aborted', an AppError code ('storage-full'…) or undefined. */
export class SampleLoadError extends Error {
	readonly code: string | undefined;

	constructor(message: string, code?: string) {
		super(message);
		this.name = code === 'aborted' ? 'AbortError' : 'SampleLoadError';
		this.code = code;
	}
}

export interface SampleLoad {
	promise: Promise<SampleResult>;
	/**
	 * Asks the worker to stop after the chunk it is writing; the promise then rejects with code
	 * 'aborted'. Chunks already written stay: the UI offers "start over".
	 */
	cancel(): void;
}

/** Loads a sample shop in a Web Worker, reporting progress in customers written. */
export function loadSampleInWorker(
	opts: LoadSampleOptions,
	onProgress?: (done: number, total: number) => void
): SampleLoad {
	const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
	const send = (request: SampleWorkerRequest) => worker.postMessage(request);
	const promise = new Promise<SampleResult>((resolve, reject) => {
		worker.addEventListener('message', (event: MessageEvent<SampleWorkerResponse>) => {
			const response = event.data;
			if (response.type === 'progress') {
				onProgress?.(response.done, response.total);
				return;
			}
			worker.terminate();
			if (response.type === 'done') resolve(response.result);
			else reject(new SampleLoadError(response.message, response.code));
		});
		// The worker script failed to load or threw outside a request.
		worker.addEventListener('error', (event: ErrorEvent) => {
			worker.terminate();
			reject(new SampleLoadError(event.message || 'The sample worker failed to start.'));
		});
	});
	send({ type: 'load', opts });
	return { promise, cancel: () => send({ type: 'cancel' }) };
}
