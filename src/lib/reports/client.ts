/** The page's side of the reports worker: a promise per request, progress, cancelling. */
import type { Dashboard, ReportOptions } from './measures';
import type { Period } from './period';
import type { ReviewResult } from './read-review';
import type { ReportWorkerRequest, ReportWorkerResponse } from './types';

/** What the client needs of a Worker; a fake in tests. */
export interface ReportWorkerPort {
	postMessage(message: ReportWorkerRequest): void;
	addEventListener(
		type: 'message',
		listener: (event: MessageEvent<ReportWorkerResponse>) => void
	): void;
	removeEventListener(
		type: 'message',
		listener: (event: MessageEvent<ReportWorkerResponse>) => void
	): void;
	terminate?(): void;
}

/** Why a request failed: 'aborted', an AppError code or undefined. */
export class ReportError extends Error {
	readonly code: string | undefined;

	constructor(message: string, code?: string) {
		super(message);
		this.name = code === 'aborted' ? 'AbortError' : 'ReportError';
		this.code = code;
	}
}

export interface RequestOptions {
	onProgress?: (done: number, total: number) => void;
	signal?: AbortSignal;
}

export interface ReportClient {
	dashboard(options: ReportOptions, request?: RequestOptions): Promise<Dashboard>;
	review(month: Period, today: string, request?: RequestOptions): Promise<ReviewResult>;
	dispose(): void;
}

export function createReportWorker(): Worker {
	return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'reports' });
}

interface Pending {
	resolve(result: unknown): void;
	reject(error: Error): void;
	onProgress?: (done: number, total: number) => void;
	detach(): void;
}

export function createReportClient(worker?: ReportWorkerPort): ReportClient {
	const port: ReportWorkerPort = worker ?? createReportWorker();
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

	function onMessage(event: MessageEvent<ReportWorkerResponse>): void {
		const msg = event.data;
		if (msg.type === 'progress') {
			pending.get(msg.reqId)?.onProgress?.(msg.done, msg.total);
		} else if (msg.type === 'error') {
			if (msg.reqId === null) console.error(msg.message);
			else settle(msg.reqId)?.reject(new ReportError(msg.message, msg.code));
		} else {
			settle(msg.reqId)?.resolve(msg.result);
		}
	}
	port.addEventListener('message', onMessage);

	function send<T>(
		make: (reqId: number) => ReportWorkerRequest,
		request: RequestOptions = {}
	): Promise<T> {
		if (disposed) return Promise.reject(new ReportError('Client disposed', 'aborted'));
		if (request.signal?.aborted)
			return Promise.reject(new ReportError('Report cancelled', 'aborted'));
		const reqId = nextId++;
		return new Promise<T>((resolve, reject) => {
			const signal = request.signal;
			const onAbort = () => port.postMessage({ type: 'cancel', reqId });
			signal?.addEventListener('abort', onAbort, { once: true });
			pending.set(reqId, {
				resolve: resolve as (result: unknown) => void,
				reject,
				onProgress: request.onProgress,
				detach: () => signal?.removeEventListener('abort', onAbort)
			});
			port.postMessage(make(reqId));
		});
	}

	return {
		dashboard(options, request) {
			// Plain copies: the page's values may be $state proxies, which cannot be cloned.
			const plain: ReportOptions = {
				period: { ...options.period },
				today: options.today,
				lostAfterDays: options.lostAfterDays,
				careDays: options.careDays
			};
			return send((reqId) => ({ type: 'dashboard', reqId, options: plain }), request);
		},
		review(month, today, request) {
			return send((reqId) => ({ type: 'review', reqId, month: { ...month }, today }), request);
		},
		dispose() {
			if (disposed) return;
			disposed = true;
			port.removeEventListener('message', onMessage);
			for (const reqId of [...pending.keys()]) {
				settle(reqId)?.reject(new ReportError('Client disposed', 'aborted'));
			}
			if (owned) port.terminate?.();
		}
	};
}
