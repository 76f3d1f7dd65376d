/**
 * The query model the customer grid speaks (AG Grid's sort and filter shapes plus a quick search)
 * and the messages between the page and the query worker.
 */
import type { RfmResult, RfmScore } from '$lib/domain/rfm';
import type { SegmentDefinition } from '$lib/domain/segments';
import type { ConsentPurpose, Customer } from '$lib/domain/types';
import type { Census } from './census';

export type SortDirection = 'asc' | 'desc';

/** AG Grid's `SortModelItem`: the grid hands its sort model over as is. */
export interface SortModelItem {
	colId: string;
	sort: SortDirection;
}

export type SortModel = SortModelItem[];

/** Columns the engine can sort and filter. The grid's column ids must be these. */
export const COLUMN_IDS = [
	'name',
	'salutation',
	'phones',
	'emails',
	'gender',
	'birthday',
	'birthdayMonthDay',
	'address',
	'district',
	'city',
	'source',
	'tags',
	'stage',
	'notes',
	'createdAt',
	'updatedAt',
	'purchaseCount',
	'purchaseTotal',
	'firstPurchase',
	'lastPurchase',
	'rfm',
	'leadTemperature'
] as const;

export type ColumnId = (typeof COLUMN_IDS)[number];

export function isColumnId(id: string): id is ColumnId {
	return (COLUMN_IDS as readonly string[]).includes(id);
}

/** A custom column (columns/definitions.ts): `custom:` and the key of its values. */
export type CustomColumnId = `custom:${string}`;

/** What a query may sort and filter by: a built-in column or a custom one. */
export type SortColumnId = ColumnId | CustomColumnId;

export function isCustomColumnId(id: string): id is CustomColumnId {
	return id.startsWith('custom:') && id.length > 'custom:'.length;
}

export function isSortColumnId(id: string): id is SortColumnId {
	return isColumnId(id) || isCustomColumnId(id);
}

/** Columns a date filter applies to; every column takes a text filter. */
export const DATE_COLUMN_IDS = [
	'birthday',
	'birthdayMonthDay',
	'createdAt',
	'updatedAt',
	'firstPurchase',
	'lastPurchase'
] as const;

export type DateColumnId = (typeof DATE_COLUMN_IDS)[number];

/** Columns whose values can be invalid, for the problems filter. */
export const PROBLEM_COLUMN_IDS = ['phones', 'emails', 'birthday', 'gender'] as const;

export type ProblemColumnId = (typeof PROBLEM_COLUMN_IDS)[number];

export type TextFilterType =
	| 'contains'
	| 'notContains'
	| 'equals'
	| 'notEqual'
	| 'startsWith'
	| 'endsWith'
	| 'blank'
	| 'notBlank'
	| 'empty';

export interface TextCondition {
	filterType: 'text';
	type: TextFilterType;
	filter?: string | null;
}

/** AG Grid's relative date ranges ("Today", "Last 7 days"…), computed in local time. */
export const DATE_PRESETS = [
	'today',
	'yesterday',
	'tomorrow',
	'thisWeek',
	'lastWeek',
	'nextWeek',
	'thisMonth',
	'lastMonth',
	'nextMonth',
	'thisQuarter',
	'lastQuarter',
	'nextQuarter',
	'thisYear',
	'lastYear',
	'nextYear',
	'yearToDate',
	'last7Days',
	'last30Days',
	'last90Days',
	'last6Months',
	'last12Months',
	'last24Months'
] as const;

export type DatePreset = (typeof DATE_PRESETS)[number];

export interface DateCondition {
	filterType: 'date';
	type: DateFilterType;
	/** `yyyy-mm-dd hh:mm:ss` (or `yyyy-mm-dd`, or with a `T`); only the date part counts. */
	dateFrom?: string | null;
	/** Upper bound of `inRange`, inclusive. */
	dateTo?: string | null;
}

export type NumberFilterType =
	| 'equals'
	| 'notEqual'
	| 'lessThan'
	| 'lessThanOrEqual'
	| 'greaterThan'
	| 'greaterThanOrEqual'
	| 'inRange'
	| 'blank'
	| 'notBlank'
	| 'empty';

/** A date filter compares as a number filter does, and knows a few presets besides. */
export type DateFilterType = NumberFilterType | DatePreset;

/** AG Grid's number filter: custom number columns. */
export interface NumberCondition {
	filterType: 'number';
	type: NumberFilterType;
	filter?: number | null;
	/** Upper bound of `inRange`, inclusive. */
	filterTo?: number | null;
}

export type JoinOperator = 'AND' | 'OR';

export interface CombinedTextFilter {
	filterType: 'text';
	operator: JoinOperator;
	conditions: TextCondition[];
}

export interface CombinedDateFilter {
	filterType: 'date';
	operator: JoinOperator;
	conditions: DateCondition[];
}

