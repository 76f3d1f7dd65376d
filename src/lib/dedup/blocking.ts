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
import { joinParts, rankParts, type NeighbourhoodParts } from './ranks';

/** Blocks up to this size are compared pair by pair. */
export const BLOCK_CAP = 16;
/** In a larger block, each record is compared with this many neighbours on each side. */
export const WINDOW = 4;

/**
 * Kinds of key whose blocks larger than the cap are not compared at all: the typo keys (given
 * name + two letters of the family name and the reverse) and the name word + postcode or suburb
 * keys. A block that large means the letters kept are common ones (or a city-wide postcode),
 * and a typo in a common name inside it is found by the other keys or not at all: comparing
 * their neighbourhoods cost a million pairs per 100,000 customers and found no duplicate the
 * other keys missed (measured on the Vietnamese set and FEBRL).
 */
export const SKIP_LARGE = 'ghyu';

/**
 * Receives the keys of a record one by one, each as kind + a + b (b may be empty), so that the
 * scan can hash a key without building its string.
 */
export type Emit = (kind: string, a: string, b: string) => void;

/**
 * The blocking keys of one record: kind letter, then the values.
 *
 * - p: phone (E.164, and the possible old landline); l: its last seven digits; e: email;
 *   x: extra id.
 * - n: family + given; g: given + two letters of the family name; h: family + two letters of
 *   the given name (a typo late in one name still meets the other in full); s: all name words
 *   sorted (any order, a single word).
 * - b: given + day/month without the year (and swapped when both could be a month); d: whole
 *   birthday; v: a rarer name word + birth year.
 * - a: house number + six letters of the street; with a postcode, z: number + postcode, y: name
 *   word + postcode, r: street + postcode, u: name word + suburb (six letters): the suburb
 *   survives a transposed postcode, the name word a replaced other name.
 *
 * `isCommon` null leaves out the v keys: which words are common is known only once the whole book
 * is counted (`emitYearKeys` adds them then).
 */
function emitKeys(
	r: PreparedRecord,
	isCommon: ((word: string) => boolean) | null,
	emit: Emit
): void {
	for (const p of r.phones) {
		emit('p', p, '');
		const last = lastDigits(p);
		if (last.length === 7) emit('l', last, '');
	}
	for (const p of r.phonesPossible) emit('p', p, '');
	for (const e of r.emails) emit('e', e, '');
	if (r.extraId !== '') emit('x', r.extraId, '');
	const { given, family, tokens, sorted } = r.name;
	if (given !== '' && family !== '') {
		emit('n', family, ' ' + given);
		emit('g', given, ' ' + family.slice(0, 2));
		emit('h', family, ' ' + given.slice(0, 2));
	}
	if (tokens.length > 0) emit('s', sorted, '');
	if (r.birthday >= 0) {
		const year = Math.floor(r.birthday / 10000);
		const month = Math.floor(r.birthday / 100) % 100;
		const day = r.birthday % 100;
		if (given !== '') {
			// Year left out, so a missing or mistyped year still meets; the swap for dd/mm ↔ mm/dd.
			emit('b', given, `|${month}|${day}`);
			if (day <= 12 && day !== month) emit('b', given, `|${day}|${month}`);
		}
		if (year !== 0) {
			emit('d', String(r.birthday), '');
			if (isCommon !== null) emitYearKeys(r.birthday, tokens, isCommon, emit);
		}
	}
	const { number, street, postcode, streetKey, locality } = r.address;
	if (number !== '' && street.length > 0) emit('a', number, ' ' + streetKey);
	if (postcode !== '') {
		if (number !== '') emit('z', number, ' ' + postcode);
		for (const t of tokens) emit('y', t, ' ' + postcode);
		if (street.length > 0) emit('r', streetKey, ' ' + postcode);
		if (locality !== '') for (const t of tokens) emit('u', t, ' ' + locality);
	}
}

/** v keys: each rarer name word (three letters or more) + the birth year, when there is one. */
export function emitYearKeys(
	birthday: number,
	tokens: readonly string[],
	isCommon: (word: string) => boolean,
	emit: Emit
): void {
	const year = Math.floor(birthday / 10000);
	if (birthday < 0 || year === 0) return;
	for (const t of tokens) if (t.length >= 3 && !isCommon(t)) emit('v', t, ` ${year}`);
}

