/**
 * Blocking: only records that share at least one key are compared. The keys are OR-ed (a pair
 * is compared when any key agrees), so each catches what the others miss: a typo in the name
 * is caught by the phone, a new phone by the name and birthday, and so on.
 *
 * Keys are hashed to 32 bits and sorted with the record's index packed into one float, so a
 * million customers need a few typed arrays rather than a map of millions of strings. A hash
 * collision only merges two blocks (a few extra comparisons). A block larger than the cap (all
 * the Nguyễn Thị Linh of a big book) is compared by sorted neighbourhood: its members sorted by
 * birthday and address, each compared with its nearest neighbours only.
 */
import { lastDigits } from './phone-keys';
import type { PreparedRecord } from './prepare';

/** Blocks up to this size are compared pair by pair. */
export const BLOCK_CAP = 64;
/** In a larger block, each record is compared with this many neighbours on each side. */
export const WINDOW = 12;

/** The blocking keys of one record, each prefixed by its kind. */
export function blockingKeys(
	r: PreparedRecord,
	isCommon: (word: string) => boolean = () => true
): string[] {
	const keys: string[] = [];
	for (const p of r.phones) {
		keys.push('p' + p);
		const last = lastDigits(p);
		if (last.length === 7) keys.push('l' + last);
	}
	for (const p of r.phonesPossible) keys.push('p' + p);
	for (const e of r.emails) keys.push('e' + e);
	if (r.extraId !== '') keys.push('x' + r.extraId);
	const { given, family, tokens } = r.name;
	if (given !== '' && family !== '') {
		keys.push('n' + family + ' ' + given);
		// A typo late in one of the two names still meets the other name in full.
		keys.push('g' + given + ' ' + family.slice(0, 2));
		keys.push('h' + family + ' ' + given.slice(0, 2));
	}
	if (tokens.length > 0) keys.push('s' + [...tokens].sort().join(' '));
	if (r.birthday >= 0) {
		const year = Math.floor(r.birthday / 10000);
		const month = Math.floor(r.birthday / 100) % 100;
		const day = r.birthday % 100;
		if (given !== '') {
			// Year left out, so a missing or mistyped year still meets; the swap for dd/mm ↔ mm/dd.
			keys.push(`b${given}|${month}|${day}`);
			if (day <= 12 && day !== month) keys.push(`b${given}|${day}|${month}`);
		}
		if (family !== '') keys.push(`f${family}|${r.birthday}`);
		if (year !== 0) {
			keys.push(`d${r.birthday}`);
			// A rarer name word and the birth year: survives a typo in the other words.
			for (const t of tokens) if (t.length >= 3 && !isCommon(t)) keys.push(`v${t} ${year}`);
		}
	}
	const { number, street, tokens: place } = r.address;
	// Joined without spaces and cut short: "coplanddrive" and "copland drive" are one street, and
	// so are "Lê Lợi" and "Le Loi Ben Thanh" (a ward typed without a comma).
	const streetKey = street.join('').slice(0, 6);
	if (number !== '' && street.length > 0) keys.push('a' + number + ' ' + streetKey);
	// House number and postcode, when the address has one: survives a misspelt street.
	const postcode = place.findLast((w) => /^\d{4,6}$/.test(w) && w !== number);
	if (postcode !== undefined) {
		if (number !== '') keys.push('z' + number + ' ' + postcode);
		for (const t of tokens) keys.push('y' + t + ' ' + postcode);
		if (street.length > 0) keys.push('r' + streetKey + ' ' + postcode);
	}
	return keys;
}

/** FNV-1a, 32 bits. */
function hash(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** Order inside a large block: neighbours share a birthday, then a street, then a name. */
function neighbourhoodKey(r: PreparedRecord): string {
	const date = r.birthday < 0 ? '' : String(r.birthday % 10000);
	return `${date}|${r.address.street.join(' ')}|${r.address.number}|${r.name.tokens.join(' ')}`;
}

export interface Blocks {
	/** Record indexes, grouped by key (each group a run). */
	members: Int32Array;
	/** For each position in `members`, where its run starts and ends (exclusive). */
	runStart: Int32Array;
	runEnd: Int32Array;
	/** Positions of each record's keys in `members`: record i at offsets[i]..offsets[i+1]. */
	offsets: Int32Array;
	positions: Int32Array;
	largeBlocks: number;
}

export function buildBlocks(
	records: readonly PreparedRecord[],
	isCommon?: (word: string) => boolean
): Blocks {
	const n = records.length;
	const idxBits = Math.max(21, Math.ceil(Math.log2(n + 1)));
	const hashShift = 32 - (53 - idxBits);
	const scale = 2 ** idxBits;
	let packed = new Float64Array(Math.max(16, n * 8));
	let k = 0;
	for (let i = 0; i < n; i++) {
		for (const key of blockingKeys(records[i], isCommon)) {
			if (k === packed.length) {
				const bigger = new Float64Array(packed.length * 2);
				bigger.set(packed);
				packed = bigger;
			}
			packed[k++] = (hash(key) >>> hashShift) * scale + i;
		}
	}
	packed = packed.subarray(0, k);
	packed.sort();
	const members = new Int32Array(k);
	const runStart = new Int32Array(k);
	const runEnd = new Int32Array(k);
	let start = 0;
	let largeBlocks = 0;
	const sortKeys = new Map<number, string>();
	for (let p = 0; p <= k; p++) {
		if (p < k) members[p] = packed[p] % scale;
		const boundary = p === k || Math.floor(packed[p] / scale) !== Math.floor(packed[start] / scale);
		if (!boundary) continue;
		for (let q = start; q < p; q++) {
			runStart[q] = start;
			runEnd[q] = p;
		}
		if (p - start > BLOCK_CAP) {
			largeBlocks++;
			const run = Array.from(members.subarray(start, p));
			const keyOf = (i: number) => {
				let s = sortKeys.get(i);
				if (s === undefined) {
					s = neighbourhoodKey(records[i]);
					sortKeys.set(i, s);
				}
				return s;
			};
			run.sort((x, y) => {
				const kx = keyOf(x);
				const ky = keyOf(y);
				return kx < ky ? -1 : kx > ky ? 1 : x - y;
			});
			members.set(run, start);
		}
		start = p;
	}
	const offsets = new Int32Array(n + 1);
	for (let p = 0; p < k; p++) offsets[members[p] + 1]++;
	for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
	const fill = offsets.slice(0, n);
	const positions = new Int32Array(k);
	for (let p = 0; p < k; p++) positions[fill[members[p]]++] = p;
	return { members, runStart, runEnd, offsets, positions, largeBlocks };
}

/**
 * Calls `visit(j)` once for every record j > i that shares a block with record i (within the
 * window in a large block). `seen` is scratch space of one entry per record, filled with -1
 * before the first call; it is what makes each pair come up once.
 */
export function forEachCandidate(
	blocks: Blocks,
	i: number,
	seen: Int32Array,
	visit: (j: number) => void
): void {
	const { members, runStart, runEnd, offsets, positions } = blocks;
	for (let o = offsets[i]; o < offsets[i + 1]; o++) {
		const p = positions[o];
		let from = runStart[p];
		let to = runEnd[p];
		if (to - from > BLOCK_CAP) {
			from = Math.max(from, p - WINDOW);
			to = Math.min(to, p + WINDOW + 1);
		}
		for (let q = from; q < to; q++) {
			const j = members[q];
			if (j <= i || seen[j] === i) continue;
			seen[j] = i;
			visit(j);
		}
	}
}
