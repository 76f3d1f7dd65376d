/**
 * The text blocks brought up to date beside a rebuild of the facts blocks, without Web Locks
 * (plain-HTTP LAN deployments, Node): the request that brings them up to date in another tab may
 * run while a rebuild reads the customers, and the rebuild must not then store older text.
 * (Found by a review of the change: the sync consumed the edit's text mark, and the rebuild's
 * write put back the text it had read before the edit, with no mark left to mend it.)
 */
import { beforeEach, expect, it } from 'vitest';
import { resetDbForTests, type SoKhachDB } from '$lib/db/db';
import { FACTS_BLOCK, type DirtyMark } from '$lib/db/packs';
import { loadFacts } from './packs-facts';
import { customer } from './packs-fixtures';
import { loadTexts, syncTexts } from './packs-text';

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
	// More than one page of the rebuild's read (5,000), so a write can land between two pages.
	const ids = Array.from({ length: 3 * FACTS_BLOCK }, (_, i) => `c${String(i).padStart(6, '0')}`);
	await db.customers.bulkAdd(ids.map((id) => customer(id)));
});

it('keeps an edit that another tab’s text sync took in while a rebuild read the book', async () => {
	expect((globalThis.navigator as Navigator | undefined)?.locks).toBeUndefined();
	await loadTexts();
	await db.packs.put({ key: ['d', 'f', 'rebuild'], all: true } satisfies DirtyMark);
	let other: Promise<unknown> | null = null;
	await loadFacts({
		onProgress: (done) => {
			if (done >= 5000) {
				other ??= db.customers
					.update('c000001', { name: 'Tên Mới' })
					.then(() => syncTexts())
					.then((synced) => expect(synced).not.toBeNull());
			}
		}
	});
	expect(other).not.toBeNull();
	await other;
	const texts = await loadTexts();
	const k = texts[0].ids.indexOf('c000001');
	expect(texts[0].name[k]).toBe('Tên Mới');
}, 120_000);
