/**
 * Field comparisons: each returns a small integer level (0 = nothing to compare) that the model
 * in score.ts turns into a weight. They compare interned ids (prepare.ts, lexicon.ts), not
 * strings: equal values are equal integers, and the similarity of two words is computed once
 * per pair of words and cached. No allocation per call, as a scan makes millions of them.
 */
import {
	type Columns,
	emailCount,
	emailFirst,
	emailLength,
	F,
	genderOf,
	isSingle,
	middleCount,
	phoneCount,
	phoneDigitCount,
	PLACE_INLINE,
	placeCount,
	possibleCount,
	STRIDE,
	streetCount
} from './columns';
import { jaroWinkler, jaroWinklerAtLeast } from './jaro';
import { madeOfName } from './mailbox';
import {
	type Counter,
	digitsOneEdit,
	type Lexicon,
	ONE_EDIT,
	oneEditFolded,
	similarityBound
} from './lexicon';

export { jaroWinkler } from './jaro';

/** Levels of one name word. */
export const Word = {
	Missing: 0,
	/** Same word with the same marks (tone placement and i/y unified). */
	Toned: 1,
	/** Same letters, one written without marks. */
	Plain: 2,
	/** Same letters, different marks: Đoàn and Doãn. */
	MarkConflict: 3,
	/** Jaro-Winkler ≥ 0.92: a typo. */
	Close: 4,
	/** Jaro-Winkler ≥ 0.85. */
	Near: 5,
	Different: 6
} as const;
export type Word = (typeof Word)[keyof typeof Word];

/**
 * How often each word occurs in the book, so that two common names are not taken for a typo.
 * Asked with the toned spelling for a word written with marks, the folded one otherwise.
 */
export type WordCount = (word: string) => number;

/**
 * Two close spellings are two names, not a name and its typo, when the rarer is seen at least
 * ESTABLISHED times and at least TYPO_SHARE as often as the other: any one misspelling of a word
 * is a small fraction of its spellings (a few percent of records have a typo at all, spread over
 * many variants), so "Tun" seen 5 times beside "Tuấn" seen 800 times is a typo, while "Minh" and
 * "Linh", both in the hundreds, are two names.
 */
const ESTABLISHED = 3;
const TYPO_SHARE = 0.05;

/*
 * A word written with marks is judged established on its toned spelling, one without on its
 * folded one. Vietnamese names are told apart by their marks, and a dropped letter usually keeps
 * the word's marks: "Hải" typed "Hả" folds to "ha", the key of Hà, Hạ and every other "ha", so
 * on folded counts the typo looked like an established name and the pair like two people of one
 * household. "Hả", "Hạn" (Hạnh), "Ngâ" (Ngân), "Hơng" (Hương) are no one's names: their toned
 * spellings are seen a handful of times. Two real names (Hương and Hưng, Nga and Ngân) are both
 * common in their toned spellings and stay two names.
 */

function established(countA: number, countB: number): boolean {
	const low = Math.min(countA, countB);
	return low >= ESTABLISHED && low >= TYPO_SHARE * Math.max(countA, countB);
}

/** The level of two different words from their similarity and how common each is. */
function fuzzyLevel(jw: number, oneEdit: boolean, countA: number, countB: number): Word {
	if (jw < 0.85 && !oneEdit) return Word.Different;
	if (established(countA, countB)) return Word.Different;
	return jw >= 0.92 || oneEdit ? Word.Close : Word.Near;
}

/** One word compared as strings (folded and toned); the scan uses `wordLevel` on ids. */
export function compareWord(
	foldedA: string,
	tonedA: string,
	foldedB: string,
	tonedB: string,
	count: WordCount
): Word {
	if (foldedA === '' || foldedB === '') return Word.Missing;
	if (foldedA === foldedB) {
		if (tonedA === tonedB) return Word.Toned;
		if (tonedA === foldedA || tonedB === foldedB) return Word.Plain;
		return Word.MarkConflict;
	}
	const oneEdit = Math.min(foldedA.length, foldedB.length) >= 2 && oneEditFolded(foldedA, foldedB);
	return fuzzyLevel(
		jaroWinkler(foldedA, foldedB),
		oneEdit,
		count(tonedA === foldedA ? foldedA : tonedA),
		count(tonedB === foldedB ? foldedB : tonedB)
	);
}

