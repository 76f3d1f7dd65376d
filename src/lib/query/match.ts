/** Text matching for the query engine: fast folding, quick-search words, phone digits. */
import { fold } from '$lib/domain/text';

/** Separates the values of a multi-valued column inside its one string. Sorts before any text. */
export const SEP = '\u0001';

/**
 * Precomposed Latin letters (all of Vietnamese) → their folded ASCII letter, as fold() maps them.
 * 0 where fold() does something else (or nothing simple), which sends the text to fold() itself.
 */
const FOLD_TABLE = (() => {
	const table = new Uint8Array(0x1f00);
	for (let c = 0x80; c < table.length; c++) {
		const f = fold(String.fromCharCode(c));
		if (f.length === 1 && f.charCodeAt(0) > 32 && f.charCodeAt(0) < 128) table[c] = f.charCodeAt(0);
	}
	return table;
})();

const BUFFER = new Uint16Array(4096);

/**
 * fold() in a single pass over the text for what a customer record is made of (ASCII and
 * precomposed Vietnamese); anything else goes to fold(). Loading a million customers folds
 * several million strings, and the regular expressions in fold() would take most of that time.
 * Returns the very same string when it is already folded, so no copy is kept.
 */
export function foldFast(s: string | null | undefined): string {
	if (!s) return '';
	const n = s.length;
	if (n > BUFFER.length) return fold(s);
	let len = 0;
	let space = false;
	let same = true;
	for (let i = 0; i < n; i++) {
		let c = s.charCodeAt(i);
		if (c === 32 || (c >= 9 && c <= 13)) {
			if (c !== 32 || space || len === 0) same = false;
			if (len > 0) space = true;
			continue;
		}
		if (space) {
			BUFFER[len++] = 32;
			space = false;
		}
		if (c >= 65 && c <= 90) {
			c += 32;
			same = false;
		} else if (c >= 128) {
			c = c < FOLD_TABLE.length ? FOLD_TABLE[c] : 0;
			if (c === 0) return fold(s);
			same = false;
		}
		BUFFER[len++] = c;
	}
	if (space) same = false;
	if (same) return s;
	let out = '';
	for (let i = 0; i < len; i += 1024) {
		out += String.fromCharCode(...BUFFER.subarray(i, Math.min(len, i + 1024)));
	}
	return out;
}

const PHONE_LIKE = /^[\d\s+().\-/]*\d[\d\s+().\-/]*$/;

/** Whether text reads as (part of) a phone number: digits with spaces, +, dots, dashes… */
export function isPhoneLike(s: string): boolean {
	return PHONE_LIKE.test(s);
}

/**
 * The digits of a phone-like text, in the form stored phone tokens share. "+84 0912…" (a trunk
 * zero after the country code, a common way of typing it) is read as "0912…".
 */
export function phoneDigits(s: string): string {
	const d = s.replace(/\D+/g, '');
	return d.length >= 11 && d.startsWith('840') ? d.slice(2) : d;
}

/** One quick-search word; `digits` when it reads as a phone number, matched against phones too. */
export interface SearchTerm {
	text: string;
	digits: string | null;
}

/**
 * Folds the search and splits it into words. Consecutive phone-like words are kept together, so
 * "0912 345 678" is one number rather than three fragments that could come from different ones.
 */
export function parseSearch(search: string): SearchTerm[] {
	const folded = fold(search);
	if (folded === '') return [];
	const terms: SearchTerm[] = [];
	let run: string[] = [];
	const flush = () => {
		if (run.length === 0) return;
		const text = run.join(' ');
		const digits = phoneDigits(text);
		terms.push({ text, digits: digits === text || digits === '' ? null : digits });
		run = [];
	};
	for (const word of folded.split(' ')) {
		if (isPhoneLike(word)) {
			run.push(word);
		} else {
			flush();
			terms.push({ text: word, digits: null });
		}
	}
	flush();
	const unique = terms.filter((t, i) => terms.findIndex((o) => o.text === t.text) === i);
	// A plain word inside another plain word is implied by it: checking it again only costs.
	return unique.filter(
		(t) =>
			t.digits !== null ||
			!unique.some((o) => o !== t && o.digits === null && o.text.includes(t.text))
	);
}

/** Whether every row matching `narrower` also matches `wider`: lets a longer search reuse a result. */
export function termsImply(narrower: SearchTerm[], wider: SearchTerm[]): boolean {
	return wider.every((w) =>
		narrower.some(
			(n) =>
				n.text.includes(w.text) &&
				(n.digits === null || (w.digits !== null && n.digits.includes(w.digits)))
		)
	);
}

export type TextMode = 'contains' | 'equals' | 'startsWith' | 'endsWith';

/**
 * Whether one of the SEP-separated values of `hay` contains / equals / starts or ends with
 * `needle`, without splitting (no allocation per row).
 */
export function matchValues(hay: string, needle: string, mode: TextMode): boolean {
	if (mode === 'contains') return hay.includes(needle);
	if (needle === '') return mode === 'equals' ? hay === '' : true;
	let at = hay.indexOf(needle);
	while (at !== -1) {
		const end = at + needle.length;
		const left = at === 0 || hay.charCodeAt(at - 1) === 1;
		const right = end === hay.length || hay.charCodeAt(end) === 1;
		if (mode === 'equals' ? left && right : mode === 'startsWith' ? left : right) return true;
		at = hay.indexOf(needle, at + 1);
	}
	return false;
}
