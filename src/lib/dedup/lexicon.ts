/**
 * Interning: every word, phone, email and identifier of the book gets a small integer once, at
 * prepare time, so that scoring compares integers instead of strings and looks term frequencies
 * up in typed arrays instead of maps. Similarities of two words are computed once per pair of
 * words and cached: Vietnamese names repeat enormously (a book of 100,000 customers has a few
 * hundred given names), so Jaro-Winkler runs a few thousand times instead of millions.
 */
import { jaroWinklerFrom } from './jaro';
import { lastDigits } from './phone-keys';

/** A count per id (term frequencies), grown on demand. */
export class Counter {
	counts = new Int32Array(64);

	get(id: number): number {
		return id < 0 || id >= this.counts.length ? 0 : this.counts[id];
	}

	add(id: number, by: number): void {
		if (id < 0) return;
		if (id >= this.counts.length) {
			let size = this.counts.length * 2;
			while (size <= id) size *= 2;
			const bigger = new Int32Array(size);
			bigger.set(this.counts);
			this.counts = bigger;
		}
		this.counts[id] = Math.max(0, this.counts[id] + by);
	}

	clear(): void {
		this.counts.fill(0);
	}

	/** A counter that crossed to another worker, its class given back (see Lexicon.revive). */
	static revive(cloned: Counter): Counter {
		return Object.setPrototypeOf(cloned, Counter.prototype) as Counter;
	}
}

/**
 * A string table: string → id (0, 1, 2…) and back. Open addressing over typed arrays with each
 * id's hash kept, rather than a `Map`: at a million customers the tables hold millions of
 * phones, emails and words, and a `Map` look-up there costs several cache misses (a fifth of the
 * scan went into them); here a probe reads one slot and one hash, and the string only on a
 * likely hit. Ids are given in order of first sight, as before.
 */
export class Table {
	readonly strings: string[] = [];
	/** Slot → id, -1 empty; the capacity is a power of two, at most half full. */
	private slots = new Int32Array(1024).fill(-1);
	/** Id → its string's hash. */
	private hashes = new Int32Array(512);

	/** The id of a string (interned on first sight); -1 for the empty string. */
	id(s: string): number {
		if (s === '') return -1;
		const h = stringHash(s);
		const mask = this.slots.length - 1;
		let slot = h & mask;
		for (;;) {
			const id = this.slots[slot];
			if (id === -1) break;
			if (this.hashes[id] === h && this.strings[id] === s) return id;
			slot = (slot + 1) & mask;
		}
		const id = this.strings.length;
		this.strings.push(s);
		if (id === this.hashes.length) {
			const hashes = new Int32Array(id * 2);
			hashes.set(this.hashes);
			this.hashes = hashes;
		}
		this.hashes[id] = h;
		this.slots[slot] = id;
		if ((id + 1) * 2 > this.slots.length) this.rehash();
		return id;
	}

	/** The id of a string already in the table, or -1. */
	find(s: string): number {
		if (s === '') return -1;
		const h = stringHash(s);
		const mask = this.slots.length - 1;
		for (let slot = h & mask; ; slot = (slot + 1) & mask) {
			const id = this.slots[slot];
			if (id === -1) return -1;
			if (this.hashes[id] === h && this.strings[id] === s) return id;
		}
	}

	get size(): number {
		return this.strings.length;
	}

	private rehash(): void {
		const slots = new Int32Array(this.slots.length * 2).fill(-1);
		const mask = slots.length - 1;
		for (let id = 0; id < this.strings.length; id++) {
			let slot = this.hashes[id] & mask;
			while (slots[slot] !== -1) slot = (slot + 1) & mask;
			slots[slot] = id;
		}
		this.slots = slots;
	}
}

/** Non-negative integers (below 2^31) → ids 0, 1, 2… in order of first sight, as `Table`. */
class NumberTable {
	private slots = new Int32Array(1024).fill(-1);
	private values = new Int32Array(512);
	private count = 0;

	/** The values, by id. */
	list(): Int32Array<ArrayBuffer> {
		return this.values.slice(0, this.count);
	}

