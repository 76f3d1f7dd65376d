/**
 * How hard a backup passphrase is to guess, estimated the way an attacker would guess it: common
 * passwords and words first, then Vietnamese syllables typed without diacritics (a short list an
 * attacker enumerates easily), dates, phone numbers, repeats and runs, and only then character by
 * character. The result is a rough number of bits, not a promise: it errs on the low side for
 * anything that looks like words or numbers a person would pick.
 *
 * A backup is locked with scrypt at 2^18, about a second per guess on a laptop; a determined
 * attacker with good hardware tries perhaps ten thousand a second. At that rate 28 bits falls in
 * hours, 40 bits (the least a backup may be locked with) takes years, 55 bits millennia.
 */

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export type StrengthWarning = 'short' | 'common' | 'words' | 'pattern' | 'date' | 'phone';

export interface Strength {
	/** Estimated guesses needed, as log2. */
	bits: number;
	/** 0 very weak, 1 weak, 2 fair, 3 strong, 4 very strong. */
	score: StrengthScore;
	/** What made it weaker, most useful first. */
	warnings: StrengthWarning[];
}

/** The weakest score a backup may be locked with: below it, a stolen file falls in days. */
export const MIN_SCORE: StrengthScore = 2;

const SCORE_BITS = [28, 40, 55, 70] as const;

/**
 * Passwords and words people reach for first, folded (lower case, no diacritics). Guessed in the
 * first few thousand tries, so each costs little.
 */
const COMMON = new Set(
	[
		// passwords
		'password matkhau pass admin login welcome hello iloveyou anhyeuem emyeuanh yeuem yeuanh',
		'qwerty qwertyuiop asdf asdfgh asdfghjkl zxcv zxcvbn zxcvbnm abc abcd abcdef 123abc abc123',
		'secret letmein master dragon monkey football superman princess sunshine shadow',
		// Vietnamese words everyone types, without diacritics
		'anh em yeu toi ban minh nha cua hang khach so tiem shop spa salon quan cafe ca phe',
		'vietnam viet nam saigon hanoi hue danang dalat cantho haiphong nhatrang vungtau',
		'mat khau sao luu ten tuoi ngay thang nam con me ba bo vo chong gia dinh',
		'nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly van thi',
		'hoa mai lan cuc dao hong huong linh trang ngoc hanh hai minh tuan hung dung long',
		'phuong thao thu ha thanh tam an binh khanh quang duc son tien loc phat',
		'love baby honey money lucky happy hi xin chao cam on'
	]
		.join(' ')
		.split(' ')
);

/** Bits for a word from COMMON: a few thousand candidates. */
const COMMON_BITS = 8;
/**
 * Bits for any Vietnamese syllable typed without diacritics: there are only about two thousand
 * distinct ones, the first thing a Vietnamese-aware attacker tries. Typed with its diacritics, a
 * syllable is worth a few more bits (DIACRITIC_BITS).
 */
const SYLLABLE_BITS = 11;
const DIACRITIC_BITS = 2;
/**
 * Any word of four to eight letters with a vowel, in any language: a guesser's dictionary of a
 * hundred thousand words. Random letters that happen to look like a word are underrated by this,
 * which is the safe side to err on.
 */
const WORD_BITS = 16;
/** A capital letter where words start, or the whole thing capitalised: barely a guess. */
const CASE_BITS = 1;
/** A space, dash, dot or underscore between words. */
const SEPARATOR_BITS = 1;

/** A Vietnamese syllable, folded: initial consonant, vowels, final consonant. */
const SYLLABLE =
	/^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?(uye|uya|oai|oay|uoi|uou|ieu|yeu|uay|uoi|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uy|ye|a|e|i|o|u|y)(ng|nh|ch|c|m|n|p|t|i|o|u|y)?$/;

const SEPARATORS = /[\s\-_.,]/;
const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890'];
const MAX_WORD = 10;
/** Long inputs are judged on their start: past this, every passphrase is already strong. */
const MAX_LENGTH = 128;

/** Lower case, without diacritics, đ → d: how an attacker's word list is written. */
export function fold(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase();
}

function log2(n: number): number {
	return Math.log(n) / Math.LN2;
}

/** The size of the alphabet the characters seem to be drawn from. */
function poolSize(text: string): number {
	let pool = 0;
	if (/[a-z]/.test(text)) pool += 26;
	if (/[A-Z]/.test(text)) pool += 26;
	if (/[0-9]/.test(text)) pool += 10;
	if (/[^A-Za-z0-9\s\p{L}]/u.test(text)) pool += 33;
	if (/[^\p{ASCII}]/u.test(text) && /\p{L}/u.test(text.replace(/[A-Za-z]/g, ''))) pool += 40;
	return Math.max(pool, 10);
}

interface Match {
	start: number;
	end: number;
	bits: number;
	warning: StrengthWarning | null;
}

/** Runs of one character, and runs up or down the alphabet, the digits or a keyboard row. */
function patternMatches(folded: string, out: Match[]): void {
	const n = folded.length;
	for (let i = 0; i < n; i++) {
		let j = i + 1;
		while (j < n && folded[j] === folded[i]) j++;
		if (j - i >= 3) {
			for (let end = i + 3; end <= j; end++) {
				out.push({ start: i, end, bits: log2(40) + log2(end - i), warning: 'pattern' });
			}
		}
		for (const step of [1, -1]) {
			let k = i + 1;
			while (k < n && folded.charCodeAt(k) - folded.charCodeAt(k - 1) === step) k++;
			for (let end = i + 3; end <= k; end++) {
				out.push({ start: i, end, bits: log2(40) + log2(end - i) + 1, warning: 'pattern' });
			}
		}
	}
	for (const row of KEYBOARD_ROWS) {
		for (let len = 4; len <= row.length; len++) {
			for (let at = 0; at + len <= row.length; at++) {
				const piece = row.slice(at, at + len);
				let from = folded.indexOf(piece);
				while (from !== -1) {
					out.push({ start: from, end: from + len, bits: log2(200), warning: 'pattern' });
					from = folded.indexOf(piece, from + 1);
				}
			}
		}
	}
}