/**
 * One word compared by ids: folded a, toned a, folded b, toned b (one words table); `count`
 * counts folded words, `toned` toned ones, in the role compared.
 */
export function wordLevel(
	lex: Lexicon,
	count: Counter,
	toned: Counter,
	fa: number,
	ta: number,
	fb: number,
	tb: number
): Word {
	if (fa < 0 || fb < 0) return Word.Missing;
	if (fa === fb) {
		if (ta === tb) return Word.Toned;
		if (ta === fa || tb === fb) return Word.Plain;
		return Word.MarkConflict;
	}
	const near = lex.near(fa, fb);
	if (near === 0) return Word.Different;
	const countA = ta === fa ? count.get(fa) : toned.get(ta);
	const countB = tb === fb ? count.get(fb) : toned.get(tb);
	if (established(countA, countB)) return Word.Different;
	return (near & 3) === 3 || (near & ONE_EDIT) !== 0 ? Word.Close : Word.Near;
}

export const Middle = {
	Missing: 0,
	Same: 1,
	/** One has middle names the other lacks ("Thị Thu" and "Thu"): costs nothing. */
	Subset: 2,
	Close: 3,
	Different: 4
} as const;
export type Middle = (typeof Middle)[keyof typeof Middle];

/**
 * How often each folded word occurs: as a given name, as a family name, anywhere in a name; and
 * each toned spelling as a given name, as a family name, and in either role.
 */
export interface NameCounts {
	given: Counter;
	family: Counter;
	words: Counter;
	givenToned: Counter;
	familyToned: Counter;
	namesToned: Counter;
}

export interface NameLevels {
	given: Word;
	family: Word;
	middle: Middle;
	/** Family and given matched crosswise. */
	swapped: boolean;
	/** For term frequencies: the record whose given (g) / family (f) role the match was made in. */
	givenFromFamily: boolean;
	familyFromGiven: boolean;
}

/** `list.includes(value)` for the short id lists of a record, as a plain loop. */
function has(list: ArrayLike<number>, value: number): boolean {
	for (let i = 0; i < list.length; i++) if (list[i] === value) return true;
	return false;
}

const goodness = (w: Word) => (w === Word.Missing || w === Word.Different ? 0 : 7 - w);

/** Middle names compared as strings. */
export function compareMiddle(a: readonly string[], b: readonly string[]): Middle {
	if (a.length === 0 || b.length === 0) return Middle.Missing;
	const ja = a.join(' ');
	const jb = b.join(' ');
	if (ja === jb) return Middle.Same;
	const [short, long] = a.length <= b.length ? [a, b] : [b, a];
	if (short.every((w) => long.includes(w))) return Middle.Subset;
	return jaroWinkler(ja, jb) >= 0.9 ? Middle.Close : Middle.Different;
}

function middleLevel(c: Columns, i: number, j: number): Middle {
	const row = c.row;
	const a = i * STRIDE;
	const b = j * STRIDE;
	const ni = middleCount(row, a);
	const nj = middleCount(row, b);
	if (ni === 0 || nj === 0) return Middle.Missing;
	const ji = row[a + F.middleJoined];
	const jj = row[b + F.middleJoined];
	if (ji === jj) return Middle.Same;
	if (ni > 1 || nj > 1) {
		// Is the shorter list inside the longer one? ("Thị Thu" and "Thu"): read from the records.
		const x = c.ix(i).middle;
		const y = c.ix(j).middle;
		const short = x.length <= y.length ? x : y;
		const long = x.length <= y.length ? y : x;
		let subset = true;
		for (let k = 0; k < short.length; k++) {
			if (!has(long, short[k])) {
				subset = false;
				break;
			}
		}
		if (subset) return Middle.Subset;
	}
	return (c.lex.near(ji, jj) & 3) >= 2 ? Middle.Close : Middle.Different;
}

