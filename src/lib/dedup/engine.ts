/**
 * The full duplicate scan: prepare every record, measure the book (term frequencies, u, the
 * prior), block, score the candidate pairs, cluster. Plain TypeScript: the worker runs it in the
 * browser, the command line and the tests in Node. Given a helper (helper.ts), the two passes
 * over the pairs are shared with a second worker, range by range, with the same result.
 */
import { BookBuilder, type Book } from './builder';
import { clusterEdges, EdgeIndex, filterEdges, joinEdges } from './cluster';
import { Columns } from './columns';
import type { PreparedPart } from './part';
import { compareRange, joinSamples, sampleRange, sampleSlice, type PairContext } from './pairs';
import { prepareRecord, type PreparedRecord } from './prepare';
import { shareBook, SlotListsBuilder, trainedOf } from './shared';
import { sliceRecords } from './slice';
import {
	comparePair,
	countRecord,
	DEFAULT_DUPLICATE_RATE,
	emptyModel,
	estimateU,
	explainMask,
	LEVELS_PER_PAIR,
	isSurePair,
	probability,
	refreshWeights,
	RULE_RECALL,
	setDuplicateRate,
	trainM,
	type Model
} from './score';
import {
	fieldsOfMask,
	type Band,
	type DedupCluster,
	type DedupRecord,
	type ScanOptions,
	type ScanResult,
	type ScoredPair
} from './types';

/**
 * Pairs at least this likely are proposed ("review"); at least LIKELY, marked "likely". Fixed
 * from decision theory, not tuned on any labelled set: 0.5 is where a duplicate becomes more
 * probable than not, 0.95 where a person should rarely disagree.
 */
export const REVIEW_THRESHOLD = 0.5;
export const LIKELY_THRESHOLD = 0.95;
const REVIEW_WEIGHT = Math.log2(REVIEW_THRESHOLD / (1 - REVIEW_THRESHOLD));

/** EM learns m from the pairs of at most this many records… */
const TRAINING_RECORDS = 20_000;
/** …and at most this many pairs. */
const TRAINING_PAIRS = 300_000;

/**
 * The duplicate rate measured on the book is weighed against DEFAULT_DUPLICATE_RATE as if that
 * had been measured on this many records.
 */
const RATE_PRIOR_RECORDS = 1000;

