/**
 * The facts blocks rebuilt from the customers while the book is being written (packs-facts.ts,
 * rebuildAll): the customers are read outside the write that stores the blocks, so every write
 * landing meanwhile must still reach them — patched in by that write, or started again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetDbForTests, type SoKhachDB } from '$lib/db/db';
import { factsOf } from '$lib/db/facts';
import type { FactsBlock } from '$lib/db/packs';
import { dedupTextOf } from '$lib/dedup/adapter';
import { entryOf, textAt, unpackBlock, type FactsEntry } from './packed';
import { rowsOf } from './packs-common';
import { loadFacts } from './packs-facts';
import { loadTexts } from './packs-text';
import { blocks as storedBlocks, customer, marks } from './packs-fixtures';

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
	await db.customers.bulkAdd(['a', 'b', 'c', 'd'].map((id) => customer(id)));
});

afterEach(() => {
	vi.unstubAllGlobals();
});

/** Web Locks as a browser grants them: one holder at a time, in order; a wait can be aborted. */
function stubLocks(): string[] {
	const names: string[] = [];
	let tail: Promise<unknown> = Promise.resolve();
	vi.stubGlobal('navigator', {
		locks: {
			request(name: string, options: { signal?: AbortSignal }, run: () => Promise<unknown>) {
				names.push(name);
				if (options.signal?.aborted) {
					return Promise.reject(new DOMException('Aborted', 'AbortError'));
				}
				const held = tail.then(run);
				tail = held.catch(() => {});
				return held;
			}
		}
	});
	return names;
}

const withoutOrdinal = ({ ord, ...rest }: FactsEntry) => (void ord, rest);

/**
 * The blocks hold exactly the customers as stored, each once, with distinct ordinals; and every
 * stored block has its text block, of the same customers in the same order, with their text as
 * stored.
 */
async function expectAsStored(blocks: readonly FactsBlock[]): Promise<void> {
	const entries = blocks.flatMap(unpackBlock);
	expect(new Set(entries.map((e) => e.ord)).size).toBe(entries.length);
	const got = entries.map(withoutOrdinal).sort((x, y) => (x.id < y.id ? -1 : 1));
	const stored = await db.customers.orderBy(':id').toArray();
	expect(got).toEqual(stored.map((c) => withoutOrdinal(entryOf(factsOf(c), 0))));
	// The text blocks, brought up to date for the duplicate engine, follow the facts blocks.
	const texts = await loadTexts();
	expect(texts).toEqual(await rowsOf(db, 't').toArray());
	const facts = await storedBlocks(db);
	expect(texts.map((t) => t.key[1])).toEqual(facts.map((b) => b.key[1]));
	texts.forEach((t, k) => {
		expect(t.ids).toEqual(facts[k].ids);
		expect(Array.from(t.deleted)).toEqual(Array.from(facts[k].deleted));
	});
	const byId = new Map(stored.map((c) => [c.id, c]));
	for (const t of texts) {
		t.ids.forEach((id, i) => expect(textAt(t, i)).toEqual(dedupTextOf(byId.get(id)!)));
	}
}

/** Builds the blocks from nothing, running `write` once the customers have been read. */
async function buildWhile(write: () => Promise<unknown>) {
	let started: Promise<unknown> | null = null;
	const loaded = await loadFacts({
		onProgress: () => {
			started ??= write();
		}
	});
	expect(started).not.toBeNull();
	await started;
	return loaded;
}

