/**
 * The reports worker's reading side. Customers' facts are read, 2,000 per read transaction as
 * the stages worker does (a sale being recorded waits for one chunk at most); purchases and
 * contacts only for the dates the period needs, through the `date` and `at` indexes, a few
 * weeks per transaction. Each next read is asked for before the current rows are used, so
 * IndexedDB fetches while the worker computes. Reads only.
 */
import { withDb } from '$lib/db/db';
import { dayNumber, isoOfDayNumber } from '$lib/domain/stages';
import type { CustomerFacts } from '$lib/db/facts';
import type { Interaction, Purchase } from '$lib/domain/types';
import {
	computeDashboard,
	readRange,
	type Dashboard,
	type ReportCustomer,
	type ReportInteraction,
	type ReportOptions,
	type ReportPurchase
} from './measures';

export const READ_CHUNK = 2000;
/** Days of purchases or contacts per read transaction. */
export const DAYS_PER_READ = 14;

export interface ReadProgress {
	onProgress?: (done: number, total: number) => void;
	signal?: AbortSignal;
	chunkSize?: number;
}

export function abortError(): Error {
	const e = new Error('Report cancelled');
	e.name = 'AbortError';
	return e;
}

const slimPurchase = (p: Purchase): ReportPurchase => ({
	customerId: p.customerId,
	date: p.date,
	amount: p.amount,
	staff: p.staff,
	...(p.deletedAt === undefined ? {} : { deletedAt: p.deletedAt })
});

const slimInteraction = (i: Interaction): ReportInteraction => ({
	customerId: i.customerId,
	at: i.at,
	kind: i.kind,
	staff: i.staff,
	reminderId: i.reminderId ?? null,
	...(i.deletedAt === undefined ? {} : { deletedAt: i.deletedAt })
});

/** The customers' facts (db/facts.ts), kept as read: they are already as small as needed. */
async function readCustomers(options: ReadProgress): Promise<ReportCustomer[]> {
	const chunk = Math.max(1, options.chunkSize ?? READ_CHUNK);
	const read = (after: string | null): Promise<CustomerFacts[]> =>
		withDb((db) =>
			after === null
				? db.facts.orderBy(':id').limit(chunk).toArray()
				: db.facts.where(':id').above(after).limit(chunk).toArray()
		);
	const counted = withDb((db) => db.facts.count());
	const out: ReportCustomer[] = [];
	let next: Promise<CustomerFacts[]> | null = read(null);
	try {
		while (next !== null) {
			const rows: CustomerFacts[] = await next;
			next = null;
			if (options.signal?.aborted) throw abortError();
			if (rows.length === chunk) next = read(rows[rows.length - 1].id);
			for (const c of rows) out.push(c);
			options.onProgress?.(out.length, Math.max(await counted, out.length));
		}
	} finally {
		// A read left in flight by an abort or a failure must not surface as unhandled.
		next?.catch(() => {});
		counted.catch(() => {});
	}
	return out;
}

/**
 * Days are read in spans of DAYS_PER_READ on a fixed grid (day numbers that are multiples of
 * it), so spans read for one period are found again by the next.
 */
export function spansOf(from: string, to: string): number[] {
	const spans: number[] = [];
	const first = dayNumber(from);
	const last = dayNumber(to);
	for (
		let d = first - (((first % DAYS_PER_READ) + DAYS_PER_READ) % DAYS_PER_READ);
		d <= last;
		d += DAYS_PER_READ
	) {
		spans.push(d);
	}
	return spans;
}

/** Reads the spans not in `cache` (one read ahead of the one being stored) into it. */
async function fillSpans<T>(
	cache: Map<number, T[]>,
	spans: readonly number[],
	readSpan: (first: string, last: string) => Promise<T[]>,
	signal?: AbortSignal
): Promise<T[]> {
	const missing = spans.filter((s) => !cache.has(s));
	const read = (s: number) => readSpan(isoOfDayNumber(s), isoOfDayNumber(s + DAYS_PER_READ - 1));
	let next: Promise<T[]> | null = missing.length > 0 ? read(missing[0]) : null;
	try {
		for (let i = 0; next !== null; i++) {
			const rows: T[] = await next;
			next = i + 1 < missing.length ? read(missing[i + 1]) : null;
			if (signal?.aborted) throw abortError();
			cache.set(missing[i], rows);
		}
	} finally {
		next?.catch(() => {});
	}
	const out: T[] = [];
	for (const s of spans) for (const row of cache.get(s) ?? []) out.push(row);
	return out;
}

