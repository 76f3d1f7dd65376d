/**
 * The text blocks (db/packs.ts, TextBlock) brought up to date for the duplicate engine
 * (dedup/book.ts). The reports' patches leave them alone, so a dashboard after a day's edits
 * does not rewrite them; every customer write marks them ('t' marks) beside the facts blocks.
 * Here, in one read-write transaction: the customers those marks name are read again, and each
 * facts block gets its text block, of the same customers in the same order. When the marks
 * cannot say what changed (text blocks never built, or built by an earlier version; a write by
 * an earlier version in another tab, which leaves no 't' mark; the book cleared), every block
 * is built again with the facts blocks instead (packs-facts.ts, rebuildAll).
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
import { dedupTextOf, type DedupText } from '$lib/dedup/adapter';
import { NO_TEXT, packText, textAt } from './packed';
import { rowsOf, type PackProgress } from './packs-common';
import { exclusive, loadFacts, union } from './packs-facts';

/** Times the blocks are built again when the text blocks keep coming out of step. */
const ATTEMPTS = 3;

/** Whether a text block holds a facts block's customers, in its order, trashed alike. */
function inStep(t: TextBlock | undefined, b: FactsBlock): boolean {
	return (
		t !== undefined &&
		t.ids.length === b.ids.length &&
		t.ids.every((id, i) => id === b.ids[i] && t.deleted[i] === b.deleted[i])
	);
}

/**
 * The text blocks made current in one transaction; null when they must be built again. Exported
 * for the tests, which run it beside a rebuild as another tab would without Web Locks.
 */
export function syncTexts(): Promise<TextBlock[] | null> {
	return withDb((db) =>
		db.transaction('rw', db.customers, db.packs, async () => {
			const meta = (await db.packs.get(META_KEY)) as PacksMeta | undefined;
			if (meta === undefined || !textsCurrent(meta)) return null;
			const marks = (await rowsOf(db, 'd', 't').toArray()) as DirtyMark[];
			const { ids: marked, all } = union(marks);
			if (all) return null;
			const facts = (await rowsOf(db, 'f').toArray()) as FactsBlock[];
			const texts = (await rowsOf(db, 't').toArray()) as TextBlock[];
			const byKey = new Map(texts.map((t) => [t.key[1], t]));
			if (marked.size === 0 && texts.length === facts.length) {
				if (facts.every((b) => inStep(byKey.get(b.key[1]), b))) return texts;
			}
			// What the text blocks know and is not marked; the rest read from the customers.
			const known = new Map<string, DedupText>();
			for (const t of texts) {
				for (let i = 0; i < t.ids.length; i++) {
					if (!marked.has(t.ids[i])) known.set(t.ids[i], textAt(t, i));
				}
			}
			const needed = facts.flatMap((b) => b.ids.filter((id) => !known.has(id)));
			const records = await db.customers.bulkGet(needed);
			needed.forEach((id, k) => {
				const c = records[k];
				known.set(id, c === undefined ? NO_TEXT : dedupTextOf(c));
			});
			const read = new Set(needed);
			const fresh: TextBlock[] = [];
			const writes: TextBlock[] = [];
			for (const b of facts) {
				const old = byKey.get(b.key[1]);
				if (inStep(old, b) && !b.ids.some((id) => read.has(id))) {
					fresh.push(old!);
					continue;
				}
				const entries = b.ids.map((id, i) => ({
					id,
					deleted: b.deleted[i] === 1,
					text: known.get(id)
				}));
				const t = packText(b.key[1], entries);
				fresh.push(t);
				writes.push(t);
			}
			const blockKeys = new Set(facts.map((b) => b.key[1]));
			// Counted as a change of the packs, so that a rebuild that read the customers before
			// (without Web Locks, another tab's) starts again rather than store older text.
			const rev = (meta.rev ?? 0) + 1;
			await db.packs.put({ ...meta, rev, textRev: rev });
			await db.packs.bulkPut(writes);
			await db.packs.bulkDelete(texts.filter((t) => !blockKeys.has(t.key[1])).map((t) => t.key));
			await db.packs.bulkDelete(marks.map((m) => m.key));
			return fresh;
		})
	);
}

/** Has the next bring-up-to-date build every block again, the text blocks with them. */
function markAll(): Promise<unknown> {
	return withDb((db) => db.packs.put({ key: ['d', 'f', newId()], all: true } satisfies DirtyMark));
}

/** Every facts block's text block, current as of the facts blocks. */
export async function loadTexts(progress: PackProgress = {}): Promise<TextBlock[]> {
	for (let attempt = 1; ; attempt++) {
		await loadFacts(progress);
		const texts = await exclusive(syncTexts, progress.signal);
		if (texts !== null) return texts;
		if (attempt >= ATTEMPTS) throw new Error('The text blocks kept coming out of step');
		await markAll();
	}
}