/** The key of a pair of ids, whichever order they come in. */
export function pairKey(a: string, b: string): string {
	return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function bandOf(p: number): Band {
	return p >= LIKELY_THRESHOLD ? 'likely' : 'review';
}

function checkAborted(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw new DOMException('The duplicate scan was cancelled.', 'AbortError');
}

/**
 * The book of records kept whole, in columns that keep them (the on-entry index adds and drops
 * records later; the full scan uses a BookBuilder instead). `lists`: also gathers every record's
 * lists as a helper would get them (shared.ts).
 */
export function measureBook(
	records: PreparedRecord[],
	lists?: SlotListsBuilder
): Book & { records: PreparedRecord[] } {
	const model = emptyModel();
	const columns = new Columns(model.lex, records.length);
	for (let i = 0; i < records.length; i++) {
		columns.set(i, records[i]);
		lists?.add(records[i].ix);
	}
	for (const r of records) countRecord(model, r, 1);
	estimateU(model, columns);
	return { records, ids: records.map((r) => r.id), model, columns };
}

export function scorePairOf(book: Book, i: number, j: number): ScoredPair {
	const e = comparePair(book.columns, i, j, book.model);
	return scoredPair(book, i, j, e.weight, explainMask(e));
}

/** The pair i, j with its weight and field mask (score.ts explainMask) known. */
function scoredPair(book: Book, i: number, j: number, weight: number, mask: number): ScoredPair {
	const score = probability(weight, book.model);
	const { ids } = book;
	return {
		a: ids[i],
		b: ids[j],
		score,
		weight,
		band: bandOf(score),
		matched: fieldsOfMask(mask),
		conflicts: fieldsOfMask(mask >> 8)
	};
}

/**
 * Records one at a time: an array, or a book that makes each record when asked (dedup/book.ts),
 * so that only prepared records stay in memory, not the input besides.
 */
export interface RecordSource {
	readonly length: number;
	at(i: number): DedupRecord | undefined;
}

/**
 * From this many records a scan with a helper has it prepare the second half of the book while
 * this worker prepares the first. Two workers preparing at once each run 1.5 times slower than
 * one alone on the 2-core machines measured (both allocate fast; pure arithmetic scales fully),
 * and sending the records and merging the half cost the rest of the gain at 100,000 customers
 * (3.17–3.57 s against 3.01–3.82 s, and 85 MB more); at 1,000,000 the scan is 2.5–3.3 s
 * faster (docs/dedup.md, "Two workers").
 */
export const PREPARE_SPLIT_FROM = 200_000;

export async function scanRecords(
	input: RecordSource,
	options: ScanOptions = {}
): Promise<ScanResult> {
	const t0 = performance.now();
	const n = input.length;
	const tick = ticker(options, n * 2);
	const builder = new BookBuilder(n);
	const helper = options.onCompared === undefined ? options.helper : undefined;
	const splitFrom = options.prepareSplitFrom ?? PREPARE_SPLIT_FROM;
	const split = helper !== undefined && n >= splitFrom ? Math.ceil(n / 2) : n;
	let part: { ids: string[]; prepared: Promise<PreparedPart | null> } | null = null;
	if (split < n) {
		const { slice, ids } = sliceRecords(input, split, n);
		// A helper that fails leaves its half to this worker.
		part = { ids, prepared: helper!.prepare(slice, split, n).catch(() => null) };
	}
	for (let i = 0; i < split; i++) {
		builder.add(prepareRecord(input.at(i)!));
		if ((i & 1023) === 0) await tick(Math.floor((i * n) / split));
	}
	const prepared = part === null ? null : await part.prepared;
	if (prepared !== null) {
		// The helper's half of the book goes with its worker (the peak at a million customers
		// 3.12–3.17 GB instead of 3.25–3.31 GB); the next one loads while the part is merged.
		helper!.restart();
		builder.merge(prepared, part!.ids);
	} else {
		for (let i = split; i < n; i++) {
			builder.add(prepareRecord(input.at(i)!));
			if ((i & 1023) === 0) await tick(i);
		}
	}
	return scanBuilt(builder, options, t0, prepared === null ? 0 : prepared.size);
}

/** The ranges of records the pair passes are cut into: about 64, of 256 records or more. */
function rangesOf(n: number): [number, number][] {
	const size = Math.max(256, Math.ceil(n / 64));
	const out: [number, number][] = [];
	for (let from = 0; from < n; from += size) out.push([from, Math.min(n, from + size)]);
	return out;
}

/**
 * Lets messages in (a cancel, a helper's answers) in the middle of a long loop: one round through
 * a MessageChannel. A nested setTimeout waits 4 ms each time: 1.6 s over the preparing of a
 * million customers, a quarter of a second over a pass of the pairs.
 */
function yieldToMessages(): Promise<void> {
	if (typeof MessageChannel === 'undefined')
		return new Promise((resolve) => setTimeout(resolve, 0));
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}

/**
 * Runs `local` over the ranges, in order, while a helper takes ranges from the same queue (two
 * asked at a time, so it never waits for this worker to hand it the next). Results come back in
 * range order. A helper that fails hands its ranges back: they are done here.
 */
async function shareRanges<T>(
	ranges: readonly [number, number][],
	local: (range: [number, number]) => T,
	remote: ((range: [number, number]) => Promise<T>) | undefined,
	signal: AbortSignal | undefined,
	between: () => Promise<void> = async () => {}
): Promise<T[]> {
	const out = new Array<T>(ranges.length);
	let next = 0;
	const failed: number[] = [];
	let helping = remote !== undefined;
	const pull = async () => {
		while (helping && next < ranges.length) {
			const k = next++;
			try {
				out[k] = await remote!(ranges[k]);
			} catch {
				helping = false;
				failed.push(k);
			}
		}
	};
	const pulls = remote === undefined ? [] : [pull(), pull()];
	const run = async (k: number) => {
		out[k] = local(ranges[k]);
		await between();
		if (helping) await yieldToMessages();
		checkAborted(signal);
	};
	while (next < ranges.length) await run(next++);
	await Promise.all(pulls);
	for (const k of failed) await run(k);
	return out;
}

/** A progress report and a chance to cancel, at most every 50 ms. */
function ticker(
	{ signal, onProgress }: ScanOptions,
	total: number
): (done: number) => Promise<void> {
	let last = Date.now();
	return async (done) => {
		if (Date.now() - last < 50) return;
		last = Date.now();
		onProgress?.(done, total);
		await yieldToMessages();
		checkAborted(signal);
	};
}

/** The scan of records already prepared (`prepareRecord`). */
export async function scanPrepared(
	records: readonly PreparedRecord[],
	options: ScanOptions = {}
): Promise<ScanResult> {
	const started = performance.now();
	const builder = new BookBuilder(records.length);
	for (const r of records) builder.add(r);
	return scanBuilt(builder, options, started, 0);
}

/** `started`: when preparing began; `preparedByHelper`: records the helper prepared (stats). */
async function scanBuilt(
	builder: BookBuilder,
	options: ScanOptions,
	started: number,
	preparedByHelper: number
): Promise<ScanResult> {
	const { signal, onProgress, dismissed, onCompared } = options;
	const { book, lists } = builder.done();
	const n = book.ids.length;
	const total = n * 2;
	const tick = ticker(options, total);
	const t0 = started;
	const helper = onCompared === undefined ? options.helper : undefined;
	// u is first needed by training: the helper measures it while this worker blocks and samples.
	let measuredU: Promise<Model['u'] | null> | null = null;
	if (helper !== undefined) {
		helper.share(shareBook(book.columns, book.model, lists));
		measuredU = helper.estimateU().catch(() => null);
	} else estimateU(book.model, book.columns);
	const t1 = performance.now();
	// Name words held by more than 0.2% of the book (Nguyễn, Thị, Linh) are too common to block on
	// with a birth year alone.
	const commonFrom = Math.max(50, n * 0.002);
	const { words } = book.model;
	const blocks = builder.blocks((w) => words.get(w) > commonFrom);
	const t2 = performance.now();
	checkAborted(signal);

	const { model, columns } = book;
	helper?.shareBlocks(blocks);
	const context: PairContext = { columns, model, blocks, seen: new Int32Array(n).fill(-1) };
	const sampleEvery = Math.max(1, Math.ceil(n / TRAINING_RECORDS));
	const ranges = rangesOf(n);
	// The sampled pairs come up again, in the same order, when every record is compared below:
	// keeping what weighing them needs saves comparing them twice (a fifth of all pairs at
	// 100,000 customers).
	const sample = joinSamples(
		await shareRanges(
			ranges,
			([from, to]) => sampleRange(context, from, to, sampleEvery, TRAINING_PAIRS),
			helper && (([from, to]) => helper.sample(from, to, sampleEvery, TRAINING_PAIRS)),
			signal
		),
		TRAINING_PAIRS
	);
	if (measuredU !== null) {
		const u = await measuredU;
		if (u === null) estimateU(model, columns);
		else {
			model.u = u;
			refreshWeights(model);
		}
	}
	const { levels, stored } = sample;
	let sure = 0;
	for (let p = 0; p < stored; p++) if (isSurePair(levels, p * LEVELS_PER_PAIR)) sure++;
	const lambda = Math.min(0.5, Math.max(1e-4, sure / RULE_RECALL / Math.max(stored, 1)));
	trainM(model, levels, stored);
	// The book's own estimate, shrunk towards the written-down rate: a book of a few hundred
	// customers has a handful of sure pairs or none, too few to tell its duplicate rate.
	const duplicates = lambda * sample.pairs * sampleEvery;
	setDuplicateRate(
		model,
		(duplicates + RATE_PRIOR_RECORDS * DEFAULT_DUPLICATE_RATE) / (n + RATE_PRIOR_RECORDS)
	);
	checkAborted(signal);
	helper?.train(trainedOf(model));

	context.seen.fill(-1);
	const keepFrom = REVIEW_WEIGHT - model.priorLog2Odds;
	let done = 0;
	let helped = 0;
	const chunks = await shareRanges(
		ranges,
		([from, to]) => {
			const chunk = compareRange(context, from, to, sample, keepFrom, onCompared);
			done += to - from;
			return chunk;
		},
		helper &&
			(async ([from, to]) => {
				const chunk = await helper.compare(from, to, keepFrom, sampleSlice(sample, from, to));
				done += to - from;
				helped++;
				return chunk;
			}),
		signal,
		() => tick(n + done)
	);
	const edges = joinEdges(chunks);
	const comparisons = chunks.reduce((sum, c) => sum + c.comparisons, 0);
	const t3 = performance.now();

	const isDismissed = (i: number, j: number) =>
		dismissed !== undefined &&
		dismissed.size > 0 &&
		dismissed.has(pairKey(book.ids[i], book.ids[j]));
	const strong =
		dismissed === undefined || dismissed.size === 0
			? edges
			: filterEdges(edges, (k) => !isDismissed(edges.a[k], edges.b[k]));
	const known = new EdgeIndex(edges, n);
	const pairProbability = (i: number, j: number) => {
		const [x, y] = i < j ? [i, j] : [j, i];
		if (isDismissed(x, y)) return 0;
		const k = known.find(x, y);
		return probability(k >= 0 ? edges.weight[k] : comparePair(columns, x, y, model).weight, model);
	};
	const groups = clusterEdges(strong, pairProbability, REVIEW_THRESHOLD);
	const scored = (i: number, j: number) => {
		const k = known.find(i, j);
		return k >= 0
			? scoredPair(book, i, j, edges.weight[k], edges.masks[k])
			: scorePairOf(book, i, j);
	};
	const clusters: DedupCluster[] = groups.map((group) =>
		clusterOf(group, scored, isDismissed, book.ids)
	);
	clusters.sort((x, y) => y.score - x.score);
	const t4 = performance.now();
	onProgress?.(total, total);
	return {
		clusters,
		stats: {
			records: n,
			comparisons,
			largeBlocks: blocks.largeBlocks,
			duplicateRate: model.duplicateRate,
			helped,
			preparedByHelper,
			ms: { prepare: t1 - t0, block: t2 - t1, compare: t3 - t2, cluster: t4 - t3 }
		}
	};
}

function clusterOf(
	group: number[],
	scored: (i: number, j: number) => ScoredPair,
	isDismissed: (i: number, j: number) => boolean,
	ids: readonly string[]
): DedupCluster {
	const pairs: ScoredPair[] = [];
	// Each member's summed score, by its place in the group.
	const strength = new Float64Array(group.length);
	let sum = 0;
	for (let x = 0; x < group.length; x++) {
		for (let y = x + 1; y < group.length; y++) {
			const i = Math.min(group[x], group[y]);
			const j = Math.max(group[x], group[y]);
			if (isDismissed(i, j)) continue;
			const pair = scored(i, j);
			pairs.push(pair);
			sum += pair.score;
			strength[x] += pair.score;
			strength[y] += pair.score;
		}
	}
	const ordered = group.map((_, x) => x).sort((x, y) => strength[y] - strength[x]);
	const score = pairs.length === 0 ? 0 : sum / pairs.length;
	pairs.sort((p, q) => q.score - p.score);
	return { ids: ordered.map((x) => ids[group[x]]), score, band: bandOf(score), pairs };
}
