/**
 * A part of the book prepared by another worker (helper.ts), in a lexicon of its own, and its
 * merge into the scanning worker's book. Preparing is a third of a large scan and ran on one
 * core while the helper waited; from engine.ts PREPARE_SPLIT_FROM records each prepares half.
 *
 * The merge gives exactly the book one worker preparing every record would have built: each of
 * the part's tables is interned again in the order of its own ids, which is the order of first
 * sight within the part, so a string the book has not seen yet gets the id one worker would
 * have given it; rows, lists, counts are then read through those maps. Block keys are hashes of
 * the strings, not ids: they are taken as they are.
 */
import type { BlockKeys } from './blocking';
import { F, PLACE_INLINE, placeCount, STRIDE, type Columns, type ListKind } from './columns';
import type { Lexicon } from './lexicon';
import type { Model } from './score';
import type { SharedBook, SlotListsBuilder } from './shared';

type TableName = 'words' | 'phones' | 'emails' | 'ids' | 'last7';
type CounterName =
	| 'given'
	| 'givenToned'
	| 'family'
	| 'familyToned'
	| 'words'
	| 'namesToned'
	| 'phone'
	| 'email'
	| 'id';
type WithName = 'withGiven' | 'withFamily' | 'withPhone' | 'withEmail' | 'withDate' | 'withId';

const LIST_TABLE: Record<ListKind | 'tokens', TableName> = {
	middle: 'words',
	phones: 'phones',
	possible: 'phones',
	last7: 'last7',
	emails: 'emails',
	emailLocals: 'emails',
	street: 'words',
	place: 'words',
	tokens: 'words'
};

const COUNTER_TABLE: Record<CounterName, TableName> = {
	given: 'words',
	givenToned: 'words',
	family: 'words',
	familyToned: 'words',
	words: 'words',
	namesToned: 'words',
	phone: 'phones',
	email: 'emails',
	id: 'ids'
};

const WITH: readonly WithName[] = [
	'withGiven',
	'withFamily',
	'withPhone',
	'withEmail',
	'withDate',
	'withId'
];

/** The row fields that hold ids, and their tables (the address words after them, `place`). */
const ROW_TABLE: readonly [number, TableName][] = [
	[F.given, 'words'],
	[F.givenToned, 'words'],
	[F.family, 'words'],
	[F.familyToned, 'words'],
	[F.middle0, 'words'],
	[F.middleJoined, 'words'],
	[F.phone0, 'phones'],
	[F.last70, 'last7'],
	[F.possible0, 'phones'],
	[F.email0, 'emails'],
	[F.emailLocal0, 'emails'],
	[F.number, 'words'],
	[F.street0, 'words'],
	[F.streetJoined, 'words'],
	[F.postcode, 'words'],
	[F.extraId, 'ids']
];

/** Records from…from+size-1 of a book of `total`, prepared: what crosses back to the scan. */
export interface PreparedPart {
	from: number;
	size: number;
	total: number;
	/** Rows, lists and counts in the part's own ids. */
	row: Int32Array<ArrayBuffer>;
	lists: SharedBook['lists'];
	strings: Record<Exclude<TableName, 'last7'>, string[]>;
	lastSevens: Int32Array<ArrayBuffer>;
	counts: Record<CounterName, Int32Array<ArrayBuffer>>;
	date: [number, number][];
	records: number;
	with: Record<WithName, number>;
	/** Block keys of the part's records (their slots in the book), packed as BlockKeys keeps them. */
	keys: Float64Array<ArrayBuffer>;
}

