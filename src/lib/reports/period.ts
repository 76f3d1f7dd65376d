/**
 * Report periods: a month, quarter, year or custom run of days, as ISO days of the shop's time
 * zone with both ends included, and the period it is compared with. Pure: no Date, no device
 * time zone (see dayNumber in domain/stages.ts).
 */
import { dayNumber, isoOfDayNumber } from '$lib/domain/stages';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';

export interface Period {
	kind: PeriodKind;
	/** First and last ISO day, both included. */
	from: string;
	to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): string {
	// Day 0 of the next month is the last of this one.
	const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
	return isoOfDayNumber(dayNumber(next) - 1);
}

function monthSpan(kind: PeriodKind, year: number, firstMonth: number, months: number): Period {
	const endMonth = firstMonth + months - 1;
	return {
		kind,
		from: `${year}-${pad(firstMonth)}-01`,
		to: lastDayOfMonth(year, endMonth)
	};
}

/** The month, quarter or year that holds `day` (ISO). */
export function periodContaining(kind: Exclude<PeriodKind, 'custom'>, day: string): Period {
	dayNumber(day);
	const year = Number(day.slice(0, 4));
	const month = Number(day.slice(5, 7));
	if (kind === 'month') return monthSpan(kind, year, month, 1);
	if (kind === 'quarter') return monthSpan(kind, year, month - ((month - 1) % 3), 3);
	return monthSpan(kind, year, 1, 12);
}

/** A custom period; the ends are swapped when given backwards. */
export function customPeriod(from: string, to: string): Period {
	const a = dayNumber(from);
	const b = dayNumber(to);
	return a <= b ? { kind: 'custom', from, to } : { kind: 'custom', from: to, to: from };
}

export function periodDays(p: Period): number {
	return dayNumber(p.to) - dayNumber(p.from) + 1;
}

/**
 * What a period is compared with: the calendar month, quarter or year before (so March is
 * compared with February, whatever their lengths), and for a custom period the same number of
 * days just before it.
 */
export function previousPeriod(p: Period): Period {
	const before = isoOfDayNumber(dayNumber(p.from) - 1);
	if (p.kind === 'custom') {
		return { kind: 'custom', from: isoOfDayNumber(dayNumber(p.from) - periodDays(p)), to: before };
	}
	return periodContaining(p.kind, before);
}

/** The period after (for the "next" button); custom periods move by their length. */
export function nextPeriod(p: Period): Period {
	const after = isoOfDayNumber(dayNumber(p.to) + 1);
	if (p.kind === 'custom') {
		return { kind: 'custom', from: after, to: isoOfDayNumber(dayNumber(p.to) + periodDays(p)) };
	}
	return periodContaining(p.kind, after);
}

export function inPeriod(day: string, p: Period): boolean {
	return day >= p.from && day <= p.to;
}

/**
 * Buckets for a period's time series: days for up to 62 days, else months. Each bucket is its
 * first ISO day; `bucketOf` finds a day's bucket index (or -1 outside the period).
 */
export interface Buckets {
	unit: 'day' | 'month';
	starts: string[];
	bucketOf(day: string): number;
}

export function bucketsOf(p: Period): Buckets {
	const first = dayNumber(p.from);
	const last = dayNumber(p.to);
	if (last - first + 1 <= 62) {
		const starts: string[] = [];
		for (let d = first; d <= last; d++) starts.push(isoOfDayNumber(d));
		return {
			unit: 'day',
			starts,
			bucketOf: (day) => (inPeriod(day, p) ? dayNumber(day) - first : -1)
		};
	}
	const starts: string[] = [];
	const base = Number(p.from.slice(0, 4)) * 12 + Number(p.from.slice(5, 7)) - 1;
	const end = Number(p.to.slice(0, 4)) * 12 + Number(p.to.slice(5, 7)) - 1;
	for (let i = base; i <= end; i++) {
		const start = `${Math.floor(i / 12)}-${pad((i % 12) + 1)}-01`;
		starts.push(start < p.from ? p.from : start);
	}
	return {
		unit: 'month',
		starts,
		bucketOf: (day) =>
			inPeriod(day, p) ? Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 - base : -1
	};
}