	id(value: number): number {
		const mask = this.slots.length - 1;
		let slot = mix(value) & mask;
		for (;;) {
			const id = this.slots[slot];
			if (id === -1) break;
			if (this.values[id] === value) return id;
			slot = (slot + 1) & mask;
		}
		const id = this.count++;
		if (id === this.values.length) {
			const values = new Int32Array(id * 2);
			values.set(this.values);
			this.values = values;
		}
		this.values[id] = value;
		this.slots[slot] = id;
		if (this.count * 2 > this.slots.length) {
			const slots = new Int32Array(this.slots.length * 2).fill(-1);
			const wider = slots.length - 1;
			for (let k = 0; k < this.count; k++) {
				let at = mix(this.values[k]) & wider;
				while (slots[at] !== -1) at = (at + 1) & wider;
				slots[at] = k;
			}
			this.slots = slots;
		}
		return id;
	}
}

function mix(x: number): number {
	let h = Math.imul(x, 0x9e3779b1);
	h ^= h >>> 15;
	h = Math.imul(h, 0x85ebca6b);
	return h ^ (h >>> 13);
}

/** FNV-1a over the UTF-16 code units, then mixed so that the low bits (the slot) vary. */
function stringHash(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	return h ^ (h >>> 13);
}

/** Flag of `near`: the two words are one edit apart. */
export const ONE_EDIT = 4;

/** Could two words be one edit apart, from their lengths and letters? (A cheap necessary test.) */
function mayBeOneEdit(la: number, lb: number, maskA: number, maskB: number): boolean {
	if (Math.abs(la - lb) > 1 || Math.min(la, lb) < 2) return false;
	// Each word has at most one letter class the other lacks (two after a substitution: one each).
	return popcount(maskA & ~maskB) <= 1 && popcount(maskB & ~maskA) <= 1;
}

/** Letter-class bits of y and i (`letterMask`). */
const Y_BIT = 1 << 24;
const I_BIT = 1 << 8;

/** A letter mask with y counted as i: a folded final i may have been written y (see below). */
function yAsI(mask: number): number {
	return (mask & Y_BIT) === 0 ? mask : (mask & ~Y_BIT) | I_BIT;
}

/**
 * The folded word with its final i written y again, when that i may have been a y (after a
 * consonant, or after qu: `unifyFinalY` in names.ts makes "Lý" and "Lí" one key); null otherwise.
 */
function finalYAgain(w: string): string | null {
	const n = w.length;
	if (n < 2 || w.charCodeAt(n - 1) !== 105) return null;
	const before = w.charAt(n - 2);
	if ('aeiouy'.includes(before) && !w.endsWith('qui')) return null;
	return w.slice(0, n - 1) + 'y';
}

/**
 * One edit apart as typed: a typo in a name ending in y ("Huy" typed "Hy", "Thủy" typed "Tủhy",
 * "Quý" typed "Qýu") leaves a y after a consonant, which folding writes i ("hi", "tuhi", "qyu"
 * against "qui"), two edits from the name. Each word is also tried with its final i as y.
 */
export function oneEditFolded(a: string, b: string): boolean {
	if (oneEditApart(a, b)) return true;
	const a2 = finalYAgain(a);
	if (a2 !== null && oneEditApart(a2, b)) return true;
	const b2 = finalYAgain(b);
	return b2 !== null && oneEditApart(a, b2);
}

/**
 * One substitution, insertion, deletion or swap of neighbours (Damerau-Levenshtein distance 1;
 * 0 is not one edit).
 */
