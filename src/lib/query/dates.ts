/**
 * Day arithmetic for date filters. Days are yyyymmdd integers in local time: the shop's clock, as
 * AG Grid's date filter and its relative ranges ("today", "last 7 days") use it.
 */
import type { DatePreset } from './types';

const DATE_PART = /^(\d{4})-(\d{2})-(\d{2})/;

/** `yyyy-mm-dd…` (AG Grid's `yyyy-mm-dd hh:mm:ss`) → yyyymmdd; NaN when it is not a date. */
export function parseFilterDate(s: string | null | undefined): number {
	const m = s ? DATE_PART.exec(s) : null;
	if (!m) return NaN;
	return Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]);
}

const BIRTHDAY = /^(\d{4}|-)-(\d{2})-(\d{2})$/;

/** A stored birthday as yyyymmdd; one without a year (`--mm-dd`) is year 0; none is -1. */
export function parseBirthday(s: string | null): number {
	const m = s ? BIRTHDAY.exec(s) : null;
	if (!m) return -1;
	const year = m[1] === '-' ? 0 : Number(m[1]);
	return year * 10000 + Number(m[2]) * 100 + Number(m[3]);
}

function pad(n: number, width: number): string {
	return String(n).padStart(width, '0');
}

/** yyyymmdd → `yyyy-mm-dd`, or `--mm-dd` for year 0. */
export function ymdString(v: number): string {
	const y = Math.floor(v / 10000);
	const md = `${pad(Math.floor(v / 100) % 100, 2)}-${pad(v % 100, 2)}`;
	return y === 0 ? `--${md}` : `${pad(y, 4)}-${md}`;
}

export function ymdOfDate(d: Date): number {
	return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
}

function dateOf(ymd: number, plusDays = 0): Date {
	return new Date(
		Math.floor(ymd / 10000),
		(Math.floor(ymd / 100) % 100) - 1,
		(ymd % 100) + plusDays
	);
}

/** Local midnight starting the day, as epoch ms. */
export function startOfDay(ymd: number): number {
	return dateOf(ymd).getTime();
}

/** Local midnight ending the day (starting the next), as epoch ms. */
export function endOfDay(ymd: number): number {
	return dateOf(ymd, 1).getTime();
}

/**
 * A relative range as [first day, last day], both included, computed as AG Grid computes its
 * presets: weeks start on Monday (Vietnam's first day of the week), "last N days" runs from N
 * days ago through today, "last N months" from the same day N months ago through today.
 */
export function presetRange(preset: DatePreset, now: number): [number, number] {
	const today = new Date(now);
	const y = today.getFullYear();
	const m = today.getMonth();
	const d = today.getDate();
	const at = (yy: number, mm: number, dd: number) => ymdOfDate(new Date(yy, mm, dd));
	const day = (offset: number): [number, number] => [at(y, m, d + offset), at(y, m, d + offset)];
	const week = (offset: number): [number, number] => {
		const monday = d - ((today.getDay() + 6) % 7) + 7 * offset;
		return [at(y, m, monday), at(y, m, monday + 6)];
	};
	const month = (offset: number): [number, number] => [
		at(y, m + offset, 1),
		at(y, m + offset + 1, 0)
	];
	const quarter = (offset: number): [number, number] => {
		const first = Math.floor(m / 3) * 3 + 3 * offset;
		return [at(y, first, 1), at(y, first + 3, 0)];
	};
	const year = (offset: number): [number, number] => [at(y + offset, 0, 1), at(y + offset, 11, 31)];
	const since = (yy: number, mm: number, dd: number): [number, number] => [
		at(yy, mm, dd),
		at(y, m, d)
	];
	switch (preset) {
		case 'today':
			return day(0);
		case 'yesterday':
			return day(-1);
		case 'tomorrow':
			return day(1);
		case 'thisWeek':
			return week(0);
		case 'lastWeek':
			return week(-1);
		case 'nextWeek':
			return week(1);
		case 'thisMonth':
			return month(0);
		case 'lastMonth':
			return month(-1);
		case 'nextMonth':
			return month(1);
		case 'thisQuarter':
			return quarter(0);
		case 'lastQuarter':
			return quarter(-1);
		case 'nextQuarter':
			return quarter(1);
		case 'thisYear':
			return year(0);
		case 'lastYear':
			return year(-1);
		case 'nextYear':
			return year(1);
		case 'yearToDate':
			return since(y, 0, 1);
		case 'last7Days':
			return since(y, m, d - 7);
		case 'last30Days':
			return since(y, m, d - 30);
		case 'last90Days':
			return since(y, m, d - 90);
		case 'last6Months':
			return since(y, m - 6, d);
		case 'last12Months':
			return since(y - 1, m, d);
		case 'last24Months':
			return since(y - 2, m, d);
	}
}
