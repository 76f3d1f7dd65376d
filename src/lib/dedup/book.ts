/**
 * The book as the duplicate engine reads it: the text blocks beside the facts blocks
 * (db/packs.ts), brought up to date first (reports/packs-text.ts).
 * Chromium reads an IndexedDB record at 15–20 µs whatever its size, so 100,000 customer records
 * cost 1.6–2 s to read; their text in 25 blocks, under 0.1 s (docs/dedup.md, "In the app").
 */
import { loadTexts } from '$lib/reports/packs-text';
import type { PackProgress } from '$lib/reports/packs-common';
import { textAt } from '$lib/reports/packed';
import type { DedupRecord } from './types';

/**
 * Every customer not in the trash, as the engine's record, in the order of their ids: the order
 * reading the customers gave, so that a scan's result does not depend on where a customer sits
 * in the blocks. Each record is made when asked for (`at`), so a scan holds its prepared records
 * and the blocks' strings, not a third copy of the book. Writes landing after the blocks were
 * brought up to date are not seen: the scan is of the book as it was when it started.
 */
export async function readDedupBook(progress: PackProgress = {}): Promise<DedupBook> {
	const texts = await loadTexts(progress);
	const live = texts.reduce((n, t) => n + t.ids.length - t.deleted.reduce((d, x) => d + x, 0), 0);
	const ids = new Array<string>(live);
	const blockOf = new Int32Array(live);
	const rowOf = new Int32Array(live);
	let n = 0;
	texts.forEach((t, k) => {
		for (let i = 0; i < t.ids.length; i++) {
			if (t.deleted[i] !== 0) continue;
			ids[n] = t.ids[i];
			blockOf[n] = k;
			rowOf[n++] = i;
		}
	});
	// Built from nothing, the blocks are in id order already; patches append newcomers.
	let order: Int32Array | null = null;
	for (let p = 1; p < n && order === null; p++) {
		if (ids[p - 1] > ids[p]) {
			order = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) =>
				ids[x] < ids[y] ? -1 : ids[x] > ids[y] ? 1 : 0
			);
		}
	}
	const blocks = texts;
	return {
		length: n,
		at(k) {
			if (k < 0 || k >= n) return undefined;
			const p = order === null ? k : order[k];
			return { id: ids[p], ...textAt(blocks[blockOf[p]], rowOf[p]) };
		}
	};
}

/** The book a scan reads: `at(k)` makes the k-th record, in id order. */
export interface DedupBook {
	readonly length: number;
	at(k: number): DedupRecord | undefined;
}
