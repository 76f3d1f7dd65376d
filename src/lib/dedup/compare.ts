/**
 * Field comparisons: each returns a small integer level (0 = nothing to compare) that the model
 * in score.ts turns into a weight. No allocation per call beyond what V8 keeps in registers, as
 * a scan makes millions of them.
 */
import type { AddressKey } from './address';
import type { ParsedName } from './names';

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro-Winkler similarity (prefix scale 0.1, up to 4 characters), 0–1. */
export function jaroWinkler(a: string, b: string): number {
	if (a === b) return a === '' ? 0 : 1;
	const la = a.length;
	const lb = b.length;
	if (la === 0 || lb === 0) return 0;
	if (la > flagsA.length || lb > flagsB.length) {
		flagsA = new Uint8Array(Math.max(la, lb) * 2);
		flagsB = new Uint8Array(Math.max(la, lb) * 2);
	}
	flagsA.fill(0, 0, la);
	flagsB.fill(0, 0, lb);
	const range = Math.max(0, (Math.max(la, lb) >> 1) - 1);
	let matches = 0;
	for (let i = 0; i < la; i++) {
		const lo = Math.max(0, i - range);
		const hi = Math.min(lb - 1, i + range);
		const c = a.charCodeAt(i);
		for (let j = lo; j <= hi; j++) {
			if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
				flagsA[i] = 1;
				flagsB[j] = 1;
				matches++;
				break;
			}
		}
	}
	if (matches === 0) return 0;
	let k = 0;
	let half = 0;
	for (let i = 0; i < la; i++) {
		if (flagsA[i] === 0) continue;
		while (flagsB[k] === 0) k++;
		if (a.charCodeAt(i) !== b.charCodeAt(k)) half++;
		k++;
	}
	const m = matches;
	const jaro = (m / la + m / lb + (m - half / 2) / m) / 3;
	let prefix = 0;
	const maxPrefix = Math.min(4, la, lb);
	while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
	return jaro + prefix * 0.1 * (1 - jaro);
}

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

/** How often each word occurs in the book, so that two common names are not taken for a typo. */
export type WordCount = (folded: string) => number;

/** Both words this common, and they are two names rather than one name and a typo. */
const ESTABLISHED = 3;

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
	const jw = jaroWinkler(foldedA, foldedB);
	if (jw < 0.85) return Word.Different;
	if (count(foldedA) >= ESTABLISHED && count(foldedB) >= ESTABLISHED) return Word.Different;
	return jw >= 0.92 ? Word.Close : Word.Near;
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

const goodness = (w: Word) => (w === Word.Missing || w === Word.Different ? 0 : 7 - w);

