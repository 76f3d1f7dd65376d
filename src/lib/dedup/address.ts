/**
 * Address keys: folded words with the usual abbreviations expanded (P. → phường, Q. → quận,
 * TP./HCM/Sài Gòn → Hồ Chí Minh), the administrative words dropped and the ward and district
 * numbers kept as tags (p13, q3). The street number and street name are what identify a home;
 * wards and districts are renamed and merged (since July 2025 there are 34 provinces and no
 * district level), so they are tokens that may agree, never fields that must.
 */
import { fold } from '$lib/domain/text';
import { unifyFinalY } from './names';

export interface AddressKey {
	/** House number as written: "45/12", "12a"; empty when there is none. */
	number: string;
	/** Folded street-name words after the number. */
	street: string[];
	/** Every meaningful word, without repeats. */
	tokens: string[];
	/** A postcode (the last group of 4–6 digits that is not the house number), or empty. */
	postcode: string;
	/**
	 * The first six letters of the street name written without spaces ("coplan" for "Copland
	 * Drive" and "coplanddrive"), for blocking.
	 */
	streetKey: string;
	/**
	 * The place named next to the postcode (the suburb), its words joined and cut to six letters,
	 * for blocking: "malver" for "Malvern East 4750" and "malverneast 4579". Empty without one.
	 */
	locality: string;
}

const EMPTY: AddressKey = {
	number: '',
	street: [],
	tokens: [],
	postcode: '',
	streetKey: '',
	locality: ''
};

/** Applied in order to folded text. */
const REWRITES: readonly (readonly [RegExp, string])[] = [
	[/\btp\.?\s*hcm\b|\btphcm\b|\bhcmc?\b|\bsai gon\b|\bsg\b|\bho chi minh\b/g, ' hochiminh '],
	[/\btp\.?\s*hn\b|\bha noi\b|\bhn\b/g, ' hanoi '],
	[/\bthanh pho\b/g, ' thanhpho '],
	[/\bthi xa\b/g, ' thixa '],
	[/\bthi tran\b/g, ' thixa '],
	[/\bviet nam\b/g, ' '],
	[/\b(?:tp|t\.p)\.?(?=\s|$|[a-z])/g, ' thanhpho '],
	[/\b(?:p|f|ph)\.\s*/g, ' phuong '],
	[/\bq\.\s*/g, ' quan '],
	[/\btx\.\s*/g, ' thixa '],
	[/\bng\.\s*/g, ' ngo '],
	[/\b(?:d|đ)\.\s*/g, ' duong '],
	[/\bphuong\s+(\d+)\b/g, ' p$1 '],
	[/\bquan\s+(\d+)\b/g, ' q$1 '],
	[/\b([pq])\s+(\d+)\b/g, ' $1$2 ']
];

/**
 * Text none of REWRITES can match: each of them needs one of these (a dot, "tp", "hcm", "sg",
 * "hn", "phuong", "quan", p or q before a number…). Most parts, such as a house number and
 * street, have none, and are spared fifteen replacements.
 */
const MAY_REWRITE =
	/\.|tp|hcm|sai gon|sg|ho chi minh|ha noi|hn|thanh pho|thi xa|thi tran|viet nam|phuong|quan|[pq]\s+\d/;

/** Words that say what kind of place follows, not which place. */
const NOISE = new Set([
	'so',
	'duong',
	'phuong',
	'quan',
	'thanhpho',
	'pho',
	'tinh',
	'huyen',
	'xa',
	'thixa',
	'vn',
	'street',
	'st'
]);

/** Words that end the street name: a tag or an administrative word. */
function endsStreet(word: string): boolean {
	return /^[pq]\d+$/.test(word) || word === 'phuong' || word === 'quan' || word === 'thanhpho';
}