export function oneEditApart(a: string, b: string): boolean {
	if (a === b) return false;
	const la = a.length;
	const lb = b.length;
	if (Math.abs(la - lb) > 1) return false;
	let i = 0;
	while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
	if (la === lb) {
		if (a.slice(i + 1) === b.slice(i + 1)) return true;
		return (
			i + 1 < la &&
			a.charCodeAt(i) === b.charCodeAt(i + 1) &&
			a.charCodeAt(i + 1) === b.charCodeAt(i) &&
			a.slice(i + 2) === b.slice(i + 2)
		);
	}
	return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** log2 of the similarity cache's slots; it is emptied when three quarters full. */
const CACHE_BITS = 19;

/** The tables of one book, and the similarity cache of its words. */
export class Lexicon {
	/** Name words (folded and toned), joined middle names, address words and streets. */
	readonly words = new Table();
	/** E.164 phones (and digits of numbers that are not valid). */
	readonly phones = new Table();
	/** Canonical emails and their local parts. */
	readonly emails = new Table();
	readonly ids = new Table();
	/** Last seven digits of phones (as numbers) → ids of their own. */
	private readonly last7 = new NumberTable();

	/**
	 * A lexicon that crossed to another worker (structured clone keeps the fields, not the
	 * classes): its classes given back, in place.
	 */
	static revive(cloned: Lexicon): Lexicon {
		Object.setPrototypeOf(cloned, Lexicon.prototype);
		for (const table of [cloned.words, cloned.phones, cloned.emails, cloned.ids]) {
			Object.setPrototypeOf(table, Table.prototype);
		}
		Object.setPrototypeOf(cloned.last7, NumberTable.prototype);
		return cloned;
	}

	/** The id of a phone's last seven digits. */
	lastSeven(digits: number): number {
		return this.last7.id(digits);
	}

	/** The last seven digits of phones, by their id (`lastSeven`). */
	lastSevens(): Int32Array<ArrayBuffer> {
		return this.last7.list();
	}

	/**
	 * Per phone id, the id of its last seven digits (-1: fewer than seven); per email id, the id
	 * of its local part (-1: shorter than four characters). Worked out once per phone or email
	 * rather than once per record that holds it; -2 = not yet.
	 */
	private lastSevenOf = new Int32Array(0);
	private localOf = new Int32Array(0);

	/** The last-seven id of a phone (phones table id): what `lastSeven` gives for its digits. */
	phoneLastSeven(phone: number): number {
		if (phone >= this.lastSevenOf.length) this.lastSevenOf = grown(this.lastSevenOf, phone);
		let id = this.lastSevenOf[phone];
		if (id === -2) {
			const last = lastDigits(this.phones.strings[phone]);
			id = last.length === 7 ? this.lastSeven(Number(last)) : -1;
			this.lastSevenOf[phone] = id;
		}
		return id;
	}

	/** The id of an email's local part ("@" + the part before the @, in the emails table). */
	emailLocal(email: number): number {
		if (email >= this.localOf.length) this.localOf = grown(this.localOf, email);
		let id = this.localOf[email];
		if (id === -2) {
			const e = this.emails.strings[email];
			const local = e.slice(0, e.lastIndexOf('@'));
			id = local.length >= 4 ? this.emails.id('@' + local) : -1;
			this.localOf[email] = id;
		}
		return id;
	}
	/**
	 * Open-addressing cache of word-pair similarity codes (`near`): keys (two ids, -1 = empty
	 * slot) and codes in typed arrays, so a look-up costs a multiply and a compare or two, and no
	 * allocation.
	 */
	private readonly keyA = new Int32Array(1 << CACHE_BITS).fill(-1);
	private readonly keyB = new Int32Array(1 << CACHE_BITS);
	private readonly code = new Uint8Array(1 << CACHE_BITS);
	private filled = 0;
	/** Per word: length, first character and letter-class mask. */
	private wordLength = new Uint8Array(0);
	private wordFirst = new Uint16Array(0);
	private wordMask = new Int32Array(0);

	/** Words measured so far (ids below this have their length, first letter and mask). */
	private measured = 0;

	private measureWords(): void {
		const strings = this.words.strings;
		if (strings.length > this.wordLength.length) {
			const size = Math.max(strings.length, this.wordLength.length * 2, 256);
			const length = new Uint8Array(size);
			const first = new Uint16Array(size);
			const mask = new Int32Array(size);
			length.set(this.wordLength);
			first.set(this.wordFirst);
			mask.set(this.wordMask);
			this.wordLength = length;
			this.wordFirst = first;
			this.wordMask = mask;
		}
		for (let i = this.measured; i < strings.length; i++) {
			const w = strings[i];
			this.wordLength[i] = Math.min(255, w.length);
			this.wordFirst[i] = w.charCodeAt(0);
			this.wordMask[i] = letterMask(w);
		}
		this.measured = strings.length;
	}

	/**
	 * How similar two words (ids) are, as a code: 0 Jaro-Winkler below 0.85, 1 at least 0.85, 2 at
	 * least 0.9, 3 at least 0.92; plus ONE_EDIT when one letter was added, dropped, changed or
	 * swapped with its neighbour (Jaro-Winkler misses that in short words: "anh" and "ahn" score
	 * 0.56, "van" and "von" 0.80, and Vietnamese given names are two to five letters). An upper bound from lengths and shared letters rules most pairs
	 * out without computing anything (two names rarely share enough letters); the rest are
	 * computed once per pair of words and cached.
	 */
	near(a: number, b: number): number {
		if (a === b) return a < 0 ? 0 : 3;
		if (a < 0 || b < 0) return 0;
		if (a >= this.measured || b >= this.measured) this.measureWords();
		const la = this.wordLength[a];
		const lb = this.wordLength[b];
		const bound = similarityBound(
			la,
			lb,
			this.wordMask[a],
			this.wordMask[b],
			this.wordFirst[a] === this.wordFirst[b]
		);
		if (
			bound < 0.85 &&
			la < 255 &&
			lb < 255 &&
			!mayBeOneEdit(la, lb, yAsI(this.wordMask[a]), yAsI(this.wordMask[b]))
		) {
			return 0;
		}
		const lo = a < b ? a : b;
		const hi = a < b ? b : a;
		const mask = (1 << CACHE_BITS) - 1;
		let slot = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) >>> (32 - CACHE_BITS);
		const keyA = this.keyA;
		for (;;) {
			const k = keyA[slot];
			if (k === -1) break;
			if (k === lo && this.keyB[slot] === hi) return this.code[slot];
			slot = (slot + 1) & mask;
		}
		const x = this.words.strings[lo];
		const y = this.words.strings[hi];
		// -1 (below 0.85, code 0) as soon as the letters left cannot reach it: most pairs that
		// pass the bound above still fall short, and are given up early.
		const s = jaroWinklerFrom(x, y, 0.85);
		let code = s >= 0.92 ? 3 : s >= 0.9 ? 2 : s >= 0.85 ? 1 : 0;
		if (code < 3 && Math.min(x.length, y.length) >= 2 && oneEditFolded(x, y)) code |= ONE_EDIT;
		if (this.filled >= (3 << CACHE_BITS) >> 2) {
			keyA.fill(-1);
			this.filled = 0;
			return code;
		}
		keyA[slot] = lo;
		this.keyB[slot] = hi;
		this.code[slot] = code;
		this.filled++;
		return code;
	}

	/** Digits of each phone as two integers (last six, the rest), -1 when not all digits. */
	private phoneLow = new Int32Array(0);
	private phoneHigh = new Int32Array(0);
	/** Each phone's length (kept here so that comparing two does not read their strings). */
	private phoneLength = new Uint8Array(0);

	/** Phones whose digits are in phoneLow/phoneHigh. */
	private phonesMeasured = 0;

	private phoneDigits(): void {
		const strings = this.phones.strings;
		if (strings.length > this.phoneLow.length) {
			const size = Math.max(strings.length, this.phoneLow.length * 2, 64);
			const low = new Int32Array(size);
			const high = new Int32Array(size);
			const length = new Uint8Array(size);
			low.set(this.phoneLow);
			high.set(this.phoneHigh);
			length.set(this.phoneLength);
			this.phoneLow = low;
			this.phoneHigh = high;
			this.phoneLength = length;
		}
		for (let i = this.phonesMeasured; i < strings.length; i++) {
			const s = strings[i];
			this.phoneLength[i] = Math.min(255, s.length);
			const digits = s.startsWith('+') ? s.slice(1) : '';
			if (/^\d{7,15}$/.test(digits)) {
				this.phoneLow[i] = Number(digits.slice(-6));
				this.phoneHigh[i] = Number(digits.slice(0, -6));
			} else {
				this.phoneLow[i] = -1;
				this.phoneHigh[i] = -1;
			}
		}
		this.phonesMeasured = strings.length;
	}

	/** A phone's digits as [last six, the rest, how many digits], or null when not digits. */
	phoneParts(id: number): [number, number, number] | null {
		if (id >= this.phonesMeasured) this.phoneDigits();
		if (id < 0 || this.phoneLow[id] < 0) return null;
		return [this.phoneLow[id], this.phoneHigh[id], this.phones.strings[id].length];
	}

	/**
	 * Two phone numbers (ids) one digit apart, or with two neighbouring digits swapped: a typo.
	 * Compares digits from the end, where different numbers differ at once.
	 */
	phonesOneEdit(a: number, b: number): boolean {
		if (a >= this.phonesMeasured || b >= this.phonesMeasured) this.phoneDigits();
		if (this.phoneLow[a] < 0 || this.phoneLow[b] < 0) return false;
		if (this.phoneLength[a] !== this.phoneLength[b]) return false;
		return digitsOneEdit(this.phoneLow[a], this.phoneHigh[a], this.phoneLow[b], this.phoneHigh[b]);
	}
}

