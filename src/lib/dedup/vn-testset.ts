/**
 * A labelled Vietnamese test set, generated deterministically from a seed: customers, their
 * duplicates written the ways shop staff really write them, and the hard non-duplicates a
 * duplicate finder must leave alone: namesakes (same full name, another person) and households
 * (spouses, parents and children sharing one phone and address under different given names).
 */
import {
	CITIES,
	EMAIL_DOMAINS,
	FAMILY_NAMES,
	GIVEN_NAMES_FEMALE,
	GIVEN_NAMES_MALE,
	MIDDLE_NAMES_FEMALE,
	MIDDLE_NAMES_MALE,
	MOBILE_PREFIXES,
	PREFIX_NEXT_DIGITS,
	TRADITIONAL_MIDDLE,
	type Weighted
} from '$lib/sample/vn-data';
import type { LabelledRecord } from './evaluate';

export interface VnTestSetOptions {
	seed?: number;
	/** Distinct people before duplicates, households and namesakes are added. */
	people?: number;
	/** Share of people with one or more duplicate records. */
	duplicateShare?: number;
	/** Share of people with a household member (spouse, parent or child) in the book. */
	householdShare?: number;
	/** Share of people with a namesake in the book. */
	namesakeShare?: number;
}

interface Rng {
	next(): number;
	int(n: number): number;
	chance(p: number): boolean;
	pick<T>(items: readonly T[]): T;
	weighted<T>(items: Weighted<T>): T;
}

/** mulberry32, as the sample generator uses. */
function createRng(seed: number): Rng {
	let state = seed | 0;
	const cumulative = new Map<object, number[]>();
	const rng: Rng = {
		next() {
			state = (state + 0x6d2b79f5) | 0;
			let t = state;
			t = Math.imul(t ^ (t >>> 15), t | 1);
			t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		},
		int: (n) => Math.floor(rng.next() * n),
		chance: (p) => rng.next() < p,
		pick: (items) => items[Math.floor(rng.next() * items.length)],
		weighted(items) {
			let sums = cumulative.get(items);
			if (sums === undefined) {
				sums = [];
				let s = 0;
				for (const [, w] of items) sums.push((s += w));
				cumulative.set(items, sums);
			}
			const x = rng.next() * sums[sums.length - 1];
			let lo = 0;
			let hi = sums.length - 1;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (sums[mid] > x) hi = mid;
				else lo = mid + 1;
			}
			return items[lo][0];
		}
	};
	return rng;
}

type Gender = 'male' | 'female';

interface Person {
	entity: string;
	household: string;
	gender: Gender;
	family: string;
	middle: string;
	given: string;
	/** Ten-digit national form, 0xxxxxxxxx; empty when none. */
	phone: string;
	email: string;
	street: { number: string; street: string; ward: string; district: string; city: string } | null;
	birthday: { y: number; m: number; d: number } | null;
	salutation: string;
}

const NEW_TO_OLD: Readonly<Record<string, string>> = {
	'32': '162',
	'33': '163',
	'34': '164',
	'35': '165',
	'36': '166',
	'37': '167',
	'38': '168',
	'39': '169',
	'70': '120',
	'79': '121',
	'77': '122',
	'76': '126',
	'78': '128',
	'83': '123',
	'84': '124',
	'85': '125',
	'81': '127',
	'82': '129',
	'56': '186',
	'58': '188',
	'59': '199'
};

function stripMarks(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D');
}

function newPhone(rng: Rng): string {
	const prefix = rng.weighted(MOBILE_PREFIXES);
	const next = PREFIX_NEXT_DIGITS[prefix];
	let rest = next === undefined ? String(rng.int(10)) : rng.pick([...next]);
	for (let i = 0; i < 6; i++) rest += String(rng.int(10));
	return prefix + rest;
}

function given(rng: Rng, gender: Gender): string {
	return rng.weighted(gender === 'female' ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE);
}

function middle(rng: Rng, gender: Gender, year: number): string {
	const traditional = year < 1980 ? 0.6 : year < 1995 ? 0.35 : 0.15;
	if (rng.chance(traditional)) return TRADITIONAL_MIDDLE[gender];
	return rng.weighted(gender === 'female' ? MIDDLE_NAMES_FEMALE : MIDDLE_NAMES_MALE);
}