const levels: NameLevels = {
	given: Word.Missing,
	family: Word.Missing,
	middle: Middle.Missing,
	swapped: false,
	givenFromFamily: false,
	familyFromGiven: false
};

/**
 * Names of slots i and j compared role by role. The result object is reused by the next call:
 * read it at once.
 */
export function compareNames(c: Columns, i: number, j: number, counts: NameCounts): NameLevels {
	const count = counts.words;
	const toned = counts.namesToned;
	const lex = c.lex;
	const row = c.row;
	const a = i * STRIDE;
	const b = j * STRIDE;
	levels.swapped = false;
	levels.givenFromFamily = false;
	levels.familyFromGiven = false;
	levels.middle = Middle.Missing;
	const gi = row[a + F.given];
	const gj = row[b + F.given];
	if (gi < 0 || gj < 0) {
		levels.given = Word.Missing;
		levels.family = Word.Missing;
		return levels;
	}
	const iSingle = isSingle(row, a);
	const jSingle = isSingle(row, b);
	if (iSingle || jSingle) {
		const s = iSingle ? a : b;
		const full = iSingle ? b : a;
		const fullSingle = iSingle ? jSingle : iSingle;
		const asGiven = wordLevel(
			lex,
			count,
			toned,
			row[s + F.given],
			row[s + F.givenToned],
			row[full + F.given],
			row[full + F.givenToned]
		);
		if (!fullSingle && goodness(asGiven) === 0) {
			const asFamily = wordLevel(
				lex,
				count,
				toned,
				row[s + F.given],
				row[s + F.givenToned],
				row[full + F.family],
				row[full + F.familyToned]
			);
			if (goodness(asFamily) > 0) {
				levels.given = Word.Missing;
				levels.family = asFamily;
				levels.familyFromGiven = true;
				return levels;
			}
		}
		levels.given = asGiven;
		levels.family = Word.Missing;
		return levels;
	}
	const ti = row[a + F.givenToned];
	const tj = row[b + F.givenToned];
	const fi = row[a + F.family];
	const fj = row[b + F.family];
	const ui = row[a + F.familyToned];
	const uj = row[b + F.familyToned];
	const g = wordLevel(lex, counts.given, counts.givenToned, gi, ti, gj, tj);
	const f = wordLevel(lex, counts.family, counts.familyToned, fi, ui, fj, uj);
	if (goodness(g) === 0 || goodness(f) === 0) {
		const g2 = wordLevel(lex, count, toned, gi, ti, fj, uj);
		const f2 = wordLevel(lex, count, toned, fi, ui, gj, tj);
		if (goodness(g2) + goodness(f2) > goodness(g) + goodness(f) && goodness(g2) > 0) {
			levels.given = g2;
			levels.family = f2;
			levels.swapped = true;
			levels.middle = middleLevel(c, i, j);
			return levels;
		}
	}
	levels.given = g;
	levels.family = f;
	levels.middle = middleLevel(c, i, j);
	return levels;
}

export const PhoneLevel = {
	Missing: 0,
	Same: 1,
	/** One number may be the other's old landline form. */
	Possible: 2,
	/** The last seven digits agree: a wrong or outdated prefix. */
	LastSeven: 3,
	/** One digit different, or two neighbours swapped. */
	OneEdit: 4,
	Different: 5
} as const;
export type PhoneLevel = (typeof PhoneLevel)[keyof typeof PhoneLevel];

/** Gender by honorific of a slot: 0 unknown, 1 male, 2 female. */
export function genderOfSlot(c: Columns, slot: number): number {
	return genderOf(c.row, slot * STRIDE);
}

