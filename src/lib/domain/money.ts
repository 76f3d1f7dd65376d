import { fold } from './text';

/** Folded unit words (and shop shorthand) and their value in đồng, largest first. */
const UNITS: ReadonlyArray<readonly [RegExp, number]> = [
	[/^(?:ty|ti)/, 1_000_000_000],
	[/^(?:trieu|tr|m)/, 1_000_000],
	[/^(?:nghin|ngan|ng|k)/, 1_000]
];

const CURRENCY_BEFORE = /^(?:vnd|₫)/;
const CURRENCY_AFTER = /(?:vnd|dong|d|₫)$/;

/**
 * A written number as an exact decimal: its digits and how many of them are after the decimal
 * point, so that 1,2 × 1 000 000 is computed in integers, never as 1.2 * 1e6.
 * Without a unit, "1.250" and "1,250" are thousands (dots group thousands in Vietnam, commas in
 * English exports); with a unit, a single separator is a decimal point ("1,5tr", "1.5 triệu").
 */
function readNumber(text: string, withUnit: boolean): { digits: string; scale: number } | null {
	if (/^\d+$/.test(text)) return { digits: text, scale: 0 };
	const dots = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/.exec(text);
	const commas = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/.exec(text);
	const grouped = [dots, commas].find((m) => m !== null && (!withUnit || m[2] !== undefined));
	const decimal = /^(\d+)[.,](\d+)$/.exec(text);
	let whole: string;
	let fraction: string;
	if (grouped) {
		whole = grouped[1].replace(/\D/g, '');
		fraction = grouped[2] ?? '';
	} else if (decimal !== null) {
		[, whole, fraction] = decimal;
	} else {
		return null;
	}
	return { digits: whole + fraction, scale: fraction.length };
}

/** digits × 10^-scale × unit, rounded to the đồng. */
function amountOf(digits: string, scale: number, unit: number): number {
	const value = BigInt(digits) * BigInt(unit);
	const divisor = 10n ** BigInt(scale);
	return Number((value * 2n + divisor) / (divisor * 2n));
}

/**
 * An amount of đồng as shop owners write it: "1.250.000", "1,250,000", "1.250.000 ₫", "1250000đ",
 * "500k", "500 nghìn", "1tr2" (1 200 000), "1,2tr", "1.5 triệu", "2 tỷ 500 triệu", "1 tỷ 2". Digits
 * after the last unit are a decimal fraction of it: "1tr25" is 1 250 000, "1tr250" too.
 * "rưỡi" after a unit is a half ("1 triệu rưỡi"). Negative amounts are invalid. Not understood: "trăm" (hundred) compounds like
 * "2 trăm nghìn". Empty input is no amount and no problem.
 */
export function parseMoney(raw: string): { amount: number | null; problem?: 'money-invalid' } {
	let text = fold(raw.normalize('NFKC')).replace(/\s+/g, '');
	if (text === '') return { amount: null };
	text = text
		.replace(CURRENCY_BEFORE, '')
		.replace(CURRENCY_AFTER, '')
		.replace(/^\+/, '')
		// "1 triệu rưỡi": and a half of the unit.
		.replace(/(ty|ti|trieu|tr|m|nghin|ngan|ng|k)ruoi$/, '$15');
	const amount = readAmount(text);
	if (amount === null || !Number.isSafeInteger(amount)) {
		return { amount: null, problem: 'money-invalid' };
	}
	return { amount };
}

function readAmount(text: string): number | null {
	if (text === '') return null;
	const plain = readNumber(text, false);
	if (plain !== null) return amountOf(plain.digits, plain.scale, 1);
	let rest = text;
	let total = 0;
	let lastUnit = Infinity;
	while (rest !== '') {
		const m = /^\d[\d.,]*/.exec(rest);
		if (m === null) return null;
		const afterNumber = rest.slice(m[0].length);
		const unit = UNITS.find(([re]) => re.test(afterNumber));
		if (unit === undefined) {
			// "1tr2", "1 tỷ 2": trailing digits are the decimal fraction of the last unit.
			if (afterNumber !== '' || lastUnit === Infinity || !/^\d{1,3}$/.test(m[0])) return null;
			total += amountOf(m[0], m[0].length, lastUnit);
			break;
		}
		const [re, value] = unit;
		if (value >= lastUnit) return null;
		const number = readNumber(m[0], true);
		if (number === null) return null;
		total += amountOf(number.digits, number.scale, value);
		lastUnit = value;
		rest = afterNumber.replace(re, '');
	}
	return total;
}

/**
 * Display form of whole đồng. Vietnamese: "1.250.000 ₫" with a no-break space (U+00A0) so the
 * symbol never wraps onto its own line in a narrow cell. English: "₫1,250,000", as en-US writes
 * it. Built by hand, not with Intl, whose spacing and symbol placement change between ICU
 * versions.
 */
export function formatMoney(amount: number, locale: 'vi' | 'en' = 'vi'): string {
	const rounded = Math.round(amount);
	const sign = rounded < 0 ? '-' : '';
	const grouped = String(Math.abs(rounded)).replace(
		/\B(?=(\d{3})+(?!\d))/g,
		locale === 'vi' ? '.' : ','
	);
	return locale === 'vi' ? `${sign}${grouped}\u00a0₫` : `${sign}₫${grouped}`;
}
