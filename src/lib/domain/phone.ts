import {
	parsePhoneNumberFromString,
	validatePhoneNumberLength,
	type CountryCode
} from 'libphonenumber-js/max';
import type { Phone, ProblemCode } from './types';

/**
 * Pre-2018 11-digit mobile prefixes (national significant number, without the trunk 0) and the
 * 10-digit ones the carriers moved them to. libphonenumber only knows today's plan, so it would
 * keep 01629123456 as an invalid +841629123456.
 */
export const OLD_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
	// Viettel
	'162': '32',
	'163': '33',
	'164': '34',
	'165': '35',
	'166': '36',
	'167': '37',
	'168': '38',
	'169': '39',
	// MobiFone
	'120': '70',
	'121': '79',
	'122': '77',
	'126': '76',
	'128': '78',
	// VinaPhone
	'123': '83',
	'124': '84',
	'125': '85',
	'127': '81',
	'129': '82',
	// Vietnamobile
	'186': '56',
	'188': '58',
	// Gmobile
	'199': '59'
};

/** Letters would otherwise be silently dropped by libphonenumber ("0912abc345678" parses). */
const ALLOWED = /^\+?[\d\s.()\-\u2010-\u2015]*$/u;

/**
 * Where the digits of a typed number point: a Vietnamese national significant number (the part
 * after +84 / the trunk 0) or an international number to hand to libphonenumber as is.
 */
type Route =
	{ kind: 'vn'; nsn: string } | { kind: 'intl'; text: string } | { kind: 'other'; digits: string };

