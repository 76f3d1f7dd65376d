/**
 * The page's side of a request/answer worker (stages, reports): each request gets an id and a
 * promise; the worker answers with progress, a result or an error for that id; an AbortSignal
 * asks the worker to stop; disposing rejects what is pending and stops a worker the client
 * started. One implementation, so that every worker client behaves the same way.
 */

/** What the client needs of a Worker; a fake in tests. */
export interface RpcPort<Req, Res> {
	postMessage(message: Req): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<Res>) => void): void;
	removeEventListener(type: 'message', listener: (event: MessageEvent<Res>) => void): void;
	terminate?(): void;
}

/** The answers such a worker sends: any type carrying `result` is the request's result. */
export type RpcResponse =
	| { type: 'progress'; reqId: number; done: number; total: number }
	| { type: 'error'; reqId: number | null; message: string; code?: string }
	| { type: string; reqId: number; result: unknown };

export interface RpcRequestOptions {
	onProgress?: (done: number, total: number) => void;
	/** Aborting asks the worker to stop; the promise then rejects with code 'aborted'. */
	signal?: AbortSignal;
}

export interface Rpc<Req> {
	send<T>(make: (reqId: number) => Req, options?: RpcRequestOptions): Promise<T>;
	dispose(): void;
}

interface Pending {
	resolve(result: unknown): void;
	reject(error: Error): void;
	onProgress?: (done: number, total: number) => void;
	detach(): void;
}

export function createRpc<Req, Res extends RpcResponse>(
	port: RpcPort<Req, Res>,
	opts: {
		/** The client started the worker: disposing terminates it. */
		owned: boolean;
		/** The error a failed request rejects with ('aborted' for a cancel or a dispose). */
		error: (message: string, code?: string) => Error;
		cancel: (reqId: number) => Req;
	}
): Rpc<Req> {
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

	function onMessage(event: MessageEvent<Res>): void {
		const msg = event.data;
		if (msg.type === 'progress' && 'done' in msg) {
			pending.get(msg.reqId)?.onProgress?.(msg.done, msg.total);
		} else if (msg.type === 'error' && 'message' in msg) {
			if (msg.reqId === null) console.error(msg.message);
			else settle(msg.reqId)?.reject(opts.error(msg.message, msg.code));
		} else if ('result' in msg) {
			settle(msg.reqId)?.resolve(msg.result);
		}
	}
	port.addEventListener('message', onMessage);

	return {
		send<T>(make: (reqId: number) => Req, request: RpcRequestOptions = {}): Promise<T> {
			if (disposed) return Promise.reject(opts.error('Client disposed', 'aborted'));
			if (request.signal?.aborted) return Promise.reject(opts.error('Cancelled', 'aborted'));
			const reqId = nextId++;
			return new Promise<T>((resolve, reject) => {
				const signal = request.signal;
				const onAbort = () => port.postMessage(opts.cancel(reqId));
				signal?.addEventListener('abort', onAbort, { once: true });
				pending.set(reqId, {
					resolve: resolve as (result: unknown) => void,
					reject,
					onProgress: request.onProgress,
					detach: () => signal?.removeEventListener('abort', onAbort)
				});
				port.postMessage(make(reqId));
			});
		},
		dispose() {
			if (disposed) return;
			disposed = true;
			port.removeEventListener('message', onMessage);
			for (const reqId of [...pending.keys()]) {
				settle(reqId)?.reject(opts.error('Client disposed', 'aborted'));
			}
			if (opts.owned) port.terminate?.();
		}
	};
}
