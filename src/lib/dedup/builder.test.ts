import { describe, expect, it } from 'vitest';
import { buildBlocks, type Blocks } from './blocking';
import { BookBuilder, type Book } from './builder';
import { LIST_KINDS, STRIDE } from './columns';
import { measureBook } from './engine';
import { preparePart } from './helper';
import { prepareRecord } from './prepare';
import { generateVnTestSet } from './vn-testset';

/** A book with namesakes enough for large blocks, birthdays with and without a year. */
const book = () =>
	generateVnTestSet({ people: 3000, seed: 11 }).map((r, k) =>
		// Every ninth birthday without its year, as shops often keep them.
		k % 9 === 0 && /^\d{4}-/.test(r.birthday) ? { ...r, birthday: `--${r.birthday.slice(5)}` } : r
	);

/** Every slot's row, lists and name words of `actual` as in `expected`. */
function expectSameSlots(actual: Book, expected: Book, n: number): void {
	expect(Array.from(actual.columns.row.subarray(0, n * STRIDE))).toEqual(
		Array.from(expected.columns.row.subarray(0, n * STRIDE))
	);
	for (let s = 0; s < n; s++) {
		const x = expected.columns.ix(s);
		const y = actual.columns.ix(s);
		for (const key of LIST_KINDS) {
			expect([s, key, Array.from(y[key])]).toEqual([s, key, Array.from(x[key])]);
		}
		expect(actual.columns.nameTokens(s)).toEqual(expected.columns.nameTokens(s));
	}
}

function expectSameBlocks(actual: Blocks, expected: Blocks): void {
	expect(expected.largeBlocks).toBeGreaterThan(5);
	expect(actual.largeBlocks).toBe(expected.largeBlocks);
	for (const key of ['members', 'runStart', 'runEnd', 'runMode', 'offsets', 'positions'] as const) {
		expect([key, Array.from(actual[key])]).toEqual([key, Array.from(expected[key])]);
	}
}

describe('BookBuilder', { timeout: 60_000 }, () => {
	it('measures and blocks a book as the records kept whole do', () => {
		const kept = measureBook(book().map(prepareRecord));
		const records = book().map(prepareRecord);
		const builder = new BookBuilder(records.length);
		for (const r of records) builder.add(r);
		const { book: built } = builder.done();
		const n = records.length;

		expect(built.ids).toEqual(records.map((r) => r.id));
		expectSameSlots(built, kept, n);
		expect(built.model.words.counts).toEqual(kept.model.words.counts);
		expect(built.model.phone.counts).toEqual(kept.model.phone.counts);
		expect([...built.model.date]).toEqual([...kept.model.date]);

		// The v keys added after counting and the neighbourhood keys read back from the rows
		// give the blocks the prepared records give.
		const commonFrom = 12;
		const { lex, words } = kept.model;
		const expected = buildBlocks(records, (w) => words.get(lex.words.find(w)) > commonFrom);
		expectSameBlocks(
			builder.blocks((w) => built.model.words.get(w) > commonFrom),
			expected
		);
	});

	it('merges a part prepared in a lexicon of its own into exactly the book one builder makes', () => {
		const records = book();
		const n = records.length;
		const whole = new BookBuilder(n);
		for (const r of records) whole.add(prepareRecord(r));
		// The part's strings, rows and lists are in ids of its own lexicon, and cross by
		// structured clone as between two workers.
		const split = 1234;
		const part = structuredClone(
			preparePart({ length: n - split, at: (k) => records[split + k] }, split, n)
		);
		expect(part.strings.words.length).toBeGreaterThan(100);
		const merged = new BookBuilder(n);
		for (const r of records.slice(0, split)) merged.add(prepareRecord(r));
		merged.merge(
			part,
			records.slice(split).map((r) => r.id)
		);
		const a = whole.done().book;
		const b = merged.done().book;

		expect(b.ids).toEqual(a.ids);
		expectSameSlots(b, a, n);
		const { lex } = a.model;
		for (const table of ['words', 'phones', 'emails', 'ids'] as const) {
			expect([table, b.model.lex[table].strings]).toEqual([table, lex[table].strings]);
		}
		expect(Array.from(b.model.lex.lastSevens())).toEqual(Array.from(lex.lastSevens()));
		for (const key of Object.keys(a.model) as (keyof typeof a.model)[]) {
			if (key === 'lex') continue;
			expect([key, b.model[key]]).toEqual([key, a.model[key]]);
		}

		const common = (book: typeof a) => (w: number) => book.model.words.get(w) > 12;
		expectSameBlocks(merged.blocks(common(b)), whole.blocks(common(a)));
	});

	it('refuses a part that does not follow the slots given', () => {
		const records = book().slice(0, 30);
		const part = preparePart({ length: 10, at: (k) => records[20 + k] }, 20, 30);
		const builder = new BookBuilder(30);
		for (const r of records.slice(0, 10)) builder.add(prepareRecord(r));
		expect(() =>
			builder.merge(
				part,
				records.slice(20).map((r) => r.id)
			)
		).toThrow('from slot 20 given after 10');
	});

	it('refuses a part of another book before taking in any of its words', () => {
		const records = book().slice(0, 40);
		// Slots 10…19 of a book of 40, given to a book of 20.
		const part = preparePart({ length: 10, at: (k) => records[10 + k] }, 10, 40);
		const builder = new BookBuilder(20);
		for (const r of records.slice(0, 10)) builder.add(prepareRecord(r));
		const { words: table } = builder.model.lex;
		// The part holds words this book has not seen: taking them in would show.
		expect(part.strings.words.some((w) => table.find(w) < 0)).toBe(true);
		const before = table.size;
		expect(() =>
			builder.merge(
				part,
				records.slice(10, 20).map((r) => r.id)
			)
		).toThrow('a book of 40 records, not 20');
		expect(table.size).toBe(before);
	});

	it('refuses to block a book before it is done', () => {
		const builder = new BookBuilder(1);
		expect(() => builder.blocks(() => false)).toThrow('not done');
	});

	it('refuses to finish a book it was not given whole', () => {
		const builder = new BookBuilder(3);
		builder.add(
			prepareRecord({ id: 'a', name: 'An', phones: [], emails: [], address: '', birthday: '' })
		);
		expect(() => builder.done()).toThrow('1 records added of 3');
	});
});
