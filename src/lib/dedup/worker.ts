/**
 * The dedup worker: full scans, on-entry checks and evaluations off the main thread. Reads the
 * book from the text blocks (book.ts); one task per request id, cancelled by a 'cancel' message
 * with that id.
 */
import { customerToDedupRecord } from './adapter';
import { readDedupBook } from './book';
import { scanRecords } from './engine';
import { prepareRecord } from './prepare';
import { evaluate } from './evaluate';
import { packClusters, packedBuffers } from './packed-clusters';
import { helperOver, type CompareHelper } from './helper';
import { indexPrepared, type DedupIndex } from './index';
import { serializeDedupError, type DedupRequest, type DedupResponse } from './protocol';

interface WorkerScope {
	postMessage(message: DedupResponse, transfer?: Transferable[]): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<DedupRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;

/**
 * From this many customers a scan shares its work with a second worker (helper.ts), on a
 * machine with two cores or more: below it the whole scan takes well under a second, and
 * sending the helper the book would eat what it saves (the helper, started with the scan, is
 * then closed unused).
 */
const HELPER_FROM = 5000;

/**
 * The helper, started at once (`warm`) so that it loads while the book is read and is ready
 * when the scan first needs it: to prepare half the records of a very large book
 * (engine.ts PREPARE_SPLIT_FROM), else to measure u and compare.
 */
function startHelper(): CompareHelper | undefined {
	if ((navigator.hardwareConcurrency ?? 1) < 2 || typeof Worker === 'undefined') return undefined;
	const helper = helperOver(
		() =>
			new Worker(new URL('./helper-worker.ts', import.meta.url), {
				type: 'module',
				name: 'dedup-helper'
			})
	);
	helper.warm();
	return helper;
}
const running = new Map<number, AbortController>();
let index: Promise<DedupIndex> | null = null;

async function handle(request: Exclude<DedupRequest, { type: 'cancel' }>): Promise<void> {
	const { id } = request;
	const controller = new AbortController();
	running.set(id, controller);
	const signal = controller.signal;
	try {
		switch (request.type) {
			case 'scan': {
				let helper = request.alone === true ? undefined : startHelper();
				signal.addEventListener('abort', () => helper?.close());
				try {
					// Progress with total 0 while the book is read (the blocks rebuilt, at worst).
					const records = await readDedupBook({
						signal,
						onProgress: (done) => scope.postMessage({ type: 'progress', id, done, total: 0 })
					});
					scope.postMessage({ type: 'progress', id, done: records.length, total: 0 });
					if (records.length < HELPER_FROM) {
						helper?.close();
						helper = undefined;
					}
					const result = await scanRecords(records, {
						signal,
						helper,
						prepareSplitFrom: request.prepareSplitFrom,
						dismissed: new Set(request.dismissed),
						onProgress: (done, total) => scope.postMessage({ type: 'progress', id, done, total })
					});
					const clusters = packClusters(result.clusters);
					scope.postMessage(
						{ type: 'scanned', id, result: { clusters, stats: result.stats } },
						packedBuffers(clusters)
					);
				} finally {
					helper?.close();
				}
				return;
			}
			case 'check': {
				index ??= readDedupBook({ signal }).then((book) =>
					indexPrepared(Array.from({ length: book.length }, (_, k) => prepareRecord(book.at(k)!)))
				);
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
