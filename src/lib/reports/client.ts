/** The page's side of the reports worker: a promise per request, progress, cancelling. */
import type { Dashboard, MemberMeasure, ReportOptions } from './measures';
import type { Period } from './period';
import type { ReviewResult } from './read-review';
import type { ReportWorkerRequest, ReportWorkerResponse } from './types';
import { createRpc, type RpcPort, type RpcRequestOptions } from '$lib/app/worker-rpc';

/** What the client needs of a Worker; a fake in tests. */
export type ReportWorkerPort = RpcPort<ReportWorkerRequest, ReportWorkerResponse>;

/** Why a request failed: 'aborted', an AppError code or undefined. */
export class ReportError extends Error {
	readonly code: string | undefined;

	constructor(message: string, code?: string) {
		super(message);
		this.name = code === 'aborted' ? 'AbortError' : 'ReportError';
		this.code = code;
	}
}

export type RequestOptions = RpcRequestOptions;

export interface ReportClient {
	dashboard(options: ReportOptions, request?: RequestOptions): Promise<Dashboard>;
	review(month: Period, today: string, request?: RequestOptions): Promise<ReviewResult>;
	members(
		options: ReportOptions,
		measure: MemberMeasure | 'notCared',
		request?: RequestOptions
	): Promise<string[]>;
	dispose(): void;
}

export function createReportWorker(): Worker {
	return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'reports' });
}

/** Plain copies: the page's values may be $state proxies, which cannot be cloned. */
function plainOptions(options: ReportOptions): ReportOptions {
	return {
		period: { ...options.period },
		today: options.today,
		lostAfterDays: options.lostAfterDays,
		careDays: options.careDays
	};
}

export function createReportClient(worker?: ReportWorkerPort): ReportClient {
	const rpc = createRpc<ReportWorkerRequest, ReportWorkerResponse>(worker ?? createReportWorker(), {
		owned: worker === undefined,
		error: (message, code) => new ReportError(message, code),
		cancel: (reqId) => ({ type: 'cancel', reqId })
	});
	const send = <T>(make: (reqId: number) => ReportWorkerRequest, request?: RequestOptions) =>
		rpc.send<T>(make, request);

	return {
		dashboard(options, request) {
			const plain = plainOptions(options);
			return send((reqId) => ({ type: 'dashboard', reqId, options: plain }), request);
		},
		members(options, measure, request) {
			const plain = plainOptions(options);
			return send((reqId) => ({ type: 'members', reqId, options: plain, measure }), request);
		},
		review(month, today, request) {
			return send((reqId) => ({ type: 'review', reqId, month: { ...month }, today }), request);
		},
		dispose: () => rpc.dispose()
	};
}