/** Only one name word was given. */
export function singleName(c: Columns, slot: number): boolean {
	return isSingle(c.row, slot * STRIDE);
}

/**
 * One substitution or one swap of neighbours, same length. Read from the end, where two
 * different phone numbers differ at once (the front is "+849…" for most of them).
 */
export function oneEdit(a: string, b: string): boolean {
	if (a.length !== b.length) return false;
	let last = -1;
	let diffs = 0;
	for (let i = a.length - 1; i >= 0; i--) {
		if (a.charCodeAt(i) !== b.charCodeAt(i)) {
			if (++diffs > 2) return false;
			if (last < 0) last = i;
		}
	}
	if (diffs <= 1) return true;
	return (
		last > 0 &&
		a.charCodeAt(last) === b.charCodeAt(last - 1) &&
		a.charCodeAt(last - 1) === b.charCodeAt(last)
	);
}

/** The shared number (phones table id) found by comparePhones, for its term frequency. */
export let sharedPhone = -1;

export function comparePhones(c: Columns, i: number, j: number): PhoneLevel {
	const row = c.row;
	const a = i * STRIDE;
	const b = j * STRIDE;
	const ni = phoneCount(row, a);
	const nj = phoneCount(row, b);
	if (ni === 0 || nj === 0) return PhoneLevel.Missing;
	if (ni > 1 || nj > 1 || possibleCount(row, a) > 1 || possibleCount(row, b) > 1) {
		return comparePhoneLists(c, i, j);
	}
	const pi = row[a + F.phone0];
	const pj = row[b + F.phone0];
	if (pi === pj) {
		sharedPhone = pi;
		return PhoneLevel.Same;
	}
	const qi = row[a + F.possible0];
	if (qi >= 0 && qi === pj) {
		sharedPhone = qi;
		return PhoneLevel.Possible;
	}
	const qj = row[b + F.possible0];
	if (qj >= 0 && qj === pi) {
		sharedPhone = qj;
		return PhoneLevel.Possible;
	}
	const li = row[a + F.last70];
	if (li >= 0 && li === row[b + F.last70]) return PhoneLevel.LastSeven;
	const digits = phoneDigitCount(row, a);
	return digits !== 0 &&
		digits === phoneDigitCount(row, b) &&
		digitsOneEdit(
			row[a + F.phoneLow],
			row[a + F.phoneHigh],
			row[b + F.phoneLow],
			row[b + F.phoneHigh]
		)
		? PhoneLevel.OneEdit
		: PhoneLevel.Different;
}

/** Records with several phones: every number against every number. */
function comparePhoneLists(c: Columns, i: number, j: number): PhoneLevel {
	const a = c.ix(i);
	const b = c.ix(j);
	const pa = a.phones;
	const pb = b.phones;
	for (let k = 0; k < pa.length; k++) {
		if (has(pb, pa[k])) {
			sharedPhone = pa[k];
			return PhoneLevel.Same;
		}
	}
	for (let k = 0; k < a.possible.length; k++) {
		if (has(pb, a.possible[k])) {
			sharedPhone = a.possible[k];
			return PhoneLevel.Possible;
		}
	}
	for (let k = 0; k < b.possible.length; k++) {
		if (has(pa, b.possible[k])) {
			sharedPhone = b.possible[k];
			return PhoneLevel.Possible;
		}
	}
	let level: PhoneLevel = PhoneLevel.Different;
	for (let k = 0; k < pa.length; k++) {
		const l7 = a.last7[k];
		for (let m = 0; m < pb.length; m++) {
			if (l7 >= 0 && l7 === b.last7[m]) return PhoneLevel.LastSeven;
			if (c.lex.phonesOneEdit(pa[k], pb[m])) level = PhoneLevel.OneEdit;
		}
	}
	return level;
}

export const EmailLevel = {
	Missing: 0,
	Same: 1,
	/** Same mailbox name at another provider. */
	SameLocal: 2,
	Close: 3,
	Different: 4
} as const;
export type EmailLevel = (typeof EmailLevel)[keyof typeof EmailLevel];

