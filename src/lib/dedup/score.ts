/**
 * The Fellegi–Sunter model: each field's comparison level adds log2(m/u) to a pair's match
 * weight, where m is the chance of that level for a true duplicate and u for two different
 * customers.
 *
 * - m: written-down priors (below), not learned from labels. They describe how shop staff
 *   mistype a customer: the same given name with the same marks ~70% of the time, without marks ~18% (phones without a Vietnamese keyboard), a typo ~8%…
 * - u: measured on the book itself from random pairs (`estimateU`), smoothed towards a
 *   written-down prior so that a small book still gets sensible values.
 * - Exact agreements use term frequencies (as Splink does): u is the share of records holding
 *   that very value, so "Nguyễn" or "Linh" says little and "Quách" or a phone number a lot.
 * - m is then refined by expectation-maximisation on a sample of the compared pairs (`trainM`),
 *   with the priors as pseudo-counts; EM also gives the share of duplicates, hence the prior
 *   (the chance that two random records are one customer).
 */
import {
	AddressLevel,
	compareAddresses,
	compareBirthdays,
	compareEmails,
	compareIds,
	compareNames,
	comparePhones,
	DateLevel,
	EmailLevel,
	genderOfSlot,
	IdLevel,
	Middle,
	PhoneLevel,
	sharedEmail,
	sharedPhone,
	singleName,
	Word
} from './compare';
import { F, STRIDE, type Columns } from './columns';
import { Counter, Lexicon } from './lexicon';
import { internRecord, type PreparedRecord } from './prepare';
import { fieldsOfMask, type MatchField } from './types';

/** m for each level (index = level; index 0, missing, is unused). Each row sums to 1. */
const M = {
	word: [0, 0.7, 0.18, 0.01, 0.05, 0.03, 0.03],
	middle: [0, 0.75, 0.1, 0.05, 0.1],
	phone: [0, 0.8, 0.03, 0.02, 0.05, 0.1],
	email: [0, 0.85, 0.03, 0.03, 0.09],
	date: [0, 0.85, 0.03, 0.04, 0.04, 0.02, 0.02],
	address: [0, 0.55, 0.15, 0.12, 0.08, 0.1],
	id: [0, 0.9, 0.05, 0.05]
} as const;

/** Prior u for the levels measured on random pairs, used alone when the book is small. */
const U_PRIOR = {
	given: [0, 0.02, 0.005, 0.001, 0.003, 0.01, 0.96],
	family: [0, 0.15, 0.02, 0.002, 0.003, 0.01, 0.8],
	middle: [0, 0.2, 0.2, 0.02, 0.58],
	phone: [0, 1e-5, 1e-6, 1e-6, 1e-6, 0.999],
	email: [0, 1e-5, 1e-3, 1e-3, 0.998],
	date: [0, 1e-4, 1e-4, 3e-3, 2e-3, 0.01, 0.98],
	address: [0, 1e-4, 3e-4, 0.01, 0.05, 0.9],
	id: [0, 1e-6, 1e-5, 0.999]
};

/** Weight of the random-pair prior, in pairs. */
const U_PRIOR_PAIRS = 500;
const U_SAMPLE_PAIRS = 30_000;

/** A different gender by honorific (anh and chị): m 1%, u 45%. */
const GENDER_CONFLICT = Math.log2(0.01 / 0.45);

/**
 * Households share a phone, an email and an address but not a given name: when the given names
 * disagree, a shared contact is what a spouse or a child has too, and counts only this much.
 */
const HOUSEHOLD_CONTACT = 1;
const HOUSEHOLD_ADDRESS = 0.5;

export const FIELDS = [
	'given',
	'family',
	'middle',
	'phone',
	'email',
	'date',
	'address',
	'id'
] as const;
export type Field = (typeof FIELDS)[number];
export type FieldTable = Record<Field, number[]>;

function priorM(): FieldTable {
	return {
		given: [...M.word],
		family: [...M.word],
		middle: [...M.middle],
		phone: [...M.phone],
		email: [...M.email],
		date: [...M.date],
		address: [...M.address],
		id: [...M.id]
	};
}