/** Epoch ms of 00:00 in Việt Nam (UTC+7, no summer time) on an ISO day. */
export function shopDayStart(iso: string): number {
	return dayNumber(iso) * 86_400_000 - 7 * 3_600_000;
}

const readPurchaseSpan = (a: string, b: string) =>
	withDb((db) =>
		db.purchases
			.where('date')
			.between(a, b, true, true)
			.toArray()
			.then((rows) => rows.map(slimPurchase))
	);

const readInteractionSpan = (a: string, b: string) =>
	withDb((db) =>
		db.interactions
			.where('at')
			.between(shopDayStart(a), shopDayStart(b) + 86_400_000, true, false)
			.toArray()
			.then((rows) => rows.map(slimInteraction))
	);

/**
 * What the worker has read, kept for the next request: changing the period reads only the
 * days not read yet, and nothing at all is read again while the book has not changed. The
 * book's version is the change log's newest row and newest batch: every write records itself
 * there (data-model.md), and batch ids are unique, so a database deleted and filled again does
 * not pass for the old one.
 */
export interface BookCache {
	stamp: string;
	customers: ReportCustomer[] | null;
	purchases: Map<number, ReportPurchase[]>;
	interactions: Map<number, ReportInteraction[]>;
}

export function emptyCache(): BookCache {
	return { stamp: '', customers: null, purchases: new Map(), interactions: new Map() };
}

async function bookStamp(): Promise<string> {
	return withDb((db) =>
		db.transaction('r', db.changes, db.batches, async () => {
			const [seq] = await db.changes.orderBy(':id').reverse().limit(1).primaryKeys();
			const [batch] = await db.batches.orderBy(':id').reverse().limit(1).primaryKeys();
			return `${seq ?? 0}:${batch ?? ''}`;
		})
	);
}

/** The dashboard from IndexedDB, reading only what `cache` does not hold for this book. */
export async function dashboardFromDb(
	options: ReportOptions,
	progress: ReadProgress = {},
	cache: BookCache = emptyCache()
): Promise<Dashboard> {
	// Read before the records: a write landing meanwhile then only makes the next request read
	// again, never lets it keep what changed.
	const stamp = await bookStamp();
	if (stamp !== cache.stamp) Object.assign(cache, emptyCache(), { stamp });
	const range = readRange(options);
	const start = performance.now();
	const timed = async <T>(read: Promise<T>): Promise<[T, number]> => [
		await read,
		performance.now() - start
	];
	// The three reads run side by side: IndexedDB serves them while the worker slims rows.
	const [[customers, customersMs], [purchases, purchasesMs], [interactions, interactionsMs]] =
		await Promise.all([
			timed(cache.customers === null ? readCustomers(progress) : Promise.resolve(cache.customers)),
			timed(
				fillSpans(
					cache.purchases,
					spansOf(range.purchasesFrom, range.purchasesTo),
					readPurchaseSpan,
					progress.signal
				)
			),
			timed(
				fillSpans(
					cache.interactions,
					spansOf(range.contactsFrom, range.contactsTo),
					readInteractionSpan,
					progress.signal
				)
			)
		]);
	cache.customers = customers;
	if (progress.signal?.aborted) throw abortError();
	const computeStart = performance.now();
	const dashboard = computeDashboard(customers, purchases, interactions, options);
	dashboard.cost = {
		customersMs: Math.round(customersMs),
		purchasesMs: Math.round(purchasesMs),
		interactionsMs: Math.round(interactionsMs),
		computeMs: Math.round(performance.now() - computeStart),
		customers: customers.length,
		purchases: purchases.length,
		interactions: interactions.length
	};
	return dashboard;
}
