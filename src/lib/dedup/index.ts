/**
 * The on-entry check: an index of the whole book, built once (in the worker), that scores the
 * record being typed against the customers it shares a blocking key with, in milliseconds. Kept
 * current with add/update/remove; the model (u, m, prior) stays as measured at build time, which
 * is fine for a check that only ranks candidates.
 */
import { blockingKeys } from './blocking';
import { bandOf, measureBook, REVIEW_THRESHOLD, type Book } from './engine';
import { prepareRecord, type PreparedRecord } from './prepare';
import { comparePair, countRecord, explain, probability, setDuplicateRate } from './score';
import type { DedupRecord, ScoredPair } from './types';

/** More candidates than this (a name shared by thousands) are not all scored. */
const MAX_CANDIDATES = 5000;

export interface DedupIndex {
	/** Likely and review matches for a record being typed, best first (at most `limit`). */
	candidatesFor(draft: DedupRecord, limit?: number): ScoredPair[];
	add(record: DedupRecord): void;
	update(record: DedupRecord): void;
	remove(id: string): void;
	readonly size: number;
}

export function createDedupIndex(
	records: readonly DedupRecord[],
	options: { duplicateRate?: number } = {}
): DedupIndex {
	const book: Book = measureBook(records.map(prepareRecord));
	if (options.duplicateRate !== undefined) setDuplicateRate(book.model, options.duplicateRate);
	else setDuplicateRate(book.model, book.model.duplicateRate);
	const byId = new Map<string, PreparedRecord>();
	const blocks = new Map<string, Set<string>>();

	function insert(r: PreparedRecord): void {
		byId.set(r.id, r);
		countRecord(book.model, r, 1);
		for (const key of blockingKeys(r)) {
			let set = blocks.get(key);
			if (set === undefined) {
				set = new Set();
				blocks.set(key, set);
			}
			set.add(r.id);
		}
	}

	function drop(id: string): void {
		const r = byId.get(id);
		if (r === undefined) return;
		byId.delete(id);
		countRecord(book.model, r, -1);
		for (const key of blockingKeys(r)) {
			const set = blocks.get(key);
			set?.delete(id);
			if (set?.size === 0) blocks.delete(key);
		}
	}

	// measureBook counted them already; the index keeps its own counts from here on.
	book.model.records = 0;
	for (const table of [
		book.model.given,
		book.model.givenToned,
		book.model.family,
		book.model.familyToned,
		book.model.words,
		book.model.phone,
		book.model.email,
		book.model.date,
		book.model.id
	]) {
		table.clear();
	}
	book.model.withGiven = book.model.withFamily = book.model.withPhone = 0;
	book.model.withEmail = book.model.withDate = book.model.withId = 0;
	for (const r of book.records) insert(r);
	book.records = [];

	return {
		candidatesFor(draft, limit = 10) {
			const d = prepareRecord(draft);
			const ids = new Set<string>();
			for (const key of blockingKeys(d)) {
				for (const id of blocks.get(key) ?? []) {
					if (id !== draft.id) ids.add(id);
					if (ids.size >= MAX_CANDIDATES) break;
				}
			}
			const out: ScoredPair[] = [];
			for (const id of ids) {
				const r = byId.get(id);
				if (r === undefined) continue;
				const e = comparePair(d, r, book.model);
				const score = probability(e.weight, book.model);
				if (score < REVIEW_THRESHOLD) continue;
				const { matched, conflicts } = explain(e);
				out.push({
					a: draft.id,
					b: id,
					score,
					weight: e.weight,
					band: bandOf(score),
					matched,
					conflicts
				});
			}
			out.sort((x, y) => y.score - x.score);
			return out.slice(0, limit);
		},
		add(record) {
			drop(record.id);
			insert(prepareRecord(record));
		},
		update(record) {
			drop(record.id);
			insert(prepareRecord(record));
		},
		remove(id) {
			drop(id);
		},
		get size() {
			return byId.size;
		}
	};
}
