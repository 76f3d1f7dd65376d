/**
 * The book as the duplicate engine reads it (book.ts): from the text blocks beside the facts
 * blocks, which must follow every customer write, and which must not keep what an erased or
 * anonymised customer was.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
	createCustomer,
	editCustomerField,
	emptyTrash,
	trashCustomers,
	updateCustomer
} from '$lib/db/customers';
import { getDb, resetDbForTests } from '$lib/db/db';
import { anonymiseCustomer, eraseCustomer } from '$lib/db/erase';
import { undo } from '$lib/db/history';
import {
	META_KEY,
	TEXT_VERSION,
	type DirtyMark,
	type FactsBlock,
	type PacksMeta
} from '$lib/db/packs';
import { rowsOf } from '$lib/reports/packs-common';
import { customer } from '$lib/reports/packs-fixtures';
import { loadFacts } from '$lib/reports/packs-facts';
import { customerToDedupRecord } from './adapter';
import { readDedupBook as readBook } from './book';

/** The book's records, made one by one as a scan asks for them. */
async function readDedupBook() {
	const book = await readBook();
	return Array.from({ length: book.length }, (_, k) => book.at(k)!);
}

beforeEach(async () => {
	await resetDbForTests();
});

/** What reading every customer record gave: live customers, in the order of their ids. */
async function fromRecords() {
	const all = await getDb().customers.orderBy(':id').toArray();
	return all.filter((c) => c.deletedAt === undefined).map(customerToDedupRecord);
}

async function seed(): Promise<string[]> {
	const ids: string[] = [];
	for (const [name, phones, emails, address] of [
		['Nguyễn Thị Hương', '0912 345 678', 'huong.nguyen@gmail.com', '12 Lê Lợi'],
		['chị Lan', '01629 123 456', '', ''],
		['Trần Văn Nam', '0987 654 321, 028 3822 1234', 'nam@example.com', '5 Hai Bà Trưng'],
		['Lê Minh', 'không có', '', '']
	]) {
		ids.push((await createCustomer({ name, phones, emails, address })).id);
	}
	return ids;
}

/** Every pack row, as text: what a look into IndexedDB would find. */
async function packsText(): Promise<string> {
	return JSON.stringify(await getDb().packs.toArray());
}