export interface CombinedNumberFilter {
	filterType: 'number';
	operator: JoinOperator;
	conditions: NumberCondition[];
}

/** "Only rows with invalid values": under the `problems` key of the filter model. */
export interface ProblemsFilter {
	filterType: 'problems';
	/** Restrict to invalid values in these columns; all of them when absent or empty. */
	columns?: ProblemColumnId[];
}

export type ColumnFilter =
	| TextCondition
	| CombinedTextFilter
	| DateCondition
	| CombinedDateFilter
	| NumberCondition
	| CombinedNumberFilter
	| ProblemsFilter;

/** AG Grid's filter model: column id → filter, plus the optional `problems` pseudo-column. */
export type FilterModel = Record<string, ColumnFilter>;

export const PROBLEMS_FILTER_KEY = 'problems';

export interface Query {
	sort: SortModel;
	filter: FilterModel;
	/** Quick search: every word must occur; digit runs also match phone numbers in any form. */
	search: string;
	problemsOnly?: boolean;
	/** Only the customers of this segment (validated: `validateSegment`), evaluated in the worker. */
	segment?: SegmentDefinition | null;
	/** Only customers who consent to messages for this purpose (care lists, promotions). */
	consent?: ConsentPurpose | null;
}

export const DEFAULT_SORT: SortModel = [{ colId: 'createdAt', sort: 'desc' }];

export function emptyQuery(): Query {
	return { sort: [], filter: {}, search: '' };
}

/**
 * True when the query is the grid's initial view: newest customers first, nothing filtered. Only
 * this query can be answered straight from IndexedDB while the worker's index is still loading.
 */
export function isDefaultQuery(q: Query): boolean {
	if (q.search.trim() !== '' || q.problemsOnly || q.segment || q.consent) return false;
	if (Object.keys(q.filter).length > 0) return false;
	if (q.sort.length === 0) return true;
	return q.sort.length === 1 && q.sort[0].colId === 'createdAt' && q.sort[0].sort === 'desc';
}

/** A stable string for a query: equal for queries that give the same rows in the same order. */
export function queryKey(q: Query): string {
	const filter = Object.keys(q.filter)
		.sort()
		.map((k) => [k, q.filter[k]]);
	const sort = q.sort.length === 0 ? DEFAULT_SORT : q.sort;
	return JSON.stringify([
		sort,
		filter,
		q.search.trim(),
		q.problemsOnly === true,
		q.segment ?? null,
		q.consent ?? null
	]);
}

// --- Messages between the page and the worker ---------------------------------------------------

export type WorkerRequest =
	| { type: 'query'; reqId: number; query: Query; start: number; end: number }
	| { type: 'count'; reqId: number; query?: Query }
	/** The sizes of several queries at once: the segment list's counts. */
	| { type: 'counts'; reqId: number; queries: Query[] }
	/** One customer's RFM, and what the scores stand for in this shop. */
	| { type: 'rfm'; reqId: number; id: string }
	/** The page no longer wants these answers (the query changed); the worker may drop them. */
	| { type: 'cancel'; reqIds: number[] }
	/** The page has its first rows: the worker may start loading the index now. */
	| { type: 'start' }
	/** The page's last census of the book (census.ts): sent first, before any request. */
	| { type: 'census'; census: Census };

export type WorkerResponse =
	/** The rows of [start, end) of the query's result, as stored; `total` is the result's size. */
	| {
			type: 'page';
			reqId: number;
			total: number;
			rows: Customer[];
			/** Each row's RFM (null: no purchases); absent while the index is still loading. */
			rfm?: Array<RfmScore | null>;
	  }
	| { type: 'count'; reqId: number; total: number }
	| { type: 'counts'; reqId: number; totals: number[] }
	| ({ type: 'rfm'; reqId: number } & RfmAnswer)
	/** The index is loaded: every query can now be answered. `total`: customers not in the trash. */
	| { type: 'ready'; total: number }
	| { type: 'progress'; loaded: number; expected: number }
	/**
	 * Customers were written (here or in another tab): the page should refresh the grid.
	 * `reloaded`: the whole index was rebuilt (a bulk load), `ids` is then empty.
	 */
	| { type: 'changed'; ids: string[]; reloaded: boolean }
	/** The index is exact up to the change log's last entry: the page keeps this for next time. */
	| { type: 'census'; census: Census }
	/** `reqId` null: the index itself failed (loading or following changes). */
	| { type: 'error'; reqId: number | null; message: string };

export interface PageResult {
	total: number;
	rows: Customer[];
	rfm?: Array<RfmScore | null>;
}

/** A customer's RFM with the shop's ranges: R 5 = bought within the last 0–12 days, and so on. */
export interface RfmAnswer {
	score: RfmScore | null;
	/** The day the scores were ranked for. */
	today: string;
	/** Customers with purchases, ranked together. */
	scored: number;
	ranges: RfmResult['ranges'];
}