function priorU(): FieldTable {
	return {
		given: [...U_PRIOR.given],
		family: [...U_PRIOR.family],
		middle: [...U_PRIOR.middle],
		phone: [...U_PRIOR.phone],
		email: [...U_PRIOR.email],
		date: [...U_PRIOR.date],
		address: [...U_PRIOR.address],
		id: [...U_PRIOR.id]
	};
}

/** Recomputes the weights from m and u. */
export function refreshWeights(model: Model): void {
	const w = {} as FieldTable;
	for (const f of FIELDS) w[f] = weights(model.m[f], model.u[f]);
	model.w = w;
}

export interface Model {
	records: number;
	/** The book's string tables: the counters below are indexed by their ids. */
	lex: Lexicon;
	/** Counts per value (term frequencies); the denominators are the records with the field. */
	given: Counter;
	givenToned: Counter;
	family: Counter;
	familyToned: Counter;
	/** Every word of every name. */
	words: Counter;
	/** Toned given and family names, in either role (to tell a typo from a name, compare.ts). */
	namesToned: Counter;
	phone: Counter;
	email: Counter;
	date: Map<number, number>;
	id: Counter;
	withGiven: number;
	withFamily: number;
	withPhone: number;
	withEmail: number;
	withDate: number;
	withId: number;
	/** m per field and level: the written-down priors, then refined by EM on the book. */
	m: FieldTable;
	/** u per field and level, measured on random pairs. */
	u: FieldTable;
	/** log2(m/u) of every level (exact levels use term frequencies instead, see `tf`). */
	w: {
		given: number[];
		family: number[];
		middle: number[];
		phone: number[];
		email: number[];
		date: number[];
		address: number[];
		id: number[];
	};
	/** log2 of the prior odds that two random records are one customer. */
	priorLog2Odds: number;
	/** Estimated duplicate pairs per record (the prior's basis). */
	duplicateRate: number;
}

/** Adds (by = 1) or removes (by = -1) one record's values from the term-frequency tables. */
export function countRecord(model: Model, r: PreparedRecord, by: 1 | -1): void {
	const x = internRecord(model.lex, r);
	model.records += by;
	if (x.given >= 0) {
		model.withGiven += by;
		model.given.add(x.given, by);
		model.givenToned.add(x.givenToned, by);
		model.namesToned.add(x.givenToned, by);
	}
	if (x.family >= 0) {
		model.withFamily += by;
		model.family.add(x.family, by);
		model.familyToned.add(x.familyToned, by);
		model.namesToned.add(x.familyToned, by);
	}
	for (const t of x.tokens) model.words.add(t, by);
	if (x.phones.length > 0) model.withPhone += by;
	for (const p of x.phones) model.phone.add(p, by);
	if (x.emails.length > 0) model.withEmail += by;
	for (const e of x.emails) model.email.add(e, by);
	if (r.birthday >= 0) {
		model.withDate += by;
		const next = (model.date.get(r.birthday) ?? 0) + by;
		if (next <= 0) model.date.delete(r.birthday);
		else model.date.set(r.birthday, next);
	}
	if (x.extraId >= 0) {
		model.withId += by;
		model.id.add(x.extraId, by);
	}
}

/** Forgets every count (the index recounts its records itself). */
export function clearCounts(model: Model): void {
	model.records = 0;
	for (const c of [
		model.given,
		model.givenToned,
		model.family,
		model.familyToned,
		model.words,
		model.namesToned,
		model.phone,
		model.email,
		model.id
	]) {
		c.clear();
	}
	model.date.clear();
	model.withGiven = model.withFamily = model.withPhone = 0;
	model.withEmail = model.withDate = model.withId = 0;
}

function weights(m: readonly number[], u: readonly number[]): number[] {
	return m.map((mi, i) => (i === 0 || u[i] === 0 ? 0 : Math.log2(mi / u[i])));
}

