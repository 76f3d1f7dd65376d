/**
 * The book as a full scan measures it, one prepared record at a time: the record's keys are
 * written into the columns' row, its lists appended to flat arrays, its values counted and its
 * blocking keys hashed, and then the record is let go. Kept until the end of the scan, 100,000
 * prepared records were about a million small objects that the collector copied and marked
 * over and over; let go at once, they die young, which costs it next to nothing.
 */
import {
	addRecordKeys,
	BlockKeys,
	emitYearKeys,
	neighbourhoodPartsOf,
	type Blocks
} from './blocking';
import { Columns, F, STRIDE } from './columns';
import { mergePart, partOf, type PreparedPart } from './part';
import type { PreparedRecord } from './prepare';
import { countRecord, emptyModel, type Model } from './score';
import { flatColumns, SlotListsBuilder, type IdLists, type SharedBook } from './shared';

/** The measured book: each slot's id, the model fitted to the book, the interned keys. */
export interface Book {
	ids: readonly string[];
	model: Model;
	/** Slot i: the i-th record. */
	columns: Columns;
}

export class BookBuilder {
	readonly model: Model = emptyModel();
	private readonly written: Columns;
	private readonly lists: SlotListsBuilder;
	private readonly keys: BlockKeys;
	private readonly ids: string[];
	private size = 0;
	/** The lists as flat arrays, once done. */
	private flat: SharedBook['lists'] | null = null;

	/**
	 * `n`: how many records will be added (or merged). A builder of a part of a book (`part`)
	 * is given where the part starts and how many records the book has: its block keys name the
	 * records by their slot in the book.
	 */
	constructor(
		private readonly n: number,
		private readonly within: { from: number; total: number } = { from: 0, total: n }
	) {
		this.written = new Columns(this.model.lex, n);
		this.lists = new SlotListsBuilder(n);
		this.keys = new BlockKeys(within.total, n);
		this.ids = new Array<string>(n);
	}

	/** The next slot's record. */
	add(r: PreparedRecord): void {
		const slot = this.size++;
		this.written.write(slot, r);
		this.lists.add(r.ix);
		countRecord(this.model, r, 1);
		this.ids[slot] = r.id;
		// The v keys wait for the counts (blocks).
		addRecordKeys(this.keys, this.within.from + slot, r, null);
	}

	/** The records added, as a part of a book for another worker's builder to `merge`. */
	part(): PreparedPart {
		if (this.size !== this.n) throw new Error(`${this.size} records added of ${this.n}`);
		const { from, total } = this.within;
		return partOf(from, total, this.written, this.lists.done(), this.model, this.keys);
	}

	/** The next slots' records, prepared by another worker (`part`); `ids`: theirs. */
	merge(part: PreparedPart, ids: readonly string[]): void {
		if (ids.length !== part.size) throw new Error(`${ids.length} ids for ${part.size} records`);
		if (this.size + part.size > this.n) throw new Error(`No room for ${part.size} records`);
		mergePart(part, this.written, this.lists, this.model, this.keys);
		for (let k = 0; k < ids.length; k++) this.ids[this.size + k] = ids[k];
		this.size += part.size;
	}

	/** The book (u not measured yet), and its lists as flat arrays, for a helper too. */
	done(): { book: Book; lists: SharedBook['lists'] } {
		if (this.size !== this.n) throw new Error(`${this.size} records added of ${this.n}`);
		const lists = this.lists.done();
		this.flat = lists;
		const columns = flatColumns(this.written, lists);
		return { book: { ids: this.ids, model: this.model, columns }, lists };
	}

	/**
	 * The blocks, once `done`: the v keys are added now that it is known which name words are
	 * common (`isCommon`, by id in the words table).
	 */
	blocks(isCommon: (word: number) => boolean): Blocks {
		const lists = this.flat;
		if (lists === null) throw new Error('The book is not done yet');
		const { row } = this.written;
		const strings = this.model.lex.words.strings;
		const { keys } = this;
		const wordsOf = (slot: number) => wordList(lists.tokens, slot, strings);
		const common = (w: string) => isCommon(this.model.lex.words.find(w));
		for (let slot = 0; slot < this.n; slot++) {
			const birthday = row[slot * STRIDE + F.birthday];
			// No birth year (no birthday, or its day and month only): no v key, no words to list.
			if (birthday < 10000) continue;
			keys.record = slot;
			emitYearKeys(birthday, wordsOf(slot), common, keys.emit);
		}
		return keys.blocks((slot) => {
			const at = slot * STRIDE;
			const street = row[at + F.streetJoined];
			const number = row[at + F.number];
			return neighbourhoodPartsOf(
				row[at + F.birthday],
				street < 0 ? '' : strings[street],
				number < 0 ? '' : strings[number],
				wordsOf(slot).join(' ')
			);
		});
	}
}

function wordList({ start, ids }: IdLists, slot: number, strings: readonly string[]): string[] {
	const out = new Array<string>(start[slot + 1] - start[slot]);
	for (let k = start[slot]; k < start[slot + 1]; k++) out[k - start[slot]] = strings[ids[k]];
	return out;
}
