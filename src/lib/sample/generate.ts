import {
	defaultStageSettings,
	ruleStage,
	stageFacts,
	type LeadTemperature
} from '$lib/domain/stages';
import {
	actionFor,
	DEFAULT_CARE_PLANS,
	planForPurchase,
	type CarePlan,
	type ReminderDraft
} from '$lib/domain/care';
import { buildCustomer, emptyStats } from '$lib/domain/customer';
import { fold } from '$lib/domain/text';
import type {
	ContactChannel,
	ConsentPurpose,
	ConsentRecord,
	Customer,
	Interaction,
	Purchase,
	Reminder,
	RepurchaseChance
} from '$lib/domain/types';
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
	/**
	 * Default true: the after-sale care of each purchase (reminders, the calls and messages that
	 * closed them, feedback). False keeps customers and purchases exactly as they would be and
	 * leaves the care out — about ten rows a customer fewer — so a benchmark can seed a million
	 * customers in minutes rather than hours. The purchases' after-sale checklists stay empty.
	 */
	withCare?: boolean;
	/** Customers per chunk, at most (and by default) SAMPLE_CHUNK_SIZE. Does not change the data. */
	chunkSize?: number;
	/**
	 * Extra purchases per buying customer on average (default 0), for benchmarks that need a
	 * heavier book than a real shop's: 2.5 gives about five purchases per customer.
	 */
	extraPurchases?: number;
}

export interface SampleChunk {
	customers: Customer[];
	/** The purchases of this chunk's customers (none of another chunk's). */
	purchases: Purchase[];
	/** Their reminders: the care plan's steps for recent sales, and a few made by hand. */
	reminders: Reminder[];
	/** Their interactions: the reminders done, and some feedback and complaints. */
	interactions: Interaction[];
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
 * (C, P, I or R) and the row's index (10): unique per table without any randomness.
 */
function sampleId(
	at: number,
	seedTag: string,
	table: 'C' | 'P' | 'I' | 'R',
	index: number
): string {
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
// Customer care: what the staff did after each sale

/** Sales this recent carry their care plan's reminders; older ones are history only. */
const CARE_HORIZON_DAYS = 120;
/** Sales older than this have mostly been through the whole after-sale checklist. */
const SETTLED_DAYS = 40;
/** A step due more than this many days ago has mostly been done or skipped by now. */
const HANDLED_AFTER_DAYS = 3;

const CALL_NOTES = [
	'Khách hài lòng',
	'Khách dùng tốt, hẹn quay lại',
	'Không nghe máy, đã nhắn lại',
	'Khách hỏi thêm cách dùng',
	'Khách bận, hẹn gọi lại sau'
];
const MESSAGE_NOTES = [
	'Đã nhắn cảm ơn',
	'Đã gửi hướng dẫn bảo quản',
	'Đã gửi ưu đãi lần sau',
	'Khách đã xem tin nhắn',
	'Khách trả lời cảm ơn'
];
const SKIP_REASONS = [
	'Không liên lạc được',
	'Khách không muốn nhận tin',
	'Đã hỏi trực tiếp tại quầy',
	'Khách đã quay lại mua'
];
const PRAISE = [
	'Khen sản phẩm tốt',
	'Nhân viên tư vấn nhiệt tình',
	'Sẽ giới thiệu bạn bè',
	'Giá hơi cao nhưng chất lượng ổn'
];
const COMPLAINTS = [
	'Phải chờ lâu',
	'Sản phẩm không như mong đợi',
	'Nhân viên trả lời tin nhắn chậm',
	'Hẹn giờ nhưng không được phục vụ đúng giờ'
];
const CUSTOM_NOTES = [
	'Gọi lại báo giá',
	'Hẹn lấy hàng',
	'Báo khi có mẫu mới',
	'Nhắc lịch hẹn',
	'Gửi ảnh mẫu cho khách'
];

const MESSAGE_CHANNELS = new Table<ContactChannel>([
	['zalo', 60],
	['facebook', 25],
	['sms', 15]
]);
const CHANCES = new Table<RepurchaseChance>([
	['high', 35],
	['medium', 45],
	['low', 20]
]);

/** The plan's reminder id for a key: the key itself, as the app's repository makes them. */
const keyAsId = (key: string): string => key;

/** Stands for the purchase id in a memoised plan; no real id contains it. */
const PURCHASE_SLOT = '\u0000';

interface PlannedStep {
	draft: ReminderDraft;
	/** The draft's id around the purchase id: `${before}${purchaseId}${after}`. */
	before: string;
	after: string;
	/** Its due date as days since the epoch. */
	dueDay: number;
}

// ---------------------------------------------------------------------------------------------
// Generation

interface ResolvedOptions {
	seed: number;
	customers: number;
	shopType: ShopType;
	today: string;
	extraPurchases: number;
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
	private interactionIndex = 0;
	private reminderIndex = 0;
	private readonly careRng: Rng;
	private readonly plan: CarePlan;
	/** planForPurchase by sale date (and whether the customer came back): dates repeat a lot. */
	private readonly plans = new Map<string, PlannedStep[]>();

	constructor(private readonly opts: ResolvedOptions) {
		this.v = vocabulary(opts.shopType);
		// Separate streams, so that turning purchases off leaves the customers exactly as they were.
		this.rng = createRng(mix(opts.seed, 1));
		this.buyRng = createRng(mix(opts.seed, 2));
		this.careRng = createRng(mix(opts.seed, 7));
		this.plan = DEFAULT_CARE_PLANS[opts.shopType];
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

	/**
	 * How warm the owner rated lead `index`, or null for one not rated: a hash of the index, not
	 * a draw, so that no other stream moves. Most leads are cold or not rated; a few are hot.
	 */
	leadTemperature(index: number): LeadTemperature | null {
		const roll = (mix(this.opts.seed ^ index, 8) >>> 0) / 4294967296;
		if (roll < 0.3) return null;
		if (roll < 0.65) return 'cold';
		return roll < 0.9 ? 'warm' : 'hot';
	}

	/**
	 * What customer `index` agreed to, as a shop that asks at the counter records it: most agree
	 * to care messages, fewer to promotions, some were never asked. A hash, not a draw, so that
	 * no other stream moves.
	 */
	consents(index: number, createdAt: number): ConsentRecord[] {
		const roll = (mix(this.opts.seed ^ index, 9) >>> 0) / 4294967296;
		if (roll < 0.15) return [];
		const at = createdAt;
		const entry = (purpose: ConsentPurpose, given: boolean, k: number): ConsentRecord => ({
			id: `${index.toString(36)}-consent-${k}`,
			purpose,
			given,
			at,
			method: roll < 0.6 ? 'store' : 'zalo',
			note: '',
			recordedAt: at
		});
		const care = entry('care', roll >= 0.2, 0);
		return roll < 0.55 ? [care] : [care, entry('promotions', roll >= 0.6, 1)];
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
		const extra = this.opts.extraPurchases;
		if (extra > 0) count += rng.int(Math.round(2 * extra) + 1);
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
				aftercare: { done: {}, chance: null },
				createdAt: at,
				updatedAt: at
			});
		}
	}

