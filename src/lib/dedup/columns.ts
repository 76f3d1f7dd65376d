/**
 * The interned keys of every record of a book in one Int32Array, a fixed-size row of integers
 * per record (128 bytes: two cache lines), so that scoring a pair reads two rows instead of
 * following pointers through two records' objects, arrays and strings. Candidate pairs come in
 * no useful memory order, so what counts is how many cache lines a pair touches. A record's
 * first phone and first email are in the row, and up to PLACE_INLINE address words; the rare
 * second phone or email, long middle names and long addresses are read from the record.
 */
import { letterMask, type Lexicon } from './lexicon';
import { internRecord, type PreparedRecord } from './prepare';

/** Field offsets in a row. */
export const F = {
	given: 0,
	givenToned: 1,
	family: 2,
	familyToned: 3,
	middle0: 4,
	middleJoined: 5,
	phone0: 6,
	last70: 7,
	possible0: 8,
	email0: 9,
	emailLocal0: 10,
	birthday: 11,
	number: 12,
	street0: 13,
	streetJoined: 14,
	postcode: 15,
	extraId: 16,
	/**
	 * Four bits each: middle words, phones, possible phones, emails (at most 15 counted); then the
	 * first email's length (8 bits) and first character (8 bits).
	 */
	counts: 17,
	/**
	 * Bytes: street count, address word count, flags (bit 0 single name, bits 1–2 gender), digits
	 * of the first phone (0: not a plain number).
	 */
	counts2: 18,
	/** The first phone's last six digits and the digits before them. */
	phoneLow: 19,
	phoneHigh: 20,
	/** The address words, up to PLACE_INLINE of them. */
	place: 21,
	/** Letter classes of the first email (see Lexicon.near), for a quick bound on its similarity. */
	emailMask: 31
} as const;

export const PLACE_INLINE = 10;
export const STRIDE = 32;

const byte = (v: number) => Math.min(255, v);
const nibble = (v: number) => Math.min(15, v);

export class Columns {
	readonly lex: Lexicon;
	/** The records, by slot. */
	records: PreparedRecord[] = [];
	capacity = 0;
	/** Slots in use: 0…size-1. */
	size = 0;
	row = new Int32Array(0);

	constructor(lex: Lexicon, capacity = 0) {
		this.lex = lex;
		this.grow(Math.max(capacity, 16));
	}

	private grow(capacity: number): void {
		const row = new Int32Array(capacity * STRIDE);
		row.set(this.row);
		this.row = row;
		this.capacity = capacity;
	}

	/** Writes a record into a slot (a new slot at the end when slot = size), and keeps it. */
	set(slot: number, r: PreparedRecord): void {
		this.write(slot, r);
		this.records[slot] = r;
	}

	/**
	 * Writes a record's row only: the record is not kept, so `ix` and `nameTokens` cannot answer
	 * for the slot (the scan reads them from flat lists instead, shared.ts `flatColumns`).
	 */
	write(slot: number, r: PreparedRecord): void {
		if (slot >= this.capacity) this.grow(Math.max(slot + 1, this.capacity * 2));
		if (slot >= this.size) this.size = slot + 1;
		const x = internRecord(this.lex, r);
		const row = this.row;
		const at = slot * STRIDE;
		row[at + F.given] = x.given;
		row[at + F.givenToned] = x.givenToned;
		row[at + F.family] = x.family;
		row[at + F.familyToned] = x.familyToned;
		row[at + F.middle0] = x.middle.length > 0 ? x.middle[0] : -1;
		row[at + F.middleJoined] = x.middleJoined;
		row[at + F.phone0] = x.phones.length > 0 ? x.phones[0] : -1;
		row[at + F.last70] = x.last7.length > 0 ? x.last7[0] : -1;
		row[at + F.possible0] = x.possible.length > 0 ? x.possible[0] : -1;
		row[at + F.email0] = x.emails.length > 0 ? x.emails[0] : -1;
		row[at + F.emailLocal0] = x.emailLocals.length > 0 ? x.emailLocals[0] : -1;
		row[at + F.birthday] = r.birthday;
		row[at + F.number] = x.number;
		row[at + F.street0] = x.street.length > 0 ? x.street[0] : -1;
		row[at + F.streetJoined] = x.streetJoined;
		row[at + F.postcode] = x.postcode;
		row[at + F.extraId] = x.extraId;
		const email = x.emails.length > 0 ? this.lex.emails.strings[x.emails[0]] : '';
		row[at + F.counts] =
			nibble(x.middle.length) |
			(nibble(x.phones.length) << 4) |
			(nibble(x.possible.length) << 8) |
			(nibble(x.emails.length) << 12) |
			(byte(email.length) << 16) |
			((email.charCodeAt(0) & 255) << 24);
		row[at + F.emailMask] = letterMask(email);
		const flags = (r.name.single ? 1 : 0) | (r.name.gender << 1);
		const digits = x.phones.length > 0 ? this.lex.phoneParts(x.phones[0]) : null;
		row[at + F.phoneLow] = digits === null ? -1 : digits[0];
		row[at + F.phoneHigh] = digits === null ? -1 : digits[1];
		row[at + F.counts2] =
			byte(x.street.length) |
			(byte(x.place.length) << 8) |
			(flags << 16) |
			((digits === null ? 0 : digits[2]) << 24);
		const n = Math.min(PLACE_INLINE, x.place.length);
		for (let k = 0; k < n; k++) row[at + F.place + k] = x.place[k];
	}

	/** A slot's lists, for the comparisons the row cannot answer alone. */
	ix(slot: number): RareLists {
		return this.records[slot].ix;
	}

	/** A slot's folded name words. */
	nameTokens(slot: number): readonly string[] {
		return this.records[slot].name.tokens;
	}
}

/** The lists comparing reads of a record besides its row (compare.ts), when the row holds too few. */
export const LIST_KINDS = [
	'middle',
	'phones',
	'possible',
	'last7',
	'emails',
	'emailLocals',
	'street',
	'place'
] as const;
export type ListKind = (typeof LIST_KINDS)[number];
export type RareLists = { readonly [K in ListKind]: ArrayLike<number> };

/** Number of middle words of a row (at = slot × STRIDE). */
export const middleCount = (row: Int32Array, at: number) => row[at + F.counts] & 15;
export const phoneCount = (row: Int32Array, at: number) => (row[at + F.counts] >>> 4) & 15;
export const possibleCount = (row: Int32Array, at: number) => (row[at + F.counts] >>> 8) & 15;
export const emailCount = (row: Int32Array, at: number) => (row[at + F.counts] >>> 12) & 15;
export const emailLength = (row: Int32Array, at: number) => (row[at + F.counts] >>> 16) & 255;
export const emailFirst = (row: Int32Array, at: number) => row[at + F.counts] >>> 24;
export const streetCount = (row: Int32Array, at: number) => row[at + F.counts2] & 255;
export const placeCount = (row: Int32Array, at: number) => (row[at + F.counts2] >>> 8) & 255;
export const isSingle = (row: Int32Array, at: number) => ((row[at + F.counts2] >>> 16) & 1) === 1;
export const genderOf = (row: Int32Array, at: number) => (row[at + F.counts2] >>> 17) & 3;
export const phoneDigitCount = (row: Int32Array, at: number) => row[at + F.counts2] >>> 24;

/** The columns of a list of records, interned into `lex`. */
export function columnsOf(lex: Lexicon, records: readonly PreparedRecord[]): Columns {
	const c = new Columns(lex, records.length);
	for (let i = 0; i < records.length; i++) c.set(i, records[i]);
	return c;
}