/** The blocking keys of one record as strings (the on-entry index keeps them in a map). */
export function blockingKeys(
	r: PreparedRecord,
	isCommon: (word: string) => boolean = () => true
): string[] {
	const keys: string[] = [];
	emitKeys(r, isCommon, (kind, a, b) => keys.push(kind + a + b));
	return keys;
}

/** FNV-1a, 32 bits, continued from h over the characters of s. */
function fnv(h: number, s: string): number {
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h;
}

/** The 31-bit hash of kind + a + b, the top bit set for the kinds in SKIP_LARGE. */
function partsHash(kind: string, a: string, b: string): number {
	const h = (fnv(fnv(fnv(0x811c9dc5, kind), a), b) >>> 0) >>> 1;
	return (SKIP_LARGE.includes(kind) ? h | 0x80000000 : h) >>> 0;
}

/** The hash buildBlocks files a key under (the same as for its parts). */
export function keyHash(key: string): number {
	return partsHash(key.charAt(0), key.slice(1), '');
}

/** Order inside a large block: neighbours share a birthday, then a street, then a name. */
export function neighbourhoodKey(r: PreparedRecord): string {
	return joinParts(neighbourhoodParts(r));
}

export function neighbourhoodParts(r: PreparedRecord): NeighbourhoodParts {
	return neighbourhoodPartsOf(
		r.birthday,
		r.address.street.join(' '),
		r.address.number,
		r.name.tokens.join(' ')
	);
}

/** The same from its parts: the street and the name words each joined by spaces. */
export function neighbourhoodPartsOf(
	birthday: number,
	street: string,
	number: string,
	tokens: string
): NeighbourhoodParts {
	return [birthday < 0 ? '' : String(birthday % 10000), street, number, tokens];
}

export interface Blocks {
	/** Record indexes, grouped by key (each group a run). */
	members: Int32Array;
	/** For each position in `members`, where its run starts and ends (exclusive). */
	runStart: Int32Array;
	runEnd: Int32Array;
	/** 0: compare all pairs of the run; 1: sorted neighbourhood (large); 2: skip (large). */
	runMode: Uint8Array;
	/** Positions of each record's keys in `members`: record i at offsets[i]..offsets[i+1]. */
	offsets: Int32Array;
	positions: Int32Array;
	largeBlocks: number;
}

/**
 * The hashed keys of a book's records, gathered in any order (`record`, then `emit` each of
 * its keys), then sorted into blocks.
 */
export class BlockKeys {
	private readonly n: number;
	private readonly hashShift: number;
	private readonly scale: number;
	private packed: Float64Array;
	private k = 0;
	/** The record the keys emitted next belong to. */
	record = 0;

	/**
	 * `n`: records of the book. `expected`: how many of them will be given here (a part of the
	 * book prepared by another worker gives its own, `append`ed later), for the first allocation.
	 */
	constructor(n: number, expected = n) {
		// A run's rank and record share one float (sortRuns): 26 bits each at most.
		if (n >= 2 ** 26) throw new RangeError(`Too many records to block: ${n}`);
		this.n = n;
		const idxBits = Math.max(21, Math.ceil(Math.log2(n + 1)));
		this.hashShift = 32 - (53 - idxBits);
		this.scale = 2 ** idxBits;
		this.packed = new Float64Array(Math.max(16, expected * 8));
	}

	/** Records of the book the keys name. */
	get records(): number {
		return this.n;
	}

	/** The keys emitted so far, packed (`emit`), for another BlockKeys of the same book. */
	emitted(): Float64Array<ArrayBuffer> {
		return this.packed.slice(0, this.k);
	}

	/** Keys another BlockKeys of a book of `n` records emitted (`emitted`). */
	append(packed: Float64Array, n: number): void {
		if (n !== this.n) throw new Error(`Keys of a book of ${n} records, not ${this.n}`);
		if (this.k + packed.length > this.packed.length) {
			const bigger = new Float64Array(Math.max(this.k + packed.length, this.packed.length * 2));
			bigger.set(this.packed.subarray(0, this.k));
			this.packed = bigger;
		}
		this.packed.set(packed, this.k);
		this.k += packed.length;
	}

	readonly emit: Emit = (kind, a, b) => {
		if (this.k === this.packed.length) {
			const bigger = new Float64Array(this.packed.length * 2);
			bigger.set(this.packed);
			this.packed = bigger;
		}
		this.packed[this.k++] = (partsHash(kind, a, b) >>> this.hashShift) * this.scale + this.record;
	};