/** Years, dates (ddmmyyyy, ddmmyy, with or without separators) and Vietnamese mobile numbers. */
function numberMatches(folded: string, out: Match[]): void {
	// Lookaheads, so that overlapping candidates are all found.
	for (const m of folded.matchAll(/(?=((?:19|20)\d\d))/g)) {
		const start = m.index ?? 0;
		out.push({ start, end: start + 4, bits: log2(200), warning: 'date' });
	}
	for (const m of folded.matchAll(
		/(?=((?:0?[1-9]|[12]\d|3[01])[\s\-/.]?(?:0?[1-9]|1[0-2])[\s\-/.]?(?:(?:19|20)?\d\d)))/g
	)) {
		const start = m.index ?? 0;
		out.push({ start, end: start + m[1].length, bits: log2(366 * 100), warning: 'date' });
	}
	// A phone number is known to anyone who knows the shop: worth little more than a date.
	for (const m of folded.matchAll(/(?=((?:\+?84|0)[35789]\d{8}))/g)) {
		const start = m.index ?? 0;
		out.push({ start, end: start + m[1].length, bits: 12, warning: 'phone' });
	}
}

function wordMatches(folded: string, out: Match[]): void {
	const n = folded.length;
	for (let i = 0; i < n; i++) {
		for (let end = i + 1; end <= Math.min(n, i + MAX_WORD); end++) {
			const piece = folded.slice(i, end);
			if (!/^[a-z]+$/.test(piece)) break;
			if (COMMON.has(piece)) {
				out.push({ start: i, end, bits: COMMON_BITS, warning: 'common' });
			} else if (end - i >= 2 && SYLLABLE.test(piece)) {
				out.push({ start: i, end, bits: SYLLABLE_BITS, warning: 'words' });
			} else if (end - i >= 4 && end - i <= 8 && /[aeiouy]/.test(piece)) {
				out.push({ start: i, end, bits: WORD_BITS, warning: 'words' });
			}
		}
	}
}

/**
 * The cheapest way to guess the whole passphrase as a sequence of pieces: each position is
 * either one character drawn from the pool, a separator, or the end of a match.
 */
function cheapestCover(folded: string, original: string, matches: Match[]): Match[] {
	const n = folded.length;
	const charBits = log2(poolSize(original));
	const cost = new Array<number>(n + 1).fill(Infinity);
	const via = new Array<Match | null>(n + 1).fill(null);
	cost[0] = 0;
	const byEnd = new Map<number, Match[]>();
	for (const m of matches) byEnd.set(m.end, [...(byEnd.get(m.end) ?? []), m]);
	for (let end = 1; end <= n; end++) {
		const ch = folded[end - 1];
		const single: Match = {
			start: end - 1,
			end,
			bits: SEPARATORS.test(ch) ? SEPARATOR_BITS : charBits,
			warning: null
		};
		for (const m of [single, ...(byEnd.get(end) ?? [])]) {
			const c = cost[m.start] + m.bits;
			if (c < cost[end]) {
				cost[end] = c;
				via[end] = m;
			}
		}
	}
	const path: Match[] = [];
	for (let at = n; at > 0;) {
		const m = via[at] as Match;
		path.unshift(m);
		at = m.start;
	}
	return path;
}

function scoreOf(bits: number): StrengthScore {
	const i = SCORE_BITS.findIndex((limit) => bits < limit);
	return (i === -1 ? 4 : i) as StrengthScore;
}

export function passphraseStrength(passphrase: string): Strength {
	const original = passphrase.normalize('NFC').slice(0, MAX_LENGTH);
	const folded = fold(original);
	if (folded.length !== original.length) {
		// Folding changed the length (a letter outside Latin with diacritics): judge it raw.
		const bits = original.length * log2(poolSize(original));
		return { bits, score: scoreOf(bits), warnings: original.length < 10 ? ['short'] : [] };
	}
	const matches: Match[] = [];
	wordMatches(folded, matches);
	patternMatches(folded, matches);
	numberMatches(folded, matches);
	const path = cheapestCover(folded, original, matches);

	let bits = path.reduce((sum, m) => sum + m.bits, 0);
	// Words and patterns could come in other numbers and orders; a guesser pays a little for that.
	bits += log2(Math.max(1, path.filter((m) => m.warning !== null).length));
	if (/[A-Z]/.test(original)) bits += CASE_BITS;
	if (original.normalize('NFD') !== original.normalize('NFD').replace(/[\u0300-\u036f]/g, '')) {
		bits += DIACRITIC_BITS;
	}
	if (COMMON.has(folded.replace(/[\s\-_.,]/g, ''))) bits = Math.min(bits, COMMON_BITS);

	const warnings = new Set<StrengthWarning>();
	if (original.length < 10) warnings.add('short');
	const covered = path.filter((m) => m.warning !== null);
	for (const w of ['common', 'date', 'phone', 'pattern', 'words'] as const) {
		if (covered.some((m) => m.warning === w)) warnings.add(w);
	}
	const rounded = Math.round(bits * 10) / 10;
	return { bits: rounded, score: scoreOf(rounded), warnings: [...warnings] };
}