export function compareMiddle(a: readonly string[], b: readonly string[]): Middle {
	if (a.length === 0 || b.length === 0) return Middle.Missing;
	const ja = a.join(' ');
	const jb = b.join(' ');
	if (ja === jb) return Middle.Same;
	const [short, long] = a.length <= b.length ? [a, b] : [b, a];
	if (short.every((w) => long.includes(w))) return Middle.Subset;
	return jaroWinkler(ja, jb) >= 0.9 ? Middle.Close : Middle.Different;
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
 * Names compared role by role. The result object is reused by the next call: read it at once.
 */
export function compareNames(a: ParsedName, b: ParsedName, count: WordCount): NameLevels {
	levels.swapped = false;
	levels.givenFromFamily = false;
	levels.familyFromGiven = false;
	levels.middle = Middle.Missing;
	if (a.given === '' || b.given === '') {
		levels.given = Word.Missing;
		levels.family = Word.Missing;
		return levels;
	}
	if (a.single || b.single) {
		const [s, full] = a.single ? [a, b] : [b, a];
		const asGiven = compareWord(s.given, s.givenToned, full.given, full.givenToned, count);
		if (!full.single && goodness(asGiven) === 0) {
			const asFamily = compareWord(s.given, s.givenToned, full.family, full.familyToned, count);
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
	const g = compareWord(a.given, a.givenToned, b.given, b.givenToned, count);
	const f = compareWord(a.family, a.familyToned, b.family, b.familyToned, count);
	if (goodness(g) === 0 || goodness(f) === 0) {
		const g2 = compareWord(a.given, a.givenToned, b.family, b.familyToned, count);
		const f2 = compareWord(a.family, a.familyToned, b.given, b.givenToned, count);
		if (goodness(g2) + goodness(f2) > goodness(g) + goodness(f) && goodness(g2) > 0) {
			levels.given = g2;
			levels.family = f2;
			levels.swapped = true;
			levels.middle = compareMiddle(a.middle, b.middle);
			return levels;
		}
	}
	levels.given = g;
	levels.family = f;
	levels.middle = compareMiddle(a.middle, b.middle);
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

/** One substitution or one swap of neighbours, same length. */
export function oneEdit(a: string, b: string): boolean {
	if (a.length !== b.length) return false;
	let first = -1;
	let diffs = 0;
	for (let i = 0; i < a.length; i++) {
		if (a.charCodeAt(i) !== b.charCodeAt(i)) {
			if (++diffs > 2) return false;
			if (first < 0) first = i;
		}
	}
	if (diffs <= 1) return true;
	return (
		a.charCodeAt(first) === b.charCodeAt(first + 1) &&
		a.charCodeAt(first + 1) === b.charCodeAt(first) &&
		a.slice(first + 2) === b.slice(first + 2)
	);
}

/** The shared number found by comparePhones, for its term frequency. */
export let sharedPhone = '';

export function comparePhones(
	a: readonly string[],
	ap: readonly string[],
	b: readonly string[],
	bp: readonly string[]
): PhoneLevel {
	if (a.length === 0 || b.length === 0) return PhoneLevel.Missing;
	for (const x of a) {
		for (const y of b) {
			if (x === y) {
				sharedPhone = x;
				return PhoneLevel.Same;
			}
		}
	}
	for (const x of ap) {
		if (b.includes(x)) {
			sharedPhone = x;
			return PhoneLevel.Possible;
		}
	}
	for (const y of bp) {
		if (a.includes(y)) {
			sharedPhone = y;
			return PhoneLevel.Possible;
		}
	}
	let level: PhoneLevel = PhoneLevel.Different;
	for (const x of a) {
		for (const y of b) {
			if (x.length >= 7 && y.length >= 7 && x.slice(-7) === y.slice(-7))
				return PhoneLevel.LastSeven;
			if (oneEdit(x, y)) level = PhoneLevel.OneEdit;
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

export let sharedEmail = '';

export function compareEmails(a: readonly string[], b: readonly string[]): EmailLevel {
	if (a.length === 0 || b.length === 0) return EmailLevel.Missing;
	let level: EmailLevel = EmailLevel.Different;
	for (const x of a) {
		for (const y of b) {
			if (x === y) {
				sharedEmail = x;
				return EmailLevel.Same;
			}
			const lx = x.slice(0, x.lastIndexOf('@'));
			const ly = y.slice(0, y.lastIndexOf('@'));
			if (lx === ly && lx.length >= 4) level = EmailLevel.SameLocal;
			else if (level === EmailLevel.Different && jaroWinkler(x, y) >= 0.94)
				level = EmailLevel.Close;
		}
	}
	return level;
}

export const DateLevel = {
	Missing: 0,
	Same: 1,
	/** Day and month swapped (dd/mm read as mm/dd). */
	Swapped: 2,
	/** Same day and month, one without a year. */
	NoYear: 3,
	/** One part or one digit different. */
	OneOff: 4,
	Different: 5
} as const;
export type DateLevel = (typeof DateLevel)[keyof typeof DateLevel];

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
	const parts = (ya === yb ? 1 : 0) + (ma === mb ? 1 : 0) + (da === db ? 1 : 0);
	if (parts === 2) return DateLevel.OneOff;
	if (ya !== 0 && yb !== 0 && oneEdit(String(a), String(b))) return DateLevel.OneOff;
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

function streetsAgree(a: readonly string[], b: readonly string[]): boolean {
	if (a.length === 0 || b.length === 0) return false;
	const [short, long] = a.length <= b.length ? [a, b] : [b, a];
	let prefix = true;
	for (let i = 0; i < short.length; i++) {
		if (short[i] !== long[i]) {
			prefix = false;
			break;
		}
	}
	if (prefix) return true;
	return jaroWinkler(a.join(' '), b.join(' ')) >= 0.9;
}

/** Words of one matching the other's, a word with a small typo counting as matching. */
function softCommon(a: readonly string[], b: readonly string[]): number {
	let common = 0;
	for (const x of a) if (b.includes(x)) common++;
	// Typo-tolerant matching is the costly part: only for addresses that already share words.
	if (common === 0 || common === a.length) return common;
	for (const x of a) {
		if (b.includes(x) || x.length < 4) continue;
		for (const y of b) {
			if (y.length >= 4 && jaroWinkler(x, y) >= 0.9) {
				common += 0.8;
				break;
			}
		}
	}
	return common;
}

export function compareAddresses(a: AddressKey, b: AddressKey): AddressLevel {
	if (a.tokens.length === 0 || b.tokens.length === 0) return AddressLevel.Missing;
	const numberSame = a.number !== '' && a.number === b.number;
	const streetSame = streetsAgree(a.street, b.street);
	if (numberSame && streetSame && a.street.join(' ') === b.street.join(' ')) {
		return AddressLevel.Same;
	}
	if (numberSame && streetSame) return AddressLevel.Street;
	const common = softCommon(a.tokens, b.tokens);
	const share = common / Math.min(a.tokens.length, b.tokens.length);
	const numberConflict = a.number !== '' && b.number !== '' && a.number !== b.number;
	if (streetSame && !numberConflict && share >= 0.5) return AddressLevel.Overlap;
	if (share >= 0.75 && !numberConflict) return AddressLevel.Overlap;
	if (share >= 0.5) return AddressLevel.Weak;
	return AddressLevel.Different;
}

export const IdLevel = {
	Missing: 0,
	Same: 1,
	Near: 2,
	Different: 3
} as const;
export type IdLevel = (typeof IdLevel)[keyof typeof IdLevel];

export function compareIds(a: string, b: string): IdLevel {
	if (a === '' || b === '') return IdLevel.Missing;
	if (a === b) return IdLevel.Same;
	return oneEdit(a, b) ? IdLevel.Near : IdLevel.Different;
}