/**
 * One comma-separated part, folded, rewritten and split into words. Parts repeat enormously
 * ("P. Bến Thành", "Q.1", "TP.HCM"), so they are cached: a book of a million customers rewrites
 * each distinct part once. Not a part starting with a digit: the house number and street, one
 * per home, would fill the cache with entries read once. A plain house number in front
 * ("32 Ngõ Gia Tự") is taken off instead, and the street behind it, shared by its neighbours,
 * goes through the cache.
 */
const partCache = new Map<string, string[]>();
const PART_CACHE_LIMIT = 200_000;

/**
 * A house number no rewrite can reach into, then a space: digits, "/" and digits, at most one
 * letter after a digit. Every rewrite starts with a letter at a word's start, and no letter in
 * such a number starts a word; so the part's words are the number, then the rest's words.
 */
const HOUSE_NUMBER = /^\s*(\d+(?:\/\d+)*[a-zA-Z]?)\s+(?=\S)/;

function partWords(raw: string): string[] {
	let cached = partCache.get(raw);
	if (cached !== undefined) return cached;
	const lead = HOUSE_NUMBER.exec(raw);
	if (lead !== null) return [lead[1].toLowerCase(), ...partWords(raw.slice(lead[0].length))];
	let text = ' ' + fold(raw) + ' ';
	if (MAY_REWRITE.test(text)) {
		for (const [pattern, replacement] of REWRITES) text = text.replace(pattern, replacement);
	}
	cached = text
		.split(/[^a-z0-9/]+/)
		.filter((w) => w !== '' && w !== '/')
		// Folded already, and only a–z, digits and "/" survive the split: what foldWord would do
		// again to such a word is the final y alone.
		.map((w) => (/\d/.test(w) ? w : unifyFinalY(w)));
	if (/^\s*\d/.test(raw)) return cached;
	if (partCache.size >= PART_CACHE_LIMIT) partCache.clear();
	partCache.set(raw, cached);
	return cached;
}

/** Keys of one address line. */
export function addressKey(raw: string): AddressKey {
	if (raw.trim() === '') return EMPTY;
	const all: string[][] = raw.split(/[,;\n]+/).map(partWords);
	let number = '';
	let street: string[] = [];
	outer: for (let p = 0; p < all.length; p++) {
		const words = all[p];
		for (let i = 0; i < words.length; i++) {
			const w = words[i];
			if (!/\d/.test(w) || /^[pq]\d+$/.test(w)) continue;
			// Four to six digits after a place name ("Toorak 7190", "Hà Nội 100000") is a
			// postcode: a house number comes first in its part ("45 Cherry Place", "Số 8").
			if (/^\d{4,6}$/.test(w) && words.slice(0, i).some((x) => !/\d/.test(x) && !NOISE.has(x))) {
				continue;
			}
			number = w;
			const rest: string[] = [];
			for (let k = i + 1; k < words.length && rest.length < 6; k++) {
				if (endsStreet(words[k])) break;
				if (!/\d/.test(words[k]) && !NOISE.has(words[k])) rest.push(words[k]);
			}
			// "Số 8, ngõ 12 Phố Huế": the street is in the next part.
			if (rest.length === 0 && p + 1 < all.length) {
				for (const next of all[p + 1]) {
					if (endsStreet(next)) break;
					if (!NOISE.has(next)) rest.push(next);
					if (rest.length >= 6) break;
				}
			}
			street = rest;
			break outer;
		}
	}
	if (number === '') street = (all[0] ?? []).filter((w) => !NOISE.has(w) && !endsStreet(w));
	const tokens: string[] = [];
	for (const words of all) {
		for (const w of words) if (!NOISE.has(w) && !tokens.includes(w)) tokens.push(w);
	}
	const postcode = tokens.findLast((w) => /^\d{4,6}$/.test(w) && w !== number) ?? '';
	let locality = '';
	if (postcode !== '') {
		const part = all.findLast((words) => words.includes(postcode)) ?? [];
		const before = part.slice(0, part.indexOf(postcode)).filter((w) => !/\d/.test(w));
		locality = before.join('').slice(0, 6);
	}
	return { number, street, tokens, postcode, streetKey: street.join('').slice(0, 6), locality };
}
