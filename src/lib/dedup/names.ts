/**
 * Name keys for matching: honorifics off, family/middle/given roles found in either order, and
 * two spellings of each word: folded (no marks at all, for blocking and fuzzy comparison) and
 * toned (marks kept but the tone written one way, so that an exact accented match can weigh
 * more than a folded one: Đoàn and Doãn fold alike but are different names).
 */
import { splitSalutation } from '$lib/domain/name';
import { fold } from '$lib/domain/text';
import { FAMILY_NAMES } from '$lib/sample/vn-data';
import type { NameIds } from './prepare';

export interface ParsedName {
	/** Folded words, family first (when the order could be told), honorifics removed. */
	tokens: string[];
	/** The same words with their marks, tone placement and i/y unified (`toneKey`). */
	toned: string[];
	family: string;
	given: string;
	middle: string[];
	familyToned: string;
	givenToned: string;
	/** Only one word was given ("chị Hương"): it may be either the given or the family name. */
	single: boolean;
	/** The folded words sorted and joined by spaces: the same for any order of the words. */
	sorted: string;
	/** 1 male, 2 female, 0 unknown: from the honorific only. */
	gender: 0 | 1 | 2;
	/**
	 * The words' ids in the lexicon the name was last interned into (prepare.ts): a field rather
	 * than a WeakMap, whose look-ups (and the collector's work on it) stood out in profiles.
	 */
	ids: NameIds | undefined;
}

const TONES: Readonly<Record<string, string>> = {
	'\u0300': '2', // huyền
	'\u0301': '1', // sắc
	'\u0303': '4', // ngã
	'\u0309': '3', // hỏi
	'\u0323': '5' // nặng
};

const MALE = new Set(['anh', 'chú', 'ông', 'cậu']);
const FEMALE = new Set(['chị', 'cô', 'bà', 'dì', 'thím', 'mợ']);

/**
 * "Lý"/"Lí", "Kỳ"/"Kì", "Sỹ"/"Sĩ", "Quý"/"Quí": both spellings are in use for the same name. A
 * final y after a consonant (or after qu) is written i here; "Huy" and "Thủy" keep their y.
 */
export function unifyFinalY(word: string): string {
	return word.replace(/(^|[^aeiouyăâêôơư]|qu)y$/u, '$1i');
}

/** Words of a name: letters (with marks), digits, hyphen and apostrophe kept inside a word. */
function words(text: string): string[] {
	return text
		.normalize('NFC')
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}'’\- ]+/gu, ' ')
		.split(/\s+/u)
		.filter((w) => /[\p{L}\p{N}]/u.test(w));
}

/** Folded word with the final-y spelling unified: "Lý" → "li", "Đoàn" → "doan". */
export function foldWord(word: string): string {
	return unifyFinalY(fold(word));
}

/**
 * A word with its marks but one tone placement: "hòa" and "hoà", "thủy" and "thuỷ" give the same
 * key (the tone is moved to the end of the key), "Lý" and "Lí" too. Quality marks (â, ă, ê, ô,
 * ơ, ư) and đ stay, so "Đoàn" ≠ "Doãn".
 */
export function toneKey(word: string): string {
	let tone = '';
	let base = '';
	for (const ch of word.normalize('NFC').toLowerCase().normalize('NFD')) {
		const t = TONES[ch];
		if (t !== undefined) tone = t;
		else base += ch;
	}
	return unifyFinalY(base.normalize('NFC')) + tone;
}

const FAMILY_SET = new Set<string>([
	...FAMILY_NAMES.map(([name]) => foldWord(name)),
	...['ha', 'ta', 'mac', 'chu', 'ong', 'ton', 'thach', 'khuc', 'phung', 'nghiem', 'doan', 'vuong']
]);

/** Middle names that are never a given name (folded). */
const MIDDLE_ONLY = new Set(['thi', 'van']);

/** True for a word that is a common Vietnamese family name (folded). */
export function isFamilyName(folded: string): boolean {
	return FAMILY_SET.has(folded);
}

function genderOf(salutation: string): 0 | 1 | 2 {
	if (MALE.has(salutation)) return 1;
	if (FEMALE.has(salutation)) return 2;
	return 0;
}