export function emptyModel(): Model {
	const model: Model = {
		records: 0,
		lex: new Lexicon(),
		given: new Counter(),
		givenToned: new Counter(),
		family: new Counter(),
		familyToned: new Counter(),
		words: new Counter(),
		namesToned: new Counter(),
		phone: new Counter(),
		email: new Counter(),
		date: new Map(),
		id: new Counter(),
		withGiven: 0,
		withFamily: 0,
		withPhone: 0,
		withEmail: 0,
		withDate: 0,
		withId: 0,
		m: priorM(),
		u: priorU(),
		w: priorU(),
		priorLog2Odds: 0,
		duplicateRate: DEFAULT_DUPLICATE_RATE
	};
	refreshWeights(model);
	return model;
}

/** Used before a scan has measured the book: one duplicate pair per 20 records. */
export const DEFAULT_DUPLICATE_RATE = 0.05;

export function setDuplicateRate(model: Model, rate: number): void {
	model.duplicateRate = Math.min(2, Math.max(0.01, rate));
	const n = Math.max(2, model.records);
	model.priorLog2Odds = Math.log2((2 * model.duplicateRate) / (n - 1));
}

/** Seeded xorshift: the same book gives the same u on every run. */
function sampler(seed: number): (n: number) => number {
	let s = seed >>> 0 || 1;
	return (n) => {
		s ^= s << 13;
		s >>>= 0;
		s ^= s >>> 17;
		s ^= s << 5;
		s >>>= 0;
		return s % n;
	};
}

/** Measures u of the non-exact levels on random pairs of the book. */
export function estimateU(model: Model, c: Columns): void {
	const n = c.size;
	const tally = FIELDS.map((f) => new Float64Array(model.m[f].length));
	const levels = new Uint8Array(LEVELS_PER_PAIR);
	if (n >= 2) {
		const rand = sampler(0x5eed + n);
		const pairs = Math.min(U_SAMPLE_PAIRS, (n * (n - 1)) / 2);
		for (let k = 0; k < pairs; k++) {
			const i = rand(n);
			let j = rand(n - 1);
			if (j >= i) j++;
			pairLevels(c, i, j, model, levels, 0);
			for (let f = 0; f < FIELDS.length; f++) tally[f][levels[f]]++;
		}
	}
	const u = (observed: Float64Array, prior: readonly number[]) => {
		let present = 0;
		for (let i = 1; i < observed.length; i++) present += observed[i];
		return prior.map((p, i) =>
			i === 0 ? 0 : (observed[i] + p * U_PRIOR_PAIRS) / (present + U_PRIOR_PAIRS)
		);
	};
	FIELDS.forEach((f, k) => (model.u[f] = u(tally[k], U_PRIOR[f])));
	refreshWeights(model);
}

/** Levels of one pair, as EM needs them: the 8 fields, then household and gender flags. */
export const LEVELS_PER_PAIR = FIELDS.length + 2;

/** Which slot's given / family word the name levels were taken from (for term frequencies). */
let givenSide = -1;
let familySide = -1;

/** The levels of slots i and j into out[at…at+9]; the shared phone and email stay in compare.ts. */
export function pairLevels(
	c: Columns,
	i: number,
	j: number,
	model: Model,
	out: Uint8Array,
	at: number
): void {
	const names = compareNames(c, i, j, model);
	out[at] = names.given;
	out[at + 1] = names.family;
	out[at + 2] = names.middle;
	out[at + 3] = comparePhones(c, i, j);
	out[at + 4] = compareEmails(c, i, j);
	out[at + 5] = compareBirthdays(c.row[i * STRIDE + F.birthday], c.row[j * STRIDE + F.birthday]);
	out[at + 6] = compareAddresses(c, i, j);
	out[at + 7] = compareIds(c, i, j);
	const genderConflict = genderOfSlot(c, i) * genderOfSlot(c, j) === 2;
	out[at + 8] = isHousehold(names.given, names.family, genderConflict, out[at + 5]) ? 1 : 0;
	out[at + 9] = genderConflict ? 1 : 0;
	// The term frequency of the role the word matched in: a crosswise match uses i's roles.
	if (names.swapped) {
		givenSide = i;
		familySide = i;
	} else if (names.familyFromGiven) {
		givenSide = -1;
		familySide = singleName(c, i) ? j : i;
	} else {
		givenSide = singleName(c, i) ? j : i;
		familySide = i;
	}
}

