/**
 * The reports worker's dashboard: the packs a period needs (db/packs.ts, rebuilt where a write
 * marked them, reports/packs-read.ts), then every measure over them (measures.ts).
 */
import { dayNumber } from '$lib/domain/stages';
import {
	computeFromPacks,
	membersFromPacks,
	readRange,
	type Dashboard,
	type MemberMeasure,
	type ReportOptions
} from './measures';
import { bookOf } from './packed';
import { loadPacks, type PackProgress } from './packs-read';

export { abortError } from './packs-read';

/** Epoch ms of 00:00 in Việt Nam (UTC+7, no summer time) on an ISO day. */
export function shopDayStart(iso: string): number {
	return dayNumber(iso) * 86_400_000 - 7 * 3_600_000;
}

function rangeOf(options: ReportOptions) {
	const range = readRange(options);
	return {
		purchases: [dayNumber(range.purchasesFrom), dayNumber(range.purchasesTo)] as [number, number],
		contacts: [dayNumber(range.contactsFrom), dayNumber(range.contactsTo)] as [number, number]
	};
}

/** The ids of the customers behind one measure of `options.period` (measures.ts). */
export async function membersFromDb(
	options: ReportOptions,
	measure: MemberMeasure | 'notCared',
	progress: PackProgress = {}
): Promise<string[]> {
	const packs = await loadPacks(rangeOf(options), progress);
	const ids = packs.blocks.flatMap((b) => b.ids);
	const book = bookOf(packs.blocks);
	return membersFromPacks(book, packs.purchases, packs.contacts, options, measure).map(
		(i) => ids[i]
	);
}

/** The dashboard from IndexedDB. */
export async function dashboardFromDb(
	options: ReportOptions,
	progress: PackProgress = {}
): Promise<Dashboard> {
	const packs = await loadPacks(rangeOf(options), progress);
	const computeStart = performance.now();
	const book = bookOf(packs.blocks);
	const dashboard = computeFromPacks(book, packs.purchases, packs.contacts, options);
	const count = (list: readonly { cust: Int32Array }[]) =>
		list.reduce((s, p) => s + p.cust.length, 0);
	dashboard.cost = {
		customersMs: Math.round(packs.cost.factsMs),
		purchasesMs: Math.round(packs.cost.purchasesMs),
		interactionsMs: Math.round(packs.cost.contactsMs),
		computeMs: Math.round(performance.now() - computeStart),
		customers: book.n,
		purchases: count(packs.purchases),
		interactions: count(packs.contacts),
		factsPacked: packs.cost.factsPacked,
		daysRebuilt: packs.cost.daysRebuilt
	};
	return dashboard;
}
