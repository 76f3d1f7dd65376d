/**
 * Links from a report's number to the customers behind it, when no segment rule describes them
 * ("March's buyers not cared for"): /reports/customers asks the reports worker for their ids,
 * keeps them as a list (segments/lists.ts) and opens the grid on it.
 */
import { dayNumber } from '$lib/domain/stages';
import type { MemberMeasure } from './measures';
import { customPeriod, type Period, type PeriodKind } from './period';

export type MemberLink = MemberMeasure | 'notCared';

const MEASURES: readonly MemberLink[] = [
	'buyers',
	'new',
	'returning',
	'referredBuyers',
	'cared',
	'notCared',
	'lost',
	'referred',
	'returned90',
	'notReturned90',
	'returned180',
	'notReturned180',
	'missingPhone',
	'invalidPhone',
	'missingBirthday',
	'sharedPhone',
	'problems'
];
const KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year', 'custom'];

function isIsoDay(value: string): boolean {
	try {
		dayNumber(value);
		return /^\d{4}-\d{2}-\d{2}$/.test(value);
	} catch {
		return false;
	}
}

/** The query of a link to the customers behind `measure` in `period`. */
export function membersQuery(measure: MemberLink, period: Period): string {
	const q = new URLSearchParams({ measure, kind: period.kind, from: period.from, to: period.to });
	return `?${q}`;
}

/** What a link asks for; null when it is damaged. */
export function parseMembersQuery(
	params: URLSearchParams
): { measure: MemberLink; period: Period } | null {
	const measure = params.get('measure') as MemberLink | null;
	const kind = params.get('kind') as PeriodKind | null;
	const from = params.get('from') ?? '';
	const to = params.get('to') ?? '';
	if (measure === null || !MEASURES.includes(measure)) return null;
	if (kind === null || !KINDS.includes(kind) || !isIsoDay(from) || !isIsoDay(to)) return null;
	const period = customPeriod(from, to);
	return { measure, period: { ...period, kind } };
}