	/** The blocks; `partsOf(i)`: record i's neighbourhood key, asked once per record at most. */
	blocks(partsOf: (i: number) => NeighbourhoodParts): Blocks {
		const { n, scale, k } = this;
		const packed = this.packed.subarray(0, k);
		packed.sort();
		const members = new Int32Array(k);
		const runStart = new Int32Array(k);
		const runEnd = new Int32Array(k);
		const runMode = new Uint8Array(k);
		const flagBit = 2 ** (31 - this.hashShift);
		let start = 0;
		/** Start and end of each run compared by sorted neighbourhood. */
		const runs: number[] = [];
		for (let p = 0; p <= k; p++) {
			if (p < k) members[p] = packed[p] % scale;
			const boundary =
				p === k || Math.floor(packed[p] / scale) !== Math.floor(packed[start] / scale);
			if (!boundary) continue;
			const large = p - start > BLOCK_CAP;
			const skip = large && Math.floor(packed[start] / scale) >= flagBit;
			for (let q = start; q < p; q++) {
				runStart[q] = start;
				runEnd[q] = p;
				runMode[q] = skip ? 2 : large ? 1 : 0;
			}
			if (large && !skip) runs.push(start, p);
			start = p;
		}
		this.sortRuns(members, runs, partsOf);
		const offsets = new Int32Array(n + 1);
		for (let p = 0; p < k; p++) offsets[members[p] + 1]++;
		for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
		const fill = offsets.slice(0, n);
		const positions = new Int32Array(k);
		for (let p = 0; p < k; p++) positions[fill[members[p]]++] = p;
		return { members, runStart, runEnd, runMode, offsets, positions, largeBlocks: runs.length / 2 };
	}

	/**
	 * Sorts each run (start, end pairs in `runs`) of `members` by its records' neighbourhood keys,
	 * then by record: every record's key is ranked once (ranks.ts), and each run sorted as
	 * numbers, rank and record packed into one float. Sorting each run with a comparator of
	 * strings was two thirds of blocking at a million customers.
	 */
	private sortRuns(
		members: Int32Array,
		runs: readonly number[],
		partsOf: (i: number) => NeighbourhoodParts
	) {
		const seen = new Uint8Array(this.n);
		const records: number[] = [];
		const parts: NeighbourhoodParts[] = [];
		for (let r = 0; r < runs.length; r += 2) {
			for (let q = runs[r]; q < runs[r + 1]; q++) {
				const i = members[q];
				if (seen[i] === 1) continue;
				seen[i] = 1;
				records.push(i);
				parts.push(partsOf(i));
			}
		}
		const ranked = rankParts(parts);
		const rank = new Int32Array(this.n);
		records.forEach((i, k) => (rank[i] = ranked[k]));
		const { scale } = this;
		for (let r = 0; r < runs.length; r += 2) {
			const run = members.subarray(runs[r], runs[r + 1]);
			const packed = new Float64Array(run.length);
			for (let q = 0; q < run.length; q++) packed[q] = rank[run[q]] * scale + run[q];
			packed.sort();
			for (let q = 0; q < run.length; q++) run[q] = packed[q] % scale;
		}
	}
}

/** Files record i's keys under `keys`; the v keys only with `isCommon` (see emitKeys). */
export function addRecordKeys(
	keys: BlockKeys,
	i: number,
	r: PreparedRecord,
	isCommon: ((word: string) => boolean) | null
): void {
	keys.record = i;
	emitKeys(r, isCommon, keys.emit);
}

export function buildBlocks(
	records: readonly PreparedRecord[],
	isCommon: (word: string) => boolean = () => true
): Blocks {
	const keys = new BlockKeys(records.length);
	for (let i = 0; i < records.length; i++) addRecordKeys(keys, i, records[i], isCommon);
	return keys.blocks((i) => neighbourhoodParts(records[i]));
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
	const { members, runStart, runEnd, runMode, offsets, positions } = blocks;
	for (let o = offsets[i]; o < offsets[i + 1]; o++) {
		const p = positions[o];
		const mode = runMode[p];
		if (mode === 2) continue;
		let from = runStart[p];
		let to = runEnd[p];
		if (mode === 1) {
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