	/** A moment in opening hours of a day (days since the epoch, Vietnam time). */
	private during(day: number): number {
		return day * DAY + (OPENS + this.careRng.int(OPEN_MINUTES)) * MINUTE - VN_OFFSET;
	}

	/**
	 * What the staff did after a customer's sales: the care plan's reminders for recent sales
	 * (most of those due a few days ago done, with the call or message logged, or skipped; a few
	 * left overdue), the after-sale checklist ticked (mostly complete on older sales), now and
	 * then feedback or a complaint, and once in a while a reminder made by hand. `own` are the
	 * customer's purchases in date order; their `aftercare` is filled in here.
	 */
	care(customer: Customer, own: Purchase[], out: SampleChunk): void {
		const rng = this.careRng;
		const today = this.todayDay;
		own.forEach((p, k) => {
			const day = vnDay(p.createdAt);
			const age = today - day;
			if (age <= CARE_HORIZON_DAYS) {
				const cameBack = k < own.length - 1 && own[own.length - 1].date > p.date;
				for (const step of this.planned(p, cameBack)) {
					out.reminders.push(this.reminder(step, p, out));
				}
			}
			const done = p.aftercare.done;
			if (age > CARE_HORIZON_DAYS) {
				// History before the reminders: ticked by hand as the shops do on paper.
				if (rng.chance(0.85)) done.ask = this.during(day + 3);
				if (rng.chance(0.9)) done.thanks = this.during(day + 7);
				if (rng.chance(0.7)) done.followup = this.during(day + 30);
			}
			if (age > SETTLED_DAYS) {
				if (done.ask !== undefined && rng.chance(0.8)) done.feedback = done.ask;
				if (done.followup !== undefined && rng.chance(0.45)) {
					p.aftercare.chance = CHANCES.draw(rng);
					done.chance = done.followup;
				}
			}
			if (age <= 365 && age >= 1 && rng.chance(0.05)) out.interactions.push(this.opinion(p, day));
		});
		if (rng.chance(0.02)) out.reminders.push(this.customReminder(customer, own));
	}