/**
 * Two digit strings of one length, each given as its last six digits and the rest, one digit
 * apart or with two neighbouring digits swapped. Read from the end, where different numbers
 * differ at once.
 */
export function digitsOneEdit(lowA: number, highA: number, lowB: number, highB: number): boolean {
	let xl = lowA;
	let yl = lowB;
	let xh = highA;
	let yh = highB;
	let diffs = 0;
	let last = -1;
	let prevX = -1;
	let prevY = -1;
	let swap = false;
	for (let k = 0; k < 16 && (k < 6 || xh > 0 || yh > 0); k++) {
		let dx: number;
		let dy: number;
		if (k < 6) {
			dx = xl % 10;
			dy = yl % 10;
			xl = (xl - dx) / 10;
			yl = (yl - dy) / 10;
		} else {
			dx = xh % 10;
			dy = yh % 10;
			xh = (xh - dx) / 10;
			yh = (yh - dy) / 10;
		}
		if (dx !== dy) {
			if (++diffs > 2) return false;
			if (diffs === 2) swap = last === k - 1 && dx === prevY && dy === prevX;
			last = k;
		}
		prevX = dx;
		prevY = dy;
	}
	return diffs <= 1 || swap;
}

/** A copy of a per-id array with room for `id`, the new entries -2 (not worked out). */
function grown(a: Int32Array, id: number) {
	const bigger = new Int32Array(Math.max(id + 1, a.length * 2, 64)).fill(-2);
	bigger.set(a);
	return bigger;
}

/** One bit per letter a–z, one for any digit, one for anything else. */
export function letterMask(w: string): number {
	let m = 0;
	for (let k = 0; k < w.length; k++) {
		const ch = w.charCodeAt(k);
		m |= 1 << (ch >= 97 && ch <= 122 ? ch - 97 : ch >= 48 && ch <= 57 ? 26 : 27);
	}
	return m;
}

/**
 * An upper bound of the Jaro-Winkler similarity of two strings from their lengths, letter masks
 * and whether they start alike: matching characters are at most the shared letter classes plus
 * the repeats of either string, transpositions at best none, the prefix at best four.
 */
export function similarityBound(
	la: number,
	lb: number,
	maskA: number,
	maskB: number,
	sameFirst: boolean
): number {
	if (la === 0 || lb === 0) return 0;
	const shared = popcount(maskA & maskB);
	const m = Math.min(la, lb, shared + Math.min(la - popcount(maskA), lb - popcount(maskB)));
	const jaro = (m / la + m / lb + 1) / 3;
	return sameFirst ? jaro + 0.4 * (1 - jaro) : jaro;
}

function popcount(x: number): number {
	let v = x - ((x >>> 1) & 0x55555555);
	v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
	return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
