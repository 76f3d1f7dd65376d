import type { Email } from './types';

/**
 * Practical, not RFC 5322: one @, no spaces, a local part without the characters mail programs
 * choke on, and a domain of dot-separated labels (Unicode letters allowed for IDN domains such
 * as "tiệmbánh.vn") ending in a label of at least two characters.
 */
const EMAIL =
	/^[^\s@<>()[\]\\,;:"]+@(?:[\p{L}\p{N}\p{M}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?\.)+[\p{L}\p{M}\p{N}-]{2,}$/u;

/**
 * Trimmed and lower-cased when valid. Full-width characters from some IMEs (＠) are read as
 * their ASCII forms. An invalid address is kept exactly as typed.
 */
export function normaliseEmail(raw: string): Email {
	const value = raw.normalize('NFKC').trim().toLowerCase();
	if (EMAIL.test(value) && !value.includes('..') && !value.startsWith('.')) {
		return { value, valid: true };
	}
	return { value: raw, valid: false };
}

/** The addresses of one cell, split on commas, semicolons and white space; duplicates dropped. */
export function parseEmails(raw: string): Email[] {
	const out: Email[] = [];
	const seen = new Set<string>();
	for (const piece of raw.split(/[,;\s]+/u)) {
		if (piece === '') continue;
		const email = normaliseEmail(piece);
		const key = (email.valid ? 'ok:' : 'raw:') + email.value;
		if (seen.has(key)) continue;
		seen.add(key);
		out.push(email);
	}
	return out;
}