	/**
	 * The care plan of a sale entered on its day, from the domain's planForPurchase. Memoised:
	 * planning does date arithmetic on strings, and one call per recent sale would triple the
	 * generation time. The plan depends only on the date and on whether the customer came back
	 * (the default plans have no product cycles, so not on the items); ids are made with a slot
	 * for the purchase id, filled in by the caller.
	 */
	private planned(p: Purchase, cameBack: boolean): PlannedStep[] {
		const key = `${p.date}|${cameBack}${this.plan.cycles.length > 0 ? `|${p.items}` : ''}`;
		let steps = this.plans.get(key);
		if (steps === undefined) {
			const drafts = planForPurchase(
				{ id: PURCHASE_SLOT, customerId: '', date: p.date, items: p.items },
				this.plan,
				{
					today: p.date,
					makeId: keyAsId,
					latestOtherPurchase: cameBack ? '9999-12-31' : null
				}
			);
			steps = drafts.map((draft) => {
				const at = draft.id.indexOf(PURCHASE_SLOT);
				return {
					draft,
					before: draft.id.slice(0, at),
					after: draft.id.slice(at + PURCHASE_SLOT.length),
					dueDay: parseIsoDay(draft.due)
				};
			});
			this.plans.set(key, steps);
		}
		return steps;
	}

	/**
	 * A planned reminder as the staff left it: done, skipped, or still open. Built as one object
	 * literal of a fixed shape (no spreads, no fields added later): with tens of thousands per
	 * chunk, that keeps generation and garbage collection quick.
	 */
	private reminder(step: PlannedStep, p: Purchase, out: SampleChunk): Reminder {
		const rng = this.careRng;
		const d = step.draft;
		const dueAge = this.todayDay - step.dueDay;
		const roll = rng.next();
		let status: Reminder['status'] = 'open';
		if (dueAge > HANDLED_AFTER_DAYS) {
			status = roll < 0.87 ? 'done' : roll < 0.98 ? 'skipped' : 'open';
		} else if (dueAge >= 0) {
			status = roll < 0.55 ? 'done' : 'open';
		}
		const id = step.before + p.id + step.after;
		const assignee = rng.chance(0.6) ? p.staff : '';
		let snoozedUntil: string | null = null;
		let closedAt: number | null = null;
		let skipReason = '';
		let interactionId: string | null = null;
		if (status === 'open') {
			// Some overdue ones were put off for a few days: hidden from Today until then.
			if (dueAge > HANDLED_AFTER_DAYS && rng.chance(0.15)) {
				snoozedUntil = this.isoDay(this.todayDay + 1 + rng.int(5));
			}
		} else {
			closedAt = this.during(Math.min(this.todayDay, step.dueDay + rng.int(3)));
			if (status === 'skipped') {
				skipReason = rng.pick(SKIP_REASONS);
			} else {
				const interaction = this.followUp(d, id, p, closedAt);
				out.interactions.push(interaction);
				interactionId = interaction.id;
				if (d.aftercareStep !== null) p.aftercare.done[d.aftercareStep] ??= closedAt;
			}
		}
		return {
			id,
			customerId: p.customerId,
			due: d.due,
			dueEnd: d.dueEnd,
			kind: d.kind,
			step: d.step,
			aftercareStep: d.aftercareStep,
			templateId: d.templateId,
			status,
			snoozedUntil,
			sourcePurchaseId: p.id,
			assignee,
			note: d.note,
			skipReason,
			closedAt,
			interactionId,
			createdAt: p.createdAt,
			updatedAt: closedAt ?? p.createdAt
		};
	}

	/** The call or message that did a reminder, as the plan step says. */
	private followUp(d: ReminderDraft, reminderId: string, p: Purchase, at: number): Interaction {
		const rng = this.careRng;
		const action = actionFor(d, this.plan);
		return {
			id: sampleId(at, this.seedTag, 'I', this.interactionIndex++),
			customerId: p.customerId,
			at,
			kind: action,
			channel: action === 'call' ? 'phone' : MESSAGE_CHANNELS.draw(rng),
			sentiment: action === 'call' && rng.chance(0.5) ? 'positive' : null,
			reminderId,
			summary: rng.pick(action === 'call' ? CALL_NOTES : MESSAGE_NOTES),
			staff: p.staff,
			createdAt: at,
			updatedAt: at
		};
	}