/**
 * Another given name (or honorifics of two genders, or no name at all) with a shared phone or
 * home is what a household looks like, unless the whole birthday agrees too: a spouse, parent
 * or child is born on another day (twins are the rare exception), while a record whose given
 * name was mistyped or replaced is not.
 */
function isHousehold(given: Word, family: Word, genderConflict: boolean, date: number): boolean {
	if (genderConflict) return true;
	if (date === DateLevel.Same) return false;
	// A record without any name (a draft with only a phone typed so far) cannot be told from
	// a household member either: its shared phone or home says no more than theirs would.
	const noName = given === Word.Missing && family === Word.Missing;
	return noName || given === Word.Different || given === Word.MarkConflict;
}

/** How strongly the written-down m priors hold against the data in EM, in pairs. */
const M_PRIOR_PAIRS = 50;
const EM_ITERATIONS = 15;

function agreesOnContact(levels: Uint8Array, at: number): boolean {
	return (
		levels[at + 3] === PhoneLevel.Same ||
		levels[at + 4] === EmailLevel.Same ||
		levels[at + 7] === IdLevel.Same
	);
}

/** The whole birthday and the home agree: one person, whatever the names say. */
function agreesOnBirthdayAndHome(levels: Uint8Array, at: number): boolean {
	return (
		levels[at + 5] === DateLevel.Same &&
		(levels[at + 6] === AddressLevel.Same || levels[at + 6] === AddressLevel.Street)
	);
}

function agreesOnName(levels: Uint8Array, at: number): boolean {
	return (
		levels[at] >= Word.Toned &&
		levels[at] <= Word.Plain &&
		levels[at + 1] >= Word.Toned &&
		levels[at + 1] <= Word.Plain
	);
}

/**
 * Expectation-maximisation of m on a sample of compared pairs, with u fixed, as Splink trains
 * its models: no labels needed, and, as Splink does, in rounds that each hold one kind of
 * evidence fixed. Names are learned on pairs that share a phone, email or id (or birthday and
 * home, in a book without those); contacts, dates
 * and addresses on pairs that share the whole name. Trained on all pairs at once, EM finds that
 * "same family name" is a fine second class in a Vietnamese book, where half the pairs are
 * Nguyễn. The written-down priors act as pseudo-counts, so a level the sample never shows keeps
 * its m. Pairs are first grouped by their pattern of levels (a few hundred patterns for hundreds
 * of thousands of pairs), so each iteration costs one pass over the patterns.
 */
export function trainM(model: Model, levels: Uint8Array, pairs: number): void {
	// A book without phones, emails or ids (FEBRL without soc_sec_id) learns its names on pairs
	// that share the whole birthday and the home instead: a household shares a home, not a
	// birthday. Birthday and address are then not learned from the pairs they chose.
	if (!emRound(model, levels, pairs, agreesOnContact, [0, 1, 2, 5, 6])) {
		emRound(model, levels, pairs, agreesOnBirthdayAndHome, [0, 1, 2]);
	}
	emRound(model, levels, pairs, agreesOnName, [3, 5, 6, 7]);
}