/** The shared email (emails table id) found by compareEmails. */
export let sharedEmail = -1;

/**
 * Two different mailboxes that are alike (same name at another provider, or close) only because
 * each is made of its owner's name: the name comparison has counted that already, so the emails
 * say nothing more (mailbox.ts). Read from the records: such pairs are few.
 */
function alikeByName(c: Columns, i: number, j: number, ei: number, ej: number): boolean {
	const strings = c.lex.emails.strings;
	return madeOfName(strings[ei], c.nameTokens(i)) && madeOfName(strings[ej], c.nameTokens(j));
}

/** SameLocal or Close, unless the likeness is the names' (above). */
function alikeLevel(
	c: Columns,
	i: number,
	j: number,
	ei: number,
	ej: number,
	level: EmailLevel
): EmailLevel {
	return alikeByName(c, i, j, ei, ej) ? EmailLevel.Missing : level;
}

export function compareEmails(c: Columns, i: number, j: number): EmailLevel {
	const row = c.row;
	const ni = emailCount(row, i * STRIDE);
	const nj = emailCount(row, j * STRIDE);
	if (ni === 0 || nj === 0) return EmailLevel.Missing;
	if (ni === 1 && nj === 1) {
		const ei = row[i * STRIDE + F.email0];
		const ej = row[j * STRIDE + F.email0];
		if (ei === ej) {
			sharedEmail = ei;
			return EmailLevel.Same;
		}
		const a = i * STRIDE;
		const b = j * STRIDE;
		const li = row[a + F.emailLocal0];
		if (li >= 0 && li === row[b + F.emailLocal0]) {
			return alikeLevel(c, i, j, ei, ej, EmailLevel.SameLocal);
		}
		const bound = similarityBound(
			emailLength(row, a),
			emailLength(row, b),
			row[a + F.emailMask],
			row[b + F.emailMask],
			emailFirst(row, a) === emailFirst(row, b)
		);
		if (bound < 0.94) return EmailLevel.Different;
		return emailsClose(c.lex, ei, ej)
			? alikeLevel(c, i, j, ei, ej, EmailLevel.Close)
			: EmailLevel.Different;
	}
	const a = c.ix(i);
	const b = c.ix(j);
	let level: EmailLevel = EmailLevel.Different;
	let byName = false;
	for (let k = 0; k < a.emails.length; k++) {
		for (let m = 0; m < b.emails.length; m++) {
			const ek = a.emails[k];
			const em = b.emails[m];
			if (ek === em) {
				sharedEmail = ek;
				return EmailLevel.Same;
			}
			const sameLocal = a.emailLocals[k] >= 0 && a.emailLocals[k] === b.emailLocals[m];
			if (!sameLocal && (level !== EmailLevel.Different || !emailsClose(c.lex, ek, em))) continue;
			if (alikeByName(c, i, j, ek, em)) byName = true;
			else if (sameLocal) level = EmailLevel.SameLocal;
			else level = EmailLevel.Close;
		}
	}
	return level === EmailLevel.Different && byName ? EmailLevel.Missing : level;
}

/** Jaro-Winkler ≥ 0.94 (which needs lengths within 30% of each other). */
function emailsClose(lex: Lexicon, a: number, b: number): boolean {
	const x = lex.emails.strings[a];
	const y = lex.emails.strings[b];
	const short = Math.min(x.length, y.length);
	const long = Math.max(x.length, y.length);
	return short >= 0.7 * long && jaroWinklerAtLeast(x, y, 0.94);
}

export const DateLevel = {
	Missing: 0,
	Same: 1,
	/** Day and month swapped (dd/mm read as mm/dd). */
	Swapped: 2,
	/** Same day and month, one without a year. */
	NoYear: 3,
	/** One digit mistyped, or two neighbouring digits swapped (yyyymmdd). */
	OneDigit: 4,
	/** Two parts agree, the third is different by more than a digit. */
	OnePart: 5,
	Different: 6
} as const;
export type DateLevel = (typeof DateLevel)[keyof typeof DateLevel];

