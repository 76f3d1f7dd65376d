/**
 * The on-entry check: an index of the whole book, built once (in the worker), that scores the
 * record being typed against the customers it shares a blocking key with, in milliseconds. Kept
 * current with add/update/remove; the model (u, m, prior) stays as measured at build time, which
 * is fine for a check that only ranks candidates. As in the scan, a key shared by more than
 * BLOCK_CAP customers (all the Nguyễn Thị Linh) gives only the WINDOW nearest on each side in the
 * sorted-neighbourhood order, so a common name costs the same as a rare one.
 */
import { BLOCK_CAP, blockingKeys, neighbourhoodKey, SKIP_LARGE, WINDOW } from './blocking';
import { bandOf, measureBook, REVIEW_THRESHOLD } from './engine';
import { prepareRecord, type PreparedRecord } from './prepare';
import { comparePair, countRecord, explain, probability, setDuplicateRate } from './score';
import type { DedupRecord, ScoredPair } from './types';

export interface DedupIndex {
	/** Likely and review matches for a record being typed, best first (at most `limit`). */
	candidatesFor(draft: DedupRecord, limit?: number): ScoredPair[];
	add(record: DedupRecord): void;
	update(record: DedupRecord): void;
	remove(id: string): void;
	readonly size: number;
}

interface Block {
	members: Set<number>;
	/** Members in neighbourhood order, built when first needed for a large block. */
	sorted: number[] | null;
}

export function createDedupIndex(
	records: readonly DedupRecord[],
	options: { duplicateRate?: number } = {}
): DedupIndex {
	return indexPrepared(records.map(prepareRecord), options);
}

/**
 * The index of records already prepared (`prepareRecord`): the worker prepares each chunk of the
 * book while IndexedDB reads the next.
 */
export function indexPrepared(
	records: PreparedRecord[],
	options: { duplicateRate?: number } = {}
): DedupIndex {
	// Measuring the book lays its records out in columns, slot i = records[i]: the index keeps
	// those columns rather than building them a second time.
	const book = measureBook(records);
	const { model, columns } = book;
	if (options.duplicateRate !== undefined) setDuplicateRate(model, options.duplicateRate);
	else setDuplicateRate(model, model.duplicateRate);
	/** The slot the draft being checked is written to, after the book's records. */
	const DRAFT = records.length;
	columns.set(
		DRAFT,
		prepareRecord({ id: '', name: '', phones: [], emails: [], address: '', birthday: '' })
	);
	const slotOf = new Map<string, number>();
	const free: number[] = [];
	const sortKey: string[] = [];
	const blocks = new Map<string, Block>();
	const commonFrom = Math.max(50, records.length * 0.002);
	const isCommon = (w: string) => model.words.get(model.lex.words.find(w)) > commonFrom;

	function keysOf(r: PreparedRecord): string[] {
		return blockingKeys(r, isCommon);
	}

	function insert(r: PreparedRecord, counted: boolean): void {
		const slot = free.pop() ?? columns.size;
		columns.set(slot, r);
		register(slot, r, counted);
	}

	/** Makes the record in `slot` findable: by id, in its blocks, in the sorted windows. */
	function register(slot: number, r: PreparedRecord, counted: boolean): void {
		slotOf.set(r.id, slot);
		sortKey[slot] = neighbourhoodKey(r);
		if (!counted) countRecord(model, r, 1);
		for (const key of keysOf(r)) {
			let block = blocks.get(key);
			if (block === undefined) {
				block = { members: new Set(), sorted: null };
				blocks.set(key, block);
			}
			block.members.add(slot);
			block.sorted = null;
		}
	}

	function drop(id: string): void {
		const slot = slotOf.get(id);
		if (slot === undefined) return;
		const r = columns.records[slot];
		slotOf.delete(id);
		free.push(slot);
		countRecord(model, r, -1);
		for (const key of keysOf(r)) {
			const block = blocks.get(key);
			if (block === undefined) continue;
			block.members.delete(slot);
			block.sorted = null;
			if (block.members.size === 0) blocks.delete(key);
		}
	}

	/** The members of a large block nearest to a sort key. */
	function window(block: Block, key: string, visit: (slot: number) => void): void {
		let sorted = block.sorted;
		if (sorted === null) {
			sorted = [...block.members].sort((x, y) =>
				sortKey[x] < sortKey[y] ? -1 : sortKey[x] > sortKey[y] ? 1 : x - y
			);
			block.sorted = sorted;
		}
		let lo = 0;
		let hi = sorted.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (sortKey[sorted[mid]] < key) lo = mid + 1;
			else hi = mid;
		}
		const from = Math.max(0, lo - WINDOW);
		const to = Math.min(sorted.length, lo + WINDOW);
		for (let k = from; k < to; k++) visit(sorted[k]);
	}

	// measureBook counted the records and gave them their slots already.
	book.records.forEach((r, slot) => register(slot, r, true));

	return {
		candidatesFor(draft, limit = 10) {
			const d = prepareRecord(draft);
			columns.set(DRAFT, d);
			const seen = new Set<number>();
			const own = slotOf.get(draft.id);
			const out: ScoredPair[] = [];
			const visit = (slot: number) => {
				if (slot === own || seen.has(slot)) return;
				seen.add(slot);
				const e = comparePair(columns, DRAFT, slot, model);
				const score = probability(e.weight, model);
				if (score < REVIEW_THRESHOLD) return;
				const { matched, conflicts } = explain(e);
				out.push({
					a: draft.id,
					b: columns.records[slot].id,
					score,
					weight: e.weight,
					band: bandOf(score),
					matched,
					conflicts
				});
			};
			const key = neighbourhoodKey(d);
			for (const k of keysOf(d)) {
				const block = blocks.get(k);
				if (block === undefined) continue;
				if (block.members.size > BLOCK_CAP) {
					if (!SKIP_LARGE.includes(k.charAt(0))) window(block, key, visit);
				} else for (const slot of block.members) visit(slot);
			}
			out.sort((x, y) => y.score - x.score);
			return out.slice(0, limit);
		},
		add(record) {
			drop(record.id);
			insert(prepareRecord(record), false);
		},
		update(record) {
			drop(record.id);
			insert(prepareRecord(record), false);
		},
		remove(id) {
			drop(id);
		},
		get size() {
			return slotOf.size;
		}
	};
}
