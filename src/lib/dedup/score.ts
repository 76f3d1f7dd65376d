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
	IdLevel,
	Middle,
	PhoneLevel,
	sharedEmail,
	sharedPhone,
	Word
} from './compare';
import type { PreparedRecord } from './prepare';
import type { MatchField } from './types';

/** m for each level (index = level; index 0, missing, is unused). Each row sums to 1. */
const M = {
	word: [0, 0.7, 0.18, 0.01, 0.05, 0.03, 0.03],
	middle: [0, 0.75, 0.1, 0.05, 0.1],
	phone: [0, 0.8, 0.03, 0.02, 0.05, 0.1],
	email: [0, 0.85, 0.03, 0.03, 0.09],
	date: [0, 0.85, 0.03, 0.04, 0.05, 0.03],
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
	date: [0, 1e-4, 1e-4, 3e-3, 0.01, 0.98],
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

export type Counts = Map<string, number>;

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
	/** Counts per value (term frequencies); the denominators are the records with the field. */
	given: Counts;
	givenToned: Counts;
	family: Counts;
	familyToned: Counts;
	words: Counts;
	phone: Counts;
	email: Counts;
	date: Counts;
	id: Counts;
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

function bump(counts: Counts, key: string, by: number): void {
	if (key === '') return;
	const next = (counts.get(key) ?? 0) + by;
	if (next <= 0) counts.delete(key);
	else counts.set(key, next);
}

/** Adds (by = 1) or removes (by = -1) one record's values from the term-frequency tables. */
export function countRecord(model: Model, r: PreparedRecord, by: 1 | -1): void {
	const n = r.name;
	model.records += by;
	if (n.given !== '') {
		model.withGiven += by;
		bump(model.given, n.given, by);
		bump(model.givenToned, n.givenToned, by);
	}
	if (n.family !== '') {
		model.withFamily += by;
		bump(model.family, n.family, by);
		bump(model.familyToned, n.familyToned, by);
	}
	for (const t of n.tokens) bump(model.words, t, by);
	if (r.phones.length > 0) model.withPhone += by;
	for (const p of r.phones) bump(model.phone, p, by);
	if (r.emails.length > 0) model.withEmail += by;
	for (const e of r.emails) bump(model.email, e, by);
	if (r.birthday >= 0) {
		model.withDate += by;
		bump(model.date, String(r.birthday), by);
	}
	if (r.extraId !== '') {
		model.withId += by;
		bump(model.id, r.extraId, by);
	}
}

function weights(m: readonly number[], u: readonly number[]): number[] {
	return m.map((mi, i) => (i === 0 || u[i] === 0 ? 0 : Math.log2(mi / u[i])));
}

export function emptyModel(): Model {
	const model: Model = {
		records: 0,
		given: new Map(),
		givenToned: new Map(),
		family: new Map(),
		familyToned: new Map(),
		words: new Map(),
		phone: new Map(),
		email: new Map(),
		date: new Map(),
		id: new Map(),
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
export function estimateU(model: Model, records: readonly PreparedRecord[]): void {
	const n = records.length;
	const tally = {
		given: new Float64Array(7),
		family: new Float64Array(7),
		middle: new Float64Array(5),
		phone: new Float64Array(6),
		email: new Float64Array(5),
		date: new Float64Array(6),
		address: new Float64Array(6),
		id: new Float64Array(4)
	};
	const count = (w: string) => model.words.get(w) ?? 0;
	if (n >= 2) {
		const rand = sampler(0x5eed + n);
		const pairs = Math.min(U_SAMPLE_PAIRS, (n * (n - 1)) / 2);
		for (let k = 0; k < pairs; k++) {
			const i = rand(n);
			let j = rand(n - 1);
			if (j >= i) j++;
			const a = records[i];
			const b = records[j];
			const names = compareNames(a.name, b.name, count);
			tally.given[names.given]++;
			tally.family[names.family]++;
			tally.middle[names.middle]++;
			tally.phone[comparePhones(a.phones, a.phonesPossible, b.phones, b.phonesPossible)]++;
			tally.email[compareEmails(a.emails, b.emails)]++;
			tally.date[compareBirthdays(a.birthday, b.birthday)]++;
			tally.address[compareAddresses(a.address, b.address)]++;
			tally.id[compareIds(a.extraId, b.extraId)]++;
		}
	}
	const u = (observed: Float64Array, prior: readonly number[]) => {
		let present = 0;
		for (let i = 1; i < observed.length; i++) present += observed[i];
		return prior.map((p, i) =>
			i === 0 ? 0 : (observed[i] + p * U_PRIOR_PAIRS) / (present + U_PRIOR_PAIRS)
		);
	};
	for (const f of FIELDS) model.u[f] = u(tally[f], U_PRIOR[f]);
	refreshWeights(model);
}

/** Levels of one pair, as EM needs them: the 8 fields, then household and gender flags. */
export const LEVELS_PER_PAIR = FIELDS.length + 2;

export function pairLevels(
	a: PreparedRecord,
	b: PreparedRecord,
	model: Model,
	out: Uint8Array,
	at: number
): void {
	const count = (word: string) => model.words.get(word) ?? 0;
	const names = compareNames(a.name, b.name, count);
	out[at] = names.given;
	out[at + 1] = names.family;
	out[at + 2] = names.middle;
	out[at + 3] = comparePhones(a.phones, a.phonesPossible, b.phones, b.phonesPossible);
	out[at + 4] = compareEmails(a.emails, b.emails);
	out[at + 5] = compareBirthdays(a.birthday, b.birthday);
	out[at + 6] = compareAddresses(a.address, b.address);
	out[at + 7] = compareIds(a.extraId, b.extraId);
	const genderConflict = a.name.gender * b.name.gender === 2;
	out[at + 8] = isHousehold(names.given, genderConflict) ? 1 : 0;
	out[at + 9] = genderConflict ? 1 : 0;
}

function isHousehold(given: Word, genderConflict: boolean): boolean {
	return given === Word.Different || given === Word.MarkConflict || genderConflict;
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
 * evidence fixed. Names are learned on pairs that share a phone, email or id; contacts, dates
 * and addresses on pairs that share the whole name. Trained on all pairs at once, EM finds that
 * "same family name" is a fine second class in a Vietnamese book, where half the pairs are
 * Nguyễn. The written-down priors act as pseudo-counts, so a level the sample never shows keeps
 * its m.
 */
export function trainM(model: Model, levels: Uint8Array, pairs: number): void {
	emRound(model, levels, pairs, agreesOnContact, [0, 1, 2, 5, 6]);
	emRound(model, levels, pairs, agreesOnName, [3, 5, 6, 7]);
}

function emRound(
	model: Model,
	levels: Uint8Array,
	pairs: number,
	include: (levels: Uint8Array, at: number) => boolean,
	learn: readonly number[]
): void {
	const prior = priorM();
	const chosen: number[] = [];
	for (let p = 0; p < pairs; p++) if (include(levels, p * LEVELS_PER_PAIR)) chosen.push(p);
	if (chosen.length < 50) return;
	let lambda = 0.5;
	const counts = {} as FieldTable;
	for (let iteration = 0; iteration < EM_ITERATIONS; iteration++) {
		const w = model.w;
		for (const f of FIELDS) counts[f] = model.m[f].map(() => 0);
		const logPrior = Math.log2(lambda / (1 - lambda));
		let expected = 0;
		for (const p of chosen) {
			const at = p * LEVELS_PER_PAIR;
			const household = levels[at + 8] === 1;
			let lw = logPrior;
			// Only the fields being learned vote: the others chose the pairs.
			for (const f of learn) {
				const level = levels[at + f];
				if (level === 0 || (f === 2 && level === Middle.Subset)) continue;
				if (household && isContactAgreement(f, level)) {
					lw += f === 6 ? HOUSEHOLD_ADDRESS : HOUSEHOLD_CONTACT;
				} else lw += w[FIELDS[f]][level];
			}
			if (levels[at + 9] === 1) lw += GENDER_CONFLICT;
			const post = 1 / (1 + Math.pow(2, -lw));
			expected += post;
			for (const f of learn) {
				const level = levels[at + f];
				if (level !== 0) counts[FIELDS[f]][level] += post;
			}
		}
		lambda = Math.min(0.999, Math.max(0.001, expected / chosen.length));
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
}

/** Phone or email the same (or possibly), or the same home: what a household shares. */
function isContactAgreement(field: number, level: number): boolean {
	if (field === 3) return level === PhoneLevel.Same || level === PhoneLevel.Possible;
	if (field === 4) return level === EmailLevel.Same;
	if (field === 6) return level === AddressLevel.Same || level === AddressLevel.Street;
	return false;
}

/** log2(m / u) with u the value's share among the records that have the field. */
function tf(m: number, counts: Counts, key: string, total: number): number {
	const c = counts.get(key) ?? 1;
	return Math.log2((m * Math.max(total, 1)) / Math.max(c, 1));
}

function wordWeight(
	level: Word,
	table: number[],
	folded: string,
	toned: string,
	model: Model,
	role: 'given' | 'family'
): number {
	const total = role === 'given' ? model.withGiven : model.withFamily;
	switch (level) {
		case Word.Missing:
			return 0;
		case Word.Toned:
			return tf(
				model.m[role][1],
				role === 'given' ? model.givenToned : model.familyToned,
				toned,
				total
			);
		case Word.Plain:
			return tf(model.m[role][2], role === 'given' ? model.given : model.family, folded, total);
		case Word.MarkConflict:
			return tf(model.m[role][3], role === 'given' ? model.given : model.family, folded, total);
		default:
			return table[level];
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

/**
 * The match weight of a pair, field by field. The returned object is reused by the next call.
 */
export function comparePair(a: PreparedRecord, b: PreparedRecord, model: Model): PairEvidence {
	const w = model.w;
	const count = (word: string) => model.words.get(word) ?? 0;
	const names = compareNames(a.name, b.name, count);
	// The term frequency of the role the word matched in (a crosswise match uses b's roles).
	const givenSide = names.familyFromGiven ? b : a;
	let name = 0;
	if (names.swapped) {
		name += wordWeight(names.given, w.given, a.name.given, a.name.givenToned, model, 'given');
		name += wordWeight(names.family, w.family, a.name.family, a.name.familyToned, model, 'family');
	} else if (names.familyFromGiven) {
		const full = a.name.single ? b : a;
		name += wordWeight(
			names.family,
			w.family,
			full.name.family,
			full.name.familyToned,
			model,
			'family'
		);
	} else {
		const g = a.name.single ? b : givenSide;
		name += wordWeight(names.given, w.given, g.name.given, g.name.givenToned, model, 'given');
		name += wordWeight(names.family, w.family, a.name.family, a.name.familyToned, model, 'family');
	}
	if (names.middle !== Middle.Subset) name += w.middle[names.middle];

	const household = isHousehold(names.given, a.name.gender * b.name.gender === 2);

	let phone = 0;
	const pl = comparePhones(a.phones, a.phonesPossible, b.phones, b.phonesPossible);
	if (pl === PhoneLevel.Same || pl === PhoneLevel.Possible) {
		phone = household
			? HOUSEHOLD_CONTACT
			: tf(model.m.phone[pl], model.phone, sharedPhone, model.withPhone);
	} else {
		phone = w.phone[pl];
	}

	let email = 0;
	const el = compareEmails(a.emails, b.emails);
	if (el === EmailLevel.Same) {
		email = household
			? HOUSEHOLD_CONTACT
			: tf(model.m.email[1], model.email, sharedEmail, model.withEmail);
	} else {
		email = w.email[el];
	}

	const dl = compareBirthdays(a.birthday, b.birthday);
	const birthday =
		dl === DateLevel.Same
			? tf(model.m.date[1], model.date, String(a.birthday), model.withDate)
			: w.date[dl];

	const al = compareAddresses(a.address, b.address);
	const address =
		household && (al === AddressLevel.Same || al === AddressLevel.Street)
			? HOUSEHOLD_ADDRESS
			: w.address[al];

	const il = compareIds(a.extraId, b.extraId);
	const extraId =
		il === IdLevel.Same ? tf(model.m.id[1], model.id, a.extraId, model.withId) : w.id[il];

	const gender = a.name.gender * b.name.gender === 2 ? GENDER_CONFLICT : 0;

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

/** Fields that counted for (more than half a bit) and against (more than one bit) a match. */
export function explain(e: PairEvidence): { matched: MatchField[]; conflicts: MatchField[] } {
	const matched: MatchField[] = [];
	const conflicts: MatchField[] = [];
	const fields: [MatchField, number][] = [
		['name', e.name],
		['phone', e.phone],
		['email', e.email],
		['address', e.address],
		['birthday', e.birthday],
		['extraId', e.extraId],
		['gender', e.gender]
	];
	for (const [field, w] of fields) {
		if (w > 0.5) matched.push(field);
		else if (w < -1) conflicts.push(field);
	}
	return { matched, conflicts };
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