describe('facts blocks rebuilt while the book is written', () => {
	it('keep no text of a customer erased or anonymised while the customers were read', async () => {
		await db.customers.update('c', { name: 'Đặng Thị Riêng Tư' });
		// One transaction, asked for while the read is under way, as the erase's own write is.
		await buildWhile(() =>
			db.transaction('rw', db.customers, async () => {
				await db.customers.delete('b');
				await db.customers.update('c', { name: '', phones: [], anonymisedAt: Date.now() });
			})
		);
		const left = JSON.stringify(await db.packs.toArray());
		expect(left).not.toContain('Khách b');
		expect(left).not.toContain('Riêng Tư');
		await expectAsStored((await loadFacts()).blocks);
	});

	it('patch in an edit that landed while the customers were read', async () => {
		const { blocks } = await buildWhile(() =>
			db.customers.update('b', {
				stats: { count: 2, total: 900_000, first: '2026-01-02', last: '2026-03-01' }
			})
		);
		expect(blocks.flatMap(unpackBlock).find((e) => e.id === 'b')?.total).toBe(900_000);
		await expectAsStored(blocks);
		expect(await marks(db)).toBe(0);
	});

	it('leave out a customer deleted for good meanwhile, and take in one added', async () => {
		const { blocks } = await buildWhile(() =>
			db.transaction('rw', db.customers, async () => {
				await db.customers.delete('c');
				await db.customers.add(customer('e'));
			})
		);
		const ids = blocks.flatMap((b) => b.ids);
		expect(ids).not.toContain('c');
		expect(ids).toContain('e');
		await expectAsStored(blocks);
		expect(await marks(db)).toBe(0);
	});

	it('leave a write that lands after them marked, for the next request', async () => {
		const first = await buildWhile(async () => {
			await db.customers.get('a');
			await db.customers.get('b');
			await db.customers.add(customer('e'));
		});
		// Whichever came first, the request's blocks and the marks left tell the whole story.
		if (!first.blocks.some((b) => b.ids.includes('e'))) expect(await marks(db)).toBe(1);
		const { blocks } = await loadFacts();
		expect(blocks.flatMap((b) => b.ids)).toContain('e');
		await expectAsStored(blocks);
		expect(await marks(db)).toBe(0);
	});

	it('start again when the customers were cleared meanwhile', async () => {
		const { blocks } = await buildWhile(() => db.customers.clear());
		expect(blocks.flatMap((b) => b.ids)).toEqual([]);
		await expectAsStored(blocks);
		expect(await marks(db)).toBe(0);
	});

	it('give two requests at once the same blocks, and one numbering', async () => {
		const [one, two] = await Promise.all([loadFacts(), loadFacts()]);
		await expectAsStored(one.blocks);
		await expectAsStored(two.blocks);
		expect(two.epoch).toBe(one.epoch);
		const ords = (r: typeof one) =>
			Object.fromEntries(r.blocks.flatMap(unpackBlock).map((e) => [e.id, e.ord]));
		expect(ords(two)).toEqual(ords(one));
		const again = await loadFacts();
		expect(again.packed).toBe(0);
		expect(ords(again)).toEqual(ords(one));
	});

	it('are built once for two requests at once where Web Locks exist', async () => {
		const names = stubLocks();
		// Each page of customers a rebuild reads is reported: the book is read once, not twice.
		let pagesRead = 0;
		const onProgress = () => pagesRead++;
		const [one, two] = await Promise.all([loadFacts({ onProgress }), loadFacts({ onProgress })]);
		expect(names).toEqual(['so-khach-facts-blocks', 'so-khach-facts-blocks']);
		expect(pagesRead).toBe(1);
		// The second waited for the first and found the blocks built.
		expect([one.packed, two.packed].sort()).toEqual([0, 4]);
		expect(two.epoch).toBe(one.epoch);
		await expectAsStored(two.blocks);
	});

	it('stop waiting for the lock when the request is cancelled', async () => {
		stubLocks();
		const controller = new AbortController();
		controller.abort();
		await expect(loadFacts({ signal: controller.signal })).rejects.toMatchObject({
			name: 'AbortError'
		});
	});

	it('keep every customer’s ordinal when rebuilt whole after many writes', async () => {
		const first = await loadFacts();
		const before = Object.fromEntries(first.blocks.flatMap(unpackBlock).map((e) => [e.id, e.ord]));
		// An "everything changed" mark, as a large import leaves.
		await db.packs.put({ key: ['d', 'f', 'zz'], all: true });
		await db.customers.add(customer('f'));
		const { blocks, packed } = await loadFacts();
		expect(packed).toBe(5);
		const after = Object.fromEntries(blocks.flatMap(unpackBlock).map((e) => [e.id, e.ord]));
		for (const [id, ord] of Object.entries(before)) expect(after[id], id).toBe(ord);
		expect(Object.values(before)).not.toContain(after.f);
		await expectAsStored(blocks);
	});
});
