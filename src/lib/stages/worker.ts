/**
 * The stages worker: reads the customers from IndexedDB and recomputes stages and RFM off the
 * main thread (a few hundred milliseconds of CPU on a large book). Started by client.ts. It
 * answers with the change list and writes nothing.
 */
import { recomputeFromDb } from './read';
import type { StageWorkerRequest, StageWorkerResponse } from './types';

/**
 * The part of a dedicated worker's global scope used here. Declared rather than taken from the
 * WebWorker lib, which cannot be loaded next to the DOM lib the rest of the app compiles with.
 */
interface WorkerScope {
	postMessage(message: StageWorkerResponse): void;
	addEventListener(
		type: 'message',
		listener: (event: MessageEvent<StageWorkerRequest>) => void
	): void;
}

const scope = self as unknown as WorkerScope;
const controllers = new Map<number, AbortController>();
/** One recompute at a time: two at once would only compete for the same reads. */
let queue: Promise<void> = Promise.resolve();

function errorCode(e: unknown): string | undefined {
	if (e instanceof Error && e.name === 'AbortError') return 'aborted';
	if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') {
		return e.code;
	}
	return undefined;
}

async function recompute(request: Extract<StageWorkerRequest, { type: 'recompute' }>) {
	const { reqId } = request;
	const controller = controllers.get(reqId);
	try {
		if (controller === undefined || controller.signal.aborted) {
			const e = new Error('Stage recompute cancelled');
			e.name = 'AbortError';
			throw e;
		}
		const result = await recomputeFromDb({
			settings: request.settings,
			today: request.today,
			signal: controller.signal,
			onProgress: (done, total) => scope.postMessage({ type: 'progress', reqId, done, total })
		});
		scope.postMessage({ type: 'result', reqId, result });
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		scope.postMessage({ type: 'error', reqId, message, code: errorCode(e) });
	} finally {
		controllers.delete(reqId);
	}
}

scope.addEventListener('message', (event) => {
	const request = event.data;
	if (request.type === 'recompute') {
		controllers.set(request.reqId, new AbortController());
		queue = queue.then(() => recompute(request));
	} else if (request.type === 'cancel') {
		controllers.get(request.reqId)?.abort();
	}
});
