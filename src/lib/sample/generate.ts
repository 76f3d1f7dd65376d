import { buildCustomer } from '$lib/domain/customer';
import { fold } from '$lib/domain/text';
import type { Customer, Purchase } from '$lib/domain/types';
import {
	CITIES,
	EMAIL_DOMAINS,
	FAMILY_NAMES,
	GIVEN_NAMES_FEMALE,
	GIVEN_NAMES_MALE,
	MIDDLE_NAMES_FEMALE,
	MIDDLE_NAMES_MALE,
	MOBILE_PREFIXES,
	OLD_MOBILE_PREFIXES,
	PREFIX_NEXT_DIGITS,
	REFERRAL_SOURCE,
	SALUTATIONS,
	SHOPS,
	TRADITIONAL_MIDDLE,
	type City,
	type District,
	type Product,
	type ShopProfile,
	type ShopType,
	type Weighted
} from './vn-data';

/** The raw form the customer editor and the importer hand to buildCustomer. */
type CustomerInput = Parameters<typeof buildCustomer>[0];

export type { ShopType };

export interface SampleOptions {
	seed: number;
	customers: number;
	shopType?: ShopType;
	/** The shop's today, ISO `yyyy-mm-dd`: nothing is dated after it. */
	today: string;
	/** Default true. */
	withPurchases?: boolean;
	/** Customers per chunk, at most (and by default) SAMPLE_CHUNK_SIZE. Does not change the data. */
	chunkSize?: number;
}

export interface SampleChunk {
	customers: Customer[];
	/** The purchases of this chunk's customers (none of another chunk's). */
	purchases: Purchase[];
}

/** The first-run screen's "load a sample shop". */
export const DEFAULT_SAMPLE_SIZE = 300;

/**
 * Customers per chunk: small enough that a chunk and its purchases (~15k objects) are a few MB and
 * one IndexedDB transaction stays short, large enough that per-transaction overhead does not count.
 */
export const SAMPLE_CHUNK_SIZE = 5000;

// ---------------------------------------------------------------------------------------------
// Random numbers

export interface Rng {
	/** Uniform in [0, 1). */
	next(): number;
	/** Uniform integer in [0, n). */
	int(n: number): number;
	chance(p: number): boolean;
	pick<T>(items: readonly T[]): T;
}

/**
 * mulberry32: one 32-bit state, a handful of integer operations per number and good enough
 * statistics for test data. Math.random cannot be seeded, and the same seed must give the same
 * shop on every machine.
 */
class Mulberry32 implements Rng {
	private state: number;

	constructor(seed: number) {
		this.state = seed | 0;
	}

	next(): number {
		this.state = (this.state + 0x6d2b79f5) | 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}
}

export function createRng(seed: number): Rng {
	return new Mulberry32(seed);
}

/** splitmix32's finaliser: turns a seed and a stream number into an unrelated 32-bit seed. */
function mix(seed: number, stream: number): number {
	let z = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) | 0;
	z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
	z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
	return (z ^ (z >>> 16)) | 0;
}

/** Draws from a weighted list by binary search over cumulative weights. */
class Table<T> {
	private readonly values: T[];
	private readonly cumulative: Float64Array;
	private readonly total: number;

	constructor(weighted: Weighted<T>) {
		this.values = weighted.map(([value]) => value);
		this.cumulative = new Float64Array(weighted.length);
		let sum = 0;
		weighted.forEach(([, weight], i) => {
			sum += weight;
			this.cumulative[i] = sum;
		});
		this.total = sum;
	}

	draw(rng: Rng): T {
		const x = rng.next() * this.total;
		let lo = 0;
		let hi = this.cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.cumulative[mid] > x) hi = mid;
			else lo = mid + 1;
		}
		return this.values[lo];
	}
}

function table<T>(values: readonly T[], weights: readonly number[]): Table<T> {
	return new Table(values.map((v, i) => [v, weights[i]] as const));
}

// ---------------------------------------------------------------------------------------------
// Dates: everything is in the shop's time zone, Vietnam's UTC+7 (no daylight saving).

