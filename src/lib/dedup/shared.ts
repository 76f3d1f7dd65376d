/**
 * The measured book as a second worker needs it to compare pairs (helper.ts): the columns'
 * rows, every record's lists (middle names, phones, emails, street and address words, name
 * words) as ids in a few flat arrays, the lexicon and the model, then the blocks. Sent once by
 * structured clone. The records themselves do not cross: a million records sent as objects
 * would take seconds to copy, flat arrays of integers are copied whole.
 */
import { Columns, LIST_KINDS, STRIDE, type ListKind, type RareLists } from './columns';
import { Counter, Lexicon } from './lexicon';
import type { Interned } from './prepare';
import type { Model } from './score';

/** A list of ids per slot, in two arrays: slot s has ids[start[s]…start[s+1]-1]. */
export interface IdLists {
	start: Int32Array;
	ids: Int32Array;
}

export interface SharedBook {
	size: number;
	/** The columns' rows, slots 0…size-1. */
	row: Int32Array<ArrayBuffer>;
	/** Every slot's lists, and its name words (words table ids). */
	lists: Record<ListKind | 'tokens', IdLists>;
	lex: Lexicon;
	model: Omit<Model, 'lex'>;
}

/** What training changes in the model, sent to the helper once EM is done. */
export type Trained = Pick<Model, 'm' | 'u' | 'w' | 'priorLog2Odds' | 'duplicateRate'>;

export function trainedOf(model: Model): Trained {
	const { m, u, w, priorLog2Odds, duplicateRate } = model;
	return { m, u, w, priorLog2Odds, duplicateRate };
}

/** Growing lists of ids, slot after slot. */
class ListBuilder {
	private readonly start: Int32Array;
	private ids = new Int32Array(1024);
	private slots = 0;

	constructor(size: number) {
		this.start = new Int32Array(size + 1);
	}

	add(list: ArrayLike<number>): void {
		let at = this.start[this.slots];
		if (at + list.length > this.ids.length) {
			const bigger = new Int32Array(Math.max(at + list.length, this.ids.length * 2));
			bigger.set(this.ids);
			this.ids = bigger;
		}
		for (let k = 0; k < list.length; k++) this.ids[at++] = list[k];
		this.start[++this.slots] = at;
	}

	/** Every slot of `lists`, each id looked up in `map` (-1 stays -1). */
	append({ start, ids }: IdLists, map: Int32Array): void {
		const slots = start.length - 1;
		const base = this.start[this.slots];
		const count = start[slots];
		if (base + count > this.ids.length) {
			const bigger = new Int32Array(Math.max(base + count, this.ids.length * 2));
			bigger.set(this.ids);
			this.ids = bigger;
		}
		for (let k = 0; k < count; k++) {
			const id = ids[k];
			this.ids[base + k] = id < 0 ? id : map[id];
		}
		for (let s = 1; s <= slots; s++) this.start[this.slots + s] = base + start[s];
		this.slots += slots;
	}

	done(): IdLists {
		return { start: this.start, ids: this.ids.slice(0, this.start[this.slots]) };
	}
}

/**
 * Every record's lists, gathered while the columns are laid out (measureBook), in slot order:
 * each record is at hand then, where walking a million records again afterwards costs a cache
 * miss at every step.
 */
export class SlotListsBuilder {
	private readonly kinds: Record<ListKind | 'tokens', ListBuilder>;

	constructor(size: number) {
		const kinds = {} as Record<ListKind | 'tokens', ListBuilder>;
		for (const kind of [...LIST_KINDS, 'tokens'] as const) kinds[kind] = new ListBuilder(size);
		this.kinds = kinds;
	}

	/** The next slot's lists. */
	add(x: Interned): void {
		const k = this.kinds;
		k.middle.add(x.middle);
		k.phones.add(x.phones);
		k.possible.add(x.possible);
		k.last7.add(x.last7);
		k.emails.add(x.emails);
		k.emailLocals.add(x.emailLocals);
		k.street.add(x.street);
		k.place.add(x.place);
		k.tokens.add(x.tokens);
	}

	/** The slots of another builder's lists (`done`), their ids looked up in `mapOf(kind)`. */
	append(lists: SharedBook['lists'], mapOf: (kind: ListKind | 'tokens') => Int32Array): void {
		for (const [kind, builder] of Object.entries(this.kinds)) {
			const k = kind as ListKind | 'tokens';
			builder.append(lists[k], mapOf(k));
		}
	}

	done(): SharedBook['lists'] {
		const out = {} as SharedBook['lists'];
		for (const [kind, builder] of Object.entries(this.kinds)) {
			out[kind as ListKind | 'tokens'] = builder.done();
		}
		return out;
	}
}

/**
 * What a helper needs of a measured book, the blocks aside (sent apart, so that the helper
 * takes the book in while this worker blocks); `lists` from a SlotListsBuilder fed every slot.
 */
export function shareBook(columns: Columns, model: Model, lists: SharedBook['lists']): SharedBook {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { lex, ...rest } = model;
	return {
		size: columns.size,
		row: columns.row.slice(0, columns.size * STRIDE),
		lists,
		lex: columns.lex,
		model: rest
	};
}

const listAt = ({ start, ids }: IdLists, slot: number) =>
	ids.subarray(start[slot], start[slot + 1]);

/** One slot's lists, each cut out of the shared arrays when read. */
class SlotLists implements RareLists {
	constructor(
		private readonly lists: SharedBook['lists'],
		private readonly slot: number
	) {}
	get middle() {
		return listAt(this.lists.middle, this.slot);
	}
	get phones() {
		return listAt(this.lists.phones, this.slot);
	}
	get possible() {
		return listAt(this.lists.possible, this.slot);
	}
	get last7() {
		return listAt(this.lists.last7, this.slot);
	}
	get emails() {
		return listAt(this.lists.emails, this.slot);
	}
	get emailLocals() {
		return listAt(this.lists.emailLocals, this.slot);
	}
	get street() {
		return listAt(this.lists.street, this.slot);
	}
	get place() {
		return listAt(this.lists.place, this.slot);
	}
}

/** Columns whose lists are read from flat arrays: rows as given, no record kept. */
class FlatColumns extends Columns {
	constructor(
		lex: Lexicon,
		row: Int32Array<ArrayBuffer>,
		size: number,
		private readonly lists: SharedBook['lists']
	) {
		super(lex, 0);
		this.row = row;
		this.size = size;
		this.capacity = size;
	}

	override ix(slot: number): RareLists {
		return new SlotLists(this.lists, slot);
	}

	override nameTokens(slot: number): readonly string[] {
		const strings = this.lex.words.strings;
		return Array.from(listAt(this.lists.tokens, slot), (id) => strings[id]);
	}
}

/**
 * Columns written slot after slot with `Columns.write` (no record kept), and the lists a
 * SlotListsBuilder gathered of the same slots, as one.
 */
export function flatColumns(columns: Columns, lists: SharedBook['lists']): Columns {
	return new FlatColumns(columns.lex, columns.row, columns.size, lists);
}

/** The book a helper compares with, from what `shareBook` sent (its classes given back). */
export function reviveBook(shared: SharedBook): { columns: Columns; model: Model } {
	const lex = Lexicon.revive(shared.lex);
	const model = { ...shared.model, lex } as Model;
	for (const value of Object.values(model)) {
		if (typeof value === 'object' && value !== null && 'counts' in value) {
			Counter.revive(value as Counter);
		}
	}
	return { columns: new FlatColumns(lex, shared.row, shared.size, shared.lists), model };
}