function salutationFor(rng: Rng, gender: Gender, year: number): string {
	if (year < 1975) return gender === 'female' ? rng.pick(['cô', 'bác']) : rng.pick(['chú', 'bác']);
	if (year > 2000) return 'em';
	return gender === 'female' ? 'chị' : 'anh';
}

function newStreet(rng: Rng): NonNullable<Person['street']> {
	const city = rng.weighted(CITIES.map((c) => [c, c.weight] as const));
	const district = rng.pick(city.districts);
	const south = city.style === 'south';
	const base = 1 + rng.int(400);
	const number = south && rng.chance(0.4) ? `${base}/${1 + rng.int(60)}` : String(base);
	return {
		number,
		street: rng.pick(district.streets),
		ward: rng.pick(district.wards),
		district: district.name,
		city: city.name
	};
}

function newEmail(rng: Rng, family: string, middleName: string, givenName: string, year: number) {
	const f = stripMarks(family).toLowerCase();
	const m = stripMarks(middleName).toLowerCase();
	const g = stripMarks(givenName).toLowerCase();
	const local = rng.pick([
		`${g}${f}${year % 100}${rng.int(100)}`,
		`${f}${m}${g}`,
		`${g}.${f}${rng.int(1000)}`,
		`${g}${rng.int(10000)}`,
		`${f}.${g}.${year}`
	]);
	return `${local}@${rng.weighted(EMAIL_DOMAINS)}`;
}

function newPerson(rng: Rng, entity: string, household: string): Person {
	const gender: Gender = rng.chance(0.6) ? 'female' : 'male';
	const year = 1955 + rng.int(50);
	const familyName = rng.weighted(FAMILY_NAMES);
	return {
		entity,
		household,
		gender,
		family: familyName,
		middle: middle(rng, gender, year),
		given: given(rng, gender),
		phone: rng.chance(0.93) ? newPhone(rng) : '',
		email: '',
		street: rng.chance(0.65) ? newStreet(rng) : null,
		birthday: rng.chance(0.5) ? { y: year, m: 1 + rng.int(12), d: 1 + rng.int(28) } : null,
		salutation: salutationFor(rng, gender, year)
	};
}

/**
 * A mailbox has one owner: when the address a person would get is taken (two Trần Văn Vũ, or
 * `pham.duyen.1990` for two people without a birth year), a number is added, as the provider
 * would insist. Only a household shares an address on purpose. No extra random draws, so the
 * rest of the set does not change.
 */
function uniqueEmail(taken: Set<string>, email: string): string {
	if (!taken.has(email)) {
		taken.add(email);
		return email;
	}
	const [local, domain] = email.split('@');
	for (let k = 2; ; k++) {
		const other = `${local}${k}@${domain}`;
		if (!taken.has(other)) {
			taken.add(other);
			return other;
		}
	}
}

function withEmail(rng: Rng, p: Person, taken: Set<string>): Person {
	if (rng.chance(0.35)) {
		p.email = uniqueEmail(taken, newEmail(rng, p.family, p.middle, p.given, p.birthday?.y ?? 1990));
	}
	return p;
}

/** Old and new tone placement: hòa/hoà, thủy/thuỷ, khỏe/khoẻ. */
function otherTonePlacement(s: string): string {
	const swaps: [string, string][] = [
		['òa', 'oà'],
		['óa', 'oá'],
		['ỏa', 'oả'],
		['õa', 'oã'],
		['ọa', 'oạ'],
		['ủy', 'uỷ'],
		['úy', 'uý'],
		['ùy', 'uỳ'],
		['ũy', 'uỹ'],
		['ụy', 'uỵ'],
		['òe', 'oè'],
		['óe', 'oé'],
		['ỏe', 'oẻ']
	];
	for (const [a, b] of swaps) {
		if (s.includes(a)) return s.replace(a, b);
		if (s.includes(b)) return s.replace(b, a);
	}
	return s;
}

/** Lý/Lí, Kỳ/Kì, Mỹ/Mĩ, Sỹ/Sĩ. */
function otherIY(s: string): string {
	const swaps: [string, string][] = [
		['ý', 'í'],
		['ỳ', 'ì'],
		['ỹ', 'ĩ'],
		['ỷ', 'ỉ'],
		['ỵ', 'ị']
	];
	for (const [a, b] of swaps) {
		const re = new RegExp(`([LlKkMmSs])${a}(?=\\s|$)`);
		if (re.test(s)) return s.replace(re, `$1${b}`);
	}
	return s;
}

