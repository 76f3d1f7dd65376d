/**
 * Phone keys for matching. Every number becomes E.164 (old 11-digit mobile prefixes mapped first,
 * as `normalisePhone` does); a number that may also be an old landline gets a second, "possible"
 * key. A fast path handles the common Vietnamese mobile forms without libphonenumber, which costs
 * tens of microseconds a number: too much for a million customers.
 */
import { OLD_MOBILE_PREFIXES, parsePhones } from '$lib/domain/phone';

export interface PhoneKeys {
	/** E.164 numbers, or digits for numbers that are not valid anywhere. */
	exact: string[];
	/** Other numbers the same text may mean (an old Hồ Chí Minh City landline). */
	possible: string[];
}

/**
 * Mobile prefixes fully in service (all seven following digits valid), the ones libphonenumber
 * accepts without further checks. 089 and 099 are only partly in service and go the slow way.
 */
const FAST_MOBILE = /^(?:3[2-9]|5[68]|7[06-9]|8[1-8]|9[0-8])\d{7}$/;

const SEPARATORS = /[,;/|\\\n\r]+|\s+(?:hoặc|hoac|or)\s+/iu;

/** The national significant number of a plainly written Vietnamese mobile, or null. */
function fastNsn(piece: string): string | null {
	if (!/^[+\d\s.()-]+$/.test(piece)) return null;
	const plus = piece.trimStart().startsWith('+');
	let digits = piece.replace(/\D/g, '');
	if (plus) {
		if (!digits.startsWith('84')) return null;
		digits = digits.slice(2);
	} else if (digits.startsWith('0084')) {
		digits = digits.slice(4);
	} else if (digits.startsWith('84') && digits.length >= 11) {
		digits = digits.slice(2);
	}
	if (digits.startsWith('0')) digits = digits.slice(1);
	if (digits.length === 10) {
		const mapped = OLD_MOBILE_PREFIXES[digits.slice(0, 3)];
		if (mapped === undefined) return null;
		digits = mapped + digits.slice(3);
	}
	return FAST_MOBILE.test(digits) ? digits : null;
}

/**
 * Before 2017 Hồ Chí Minh City landlines were 08 + 8 digits, which is today a 08x mobile; Hà Nội's
 * 04 + 8 digits became 024. A customer card from then still says "08 3822 1234".
 */
function oldLandline(e164: string): string | null {
	if (/^\+848\d{8}$/.test(e164)) return '+8428' + e164.slice(4);
	return null;
}

function hanoiLandline(raw: string): string | null {
	const digits = raw.replace(/\D/g, '');
	return /^04\d{8}$/.test(digits) ? '+8424' + digits.slice(2) : null;
}

/** Phone keys of one or more cells. */
export function phoneKeys(cells: readonly string[]): PhoneKeys {
	const exact: string[] = [];
	const possible: string[] = [];
	const add = (list: string[], key: string) => {
		if (!list.includes(key)) list.push(key);
	};
	for (const cell of cells) {
		if (cell === '') continue;
		if (cell.startsWith('+') && /^\+\d{8,15}$/.test(cell)) {
			// Already E.164 (the app stores it so): no parsing.
			add(exact, cell);
			const landline = oldLandline(cell);
			if (landline !== null) add(possible, landline);
			continue;
		}
		for (const piece of cell.normalize('NFC').split(SEPARATORS)) {
			const text = piece.trim();
			if (text === '') continue;
			const nsn = fastNsn(text);
			const found =
				nsn !== null ? ['+84' + nsn] : parsePhones(text).map((p) => p.e164 ?? hanoiLandline(p.raw));
			for (const key of found) {
				if (key === null) {
					// Not a valid number: its digits still match the same digits elsewhere.
					const digits = text.replace(/\D/g, '');
					if (digits.length >= 7) add(exact, 'd' + digits);
					continue;
				}
				add(exact, key);
				const landline = oldLandline(key);
				if (landline !== null) add(possible, landline);
			}
		}
	}
	return { exact, possible };
}

/** The last seven digits: what survives a wrong or outdated prefix. */
export function lastDigits(key: string): string {
	if (/^\+\d+$/.test(key)) return key.slice(-7);
	return key.replace(/\D/g, '').slice(-7);
}
