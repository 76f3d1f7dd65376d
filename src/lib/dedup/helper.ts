/**
 * A second worker for the scan, so that a two-core laptop prepares and compares with both
 * cores: for a large book the scanning worker first sends it half the records to prepare
 * (part.ts) while it prepares the other half; then the measured book once (shared.ts), then
 * ranges of records to sample or compare, and joins its results with its own in range order.
 * This module is both sides of the conversation: `helperCore` answers requests
 * (helper-worker.ts runs it in the worker, tests in-process), `helperOver` asks them over a
 * port.
 */
import type { Blocks } from './blocking';
import { BookBuilder } from './builder';
import type { RecordSource } from './engine';
import {
	compareRange,
	sampleRange,
	type EdgeChunk,
	type KeptSample,
	type PairContext,
	type SampleChunk
} from './pairs';
import { partBuffers, type PreparedPart } from './part';
import { prepareRecord } from './prepare';
import { estimateU, type Model } from './score';
import { reviveBook, type SharedBook, type Trained } from './shared';
import { recordsOfSlice, type RecordSlice } from './slice';

export type HelperRequest =
	| { type: 'prepare'; id: number; slice: RecordSlice; from: number; total: number }
	| { type: 'book'; shared: SharedBook }
	| { type: 'blocks'; blocks: Blocks }
	| { type: 'sample'; id: number; from: number; to: number; every: number; cap: number }
	| { type: 'estimate'; id: number }
	| { type: 'trained'; trained: Trained }
	| { type: 'compare'; id: number; from: number; to: number; keepFrom: number; sample: KeptSample };

export type HelperResponse =
	| { type: 'prepared'; id: number; part: PreparedPart }
	| { type: 'estimated'; id: number; u: Model['u'] }
	| { type: 'sampled'; id: number; chunk: SampleChunk }
	| { type: 'compared'; id: number; chunk: EdgeChunk }
	| { type: 'failed'; id: number; message: string };

/** The helper's side: one answer per numbered request, none to 'book', 'blocks' and 'trained'. */
export function helperCore(): (request: HelperRequest) => HelperResponse | null {
	let book: ReturnType<typeof reviveBook> | null = null;
	let context: PairContext | null = null;
	const ready = (): PairContext => {
		if (context === null) throw new Error('The helper has no book yet.');
		return context;
	};
	return (request) => {
		if (request.type === 'book') {
			book = reviveBook(request.shared);
			return null;
		}
		if (request.type === 'blocks') {
			if (book === null) throw new Error('The helper has no book yet.');
			context = {
				...book,
				blocks: request.blocks,
				seen: new Int32Array(book.columns.size).fill(-1)
			};
			return null;
		}
		if (request.type === 'trained') {
			const c = ready();
			Object.assign(c.model, request.trained);
			// The comparing pass starts: a record sampled here must meet its candidates again.
			c.seen.fill(-1);
			return null;
		}
		try {
			if (request.type === 'prepare') {
				const { id, slice, from, total } = request;
				return { type: 'prepared', id, part: preparePart(recordsOfSlice(slice), from, total) };
			}
			if (request.type === 'estimate') {
				if (book === null) throw new Error('The helper has no book yet.');
				estimateU(book.model, book.columns);
				return { type: 'estimated', id: request.id, u: book.model.u };
			}
			if (request.type === 'sample') {
				const { id, from, to, every, cap } = request;
				return { type: 'sampled', id, chunk: sampleRange(ready(), from, to, every, cap) };
			}
			const { id, from, to, keepFrom, sample } = request;
			return { type: 'compared', id, chunk: compareRange(ready(), from, to, sample, keepFrom) };
		} catch (e) {
			return {
				type: 'failed',
				id: request.id,
				message: e instanceof Error ? e.message : String(e)
			};
		}
	};
}

/** Records from…from+n-1 of a book of `total`, prepared in a lexicon of their own. */
export function preparePart(records: RecordSource, from: number, total: number): PreparedPart {
	const builder = new BookBuilder(records.length, { from, total });
	for (let i = 0; i < records.length; i++) builder.add(prepareRecord(records.at(i)!));
	return builder.part();
}