function emRound(
	model: Model,
	levels: Uint8Array,
	pairs: number,
	include: (levels: Uint8Array, at: number) => boolean,
	learn: readonly number[]
): boolean {
	const prior = priorM();
	// Pattern of the learned fields and the two flags → how many chosen pairs have it.
	const patterns = new Map<number, number>();
	let chosen = 0;
	for (let p = 0; p < pairs; p++) {
		const at = p * LEVELS_PER_PAIR;
		if (!include(levels, at)) continue;
		chosen++;
		let key = levels[at + 8] * 2 + levels[at + 9];
		for (const f of learn) key = key * 8 + levels[at + f];
		patterns.set(key, (patterns.get(key) ?? 0) + 1);
	}
	if (chosen < 50) return false;
	const rows: { levels: number[]; household: boolean; gender: boolean; count: number }[] = [];
	for (const [key, count] of patterns) {
		let k = key;
		const ls = new Array<number>(learn.length);
		for (let i = learn.length - 1; i >= 0; i--) {
			ls[i] = k % 8;
			k = Math.floor(k / 8);
		}
		rows.push({ levels: ls, household: k >= 2, gender: k % 2 === 1, count });
	}
	let lambda = 0.5;
	const counts = {} as FieldTable;
	for (let iteration = 0; iteration < EM_ITERATIONS; iteration++) {
		const w = model.w;
		for (const f of FIELDS) counts[f] = model.m[f].map(() => 0);
		const logPrior = Math.log2(lambda / (1 - lambda));
		let expected = 0;
		for (const row of rows) {
			let lw = logPrior;
			// Only the fields being learned vote: the others chose the pairs.
			for (let i = 0; i < learn.length; i++) {
				const f = learn[i];
				const level = row.levels[i];
				if (level === 0 || (f === 2 && level === Middle.Subset)) continue;
				if (row.household && isContactAgreement(f, level)) {
					lw += f === 6 ? HOUSEHOLD_ADDRESS : HOUSEHOLD_CONTACT;
				} else lw += w[FIELDS[f]][level];
			}
			if (row.gender) lw += GENDER_CONFLICT;
			const post = row.count / (1 + Math.pow(2, -lw));
			expected += post;
			for (let i = 0; i < learn.length; i++) {
				const level = row.levels[i];
				if (level !== 0) counts[FIELDS[learn[i]]][level] += post;
			}
		}
		lambda = Math.min(0.999, Math.max(0.001, expected / chosen));
		for (const f of learn) {
			const field = FIELDS[f];
			const c = counts[field];
			let present = 0;
			for (let l = 1; l < c.length; l++) present += c[l];
			model.m[field] = c.map((x, l) =>
				l === 0 ? 0 : (x + M_PRIOR_PAIRS * prior[field][l]) / (present + M_PRIOR_PAIRS)
			);
		}
		refreshWeights(model);
	}
	return true;
}

/** Phone or email the same (or possibly), or the same home: what a household shares. */
function isContactAgreement(field: number, level: number): boolean {
	if (field === 3) return level === PhoneLevel.Same || level === PhoneLevel.Possible;
	if (field === 4) return level === EmailLevel.Same;
	if (field === 6) return level === AddressLevel.Same || level === AddressLevel.Street;
	return false;
}

/**
 * Term frequencies in a small book. The share of a value among a book's records is a poor guess
 * of how often two different customers hold it when the book has a handful of records: in a
 * book of 20 a phone held by the pair itself looks like 1 customer in 10, and "Hương" seen twice
 * like one woman in ten. So the share is estimated as the mean of a Beta posterior: the prior
 * is the written-down chance that a random customer holds the value (`U_PRIOR[field][1]`, the u
 * of the exact level) with the weight of TF_PRIOR_RECORDS[field] records, then the book's own
 * counts are added: u = (count + K·u0) / (records + K). A large book is ruled by its counts, a
 * small one by the population. K is the Beta's concentration, i.e. how alike the shares of the
 * values of a field are in the population: identifiers and birthdays are all about equally rare
 * (a number has one holder or one household), so the prior is strong and a book needs some
 * 10,000 records before its counts weigh as much; family names are very unequal (Nguyễn 38%,
 * Quách 0.2%: a Beta with mean 0.15 and that spread has a concentration of about 4), given names
 * much less so (a few percent each: about 100).
 */
const TF_PRIOR_RECORDS = {
	given: 100,
	family: 4,
	identifier: 10_000,
	date: 10_000
} as const;