/** What a builder of the part hands over (builder.ts `part`). */
export function partOf(
	from: number,
	total: number,
	columns: Columns,
	lists: SharedBook['lists'],
	model: Model,
	keys: BlockKeys
): PreparedPart {
	const { lex } = model;
	const counts = {} as PreparedPart['counts'];
	for (const name of Object.keys(COUNTER_TABLE) as CounterName[]) {
		counts[name] = model[name].counts.slice();
	}
	const withCounts = {} as PreparedPart['with'];
	for (const name of WITH) withCounts[name] = model[name];
	return {
		from,
		size: columns.size,
		total,
		row: columns.row.slice(0, columns.size * STRIDE),
		lists,
		strings: {
			words: lex.words.strings,
			phones: lex.phones.strings,
			emails: lex.emails.strings,
			ids: lex.ids.strings
		},
		lastSevens: lex.lastSevens(),
		counts,
		date: [...model.date],
		records: model.records,
		with: withCounts,
		keys: keys.emitted()
	};
}

/** The typed arrays of a part, handed over rather than copied. */
export function partBuffers(part: PreparedPart): ArrayBuffer[] {
	const out: ArrayBufferLike[] = [part.row.buffer, part.lastSevens.buffer, part.keys.buffer];
	for (const l of Object.values(part.lists)) out.push(l.start.buffer, l.ids.buffer);
	for (const c of Object.values(part.counts)) out.push(c.buffer);
	return out as ArrayBuffer[];
}

/** Each of the part's ids, per table, as the id `lex` gives its string (interned in id order). */
function mapsInto(lex: Lexicon, part: PreparedPart): Record<TableName, Int32Array> {
	const map = (strings: readonly string[], id: (s: string) => number) => {
		const out = new Int32Array(strings.length);
		for (let k = 0; k < strings.length; k++) out[k] = id(strings[k]);
		return out;
	};
	const last7 = new Int32Array(part.lastSevens.length);
	for (let k = 0; k < last7.length; k++) last7[k] = lex.lastSeven(part.lastSevens[k]);
	return {
		words: map(part.strings.words, (s) => lex.words.id(s)),
		phones: map(part.strings.phones, (s) => lex.phones.id(s)),
		emails: map(part.strings.emails, (s) => lex.emails.id(s)),
		ids: map(part.strings.ids, (s) => lex.ids.id(s)),
		last7
	};
}

/**
 * Merges a part into a book being built: its rows into `columns` at the part's slots (the slots
 * before it written already), its lists after theirs, its counts into `model`, its keys into
 * `keys`.
 */
export function mergePart(
	part: PreparedPart,
	columns: Columns,
	lists: SlotListsBuilder,
	model: Model,
	keys: BlockKeys
): void {
	// Every check before anything is interned: a refused part leaves the book as it was.
	if (columns.size !== part.from) {
		throw new Error(`A part from slot ${part.from} given after ${columns.size} slots`);
	}
	const row = columns.row;
	if (row.length < (part.from + part.size) * STRIDE) {
		throw new Error(`No room for a part of ${part.size} records`);
	}
	if (part.total !== keys.records) {
		throw new Error(`A part of a book of ${part.total} records, not ${keys.records}`);
	}
	const maps = mapsInto(model.lex, part);
	const fields = ROW_TABLE.map(([field, table]) => ({ field, map: maps[table] }));
	row.set(part.row, part.from * STRIDE);
	for (let s = 0; s < part.size; s++) {
		const at = (part.from + s) * STRIDE;
		for (const { field, map } of fields) {
			const id = row[at + field];
			if (id >= 0) row[at + field] = map[id];
		}
		const places = Math.min(PLACE_INLINE, placeCount(row, at));
		for (let k = 0; k < places; k++) row[at + F.place + k] = maps.words[row[at + F.place + k]];
	}
	columns.size = part.from + part.size;
	lists.append(part.lists, (kind) => maps[LIST_TABLE[kind]]);
	for (const name of Object.keys(COUNTER_TABLE) as CounterName[]) {
		const counts = part.counts[name];
		const map = maps[COUNTER_TABLE[name]];
		const counter = model[name];
		for (let id = 0; id < counts.length && id < map.length; id++) {
			if (counts[id] > 0) counter.add(map[id], counts[id]);
		}
	}
	for (const [day, count] of part.date) model.date.set(day, (model.date.get(day) ?? 0) + count);
	model.records += part.records;
	for (const name of WITH) model[name] += part.with[name];
	keys.append(part.keys, part.total);
}