/** One digit different, or two neighbouring digits swapped, in two 8-digit numbers. */
function oneDigitApart(a: number, b: number): boolean {
	let diffs = 0;
	let first = -1;
	let x = a;
	let y = b;
	for (let k = 0; k < 8; k++) {
		if (x % 10 !== y % 10) {
			if (++diffs > 2) return false;
			if (first < 0) first = k;
			else if (k !== first + 1) return false;
		}
		x = Math.floor(x / 10);
		y = Math.floor(y / 10);
	}
	if (diffs <= 1) return true;
	// Two neighbouring digits differ: a swap when each holds the other's digit.
	const p = 10 ** first;
	const a0 = Math.floor(a / p) % 10;
	const a1 = Math.floor(a / (p * 10)) % 10;
	const b0 = Math.floor(b / p) % 10;
	const b1 = Math.floor(b / (p * 10)) % 10;
	return a0 === b1 && a1 === b0;
}

export function compareBirthdays(a: number, b: number): DateLevel {
	if (a < 0 || b < 0) return DateLevel.Missing;
	if (a === b) return DateLevel.Same;
	const ya = Math.floor(a / 10000);
	const yb = Math.floor(b / 10000);
	const ma = Math.floor(a / 100) % 100;
	const mb = Math.floor(b / 100) % 100;
	const da = a % 100;
	const db = b % 100;
	if ((ya === 0 || yb === 0) && ma === mb && da === db) return DateLevel.NoYear;
	if ((ya === yb || ya === 0 || yb === 0) && ma === db && da === mb) return DateLevel.Swapped;
	if (ya !== 0 && yb !== 0 && oneDigitApart(a, b)) return DateLevel.OneDigit;
	const parts = (ya === yb ? 1 : 0) + (ma === mb ? 1 : 0) + (da === db ? 1 : 0);
	if (parts === 2) return DateLevel.OnePart;
	return DateLevel.Different;
}

export const AddressLevel = {
	Missing: 0,
	Same: 1,
	/** Same number, same or nearly the same street. */
	Street: 2,
	/** Many words in common. */
	Overlap: 3,
	Weak: 4,
	Different: 5
} as const;
export type AddressLevel = (typeof AddressLevel)[keyof typeof AddressLevel];

function streetsAgree(c: Columns, i: number, j: number): boolean {
	const row = c.row;
	const a = i * STRIDE;
	const b = j * STRIDE;
	const ni = streetCount(row, a);
	const nj = streetCount(row, b);
	if (ni === 0 || nj === 0) return false;
	const si = row[a + F.streetJoined];
	const sj = row[b + F.streetJoined];
	if (si === sj) return true;
	// One street a prefix of the other ("le loi" and "le loi ben thanh").
	if (row[a + F.street0] === row[b + F.street0] && ni !== nj) {
		// A one-word street is a prefix of any street starting with that word.
		if (ni === 1 || nj === 1) return true;
		const x = c.ix(i).street;
		const y = c.ix(j).street;
		const n = Math.min(x.length, y.length);
		let prefix = true;
		for (let k = 0; k < n; k++) {
			if (x[k] !== y[k]) {
				prefix = false;
				break;
			}
		}
		if (prefix) return true;
	}
	return (c.lex.near(si, sj) & 3) >= 2;
}

/** Address words of two slots, in scratch space when a record has more than the row holds. */
let wordsA: Int32Array = new Int32Array(64);
let wordsB: Int32Array = new Int32Array(64);

