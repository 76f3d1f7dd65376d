/**
 * The dedup worker: full scans, on-entry checks and evaluations off the main thread. Reads the
 * customers through the app's database module in chunks; one task per request id, cancelled by
 * a 'cancel' message with that id.
 */
import { withDb } from '$lib/db/db';
import type { Customer } from '$lib/domain/types';
import { customerToDedupRecord } from './adapter';
import { scanPrepared } from './engine';
import { prepareRecord } from './prepare';
import { evaluate } from './evaluate';
import { indexPrepared, type DedupIndex } from './index';
import { serializeDedupError, type DedupRequest, type DedupResponse } from './protocol';

interface WorkerScope {
	postMessage(message: DedupResponse): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<DedupRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;
const running = new Map<number, AbortController>();
const CHUNK = 5000;
let index: Promise<DedupIndex> | null = null;

/**
 * Every customer not in the trash, turned by `as`, read in chunks by id. The next chunk is asked
 * for before this one is turned: IndexedDB reads it meanwhile, on another thread.
 */
async function readBook<T>(
	signal: AbortSignal,
	as: (c: Customer) => T,
	onProgress: (done: number) => void
): Promise<T[]> {
	const out: T[] = [];
	const read = (after: string | null): Promise<Customer[]> =>
		withDb((db) =>
			after === null
				? db.customers.orderBy(':id').limit(CHUNK).toArray()
				: db.customers.where(':id').above(after).limit(CHUNK).toArray()
		);
	let next: Promise<Customer[]> | null = read(null);
	while (next !== null) {
		const chunk: Customer[] = await next;
		next = chunk.length < CHUNK ? null : read(chunk[chunk.length - 1].id);
		if (signal.aborted) {
			next?.catch(() => {});
			throw new DOMException('The duplicate scan was cancelled.', 'AbortError');
		}
		for (const c of chunk) if (c.deletedAt == null) out.push(as(c));
		onProgress(out.length);
	}
	return out;
}

async function handle(request: Exclude<DedupRequest, { type: 'cancel' }>): Promise<void> {
	const { id } = request;
	const controller = new AbortController();
	running.set(id, controller);
	const signal = controller.signal;
	try {
		switch (request.type) {
			case 'scan': {
				const records = await readBook(
					signal,
					(c) => prepareRecord(customerToDedupRecord(c)),
					(done) => scope.postMessage({ type: 'progress', id, done, total: 0 })
				);
				const result = await scanPrepared(records, {
					signal,
					dismissed: new Set(request.dismissed),
					onProgress: (done, total) => scope.postMessage({ type: 'progress', id, done, total })
				});
				scope.postMessage({ type: 'scanned', id, result });
				return;
			}
			case 'check': {
				index ??= readBook(
					signal,
					(c) => prepareRecord(customerToDedupRecord(c)),
					() => {}
				).then((records) => indexPrepared(records));
				const built = await index.catch((e: unknown) => {
					index = null;
					throw e;
				});
				scope.postMessage({
					type: 'checked',
					id,
					matches: built.candidatesFor(request.draft, request.limit)
				});
				return;
			}
			case 'update': {
				if (index !== null) {
					const built = await index;
					for (const c of request.customers) built.update(customerToDedupRecord(c));
					for (const removed of request.removed) built.remove(removed);
				}
				scope.postMessage({ type: 'updated', id });
				return;
			}
			case 'evaluate': {
				const evaluation = await evaluate(request.dataset, request.records, {
					linkage: request.linkage,
					signal
				});
				scope.postMessage({ type: 'evaluated', id, evaluation });
				return;
			}
		}
	} catch (e) {
		scope.postMessage({ type: 'failed', id, error: serializeDedupError(e) });
	} finally {
		running.delete(id);
	}
}

scope.addEventListener('message', (event) => {
	const request = event.data;
	if (request.type === 'cancel') running.get(request.id)?.abort();
	else void handle(request);
});