describe('readDedupBook', () => {
	it('gives every live customer as the records would, and follows every kind of write', async () => {
		const [hương, lan, nam, minh] = await seed();
		expect(await readDedupBook()).toEqual(await fromRecords());
		expect((await readDedupBook()).map((r) => r.name)).toContain('Nguyễn Thị Hương');

		await editCustomerField(hương, 'name', 'Nguyễn Thị Thu Hương');
		await editCustomerField(lan, 'city', 'Đà Nẵng');
		await updateCustomer(nam, { emails: [{ value: 'nam.tran@example.com', valid: true }] });
		await trashCustomers([minh]);
		const added = await createCustomer({ name: 'Phạm Bảo', phones: '0903 111 222' });
		const book = await readDedupBook();
		expect(book).toEqual(await fromRecords());
		expect(book.map((r) => r.id)).not.toContain(minh);
		expect(book.map((r) => r.id)).toContain(added.id);
		expect(book.find((r) => r.id === hương)?.name).toBe('Nguyễn Thị Thu Hương');
		expect(book.find((r) => r.id === lan)?.address).toBe('Đà Nẵng');

		await undo();
		await emptyTrash();
		expect(await readDedupBook()).toEqual(await fromRecords());

		// A patch appends a newcomer to the last block, out of id order: put back in order.
		await getDb().customers.add(customer('0-first', { name: 'Đỗ Thị An' }));
		const sorted = await readDedupBook();
		expect(sorted[0].id).toBe('0-first');
		expect(sorted).toEqual(await fromRecords());
	});

	it('keeps no trace of an erased or anonymised customer, from the write on', async () => {
		const [hương, , nam] = await seed();
		await readDedupBook();
		expect(await packsText()).toContain('Nguyễn Thị Hương');
		expect(await packsText()).toContain('nam@example.com');

		await eraseCustomer(hương, 'customer-request');
		await anonymiseCustomer(nam, 'customer-request');
		// Before any report or scan brings the blocks up to date.
		const left = await packsText();
		for (const trace of ['Nguyễn Thị Hương', 'huong.nguyen', '12 Lê Lợi', '+84912345678']) {
			expect(left).not.toContain(trace);
		}
		for (const trace of ['Trần Văn Nam', 'nam@example.com', '5 Hai Bà Trưng', '+84987654321']) {
			expect(left).not.toContain(trace);
		}
		expect(await readDedupBook()).toEqual(await fromRecords());
	});

	it('builds the text blocks of a book whose blocks an earlier version left, keeping ordinals', async () => {
		await seed();
		await loadFacts();
		const db = getDb();
		const before = (await db.packs.get(META_KEY)) as PacksMeta;
		const ordinals = (await rowsOf(db, 'f').toArray()).flatMap((b) =>
			Array.from((b as FactsBlock).ord)
		);
		// As schema v8's first release left them: facts blocks, no text blocks, no text version.
		await rowsOf(db, 't').delete();
		await db.packs.put({ ...before, text: undefined });

		expect(await readDedupBook()).toEqual(await fromRecords());
		const after = (await db.packs.get(META_KEY)) as PacksMeta;
		expect(after.text).toBe(TEXT_VERSION);
		expect(after.epoch).toBe(before.epoch);
		expect(
			(await rowsOf(db, 'f').toArray()).flatMap((b) => Array.from((b as FactsBlock).ord))
		).toEqual(ordinals);
	});

	it('builds every block again when a block to patch has lost its text block', async () => {
		const [hương] = await seed();
		await loadFacts();
		const db = getDb();
		await rowsOf(db, 't').delete();
		await editCustomerField(hương, 'name', 'Nguyễn Hương');
		const book = await readDedupBook();
		expect(book).toEqual(await fromRecords());
		expect(book.find((r) => r.id === hương)?.name).toBe('Nguyễn Hương');
		expect(await rowsOf(db, 't').count()).toBe(await rowsOf(db, 'f').count());
	});

	it('builds the text blocks again after an earlier app in another tab wrote the facts alone', async () => {
		const [hương, lan] = await seed();
		await readDedupBook();
		const db = getDb();
		// That app's patch: the mark consumed, the facts block rewritten, rev counted on.
		await editCustomerField(hương, 'name', 'Nguyễn Thị Thu Hương');
		await rowsOf(db, 'd', 'f').delete();
		const meta = (await db.packs.get(META_KEY)) as PacksMeta;
		await db.packs.put({ ...meta, rev: (meta.rev ?? 0) + 1 });
		expect((await readDedupBook()).find((r) => r.id === hương)?.name).toBe('Nguyễn Thị Thu Hương');

		// Its purge: a customer deleted for good taken out of the facts block only.
		const texts = await rowsOf(db, 't').toArray();
		await db.customers.delete(lan);
		await rowsOf(db, 'd', 'f').delete();
		await db.packs.bulkPut(texts);
		const book = await readDedupBook();
		expect(book).toEqual(await fromRecords());
		expect(book.map((r) => r.id)).not.toContain(lan);
	});

	it('leaves the text blocks to the duplicate engine: a report patches the facts alone', async () => {
		const [hương] = await seed();
		await readDedupBook();
		const db = getDb();
		const texts = await rowsOf(db, 't').toArray();
		await editCustomerField(hương, 'name', 'Nguyễn Thị Thu Hương');
		await loadFacts();
		expect(await rowsOf(db, 't').toArray()).toEqual(texts);
		expect(await rowsOf(db, 'd', 't').count()).toBe(1);
		expect((await readDedupBook()).find((r) => r.id === hương)?.name).toBe('Nguyễn Thị Thu Hương');
		expect(await rowsOf(db, 'd', 't').count()).toBe(0);
	});

	it('builds the text blocks again after a write an earlier version marked for the facts only', async () => {
		const [hương] = await seed();
		await readDedupBook();
		const db = getDb();
		await editCustomerField(hương, 'name', 'Nguyễn Thị Thu Hương');
		// As that version marks: no 't' twin, no `text` on the facts' mark.
		await rowsOf(db, 'd', 't').delete();
		await rowsOf(db, 'd', 'f').modify((m) => {
			delete (m as DirtyMark).text;
		});
		await loadFacts();
		expect((await readDedupBook()).find((r) => r.id === hương)?.name).toBe('Nguyễn Thị Thu Hương');
		expect(await readDedupBook()).toEqual(await fromRecords());
	});

	it('drops the text blocks at the next report after an earlier version erased a customer', async () => {
		const [hương] = await seed();
		await readDedupBook();
		const db = getDb();
		// That version purges the facts blocks only, and marks them only.
		const texts = await rowsOf(db, 't').toArray();
		await db.customers.delete(hương);
		await db.packs.bulkPut(texts);
		await rowsOf(db, 'd', 't').delete();
		await rowsOf(db, 'd', 'f').modify((m) => {
			delete (m as DirtyMark).text;
		});
		expect(await packsText()).toContain('Nguyễn Thị Hương');
		await loadFacts();
		expect(await packsText()).not.toContain('Nguyễn Thị Hương');
		expect(await readDedupBook()).toEqual(await fromRecords());
	});
});