function typo(rng: Rng, word: string): string {
	const chars = [...word];
	if (chars.length < 3) return word;
	const i = 1 + rng.int(chars.length - 1);
	switch (rng.int(3)) {
		case 0:
			chars.splice(i, 1);
			break;
		case 1:
			if (i < chars.length - 1) [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
			else chars.splice(i, 1);
			break;
		default:
			chars[i] = rng.pick([...'aeiounhtgc']);
	}
	return chars.join('');
}

function writeName(rng: Rng, p: Person, variant: boolean): string {
	if (!variant) return `${p.family} ${p.middle} ${p.given}`;
	let givenName = p.given;
	let middleName = p.middle;
	if (rng.chance(0.08)) givenName = typo(rng, givenName);
	if (rng.chance(0.2)) middleName = '';
	let name: string;
	const order = rng.next();
	if (order < 0.12) name = `${givenName} ${p.family}`;
	else if (order < 0.22) name = givenName;
	else name = [p.family, middleName, givenName].filter(Boolean).join(' ');
	if (rng.chance(0.3)) name = otherTonePlacement(name);
	if (rng.chance(0.3)) name = otherIY(name);
	if (rng.chance(0.3)) name = stripMarks(name);
	if (rng.chance(0.15)) name = name.toLowerCase();
	if (rng.chance(0.25) || (order >= 0.12 && order < 0.22)) {
		const honorific = rng.chance(0.2)
			? p.gender === 'female'
				? 'C.'
				: 'A.'
			: rng.chance(0.3)
				? stripMarks(p.salutation)
				: p.salutation;
		name = `${honorific} ${name}`;
	}
	return name;
}

/** The five ways a number is written, and the old 11-digit form where there is one. */
function writePhone(rng: Rng, phone: string, variant: boolean): string {
	if (phone === '') return '';
	const nsn = phone.slice(1);
	if (!variant) return phone;
	const old = NEW_TO_OLD[nsn.slice(0, 2)];
	if (old !== undefined && rng.chance(0.2)) {
		const digits = '0' + old + nsn.slice(2);
		return rng.chance(0.5)
			? digits
			: `${digits.slice(0, 5)} ${digits.slice(5, 8)} ${digits.slice(8)}`;
	}
	switch (rng.int(5)) {
		case 0:
			return phone;
		case 1:
			return `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
		case 2:
			return `${phone.slice(0, 4)}.${phone.slice(4, 7)}.${phone.slice(7)}`;
		case 3:
			return `+84 ${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}`;
		default:
			return `84${nsn}`;
	}
}

function writeEmail(rng: Rng, email: string, variant: boolean): string {
	if (email === '' || !variant) return email;
	const [local, domain] = email.split('@');
	if (domain === 'gmail.com') {
		const r = rng.next();
		if (r < 0.3) {
			const cut = 1 + rng.int(Math.max(1, local.length - 1));
			return `${local.slice(0, cut)}.${local.slice(cut)}`.replace('..', '.') + '@gmail.com';
		}
		if (r < 0.45) return `${local}+shop@gmail.com`;
		if (r < 0.55) return `${local}@googlemail.com`;
	}
	return rng.chance(0.2) ? email.toUpperCase() : email;
}

function writeAddress(rng: Rng, street: Person['street'], variant: boolean): string {
	if (street === null) return '';
	let { ward, district, city } = street;
	let name = street.street;
	if (variant) {
		if (rng.chance(0.5)) ward = ward.replace(/^Phường\s*/, 'P.');
		if (rng.chance(0.5)) district = district.replace(/^Quận\s*/, 'Q.');
		if (rng.chance(0.5)) {
			city = city
				.replace('TP. Hồ Chí Minh', rng.pick(['TP.HCM', 'HCM', 'Sài Gòn', 'Hồ Chí Minh']))
				.replace('Hà Nội', rng.pick(['HN', 'Ha Noi', 'TP. Hà Nội']));
		}
		// Since July 2025 there are no districts: newer records leave them out.
		if (rng.chance(0.3)) district = '';
		if (rng.chance(0.2)) ward = '';
		if (rng.chance(0.3)) {
			name = stripMarks(name);
			ward = stripMarks(ward);
			district = stripMarks(district);
			city = stripMarks(city);
		}
	}
	return [`${street.number} ${name}`, ward, district, city].filter(Boolean).join(', ');
}

function writeBirthday(rng: Rng, b: Person['birthday'], variant: boolean): string {
	if (b === null) return '';
	const dd = String(b.d).padStart(2, '0');
	const mm = String(b.m).padStart(2, '0');
	if (!variant) return `${b.y}-${mm}-${dd}`;
	const r = rng.next();
	if (r < 0.1) return `${mm}/${dd}/${b.y}`;
	if (r < 0.55) return `${dd}/${mm}/${b.y}`;
	if (r < 0.6) return `--${mm}-${dd}`;
	return `${b.y}-${mm}-${dd}`;
}

function recordOf(rng: Rng, p: Person, id: string, variant: boolean): LabelledRecord {
	// A duplicate leaves fields out, and now and then carries a new phone.
	const keep = (x: number) => !variant || rng.chance(x);
	const phone = rng.chance(variant ? 0.08 : 0) ? newPhone(rng) : p.phone;
	const phoneText = keep(0.88) ? writePhone(rng, phone, variant) : '';
	return {
		id,
		entity: p.entity,
		household: p.household,
		name: writeName(rng, p, variant),
		phones: phoneText === '' ? [] : [phoneText],
		emails: keep(0.75) && p.email !== '' ? [writeEmail(rng, p.email, variant)] : [],
		address: keep(0.75) ? writeAddress(rng, p.street, variant) : '',
		birthday: keep(0.7) ? writeBirthday(rng, p.birthday, variant) : ''
	};
}

/** The test set: records (with entity and household labels) in a shuffled order. */
export function generateVnTestSet(options: VnTestSetOptions = {}): LabelledRecord[] {
	const rng = createRng(options.seed ?? 2025);
	const people = options.people ?? 2000;
	const duplicateShare = options.duplicateShare ?? 0.3;
	const householdShare = options.householdShare ?? 0.12;
	const namesakeShare = options.namesakeShare ?? 0.05;
	const persons: Person[] = [];
	const taken = new Set<string>();
	let entity = 0;
	for (let i = 0; i < people; i++) {
		const p = withEmail(rng, newPerson(rng, `e${entity++}`, `h${i}`), taken);
		persons.push(p);
		if (rng.chance(householdShare)) {
			// A spouse (another family name) or a parent/child (the same), at the same home phone
			// and address, with another given name.
			const other = newPerson(rng, `e${entity++}`, p.household);
			const child = rng.chance(0.5);
			if (child) other.family = p.family;
			else other.gender = p.gender === 'female' ? 'male' : 'female';
			while (other.given === p.given) other.given = given(rng, other.gender);
			other.phone = p.phone;
			other.street = p.street;
			if (rng.chance(0.2)) other.email = p.email;
			else withEmail(rng, other, taken);
			persons.push(other);
		}
		if (rng.chance(namesakeShare)) {
			const other = withEmail(rng, newPerson(rng, `e${entity++}`, `n${i}`), taken);
			other.family = p.family;
			other.middle = p.middle;
			other.given = p.given;
			other.gender = p.gender;
			persons.push(other);
		}
	}
	const records: LabelledRecord[] = [];
	for (const p of persons) {
		records.push(recordOf(rng, p, '', false));
		if (rng.chance(duplicateShare)) {
			const copies = rng.chance(0.25) ? 2 : 1;
			for (let c = 0; c < copies; c++) records.push(recordOf(rng, p, '', true));
		}
	}
	// Shuffle, then number: ids must not give the answer away.
	for (let i = records.length - 1; i > 0; i--) {
		const j = rng.int(i + 1);
		[records[i], records[j]] = [records[j], records[i]];
	}
	records.forEach((r, i) => {
		r.id = `vn-${String(i + 1).padStart(7, '0')}`;
	});
	return records;
}

/** As CSV rows for the command line: the engine's columns, then the labels. */
export function vnTestSetRows(records: readonly LabelledRecord[]): string[][] {
	return [
		['id', 'name', 'phone', 'email', 'address', 'birthday', 'entity', 'household'],
		...records.map((r) => [
			r.id,
			r.name,
			r.phones.join('; '),
			r.emails.join('; '),
			r.address,
			r.birthday,
			r.entity,
			r.household ?? ''
		])
	];
}