/** A birthday without a year is shared by one customer in 365. */
const U_DAY_MONTH = 1 / 365;

/** log2(m / u) with u the value's share among the records that have the field (see above). */
function tf(m: number, count: number, total: number, prior: number, k: number): number {
	return Math.log2(m / ((Math.max(count, 1) + k * prior) / (Math.max(total, 1) + k)));
}

function wordWeight(level: number, model: Model, c: Columns, slot: number, given: boolean): number {
	const m = given ? model.m.given : model.m.family;
	switch (level) {
		case Word.Missing:
			return 0;
		case Word.Toned:
			return given
				? tf(
						m[1],
						model.givenToned.get(c.row[slot * STRIDE + F.givenToned]),
						model.withGiven,
						U_PRIOR.given[1],
						TF_PRIOR_RECORDS.given
					)
				: tf(
						m[1],
						model.familyToned.get(c.row[slot * STRIDE + F.familyToned]),
						model.withFamily,
						U_PRIOR.family[1],
						TF_PRIOR_RECORDS.family
					);
		case Word.Plain:
		case Word.MarkConflict:
			return given
				? tf(
						m[level],
						model.given.get(c.row[slot * STRIDE + F.given]),
						model.withGiven,
						U_PRIOR.given[1],
						TF_PRIOR_RECORDS.given
					)
				: tf(
						m[level],
						model.family.get(c.row[slot * STRIDE + F.family]),
						model.withFamily,
						U_PRIOR.family[1],
						TF_PRIOR_RECORDS.family
					);
		default:
			return given ? model.w.given[level] : model.w.family[level];
	}
}

export interface PairEvidence {
	weight: number;
	name: number;
	phone: number;
	email: number;
	address: number;
	birthday: number;
	extraId: number;
	gender: number;
}

const evidence: PairEvidence = {
	weight: 0,
	name: 0,
	phone: 0,
	email: 0,
	address: 0,
	birthday: 0,
	extraId: 0,
	gender: 0
};

const scratch = new Uint8Array(LEVELS_PER_PAIR);

/**
 * The match weight of a pair, field by field. The returned object is reused by the next call.
 */
export function comparePair(c: Columns, i: number, j: number, model: Model): PairEvidence {
	pairLevels(c, i, j, model, scratch, 0);
	return evidenceOf(c, i, model, scratch, givenSide, familySide, sharedPhone, sharedEmail);
}

/** Per pair, besides its levels, what weighing it needs: see `pairSides`. */
export const SIDES_PER_PAIR = 4;

/**
 * After `pairLevels`: the slots whose given and family words the name levels were read from,
 * and the shared phone and email (ids), into out[at…at+3]. With the levels, what `weighLevels`
 * needs to weigh the pair again later without comparing it again.
 */
export function pairSides(out: Int32Array, at: number): void {
	out[at] = givenSide;
	out[at + 1] = familySide;
	out[at + 2] = sharedPhone;
	out[at + 3] = sharedEmail;
}

/**
 * The evidence of a pair (i its first slot) from levels and sides kept by `pairLevels` and
 * `pairSides`: the same as `comparePair(c, i, j, model)` with the model as it is now (and, like
 * it, overwritten by the next call).
 */
export function weighLevels(
	c: Columns,
	i: number,
	model: Model,
	levels: Uint8Array,
	levelsAt: number,
	sides: Int32Array,
	sidesAt: number
): PairEvidence {
	for (let k = 0; k < LEVELS_PER_PAIR; k++) scratch[k] = levels[levelsAt + k];
	return evidenceOf(
		c,
		i,
		model,
		scratch,
		sides[sidesAt],
		sides[sidesAt + 1],
		sides[sidesAt + 2],
		sides[sidesAt + 3]
	);
}

