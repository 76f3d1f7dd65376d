/**
 * Loads a sample shop off the main thread: generating and writing a large sample takes seconds
 * of CPU that would otherwise freeze the page. Started by client.ts.
 */
import { createDatabase } from '$lib/db/schema';
import { loadSample, type LoadSampleOptions, type SampleResult } from '$lib/db/sample';

export type SampleWorkerRequest = { type: 'load'; opts: LoadSampleOptions } | { type: 'cancel' };

export type SampleWorkerResponse =
	| { type: 'progress'; done: number; total: number }
	| { type: 'done'; result: SampleResult }
	/** `code` is 'not-empty', 'aborted' or an AppError code, for the UI's message. */
	| { type: 'error'; message: string; code?: string };

/**
 * The part of a dedicated worker's global scope used here. Declared rather than taken from the
 * WebWorker lib, which cannot be loaded next to the DOM lib the rest of the app compiles with.
 */
interface WorkerScope {
	postMessage(message: SampleWorkerResponse): void;
	addEventListener(
		type: 'message',
		listener: (event: MessageEvent<SampleWorkerRequest>) => void
	): void;
}

const scope = self as unknown as WorkerScope;
let controller: AbortController | null = null;

function errorCode(e: unknown): string | undefined {
	if (e instanceof Error && e.name === 'AbortError') return 'aborted';
	if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') {
		return e.code;
	}
	return undefined;
}

async function load(opts: LoadSampleOptions): Promise<void> {
	const own = new AbortController();
	controller = own;
	const db = createDatabase();
	try {
		const result = await loadSample(
			db,
			opts,
			(done, total) => scope.postMessage({ type: 'progress', done, total }),
			own.signal
		);
		scope.postMessage({ type: 'done', result });
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		scope.postMessage({ type: 'error', message, code: errorCode(e) });
	} finally {
		db.close();
		if (controller === own) controller = null;
	}
}

scope.addEventListener('message', (event) => {
	const request = event.data;
	if (request.type === 'load') {
		if (controller !== null) {
			scope.postMessage({ type: 'error', message: 'A sample is already loading.', code: 'busy' });
			return;
		}
		void load(request.opts);
	} else if (request.type === 'cancel') {
		controller?.abort();
	}
});