	/** Feedback or a complaint a few days after a sale. */
	private opinion(p: Purchase, day: number): Interaction {
		const rng = this.careRng;
		const at = this.during(Math.min(this.todayDay, day + 1 + rng.int(10)));
		const complaint = rng.chance(0.35);
		return {
			id: sampleId(at, this.seedTag, 'I', this.interactionIndex++),
			customerId: p.customerId,
			at,
			kind: complaint ? 'complaint' : 'feedback',
			channel: rng.pick<ContactChannel>(['zalo', 'facebook', 'phone', 'store']),
			sentiment: complaint ? 'negative' : rng.chance(0.8) ? 'positive' : 'neutral',
			reminderId: null,
			summary: rng.pick(complaint ? COMPLAINTS : PRAISE),
			staff: p.staff,
			createdAt: at,
			updatedAt: at
		};
	}

	/** "Call back about the quote": due from a few days ago to two weeks ahead. */
	private customReminder(customer: Customer, own: readonly Purchase[]): Reminder {
		const rng = this.careRng;
		const dueDay = this.todayDay - 3 + rng.int(18);
		const createdDay = Math.max(vnDay(customer.createdAt), Math.min(dueDay, this.todayDay) - 7);
		const createdAt = Math.max(customer.createdAt, this.during(createdDay));
		return {
			id: sampleId(createdAt, this.seedTag, 'R', this.reminderIndex++),
			customerId: customer.id,
			due: this.isoDay(dueDay),
			dueEnd: null,
			kind: 'custom',
			step: null,
			aftercareStep: null,
			templateId: null,
			status: 'open',
			snoozedUntil: null,
			sourcePurchaseId: null,
			assignee: rng.chance(0.5) ? (own[own.length - 1]?.staff ?? '') : '',
			note: rng.pick(CUSTOM_NOTES),
			skipReason: '',
			closedAt: null,
			interactionId: null,
			createdAt,
			updatedAt: createdAt
		};
	}
}

/** Purchase totals of one customer's purchases. */
function statsOf(purchases: readonly Purchase[]): Customer['stats'] {
	const stats = emptyStats();
	for (const p of purchases) {
		stats.count += 1;
		stats.total += p.amount;
		if (stats.first === null || p.date < stats.first) stats.first = p.date;
		if (stats.last === null || p.date > stats.last) stats.last = p.date;
	}
	return stats;
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
	const withCare = opts.withCare ?? true;
	// Stages as the rules give them on the sample's today, so the first daily run has little to do.
	const stageSettings = defaultStageSettings(opts.shopType ?? 'spa');
	const gen = new SampleMaker({
		seed: opts.seed,
		customers: total,
		shopType: opts.shopType ?? 'spa',
		today: opts.today,
		extraPurchases: Math.max(0, opts.extraPurchases ?? 0)
	});
	for (let start = 0; start < total; start += chunkSize) {
		const end = Math.min(total, start + chunkSize);
		const chunk: SampleChunk = { customers: [], purchases: [], reminders: [], interactions: [] };
		for (let i = start; i < end; i++) {
			const { customer, createdAt } = gen.customer(i);
			const consents = gen.consents(i, createdAt);
			if (consents.length > 0) customer.consents = consents;
			chunk.customers.push(customer);
			if (!withPurchases) continue;
			const first = chunk.purchases.length;
			gen.purchases(customer.id, createdAt, chunk.purchases);
			const own = chunk.purchases.slice(first);
			customer.stats = statsOf(own);
			const dates = own
				.filter((p) => p.deletedAt === undefined)
				.map((p) => p.date)
				.sort();
			const rule = ruleStage(
				stageFacts(customer.stats, dates[1] ?? null),
				stageSettings,
				opts.today
			);
			customer.stage = rule.stage;
			customer.stageReason = rule.reason;
			const temperature = rule.stage === 'lead' ? gen.leadTemperature(i) : null;
			if (temperature !== null) customer.leadTemperature = temperature;
			if (withCare) gen.care(customer, own, chunk);
		}
		yield chunk;
	}
}
