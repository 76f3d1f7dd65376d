/**
 * The reports worker: reads the book from IndexedDB and works out the dashboard and the monthly
 * review off the main thread. Started by client.ts; the only thing it writes is the reports'
 * packs, derived data (db/packs.ts).
 */
import { abortError, dashboardFromDb, membersFromDb } from './read';
import { reviewFromDb } from './read-review';
import type { ReportWorkerRequest, ReportWorkerResponse } from './types';

/** The part of a dedicated worker's global scope used here (see stages/worker.ts for why). */
interface WorkerScope {
	postMessage(message: ReportWorkerResponse): void;
	addEventListener(
		type: 'message',
		listener: (event: MessageEvent<ReportWorkerRequest>) => void
	): void;
}

const scope = self as unknown as WorkerScope;
const controllers = new Map<number, AbortController>();
/** One request at a time: two at once would only compete for the same reads. */
let queue: Promise<void> = Promise.resolve();

function errorCode(e: unknown): string | undefined {
	if (e instanceof Error && e.name === 'AbortError') return 'aborted';
	if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') {
		return e.code;
	}
	return undefined;
}

async function answer(request: Exclude<ReportWorkerRequest, { type: 'cancel' }>): Promise<void> {
	const { reqId } = request;
	const signal = controllers.get(reqId)?.signal;
	try {
		if (signal === undefined || signal.aborted) throw abortError();
		if (request.type === 'dashboard') {
			const result = await dashboardFromDb(request.options, {
				signal,
				onProgress: (done, total) => scope.postMessage({ type: 'progress', reqId, done, total })
			});
			scope.postMessage({ type: 'dashboard', reqId, result });
		} else if (request.type === 'members') {
			const result = await membersFromDb(request.options, request.measure, { signal });
			scope.postMessage({ type: 'members', reqId, result });
		} else {
			const result = await reviewFromDb(request.month, request.today);
			if (signal.aborted) throw abortError();
			scope.postMessage({ type: 'review', reqId, result });
		}
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		scope.postMessage({ type: 'error', reqId, message, code: errorCode(e) });
	} finally {
		controllers.delete(reqId);
	}
}

scope.addEventListener('message', (event) => {
	const request = event.data;
	if (request.type === 'cancel') {
		controllers.get(request.reqId)?.abort();
		return;
	}
	controllers.set(request.reqId, new AbortController());
	queue = queue.then(() => answer(request));
});