/** The typed arrays of an answer, handed over rather than copied. */
export function transfersOf(response: HelperResponse): ArrayBuffer[] {
	if (response.type === 'prepared') return partBuffers(response.part);
	if (response.type === 'sampled') {
		const { levels, sides, owner, partner } = response.chunk;
		return [levels.buffer, sides.buffer, owner.buffer, partner.buffer] as ArrayBuffer[];
	}
	if (response.type === 'compared') {
		const { a, b, weight, masks } = response.chunk;
		return [a.buffer, b.buffer, weight.buffer, masks.buffer] as ArrayBuffer[];
	}
	return [];
}

/** What the scan asks of a helper (engine.ts). */
export interface CompareHelper {
	/** Records from…from+n-1 of a book of `total` (the slice's n), prepared there. */
	prepare(slice: RecordSlice, from: number, total: number): Promise<PreparedPart>;
	share(shared: SharedBook): void;
	shareBlocks(blocks: Blocks): void;
	/** u measured on the shared book (`estimateU`), while the scan goes on. */
	estimateU(): Promise<Model['u']>;
	sample(from: number, to: number, every: number, cap: number): Promise<SampleChunk>;
	train(trained: Trained): void;
	compare(from: number, to: number, keepFrom: number, sample: KeptSample): Promise<EdgeChunk>;
	/** Starts the worker now rather than at the first request, so that it loads meanwhile. */
	warm(): void;
	/**
	 * Ends the worker and starts a fresh one, once it has answered everything: what it held
	 * (half a book it prepared) is given back at once, not whenever its heap is next collected.
	 */
	restart(): void;
	/** Ends the helper; what it was asked and has not answered fails. */
	close(): void;
}

/** A worker, or anything that talks like one (the tests' in-process helper). */
export interface HelperPort {
	postMessage(message: HelperRequest): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<HelperResponse>) => void): void;
	addEventListener(type: 'error', listener: (event: Event) => void): void;
	terminate(): void;
}

/**
 * A helper over a port made on first use (`prepare`, or `share` for a book prepared here
 * alone).
 */
export function helperOver(open: () => HelperPort): CompareHelper {
	let next = 1;
	let broken: Error | null = null;
	let port: HelperPort | null = null;
	const waiting = new Map<
		number,
		{ resolve: (r: HelperResponse) => void; reject: (e: Error) => void }
	>();
	const fail = (error: Error) => {
		broken ??= error;
		for (const w of waiting.values()) w.reject(error);
		waiting.clear();
	};
	const opened = (): HelperPort => {
		if (port !== null) return port;
		port = open();
		port.addEventListener('message', (event) => {
			const response = event.data;
			const w = waiting.get(response.id);
			if (w === undefined) return;
			waiting.delete(response.id);
			if (response.type === 'failed') w.reject(new Error(response.message));
			else w.resolve(response);
		});
		port.addEventListener('error', (event) => {
			const message = event instanceof ErrorEvent ? event.message : 'the helper worker failed';
			fail(new Error(message));
		});
		return port;
	};
	const ask = (request: HelperRequest & { id: number }): Promise<HelperResponse> => {
		if (broken !== null) return Promise.reject(broken);
		return new Promise((resolve, reject) => {
			waiting.set(request.id, { resolve, reject });
			opened().postMessage(request);
		});
	};
	return {
		async prepare(slice, from, total) {
			const r = await ask({ type: 'prepare', id: next++, slice, from, total });
			return (r as Extract<HelperResponse, { type: 'prepared' }>).part;
		},
		share: (shared) => opened().postMessage({ type: 'book', shared }),
		shareBlocks: (blocks) => opened().postMessage({ type: 'blocks', blocks }),
		train: (trained) => opened().postMessage({ type: 'trained', trained }),
		async estimateU() {
			const r = await ask({ type: 'estimate', id: next++ });
			return (r as Extract<HelperResponse, { type: 'estimated' }>).u;
		},
		async sample(from, to, every, cap) {
			const r = await ask({ type: 'sample', id: next++, from, to, every, cap });
			return (r as Extract<HelperResponse, { type: 'sampled' }>).chunk;
		},
		async compare(from, to, keepFrom, sample) {
			const r = await ask({ type: 'compare', id: next++, from, to, keepFrom, sample });
			return (r as Extract<HelperResponse, { type: 'compared' }>).chunk;
		},
		warm() {
			opened();
		},
		restart() {
			if (port === null || waiting.size > 0 || broken !== null) return;
			port.terminate();
			port = null;
			opened();
		},
		close() {
			fail(new Error('The helper was closed.'));
			port?.terminate();
		}
	};
}
