import { fold } from '$lib/domain/text';

/**
 * What the referral picker's text asks for. Staff type a name ("huong", "Chị Hương") or the start
 * of a phone number ("0912 3"); each is turned into something an index range can answer.
 */
export type LookupQuery =
	| { kind: 'name'; key: string }
	/** A prefix of E.164 phone keys: "0912 3" → "+849123". */
	| { kind: 'phone'; prefix: string };

/** Fewer digits than this would match a large part of the book: "09" is every other mobile. */
const MIN_PHONE_DIGITS = 4;

export function lookupQuery(text: string): LookupQuery | null {
	const trimmed = text.normalize('NFKC').trim();
	if (trimmed === '') return null;
	if (/^\+?[\d\s.()-]+$/.test(trimmed)) {
		const digits = trimmed.replace(/\D/g, '');
		if (digits.length < MIN_PHONE_DIGITS) return null;
		if (trimmed.startsWith('+')) return { kind: 'phone', prefix: `+${digits}` };
		if (digits.startsWith('84')) return { kind: 'phone', prefix: `+${digits}` };
		if (digits.startsWith('0')) return { kind: 'phone', prefix: `+84${digits.slice(1)}` };
		return { kind: 'phone', prefix: `+84${digits}` };
	}
	const key = fold(trimmed);
	return key === '' ? null : { kind: 'name', key };
}

/**
 * How well a folded name matches: 0 starts with the text ("nguyen t" → "nguyen thi huong"),
 * 1 one of its later words does ("huong"), 2 it is somewhere inside, null not at all.
 */
export function matchRank(nameKey: string, key: string): 0 | 1 | 2 | null {
	if (key === '') return null;
	if (nameKey.startsWith(key)) return 0;
	const at = nameKey.indexOf(key);
	if (at < 0) return null;
	return nameKey.includes(` ${key}`) ? 1 : 2;
}

/** The best `limit` matches: by rank, then alphabetically by folded name, without repeats. */
export function rankMatches<T extends { id: string; nameKey: string }>(
	key: string,
	candidates: readonly T[],
	limit: number
): T[] {
	const seen = new Set<string>();
	const ranked: Array<{ item: T; rank: number }> = [];
	for (const item of candidates) {
		if (seen.has(item.id)) continue;
		const rank = matchRank(item.nameKey, key);
		if (rank === null) continue;
		seen.add(item.id);
		ranked.push({ item, rank });
	}
	ranked.sort(
		(a, b) =>
			a.rank - b.rank ||
			(a.item.nameKey < b.item.nameKey ? -1 : a.item.nameKey > b.item.nameKey ? 1 : 0)
	);
	return ranked.slice(0, limit).map((r) => r.item);
}
