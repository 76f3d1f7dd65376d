import { fold } from './text';

export interface ParseDateOptions {
	/** ISO `yyyy-mm-dd` of today in the shop's time zone; `isoToday()` when left out. */
	today?: string;
	allowFuture?: boolean;
	/** Accept a day and month without a year ("05/03") as `--03-05` (birthdays). */
	yearOptional?: boolean;
}

export interface ParsedDate {
	/** `yyyy-mm-dd` or `--mm-dd`; null when empty or when there is a problem. */
	iso: string | null;
	problem?: 'date-invalid' | 'date-future';
}

/** Years outside this are typos ("05/03/0199"), not dates a shop records. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoOf(year: number, month: number, day: number): string | null {
	if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
	if (day > daysInMonth(year, month)) return null;
	return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function yearlessOf(month: number, day: number): string | null {
	// 2000 is a leap year, so 29/02 is a birthday without a year.
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000, month)) return null;
	return `--${pad(month)}-${pad(day)}`;
}

/**
 * The full year of a two-digit one. Without future dates (birthdays) the latest century that
 * does not put the date after today: "5/3/90" is 1990, "5/3/20" is 2020 until today is before
 * 5 March 2020. With future dates allowed, the century that puts it nearest to today.
 */
function fullYear(yy: number, month: number, day: number, today: string, future: boolean): number {
	const century = Math.floor(Number(today.slice(0, 4)) / 100) * 100;
	const candidates = [century + 100 + yy, century + yy, century - 100 + yy];
	const todayDays = dayNumber(today);
	if (!future) {
		for (const year of candidates) {
			const iso = isoOf(year, month, day);
			if (iso !== null && iso <= today) return year;
		}
		return century + yy;
	}
	let best = century + yy;
	let bestDistance = Infinity;
	for (const year of candidates) {
		const iso = isoOf(year, month, day);
		if (iso === null) continue;
		const distance = Math.abs(dayNumber(iso) - todayDays);
		if (distance < bestDistance) [best, bestDistance] = [year, distance];
	}
	return best;
}

/** Days since 1970-01-01 of an ISO date, in UTC so local time zones cannot shift it. */
function dayNumber(iso: string): number {
	const [y, m, d] = iso.split('-').map(Number);
	return Date.UTC(y, m - 1, d) / 86_400_000;
}

function isoOfDayNumber(days: number): string {
	return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Excel's day serial: 1 is 1900-01-01, and Excel counts a 29 February 1900 that never was
 * (serial 60, Lotus 1-2-3's bug), so serials from 61 are one day ahead of a plain count.
 */
function isoOfExcelSerial(serial: number): string | null {
	if (serial < 1 || serial > 80_000 || serial === 60) return null;
	const epoch = dayNumber(serial < 60 ? '1899-12-31' : '1899-12-30');
	return isoOfDayNumber(epoch + serial);
}

type Reading =
	| { kind: 'dmy'; day: number; month: number; year: string }
	| { kind: 'dm'; day: number; month: number }
	| { kind: 'iso'; iso: string | null };

function read(text: string): Reading | null {
	let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
	if (m !== null) return { kind: 'iso', iso: isoOf(Number(m[1]), Number(m[2]), Number(m[3])) };
	m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})$/.exec(text);
	if (m !== null) return { kind: 'dmy', day: Number(m[1]), month: Number(m[3]), year: m[4] };
	m = /^(?:ngay)?(\d{1,2})thang(\d{1,2})(?:(?:nam|[-/.,])(\d{4}|\d{2}))?$/.exec(text);
	if (m !== null) {
		const [, day, month, year] = m;
		return year === undefined
			? { kind: 'dm', day: Number(day), month: Number(month) }
			: { kind: 'dmy', day: Number(day), month: Number(month), year };
	}
	m = /^(\d{1,2})[-/.](\d{1,2})$/.exec(text);
	if (m !== null) return { kind: 'dm', day: Number(m[1]), month: Number(m[2]) };
	// Dates typed as one number, which Excel keeps without separators. Five digits and fewer are
	// day serials (below), so only ddmmyy and ddmmyyyy / yyyymmdd are read here.
	m = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
	if (m !== null) return { kind: 'dmy', day: Number(m[1]), month: Number(m[2]), year: m[3] };
	if (/^\d{8}$/.test(text)) {
		const compact = isoOf(
			Number(text.slice(0, 4)),
			Number(text.slice(4, 6)),
			Number(text.slice(6))
		);
		if (compact !== null) return { kind: 'iso', iso: compact };
		return {
			kind: 'dmy',
			day: Number(text.slice(0, 2)),
			month: Number(text.slice(2, 4)),
			year: text.slice(4)
		};
	}
	m = /^(\d{1,5})(?:\.\d+)?$/.exec(text);
	if (m !== null) {
		const serial = Number(m[1]);
		// A bare 4-digit year (a birth year typed alone) is not day 1990 of 1900: a year alone
		// cannot be stored, so it is invalid rather than silently 1905.
		if (/^(19|20)\d\d$/.test(m[1])) return { kind: 'iso', iso: null };
		return { kind: 'iso', iso: isoOfExcelSerial(serial) };
	}
	return null;
}

/**
 * A date as typed in Vietnam: always day before month (never the US month/day). Accepts
 * dd/mm/yyyy with / - . separators, d/m/yy, yyyy-mm-dd, "ngày 5 tháng 3 năm 1990", ddmmyyyy,
 * Excel day serials, a trailing time ("1990-03-05 00:00:00") and, with `yearOptional`, a day and
 * month alone. Impossible dates and future ones (unless `allowFuture`) come back with a problem
 * and a null `iso`. Empty input is no date and no problem.
 */
export function parseDate(raw: string, opts: ParseDateOptions = {}): ParsedDate {
	const today = opts.today ?? isoToday();
	const future = opts.allowFuture ?? false;
	const text = fold(raw.normalize('NFKC'))
		// A time after the date, as spreadsheets and ISO timestamps write it.
		.replace(
			/(?:\s+|t)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:z|[+-]\d{2}:?\d{2}|am|pm|sa|ch)?$/,
			''
		)
		.replace(/\s+/g, '');
	if (text === '') return { iso: null };
	const reading = read(text);
	let iso: string | null = null;
	if (reading?.kind === 'iso') iso = reading.iso;
	else if (reading?.kind === 'dm')
		iso = opts.yearOptional ? yearlessOf(reading.month, reading.day) : null;
	else if (reading?.kind === 'dmy') {
		const year =
			reading.year.length === 2
				? fullYear(Number(reading.year), reading.month, reading.day, today, future)
				: Number(reading.year);
		iso = isoOf(year, reading.month, reading.day);
	}
	if (iso === null) return { iso: null, problem: 'date-invalid' };
	if (!future && !iso.startsWith('--') && iso > today) return { iso: null, problem: 'date-future' };
	return { iso };
}

/** `yyyy-mm-dd` → `dd/mm/yyyy`, `--mm-dd` → `dd/mm`; anything else is returned unchanged. */
export function formatDate(iso: string): string {
	let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (m !== null) return `${m[3]}/${m[2]}/${m[1]}`;
	m = /^--(\d{2})-(\d{2})$/.exec(iso);
	if (m !== null) return `${m[2]}/${m[1]}`;
	return iso;
}

/** Today's ISO date in a time zone (the shop's, not the device's). */
export function isoToday(timeZone = 'Asia/Ho_Chi_Minh', now: Date = new Date()): string {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).formatToParts(now);
	const part = (type: Intl.DateTimeFormatPartTypes): string =>
		parts.find((p) => p.type === type)?.value ?? '';
	return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}
