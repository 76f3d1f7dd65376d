/**
 * A record turned into the keys the engine compares, once, before any pair is looked at; then
 * interned (`internRecord`): every key also as an integer of the book's lexicon, which is what
 * scoring compares.
 */
import { addressKey, type AddressKey } from './address';
import { birthdayKey, emailKeys, extraIdKey } from './keys';
import type { Lexicon } from './lexicon';
import { parseName, type ParsedName } from './names';
import { phoneKeys } from './phone-keys';
import type { DedupRecord } from './types';

/** The keys of a record as lexicon ids (-1: none). */
export interface Interned {
	/** The lexicon the ids belong to. */
	lex: Lexicon | null;
	given: number;
	givenToned: number;
	family: number;
	familyToned: number;
	/** Folded middle words, and all of them joined by spaces. */
	middle: number[];
	middleJoined: number;
	/** Folded words of the whole name, in order. */
	tokens: number[];
	phones: number[];
	possible: number[];
	/** Last seven digits of each phone, in the phones table (same order as `phones`). */
	last7: number[];
	emails: number[];
	/** Local part of each email when it has four characters or more, else -1. */
	emailLocals: number[];
	number: number;
	/** Street words, and the street joined by spaces. */
	street: number[];
	streetJoined: number;
	/** Address words (words table). */
	place: number[];
	/** The postcode (4–6 digits other than the house number), in the words table. */
	postcode: number;
	extraId: number;
}

export interface PreparedRecord {
	id: string;
	name: ParsedName;
	/** E.164 keys. */
	phones: string[];
	/** Numbers the same text may also mean (old landlines). */
	phonesPossible: string[];
	emails: string[];
	/** yyyymmdd (year 0 when unknown), -1 when none. */
	birthday: number;
	address: AddressKey;
	extraId: string;
	ix: Interned;
}

/** Shared by every record without such values (never written to). */
const NONE: number[] = [];
const NO_KEYS: string[] = [];

function emptyInterned(): Interned {
	return {
		lex: null,
		given: -1,
		givenToned: -1,
		family: -1,
		familyToned: -1,
		middle: NONE,
		middleJoined: -1,
		tokens: NONE,
		phones: NONE,
		possible: NONE,
		last7: NONE,
		emails: NONE,
		emailLocals: NONE,
		number: -1,
		street: NONE,
		streetJoined: -1,
		place: NONE,
		postcode: -1,
		extraId: -1
	};
}

export function prepareRecord(record: DedupRecord): PreparedRecord {
	const phones = phoneKeys(record.phones);
	const emails = emailKeys(record.emails);
	// Every record is kept for the whole scan: an empty list shared by all costs the collector
	// nothing, 100,000 empty lists do.
	return {
		id: record.id,
		name: parseName(record.name, record.salutation),
		phones: phones.exact.length === 0 ? NO_KEYS : phones.exact,
		phonesPossible: phones.possible.length === 0 ? NO_KEYS : phones.possible,
		emails: emails.length === 0 ? NO_KEYS : emails,
		birthday: birthdayKey(record.birthday),
		address: addressKey(record.address),
		extraId: extraIdKey(record.extraId),
		ix: emptyInterned()
	};
}

function ids(table: { id(s: string): number }, values: readonly string[]): number[] {
	if (values.length === 0) return NONE;
	const out = new Array<number>(values.length);
	for (let i = 0; i < values.length; i++) out[i] = table.id(values[i]);
	return out;
}

export type NameIds = Pick<
	Interned,
	'lex' | 'given' | 'givenToned' | 'family' | 'familyToned' | 'middle' | 'middleJoined' | 'tokens'
>;

function internName(lex: Lexicon, n: ParsedName): NameIds {
	let ids_ = n.ids;
	if (ids_ === undefined || ids_.lex !== lex) {
		const { words } = lex;
		ids_ = {
			lex,
			given: words.id(n.given),
			givenToned: words.id(n.givenToned),
			family: words.id(n.family),
			familyToned: words.id(n.familyToned),
			middle: ids(words, n.middle),
			middleJoined: n.middle.length === 0 ? -1 : words.id(n.middle.join(' ')),
			tokens: ids(words, n.tokens)
		};
		n.ids = ids_;
	}
	return ids_;
}

/** Interns a record's keys into `lex` (again when it was interned into another lexicon). */
export function internRecord(lex: Lexicon, r: PreparedRecord): Interned {
	const x = r.ix;
	if (x.lex === lex) return x;
	const { words, phones, emails } = lex;
	x.lex = lex;
	// Parsed names are shared by every record with that spelling: their ids are interned once.
	const n = internName(lex, r.name);
	x.given = n.given;
	x.givenToned = n.givenToned;
	x.family = n.family;
	x.familyToned = n.familyToned;
	x.middle = n.middle;
	x.middleJoined = n.middleJoined;
	x.tokens = n.tokens;
	x.phones = ids(phones, r.phones);
	x.possible = ids(phones, r.phonesPossible);
	x.last7 = x.phones.length === 0 ? NONE : x.phones.map((p) => lex.phoneLastSeven(p));
	x.emails = ids(emails, r.emails);
	x.emailLocals = x.emails.length === 0 ? NONE : x.emails.map((e) => lex.emailLocal(e));
	const a = r.address;
	x.number = words.id(a.number);
	x.street = ids(words, a.street);
	x.streetJoined = a.street.length === 0 ? -1 : words.id(a.street.join(' '));
	x.place = ids(words, a.tokens);
	x.postcode = words.id(a.postcode);
	x.extraId = lex.ids.id(r.extraId);
	return x;
}