const DAY = 86_400_000;
const MINUTE = 60_000;
const VN_OFFSET = 7 * 60 * MINUTE;
const OPENS = 8 * 60;
const OPEN_MINUTES = 13 * 60;
/** "The last 3 years" of customers. */
const HISTORY_DAYS = 3 * 365;

function parseIsoDay(iso: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	const day = m === null ? NaN : Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY;
	if (!Number.isInteger(day) || new Date(day * DAY).toISOString().slice(0, 10) !== iso) {
		throw new RangeError(`today must be an ISO date (yyyy-mm-dd), got ${JSON.stringify(iso)}`);
	}
	return day;
}

/** The Vietnamese calendar day of an instant, as days since the epoch. */
export function vnDay(at: number): number {
	return Math.floor((at + VN_OFFSET) / DAY);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

function two(n: number): string {
	return n < 10 ? '0' + n : String(n);
}

// ---------------------------------------------------------------------------------------------
// Ids

const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const TWO_POW_25 = 2 ** 25;

/** Five base-32 digits of n < 2^25: bit operations, since this runs four times per customer. */
function base32x5(n: number): string {
	return (
		ID_ALPHABET[(n >>> 20) & 31] +
		ID_ALPHABET[(n >>> 15) & 31] +
		ID_ALPHABET[(n >>> 10) & 31] +
		ID_ALPHABET[(n >>> 5) & 31] +
		ID_ALPHABET[n & 31]
	);
}

/** Ten base-32 digits of n < 2^50 (epoch milliseconds, row indexes). */
function base32x10(n: number): string {
	return base32x5(Math.floor(n / TWO_POW_25)) + base32x5(n % TWO_POW_25);
}

/**
 * A deterministic id in newId's layout (10 characters of creation time, 16 more), so sample rows
 * sort by creation time like real ones and idTime reads them. The 16 are the seed (5), the table
 * (C or P) and the row's index (10): unique per table without any randomness.
 */
function sampleId(at: number, seedTag: string, table: 'C' | 'P', index: number): string {
	return base32x10(at) + seedTag + table + base32x10(index);
}

// ---------------------------------------------------------------------------------------------
// Phones

const SUBSCRIBERS = 10_000_000;
const MASK24 = 0xffffff;

/**
 * A bijection of [0, 10^7): subscriber numbers (the last 7 digits) are unique across up to
 * 10 million phones, so no two sample customers share a number by accident (duplicates would
 * light up the duplicate finder). An invertible 24-bit mix, repeated while the result falls
 * outside the range (cycle walking), keeps it a permutation.
 */
function subscriber(index: number, key: number): number {
	let x = index % SUBSCRIBERS;
	do {
		x = (x ^ key) & MASK24;
		x = Math.imul(x, 0x2c1b3d) & MASK24;
		x ^= x >>> 12;
		x = Math.imul(x, 0x5bd1e9) & MASK24;
		x ^= x >>> 11;
	} while (x >= SUBSCRIBERS);
	return x;
}

function seven(n: number): string {
	return String(n).padStart(7, '0');
}

type PhoneHabit = (prefix: string, sub: string) => string;

/** How people write a 10-digit mobile: 0 + 9 digits, grouped 4-3-3 or 3-3-4, with or without 84. */
const PHONE_HABITS = new Table<PhoneHabit>([
	[(p, s) => p + s, 40],
	[(p, s) => `${p}${s[0]} ${s.slice(1, 4)} ${s.slice(4)}`, 18],
	[(p, s) => `${p}${s[0]}.${s.slice(1, 4)}.${s.slice(4)}`, 11],
	[(p, s) => `+84 ${p.slice(1)}${s[0]} ${s.slice(1, 4)} ${s.slice(4)}`, 8],
	[(p, s) => `84${p.slice(1)}${s}`, 5],
	[(p, s) => `${p}${s[0]}-${s.slice(1, 4)}-${s.slice(4)}`, 5],
	[(p, s) => `${p} ${s.slice(0, 3)} ${s.slice(3)}`, 6],
	[(p, s) => `+84${p.slice(1)}${s}`, 5],
	[(p, s) => `+84 ${p.slice(1)}${s}`, 2]
]);

const OLD_PHONE_HABITS = new Table<PhoneHabit>([
	[(p, s) => p + s, 70],
	[(p, s) => `${p} ${s.slice(0, 3)} ${s.slice(3)}`, 20],
	[(p, s) => `${p}.${s.slice(0, 3)}.${s.slice(3)}`, 10]
]);

/** Typing slips that make a number invalid: the normaliser must keep and flag them. */
const PHONE_TYPOS = new Table<(digits: string, rng: Rng) => string>([
	// A digit missed.
	[(d, rng) => dropDigit(d, 3 + rng.int(7)), 45],
	// A digit pressed twice.
	[(d, rng) => repeatDigit(d, 3 + rng.int(7)), 25],
	// A letter for a digit: O for 0, l for 1, or a neighbouring key.
	[(d, rng) => d.slice(0, 3) + rng.pick(['o', 'O', 'l', 'w', 'i']) + d.slice(4), 30]
]);

function dropDigit(digits: string, at: number): string {
	return digits.slice(0, at) + digits.slice(at + 1);
}

function repeatDigit(digits: string, at: number): string {
	return digits.slice(0, at + 1) + digits.slice(at);
}

// Not " - ": between grouped numbers ("0912 345 678 - 0987 654 321") even a person hesitates.
const TWO_PHONE_SEPARATORS = new Table<string>([
	[', ', 65],
	[' / ', 25],
	['; ', 10]
]);

// ---------------------------------------------------------------------------------------------
// Birthdays and emails

type DateHabit = (d: number, m: number, y: number) => string;

/** Vietnamese write day first; ISO comes from spreadsheets and date pickers. */
const BIRTHDAY_HABITS = new Table<DateHabit>([
	[(d, m, y) => `${two(d)}/${two(m)}/${y}`, 55],
	[(d, m, y) => `${d}/${m}/${y}`, 15],
	[(d, m, y) => `${y}-${two(m)}-${two(d)}`, 12],
	[(d, m, y) => `${two(d)}-${two(m)}-${y}`, 8],
	[(d, m, y) => `${two(d)}.${two(m)}.${y}`, 4]
]);

type EmailHabit = (f: FoldedName, birthYear: number, rng: Rng) => string;

interface FoldedName {
	family: string;
	middle: string;
	given: string;
}

const EMAIL_HABITS = new Table<EmailHabit>([
	[(n, y) => `${n.given}${n.family}${String(y).slice(2)}`, 22],
	[(n) => `${n.family}${n.middle}${n.given}`, 14],
	[(n, _y, rng) => `${n.family}${n.middle}${n.given}${rng.int(1000)}`, 10],
	[(n) => `${n.given}.${n.family}`, 10],
	[(n, y) => `${n.given}${y}`, 12],
	[(n, _y, rng) => `${n.family[0]}${n.middle[0] ?? ''}${n.given}${rng.int(100)}`, 10],
	[(n, y) => `${n.given}.${n.family}${String(y).slice(2)}`, 8],
	[(n, _y, rng) => `${n.given}${n.family}.${rng.int(10_000)}`, 8],
	[(n, _y, rng) => `${n.given}_${rng.pick(['xinh', 'cute', 'pro', 'vip', 'hcm', 'hn'])}`, 6]
]);

// ---------------------------------------------------------------------------------------------
// Generation

interface ResolvedOptions {
	seed: number;
	customers: number;
	shopType: ShopType;
	today: string;
}

/** The tables a shop type draws from, built once per run. */
interface Vocabulary {
	profile: ShopProfile;
	family: Table<string>;
	middleF: Table<string>;
	middleM: Table<string>;
	givenF: Table<string>;
	givenM: Table<string>;
	prefixes: Table<string>;
	oldPrefixes: Table<string>;
	domains: Table<string>;
	sources: Table<string>;
	purchaseCounts: Table<number>;
	itemsPerSale: Table<number>;
	catalogue: Table<Product>;
	channels: Table<string>;
	cities: Table<City>;
}

function vocabulary(shopType: ShopType): Vocabulary {
	const profile = SHOPS[shopType];
	return {
		profile,
		family: new Table(FAMILY_NAMES),
		middleF: new Table(MIDDLE_NAMES_FEMALE),
		middleM: new Table(MIDDLE_NAMES_MALE),
		givenF: new Table(GIVEN_NAMES_FEMALE),
		givenM: new Table(GIVEN_NAMES_MALE),
		prefixes: new Table(MOBILE_PREFIXES),
		oldPrefixes: new Table(OLD_MOBILE_PREFIXES),
		domains: new Table(EMAIL_DOMAINS),
		sources: new Table(profile.sources),
		purchaseCounts: table(
			profile.purchaseCounts.map((_, i) => i),
			profile.purchaseCounts
		),
		itemsPerSale: table(
			profile.itemsPerSale.map((_, i) => i + 1),
			profile.itemsPerSale
		),
		catalogue: new Table(profile.catalogue),
		channels: new Table(profile.channels),
		cities: new Table(CITIES.map((c) => [c, c.weight] as const))
	};
}

/** Where the shop is: most customers live in its city, many in its own district. */
interface Home {
	city: City;
	district: District;
}

/** Memoised folding of vocabulary words for e-mail addresses (fold normalises: not free). */
const foldCache = new Map<string, string>();
function foldWord(word: string): string {
	let folded = foldCache.get(word);
	if (folded === undefined) {
		folded = fold(word).replace(/\s+/g, '');
		foldCache.set(word, folded);
	}
	return folded;
}

function stripMarks(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D');
}

/** Middle sum of two uniforms: ages cluster in the middle of the shop's range. */
function age(rng: Rng, [youngest, oldest]: readonly [number, number]): number {
	const span = oldest - youngest;
	return youngest + Math.floor(((rng.next() + rng.next()) / 2) * (span + 1));
}

class SampleMaker {
	private readonly v: Vocabulary;
	private readonly rng: Rng;
	private readonly buyRng: Rng;
	private readonly home: Home;
	private readonly seedTag: string;
	private readonly phoneKey: number;
	private readonly todayDay: number;
	private readonly todayYear: number;
	private readonly firstDay: number;
	private readonly isoDays: string[] = [];
	private purchaseIndex = 0;

	constructor(private readonly opts: ResolvedOptions) {
		this.v = vocabulary(opts.shopType);
		// Separate streams, so that turning purchases off leaves the customers exactly as they were.
		this.rng = createRng(mix(opts.seed, 1));
		this.buyRng = createRng(mix(opts.seed, 2));
		const homeRng = createRng(mix(opts.seed, 3));
		const city = this.v.cities.draw(homeRng);
		this.home = { city, district: homeRng.pick(city.districts) };
		this.seedTag = base32x5(mix(opts.seed, 4) >>> 7);
		this.phoneKey = mix(opts.seed, 5) & MASK24;
		this.todayDay = parseIsoDay(opts.today);
		this.todayYear = +opts.today.slice(0, 4);
		this.firstDay = this.todayDay - HISTORY_DAYS;
	}

	private isoDay(day: number): string {
		const i = day - this.firstDay;
		let iso = this.isoDays[i];
		if (iso === undefined) {
			iso = new Date(day * DAY).toISOString().slice(0, 10);
			this.isoDays[i] = iso;
		}
		return iso;
	}

	/**
	 * When customer `index` was added. Monotonic in the index, so ids (which start with the time)
	 * follow the index and a referrer (an earlier index) always joined first. The density grows
	 * threefold over the three years, as a shop's customer base does, and each day's share falls in
	 * opening hours.
	 */
	private createdAt(index: number, u: number): number {
		const x = (index + u) / this.opts.customers;
		// Inverse of the CDF of a density proportional to (a + f) on [0, 1], with a = 1/2.
		const a = 0.5;
		const f = -a + Math.sqrt(a * a + 2 * (a + 0.5) * x);
		const span = (HISTORY_DAYS + 1) * Math.min(f, 0.999_999_999);
		const day = Math.floor(span);
		const minutes = OPENS + (span - day) * OPEN_MINUTES;
		return (this.firstDay + day) * DAY + Math.floor(minutes * MINUTE) - VN_OFFSET;
	}

	customer(index: number): { customer: Customer; createdAt: number } {
		const { rng, v } = this;
		const profile = v.profile;
		const createdAt = this.createdAt(index, this.jitter(index));
		const id = sampleId(createdAt, this.seedTag, 'C', index);

		const genderRoll = rng.next();
		const female = genderRoll < 0.003 ? rng.chance(0.5) : rng.next() < profile.female;
		const genderKnown = rng.next() >= 0.08;
		let gender = '';
		if (genderRoll < 0.003) gender = 'Khác';
		else if (genderKnown && rng.chance(0.88)) gender = female ? 'Nữ' : 'Nam';
		else if (genderKnown) gender = rng.pick(female ? ['nữ', 'nu', 'F'] : ['nam', 'Nam ', 'M']);

		const customerAge = age(rng, profile.ages);
		const birthYear = this.todayYear - customerAge;
		const family = v.family.draw(rng);
		const oldness = Math.min(1, Math.max(0, (customerAge - 18) / 45));
		const middle = rng.chance(0.12 + 0.55 * oldness)
			? female
				? TRADITIONAL_MIDDLE.female
				: TRADITIONAL_MIDDLE.male
			: (female ? v.middleF : v.middleM).draw(rng);
		let given = (female ? v.givenF : v.givenM).draw(rng);
		if (given === middle) given = (female ? v.givenF : v.givenM).draw(rng);
		const extra = rng.chance(0.12) ? (female ? v.middleF : v.middleM).draw(rng) : '';
		const fullName =
			extra !== '' && extra !== middle && extra !== given
				? `${family} ${middle} ${extra} ${given}`
				: `${family} ${middle} ${given}`;

		const ladder = female ? SALUTATIONS.female : SALUTATIONS.male;
		const rung =
			customerAge >= 48 ? ladder.older : customerAge >= 24 ? ladder.peer : ladder.younger;
		const addressAs = rng.pick(rung);

		// How the name was typed.
		let name: string;
		let salutation = rng.chance(0.5) ? addressAs : '';
		const nameRoll = rng.next();
		if (nameRoll < 0.05) {
			// "chị Hương": the honorific typed into the name, the salutation field left empty. The
			// first of each rung is a kinship word (never "bạn"), as people write in a name.
			name = `${rung[0]} ${given}`;
			salutation = '';
		} else if (nameRoll < 0.09) {
			name = fullName.toLowerCase();
		} else if (nameRoll < 0.115) {
			name = stripMarks(fullName);
		} else if (nameRoll < 0.125) {
			name = fullName.toUpperCase();
		} else if (nameRoll < 0.145) {
			name = ` ${fullName.replace(' ', '  ')} `;
		} else {
			name = fullName;
		}
		if (salutation !== '' && rng.chance(0.2))
			salutation = salutation[0].toUpperCase() + salutation.slice(1);

		const folded: FoldedName = {
			family: foldWord(family),
			middle: foldWord(middle),
			given: foldWord(given)
		};

		const source = v.sources.draw(rng);
		const input: CustomerInput = {
			name,
			salutation,
			phones: this.phones(index),
			emails: rng.chance(0.8) ? this.email(folded, birthYear) : '',
			gender,
			birthday: rng.chance(0.75) ? this.birthday(birthYear) : '',
			...this.address(),
			source,
			notes: rng.chance(0.1) ? rng.pick(profile.notes) : ''
		};
		const referrer =
			source === REFERRAL_SOURCE && index > 0 && rng.chance(0.55) ? rng.int(index) : -1;

		const customer = buildCustomer(input, { id, now: createdAt, today: this.opts.today });
		if (referrer >= 0) {
			const referrerAt = this.createdAt(referrer, this.jitter(referrer));
			customer.referredBy = sampleId(referrerAt, this.seedTag, 'C', referrer);
		}
		return { customer, createdAt };
	}

	/**
	 * Where in its slot customer `index` was added. A hash of the index, not a draw from the
	 * stream, so that a referrer's id can be recomputed from its index alone.
	 */
	private jitter(index: number): number {
		return (mix(this.opts.seed ^ index, 6) >>> 0) / 4294967296;
	}

	/** A current prefix that is in service for this subscriber number. */
	private prefix(sub: string): string {
		for (;;) {
			const prefix = this.v.prefixes.draw(this.rng);
			const next = PREFIX_NEXT_DIGITS[prefix];
			if (next === undefined || next.includes(sub[0])) return prefix;
		}
	}

	private phones(index: number): string {
		const { rng, v } = this;
		const sub = seven(subscriber(index, this.phoneKey));
		const roll = rng.next();
		let first: string;
		if (roll < 0.03) {
			first = OLD_PHONE_HABITS.draw(rng)(v.oldPrefixes.draw(rng), sub);
		} else if (roll < 0.045) {
			first = PHONE_TYPOS.draw(rng)(this.prefix(sub) + sub, rng);
		} else {
			first = PHONE_HABITS.draw(rng)(this.prefix(sub), sub);
		}
		if (!rng.chance(0.08)) return first;
		// The second phone's subscriber comes from the upper half of the permutation's range.
		const second = seven(subscriber(index + SUBSCRIBERS / 2, this.phoneKey));
		const habit = rng.chance(0.7) ? PHONE_HABITS.draw(rng) : (p: string, s: string) => p + s;
		return first + TWO_PHONE_SEPARATORS.draw(rng) + habit(this.prefix(second), second);
	}

	private email(name: FoldedName, birthYear: number): string {
		const { rng, v } = this;
		const local = EMAIL_HABITS.draw(rng)(name, birthYear, rng);
		const domain = v.domains.draw(rng);
		const roll = rng.next();
		// Missing @ and a space inside: invalid under any rule, kept as typed and flagged.
		if (roll < 0.005) return `${local}${domain}`;
		if (roll < 0.01) return `${name.given} ${name.family}@${domain}`;
		// Phone keyboards capitalise the first letter; copy-paste brings spaces.
		if (roll < 0.04) return ` ${local[0].toUpperCase()}${local.slice(1)}@${domain} `;
		return `${local}@${domain}`;
	}

	private birthday(year: number): string {
		const { rng } = this;
		const month = 1 + rng.int(12);
		const day = 1 + rng.int(daysInMonth(year, month));
		const roll = rng.next();
		if (roll < 0.08) return rng.chance(0.7) ? `${two(day)}/${two(month)}` : `${day}/${month}`;
		// Impossible dates: 30 February, or month and day swapped past 12.
		if (roll < 0.085)
			return rng.chance(0.5) ? `30/02/${year}` : `${two(month)}/${13 + rng.int(16)}/${year}`;
		return BIRTHDAY_HABITS.draw(rng)(day, month, year);
	}

	private address(): Pick<CustomerInput, 'address' | 'district' | 'city'> {
		const { rng, v } = this;
		const roll = rng.next();
		if (roll < 0.12) return { address: '', district: '', city: '' };
		const local = rng.chance(0.88);
		const city = local ? this.home.city : v.cities.draw(rng);
		const cityText = this.cityText(city);
		if (roll < 0.18) return { address: '', district: '', city: cityText };
		const district = local && rng.chance(0.4) ? this.home.district : rng.pick(city.districts);
		const picked = rng.pick(district.streets);
		// "12 3 Tháng 2" would read as one number: people write the word for street first.
		const street = /^\d/.test(picked) ? 'Đường ' + picked : picked;
		const house = 1 + Math.floor(rng.next() ** 2 * 300);
		let line: string;
		if (city.style === 'north' && rng.chance(0.45)) {
			line = `Số ${1 + rng.int(60)}, ngõ ${1 + rng.int(200)} ${street}`;
		} else if (city.style === 'south' && rng.chance(0.35)) {
			line = `${house}/${1 + rng.int(40)} ${street}`;
		} else {
			line = `${house}${rng.chance(0.08) ? rng.pick(['A', 'B', 'Bis']) : ''} ${street}`;
		}
		if (rng.chance(0.7)) {
			const ward = rng.pick(district.wards);
			const numbered = ward.startsWith('Phường ');
			line +=
				', ' +
				(numbered
					? rng.chance(0.3)
						? 'P.' + ward.slice(7)
						: ward
					: rng.pick(['Phường ', 'P. ', 'phường ']) + ward);
		}
		let districtText = district.name;
		if (districtText.startsWith('Quận ') && rng.chance(0.12))
			districtText = 'Q.' + districtText.slice(5);
		if (rng.chance(0.08)) districtText = '';
		return { address: line, district: districtText, city: cityText };
	}

	private cityText(city: City): string {
		const { rng } = this;
		let x = rng.next() * (100 + city.variants.reduce((s, [, w]) => s + w, 0)) - 100;
		if (x < 0) return city.name;
		for (const [variant, weight] of city.variants) {
			x -= weight;
			if (x < 0) return variant;
		}
		return city.name;
	}

	purchases(customerId: string, createdAt: number, out: Purchase[]): void {
		const { buyRng: rng, v } = this;
		const profile = v.profile;
		let count = v.purchaseCounts.draw(rng);
		if (count === 0) return;
		const createdDay = vnDay(createdAt);
		const tenure = this.todayDay - createdDay;
		// A customer who joined last week cannot have been in twelve times.
		count = Math.min(count, 1 + Math.floor(tenure / 6));
		const days: number[] = [];
		// Most customers are entered at their first sale.
		days.push(rng.chance(0.75) ? createdDay : createdDay + rng.int(tenure + 1));
		for (let k = 1; k < count; k++) days.push(createdDay + rng.int(tenure + 1));
		days.sort((a, b) => a - b);

		for (const day of days) {
			const kinds = v.itemsPerSale.draw(rng);
			const lines: string[] = [];
			const chosen: Product[] = [];
			let amount = 0;
			for (let k = 0; k < kinds; k++) {
				const product = v.catalogue.draw(rng);
				if (chosen.includes(product)) continue;
				chosen.push(product);
				const quantity =
					profile.maxQuantity > 1 && rng.chance(0.3) ? 2 + rng.int(profile.maxQuantity - 1) : 1;
				lines.push(quantity > 1 ? `${product.name} x${quantity}` : product.name);
				amount += product.price * quantity;
			}
			if (rng.chance(0.08)) amount = Math.round((amount * 0.9) / 1000) * 1000;
			const at =
				day === createdDay
					? createdAt + rng.int(90) * MINUTE
					: day * DAY + (OPENS + rng.int(OPEN_MINUTES)) * MINUTE - VN_OFFSET;
			const id = sampleId(at, this.seedTag, 'P', this.purchaseIndex++);
			out.push({
				id,
				customerId,
				date: this.isoDay(day),
				items: lines.join(', '),
				amount,
				channel: v.channels.draw(rng),
				staff: rng.pick(profile.staff),
				note: rng.chance(0.05) ? rng.pick(profile.saleNotes) : '',
				createdAt: at,
				updatedAt: at
			});
		}
	}
}

/**
 * A sample shop, chunk by chunk, so that a million customers never sit in memory at once. The
 * same options give the same records on every machine, whatever the chunk size; purchases come
 * from their own random stream, so the customers are the same with or without them.
 */
export function* generateSample(opts: SampleOptions): Generator<SampleChunk, void, undefined> {
	const total = opts.customers;
	if (!Number.isInteger(total) || total < 0) {
		throw new RangeError(`customers must be a whole number ≥ 0, got ${total}`);
	}
	const chunkSize = Math.max(1, Math.min(SAMPLE_CHUNK_SIZE, opts.chunkSize ?? SAMPLE_CHUNK_SIZE));
	const withPurchases = opts.withPurchases ?? true;
	const gen = new SampleMaker({
		seed: opts.seed,
		customers: total,
		shopType: opts.shopType ?? 'spa',
		today: opts.today
	});
	for (let start = 0; start < total; start += chunkSize) {
		const end = Math.min(total, start + chunkSize);
		const customers: Customer[] = [];
		const purchases: Purchase[] = [];
		for (let i = start; i < end; i++) {
			const { customer, createdAt } = gen.customer(i);
			customers.push(customer);
			if (withPurchases) gen.purchases(customer.id, createdAt, purchases);
		}
		yield { customers, purchases };
	}
}