/**
 * A name split into roles. Vietnamese order is family, middle, given; a name written given-first
 * ("Hương Nguyễn", as on Facebook) is turned round when its last word is a family name and its
 * first is not. `salutation` is the stored honorific, if the app keeps one.
 */
export function parseName(raw: string, salutation = ''): ParsedName {
	const key = salutation === '' ? raw : raw + '\u0001' + salutation;
	let parsed = nameCache.get(key);
	if (parsed === undefined) {
		parsed = parseNameUncached(raw, salutation);
		if (nameCache.size >= NAME_CACHE_LIMIT) nameCache.clear();
		nameCache.set(key, parsed);
	}
	return parsed;
}

/**
 * Names repeat (a shop has many "Nguyễn Thị Linh"): each distinct spelling is parsed once. The
 * parsed names are shared and must not be changed.
 */
const nameCache = new Map<string, ParsedName>();
const NAME_CACHE_LIMIT = 200_000;

/**
 * Full spellings are many (every typo makes one) but their words are few: each word is folded
 * and tone-keyed once. The keys are short strings; a book of a million customers has tens of
 * thousands of distinct words.
 */
const foldedWords = new Map<string, string>();
const tonedWords = new Map<string, string>();
const WORD_CACHE_LIMIT = 100_000;

function foldedWord(word: string): string {
	let key = foldedWords.get(word);
	if (key === undefined) {
		key = foldWord(word);
		if (foldedWords.size >= WORD_CACHE_LIMIT) foldedWords.clear();
		foldedWords.set(word, key);
	}
	return key;
}

function tonedWord(word: string): string {
	let key = tonedWords.get(word);
	if (key === undefined) {
		key = toneKey(word);
		if (tonedWords.size >= WORD_CACHE_LIMIT) tonedWords.clear();
		tonedWords.set(word, key);
	}
	return key;
}

function parseNameUncached(raw: string, salutation: string): ParsedName {
	let { salutation: found, name } = splitSalutation(raw);
	// "Chị Thu" typed into a name cell after a stored salutation: take the second one off too.
	const again = splitSalutation(name);
	// …but not the given name of a name written given-first: "chị Anh Phạm" is Phạm Anh.
	const givenFirst = again.salutation !== '' && isFamilyName(foldWord(again.name.trim()));
	if (again.salutation !== '' && !givenFirst) {
		found = found || again.salutation;
		name = again.name;
	}
	const ws = words(name);
	let tokens = ws.map(foldedWord);
	let toned = ws.map(tonedWord);
	const n = tokens.length;
	if (n >= 2 && isFamilyName(tokens[n - 1]) && !isFamilyName(tokens[0])) {
		tokens = [tokens[n - 1], ...tokens.slice(0, n - 1)];
		toned = [toned[n - 1], ...toned.slice(0, n - 1)];
	} else if (n >= 3 && MIDDLE_ONLY.has(tokens[n - 1]) && !isFamilyName(tokens[0])) {
		// "Hương Nguyễn Thị": Thị and Văn end no name written family first, so the given name
		// was put in front of family and middle names.
		tokens = [...tokens.slice(1), tokens[0]];
		toned = [...toned.slice(1), toned[0]];
	}
	const gender = genderOf(found || salutation.normalize('NFC').toLowerCase());
	if (n === 0) {
		return {
			tokens,
			toned,
			family: '',
			given: '',
			middle: [],
			familyToned: '',
			givenToned: '',
			single: false,
			sorted: '',
			gender,
			ids: undefined
		};
	}
	if (n === 1) {
		return {
			tokens,
			toned,
			family: '',
			given: tokens[0],
			middle: [],
			familyToned: '',
			givenToned: toned[0],
			single: true,
			sorted: tokens[0],
			gender,
			ids: undefined
		};
	}
	return {
		tokens,
		toned,
		family: tokens[0],
		given: tokens[n - 1],
		middle: tokens.slice(1, n - 1),
		familyToned: toned[0],
		givenToned: toned[n - 1],
		single: false,
		sorted: [...tokens].sort().join(' '),
		gender,
		ids: undefined
	};
}
