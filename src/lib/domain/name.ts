import { collapseSpaces, fold } from './text';

/** The ways shop staff address a customer, in their canonical written form. */
export const SALUTATIONS = [
	'anh',
	'chị',
	'em',
	'cô',
	'chú',
	'bác',
	'ông',
	'bà',
	'dì',
	'cậu',
	'thím',
	'mợ'
] as const;

export type Salutation = (typeof SALUTATIONS)[number];

/**
 * Honorifics as they are typed, lower-cased, mapped to their canonical form: without diacritics
 * (phones without a Vietnamese keyboard) and the "A." / "C." shorthand of order notes.
 */
const HONORIFICS: Readonly<Record<string, Salutation>> = {
	anh: 'anh',
	'a.': 'anh',
	chị: 'chị',
	chi: 'chị',
	'c.': 'chị',
	em: 'em',
	cô: 'cô',
	co: 'cô',
	chú: 'chú',
	chu: 'chú',
	bác: 'bác',
	bac: 'bác',
	ông: 'ông',
	ong: 'ông',
	bà: 'bà',
	ba: 'bà',
	dì: 'dì',
	cậu: 'cậu',
	thím: 'thím',
	mợ: 'mợ'
};

/**
 * Written with a capital, these are common surnames (Chu Văn An), so only the lower-case form
 * ("chu Tư", typed without a Vietnamese keyboard) is taken as an honorific.
 */
const LOWER_CASE_ONLY = new Set(['chu']);

/** Titles that start with an honorific but are not one followed by a name ("Bác sĩ Hùng"). */
const TITLES = new Set(['bac si', 'co giao']);

const LETTER = /\p{L}/u;

function isUpper(ch: string): boolean {
	return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

function isLower(ch: string): boolean {
	return ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}

/**
 * One part of a name (between spaces, hyphens and apostrophes). Already Title-case parts keep
 * their inner capitals (McDonald, DiCaprio); all-lower, ALL-UPPER and caps-lock parts (nGUYỄN)
 * get a capital and the rest lower case. toUpperCase, not toLocaleUpperCase: the page's locale
 * (Turkish dotted i) must not change stored names.
 */
function capitalisePart(part: string): string {
	const letters = [...part].filter((ch) => LETTER.test(ch));
	if (letters.length >= 2 && isUpper(letters[0]) && isLower(letters[1])) return part;
	const lower = part.toLowerCase();
	const i = lower.search(LETTER);
	if (i < 0) return lower;
	const first = String.fromCodePoint(lower.codePointAt(i) ?? 0);
	return lower.slice(0, i) + first.toUpperCase() + lower.slice(i + first.length);
}

/**
 * A person's name as it should be stored: NFC, single spaces, each word (and each part after a
 * hyphen or apostrophe, as in "H'Hen Niê") starting with a capital. "nguyễn THỊ hương" →
 * "Nguyễn Thị Hương".
 */
export function normaliseName(raw: string): string {
	return collapseSpaces(raw.normalize('NFC'))
		.split(/([\s\-'’ʼ]+)/u)
		.map((part, i) => (i % 2 === 1 ? part : capitalisePart(part)))
		.join('');
}

export function nameKey(name: string): string {
	return fold(name);
}

/**
 * The canonical honorific for a typed one ("Chị", "chi", "C." → "chị"), or null when the text
 * is not one of the known honorifics.
 */
export function canonicalSalutation(raw: string): Salutation | null {
	const word = collapseSpaces(raw.normalize('NFC')).toLowerCase();
	return Object.hasOwn(HONORIFICS, word) ? HONORIFICS[word] : null;
}

/**
 * The salutation field as stored: a known honorific in canonical form, anything else ("sếp",
 * "cháu", "bạn") lower-cased as typed.
 */
export function normaliseSalutation(raw: string): string {
	const text = collapseSpaces(raw.normalize('NFC'));
	return canonicalSalutation(text) ?? text.toLowerCase();
}

/**
 * Splits a leading honorific off a name: "chị Hương" → { salutation: 'chị', name: 'Hương' },
 * "C. Lan" → { 'chị', 'Lan' }. Only when at least one word follows, so "Chị" alone stays a name.
 * Known risk: a name that really starts with such a word is split too (a customer entered as
 * "Bà Rịa"); the user can fix the two fields, and that is rarer than "chị Hương" in a name cell.
 * The name part is returned with collapsed spaces but not re-capitalised.
 */
export function splitSalutation(raw: string): { salutation: string; name: string } {
	const text = collapseSpaces(raw.normalize('NFC'));
	const match = /^(\p{L}+\.?)\s*(.*)$/u.exec(text);
	if (match !== null) {
		const [, word, rest] = match;
		const abbreviated = word.endsWith('.');
		// "A.Tuấn" is fine without a space; a whole word needs one ("Anhthư" is not anh + thư).
		const separated = abbreviated || text.charAt(word.length) === ' ';
		const salutation = canonicalSalutation(word);
		if (
			salutation !== null &&
			separated &&
			/\p{L}/u.test(rest) &&
			!TITLES.has(fold(`${word} ${rest.split(' ')[0]}`)) &&
			!(LOWER_CASE_ONLY.has(word.toLowerCase()) && word !== word.toLowerCase())
		) {
			return { salutation, name: rest };
		}
	}
	return { salutation: '', name: text };
}