function clean(raw: string): string {
	// NFKC turns full-width digits (Japanese/Chinese IMEs, some PDF copies) into ASCII ones; a
	// leading apostrophe is Excel's "keep as text" marker.
	// "(+84) 912 345 678": a country code in parentheses is still a leading plus.
	return raw
		.normalize('NFKC')
		.trim()
		.replace(/^'/, '')
		.trim()
		.replace(/^\(\s*\+/, '+');
}

function route(cleaned: string, defaultCountry: CountryCode): Route {
	const digits = cleaned.replace(/\D/g, '');
	let afterCountryCode: string | null = null;
	if (cleaned.startsWith('+') || (digits.startsWith('00') && !digits.startsWith('0084'))) {
		const international = cleaned.startsWith('+') ? digits : digits.slice(2);
		if (!international.startsWith('84')) return { kind: 'intl', text: '+' + international };
		afterCountryCode = international.slice(2);
	} else if (digits.startsWith('0084')) {
		afterCountryCode = digits.slice(4);
	} else if (defaultCountry !== 'VN') {
		return { kind: 'other', digits };
	} else if (digits.startsWith('84') && digits.length >= 11) {
		// 84 + 9 or 10 digits: the country code without its plus (spreadsheets drop it). A 9-digit
		// "84…" is a 084 VinaPhone mobile missing its leading 0, handled below.
		afterCountryCode = digits.slice(2);
	}
	if (afterCountryCode !== null) {
		// "+84 (0) 912 345 678": the trunk 0 written after the country code.
		return { kind: 'vn', nsn: afterCountryCode.replace(/^0/, '') };
	}
	// Without the trunk 0 it is a number whose 0 Excel dropped ("912345678").
	return { kind: 'vn', nsn: digits.startsWith('0') ? digits.slice(1) : digits };
}

function mapOldPrefix(nsn: string): string | null {
	if (nsn.length !== 10) return null;
	const replacement = OLD_MOBILE_PREFIXES[nsn.slice(0, 3)];
	return replacement === undefined ? null : replacement + nsn.slice(3);
}

/** Why a Vietnamese national number is not valid, judged by its kind (mobile, landline…). */
function vnProblem(nsn: string): ProblemCode {
	const first = nsn.charAt(0);
	let min = 9;
	let max = 10;
	if (/^[35789]$/.test(first)) max = 9;
	else if (first === '2') min = 10;
	else if (first === '1') min = 8; // 1800 xxxx toll-free
	if (nsn.length < min) return 'phone-too-short';
	if (nsn.length > max) return 'phone-too-long';
	return 'phone-invalid';
}

function libProblem(text: string, country?: CountryCode): ProblemCode {
	const result = validatePhoneNumberLength(text, country);
	if (result === 'TOO_SHORT') return 'phone-too-short';
	if (result === 'TOO_LONG') return 'phone-too-long';
	return 'phone-invalid';
}

function invalid(raw: string, problem: ProblemCode): Phone {
	return { raw, e164: null, problem };
}

/**
 * One phone number as typed, checked against the real numbering plans. Vietnamese forms are
 * accepted with or without +84 / 84 / 0084, with a missing leading 0, and with the old 11-digit
 * mobile prefixes (then `converted` is set). `raw` is always the argument, untouched.
 */
export function normalisePhone(raw: string, defaultCountry: CountryCode = 'VN'): Phone {
	const cleaned = clean(raw);
	if (cleaned === '' || !ALLOWED.test(cleaned)) return invalid(raw, 'phone-invalid');
	if (cleaned.lastIndexOf('+') > 0) return invalid(raw, 'phone-invalid');
	const r = route(cleaned, defaultCountry);
	if (r.kind === 'intl' || r.kind === 'other') {
		const text = r.kind === 'intl' ? r.text : r.digits;
		const country = r.kind === 'intl' ? undefined : defaultCountry;
		const parsed = parsePhoneNumberFromString(text, country);
		if (parsed?.isValid()) return { raw, e164: parsed.number };
		return invalid(raw, libProblem(text, country));
	}
	const mapped = mapOldPrefix(r.nsn);
	const nsn = mapped ?? r.nsn;
	const e164 = vnE164(nsn);
	if (e164 === null) return invalid(raw, vnProblem(nsn));
	return mapped === null ? { raw, e164 } : { raw, e164, converted: true };
}

/** National numbers whose validity is looked up by length and first four digits. */
const PLAIN_NSN = /^[1-9]\d{7,10}$/;
const vnValidity = new Map<string, boolean>();

/**
 * The E.164 form of a Vietnamese national significant number, null when it is not valid. In
 * libphonenumber's plan for Việt Nam (max metadata), whether an 8- to 11-digit number that does
 * not start with 0 is valid depends only on its length and first four digits, and a valid one is
 * +84 and its digits (phone.test.ts sweeps every such length and prefix, so a library update
 * that changes this fails there). So the library is asked once per length and prefix: it takes
 * 5–7 µs a number, and an import checks up to a million.
 */
function vnE164(nsn: string): string | null {
	if (PLAIN_NSN.test(nsn)) {
		const key = `${nsn.length}:${nsn.slice(0, 4)}`;
		let valid = vnValidity.get(key);
		if (valid === undefined) {
			valid = parsePhoneNumberFromString('+84' + nsn)?.isValid() === true;
			vnValidity.set(key, valid);
		}
		return valid ? '+84' + nsn : null;
	}
	const parsed = nsn === '' ? undefined : parsePhoneNumberFromString('+84' + nsn);
	return parsed?.isValid() ? parsed.number : null;
}

/** Like `normalisePhone`, but blank input is no phone at all rather than an invalid one. */
export function parsePhone(raw: string, defaultCountry: CountryCode = 'VN'): Phone | null {
	return clean(raw) === '' ? null : normalisePhone(raw, defaultCountry);
}

/** Between numbers in one cell. Spaces, dots and dashes are not: they sit inside numbers. */
const SEPARATORS = /[,;/|\\\n\r]+|\s+(?:hoặc|hoac|or)\s+/iu;

/**
 * Splits a segment that is invalid as one number but is really several written with only
 * spaces (or a spaced dash) between them: "0912345678 0987654321". Only when every part is a
 * valid number, so "0912 345 678" stays one (invalid parts) number.
 */
function splitOnSpaces(segment: string): Phone[] | null {
	const parts = segment.split(/\s+[-\u2010-\u2015]\s*|\s*[-\u2010-\u2015]\s+|\s+/u);
	if (parts.length < 2) return null;
	const phones = parts.filter((p) => p !== '').map((p) => normalisePhone(p));
	return phones.length >= 2 && phones.every((p) => p.e164 !== null) ? phones : null;
}

/** The phones of one cell, split on , ; / | newlines and "hoặc"/"or"; duplicates dropped. */
export function parsePhones(raw: string): Phone[] {
	const out: Phone[] = [];
	const seen = new Set<string>();
	for (const piece of raw.normalize('NFC').split(SEPARATORS)) {
		const segment = piece.trim();
		const one = parsePhone(segment);
		if (one === null) continue;
		const phones = one.e164 === null ? (splitOnSpaces(segment) ?? [one]) : [one];
		for (const phone of phones) {
			const key = phoneIdentity(phone);
			if (seen.has(key)) continue;
			seen.add(key);
			out.push(phone);
		}
	}
	return out;
}

/** What makes two phones the same: the E.164 form, or for invalid ones the text as typed. */
export function phoneIdentity(phone: Phone): string {
	return phone.e164 ?? 'raw:' + phone.raw.trim();
}

export function phonesEqual(a: Phone, b: Phone): boolean {
	return phoneIdentity(a) === phoneIdentity(b);
}

/**
 * Display form: Vietnamese numbers in the national format a Vietnamese reader expects
 * ("0912 345 678", "024 3825 1234"), foreign ones international ("+1 202 555 0143"), invalid
 * ones exactly as typed.
 */
export function formatPhone(phone: Phone): string {
	if (phone.e164 === null) return phone.raw;
	// Vietnamese mobiles are most of what a grid shows: group them directly (0912 345 678) rather
	// than parse each with libphonenumber, which costs a grid page tens of milliseconds.
	if (/^\+84[35789]\d{8}$/.test(phone.e164)) {
		const n = '0' + phone.e164.slice(3);
		return `${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}`;
	}
	const cached = formatted.get(phone.e164);
	if (cached !== undefined) return cached;
	const parsed = parsePhoneNumberFromString(phone.e164);
	const text =
		parsed === undefined
			? phone.e164
			: parsed.countryCallingCode === '84'
				? parsed.formatNational()
				: parsed.formatInternational();
	if (formatted.size >= 5000) formatted.clear();
	formatted.set(phone.e164, text);
	return text;
}

const formatted = new Map<string, string>();

/**
 * Digit strings a quick search should find this phone by (the search turns its query into
 * digits). A converted number is also found by its old 11-digit form.
 */
export function phoneSearchTokens(phone: Phone): string[] {
	if (phone.e164 === null) {
		const digits = clean(phone.raw).replace(/\D/g, '');
		return digits === '' ? [] : [digits];
	}
	const international = phone.e164.slice(1);
	const tokens: string[] = [];
	if (international.startsWith('84')) {
		const nsn = international.slice(2);
		tokens.push('0' + nsn, international, nsn);
		if (phone.converted) {
			const r = route(clean(phone.raw), 'VN');
			if (r.kind === 'vn' && r.nsn !== nsn) tokens.push('0' + r.nsn, r.nsn);
		}
	} else {
		tokens.push(international);
		const parsed = parsePhoneNumberFromString(phone.e164);
		if (parsed !== undefined) tokens.push(parsed.nationalNumber);
	}
	return [...new Set(tokens)];
}
