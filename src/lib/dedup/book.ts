/**
 * The book as the duplicate engine reads it: the text blocks beside the facts blocks
 * (db/packs.ts), brought up to date first as the reports bring theirs (reports/packs-facts.ts).
 * Chromium reads an IndexedDB record at 15–20 µs whatever its size, so 100,000 customer records
 * cost 1.6–2 s to read; their text in 25 blocks, under 0.1 s (docs/dedup.md, "In the app").
 */
import { withDb } from '$lib/db/db';
import { newId } from '$lib/db/ids';
import {
	META_KEY,
	textsCurrent,
	type DirtyMark,
	type FactsBlock,
	type PacksMeta,
	type TextBlock
} from '$lib/db/packs';
import { loadFacts } from '$lib/reports/packs-facts';
import { rowsOf, type PackProgress } from '$lib/reports/packs-common';
import { textAt } from '$lib/reports/packed';
import type { DedupRecord } from './types';

/** Times the blocks are built again when they keep coming out of step. */
const ATTEMPTS = 3;

/**
 * The text blocks in one read-only transaction; null when they are out of step with the facts
 * blocks (an earlier version of the app, in another tab, wrote the facts blocks alone).
 */
function readTexts(): Promise<TextBlock[] | null> {
	return withDb((db) =>
		db.transaction('r', db.packs, async () => {
			const meta = (await db.packs.get(META_KEY)) as PacksMeta | undefined;
			if (!textsCurrent(meta)) return null;
			const facts = (await rowsOf(db, 'f').toArray()) as FactsBlock[];
			const texts = (await rowsOf(db, 't').toArray()) as TextBlock[];
			const inStep =
				facts.length === texts.length &&
				facts.every(
					(b, k) =>
						texts[k].key[1] === b.key[1] &&
						texts[k].ids.length === b.ids.length &&
						texts[k].ids.every((id, i) => id === b.ids[i])
				);
			return inStep ? texts : null;
		})
	);
}

/** Has the next bring-up-to-date build every block again. */
function markAll(): Promise<unknown> {
	return withDb((db) => db.packs.put({ key: ['d', 'f', newId()], all: true } satisfies DirtyMark));
}

/**
 * Every customer not in the trash, as the engine's record, in the order of their ids: the order
 * reading the customers gave, so that a scan's result does not depend on where a customer sits
 * in the blocks. Each record is made when asked for (`at`), so a scan holds its prepared records
 * and the blocks' strings, not a third copy of the book. Writes landing after the blocks were
 * brought up to date are not seen: the scan is of the book as it was when it started.
 */
export async function readDedupBook(progress: PackProgress = {}): Promise<DedupBook> {
	let texts: TextBlock[] | null = null;
	for (let attempt = 0; texts === null; attempt++) {
		if (attempt === ATTEMPTS) throw new Error('The text blocks kept coming out of step');
		if (attempt > 0) await markAll();
		await loadFacts(progress);
		texts = await readTexts();
	}
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