function loadPlace(c: Columns, slot: number, into: Int32Array): Int32Array {
	const row = c.row;
	const at = slot * STRIDE;
	const n = placeCount(row, at);
	if (n <= PLACE_INLINE) {
		for (let k = 0; k < n; k++) into[k] = row[at + F.place + k];
		return into;
	}
	const place = c.ix(slot).place;
	const out = place.length > into.length ? new Int32Array(place.length * 2) : into;
	for (let k = 0; k < place.length; k++) out[k] = place[k];
	return out;
}

/** Words of A found among B's. */
function exactCommon(na: number, nb: number): number {
	let common = 0;
	for (let x = 0; x < na; x++) {
		const w = wordsA[x];
		for (let y = 0; y < nb; y++) {
			if (wordsB[y] === w) {
				common++;
				break;
			}
		}
	}
	return common;
}

/** Unmatched words of A, four letters or more, that find a near spelling (≥ 0.9) in B. */
function typoCommon(lex: Lexicon, na: number, nb: number): number {
	const strings = lex.words.strings;
	let found = 0;
	outer: for (let x = 0; x < na; x++) {
		const w = wordsA[x];
		if (strings[w].length < 4) continue;
		for (let y = 0; y < nb; y++) if (wordsB[y] === w) continue outer;
		for (let y = 0; y < nb; y++) {
			if (strings[wordsB[y]].length >= 4 && (lex.near(w, wordsB[y]) & 3) >= 2) {
				found++;
				break;
			}
		}
	}
	return found;
}

function overlapLevel(share: number, streetSame: boolean, numberConflict: boolean): AddressLevel {
	if (streetSame && !numberConflict && share >= 0.5) return AddressLevel.Overlap;
	if (share >= 0.75 && !numberConflict) return AddressLevel.Overlap;
	if (share >= 0.5) return AddressLevel.Weak;
	return AddressLevel.Different;
}

export function compareAddresses(c: Columns, i: number, j: number): AddressLevel {
	const row = c.row;
	const a = i * STRIDE;
	const b = j * STRIDE;
	const ni = placeCount(row, a);
	const nj = placeCount(row, b);
	if (ni === 0 || nj === 0) return AddressLevel.Missing;
	const numberI = row[a + F.number];
	const numberJ = row[b + F.number];
	const numberSame = numberI >= 0 && numberI === numberJ;
	const streetSame = streetsAgree(c, i, j);
	const sameStreet = row[a + F.streetJoined] === row[b + F.streetJoined];
	if (numberSame && streetSame && sameStreet) return AddressLevel.Same;
	if (numberSame && streetSame) return AddressLevel.Street;
	const numberConflict = numberI >= 0 && numberJ >= 0 && numberI !== numberJ;
	const shorter = Math.min(ni, nj);
	wordsA = loadPlace(c, i, wordsA);
	wordsB = loadPlace(c, j, wordsB);
	const common = exactCommon(ni, nj);
	const level = overlapLevel(common / shorter, streetSame, numberConflict);
	// A typo-tolerant match (worth 0.8 of a word) is the costly part: only for addresses that
	// already share a word, and only when it could change the level.
	const unmatched = ni - common;
	if (common === 0 || unmatched === 0) return level;
	if (overlapLevel((common + 0.8 * unmatched) / shorter, streetSame, numberConflict) === level) {
		return level;
	}
	const soft = common + 0.8 * typoCommon(c.lex, ni, nj);
	return overlapLevel(soft / shorter, streetSame, numberConflict);
}

export const IdLevel = {
	Missing: 0,
	Same: 1,
	Near: 2,
	Different: 3
} as const;
export type IdLevel = (typeof IdLevel)[keyof typeof IdLevel];

export function compareIds(c: Columns, i: number, j: number): IdLevel {
	const a = c.row[i * STRIDE + F.extraId];
	const b = c.row[j * STRIDE + F.extraId];
	if (a < 0 || b < 0) return IdLevel.Missing;
	if (a === b) return IdLevel.Same;
	return oneEdit(c.lex.ids.strings[a], c.lex.ids.strings[b]) ? IdLevel.Near : IdLevel.Different;
}