function evidenceOf(
	c: Columns,
	i: number,
	model: Model,
	l: Uint8Array,
	givenSide: number,
	familySide: number,
	sharedPhone: number,
	sharedEmail: number
): PairEvidence {
	const w = model.w;
	const household = l[8] === 1;

	let name = 0;
	if (givenSide >= 0) name += wordWeight(l[0], model, c, givenSide, true);
	if (familySide >= 0) name += wordWeight(l[1], model, c, familySide, false);
	if (l[2] !== Middle.Subset) name += w.middle[l[2]];

	let phone = 0;
	const pl = l[3];
	if (pl === PhoneLevel.Same || pl === PhoneLevel.Possible) {
		phone = household
			? HOUSEHOLD_CONTACT
			: tf(
					model.m.phone[pl],
					model.phone.get(sharedPhone),
					model.withPhone,
					U_PRIOR.phone[1],
					TF_PRIOR_RECORDS.identifier
				);
	} else {
		phone = w.phone[pl];
	}

	let email = 0;
	const el = l[4];
	if (el === EmailLevel.Same) {
		email = household
			? HOUSEHOLD_CONTACT
			: tf(
					model.m.email[1],
					model.email.get(sharedEmail),
					model.withEmail,
					U_PRIOR.email[1],
					TF_PRIOR_RECORDS.identifier
				);
	} else {
		email = w.email[el];
	}

	const dl = l[5];
	let birthday = w.date[dl];
	if (dl === DateLevel.Same) {
		const day = c.row[i * STRIDE + F.birthday];
		birthday = tf(
			model.m.date[1],
			model.date.get(day) ?? 0,
			model.withDate,
			day < 10000 ? U_DAY_MONTH : U_PRIOR.date[1],
			TF_PRIOR_RECORDS.date
		);
	}

	const al = l[6];
	const address =
		household && (al === AddressLevel.Same || al === AddressLevel.Street)
			? HOUSEHOLD_ADDRESS
			: w.address[al];

	const il = l[7];
	const extraId =
		il === IdLevel.Same
			? tf(
					model.m.id[1],
					model.id.get(c.row[i * STRIDE + F.extraId]),
					model.withId,
					U_PRIOR.id[1],
					TF_PRIOR_RECORDS.identifier
				)
			: w.id[il];

	const gender = l[9] === 1 ? GENDER_CONFLICT : 0;

	evidence.name = name;
	evidence.phone = phone;
	evidence.email = email;
	evidence.birthday = birthday;
	evidence.address = address;
	evidence.extraId = extraId;
	evidence.gender = gender;
	evidence.weight = name + phone + email + birthday + address + extraId + gender;
	return evidence;
}

/** Probability from a match weight and the model's prior. */
export function probability(weight: number, model: Model): number {
	return 1 / (1 + Math.pow(2, -(weight + model.priorLog2Odds)));
}

/**
 * Fields that counted for (more than half a bit) and against (more than one bit) a match, as a
 * mask: bit k for MATCH_FIELDS[k] matched, bit 8 + k for it conflicting.
 */
export function explainMask(e: PairEvidence): number {
	const fields = [e.name, e.phone, e.email, e.address, e.birthday, e.extraId, e.gender];
	let mask = 0;
	for (let k = 0; k < fields.length; k++) {
		if (fields[k] > 0.5) mask |= 1 << k;
		else if (fields[k] < -1) mask |= 1 << (8 + k);
	}
	return mask;
}

/** Fields that counted for and against a match (see explainMask). */
export function explain(e: PairEvidence): { matched: MatchField[]; conflicts: MatchField[] } {
	const mask = explainMask(e);
	return { matched: fieldsOfMask(mask), conflicts: fieldsOfMask(mask >> 8) };
}

/** Agreement on the whole name and an identifier finds about this share of the duplicates. */
export const RULE_RECALL = 0.6;

/** Folded given and family names equal, and a phone, email, extra id or birthday equal. */
export function isSurePair(levels: Uint8Array, at: number): boolean {
	return (
		agreesOnName(levels, at) &&
		(levels[at + 3] === PhoneLevel.Same ||
			levels[at + 4] === EmailLevel.Same ||
			levels[at + 5] === DateLevel.Same ||
			levels[at + 7] === IdLevel.Same)
	);
}
