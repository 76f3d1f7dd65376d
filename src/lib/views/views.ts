/**
 * Saved views of the customer grid: a name for a set of columns (order, width, hidden, pinned),
 * a sort, column filters, the quick search, the problems toggle and a segment — what the owner
 * sets up once ("Chưa có số điện thoại", "Khách sinh nhật tháng này") and switches back to.
 * Stored with the shop's data (settings), so they travel in backups and undo like any edit.
 */
import {
	COLUMN_IDS,
	PROBLEMS_FILTER_KEY,
	isCustomColumnId,
	type FilterModel,
	type Query,
	type SortModel
} from '$lib/query/types';
import type { SegmentDefinition } from '$lib/domain/segments';

export const VIEW_VERSION = 1;

export interface ViewColumn {
	colId: string;
	hide?: boolean;
	width?: number;
	pinned?: 'left' | 'right' | null;
}

export interface ViewState {
	/** Displayed order; columns not listed keep their place after these. */
	columns: ViewColumn[];
	sort: SortModel;
	filter: FilterModel;
	search: string;
	problemsOnly: boolean;
	/** A segment id (built-in or saved), or null. */
	segmentId: string | null;
}

export interface SavedView extends ViewState {
	version: typeof VIEW_VERSION;
	id: string;
	name: string;
}

export interface BuiltInView extends ViewState {
	id: string;
	/** i18n key. */
	nameKey: string;
}

const EMPTY: Omit<ViewState, 'filter' | 'sort'> = {
	columns: [],
	search: '',
	problemsOnly: false,
	segmentId: null
};

/** The views every shop asks for first. */
export const BUILT_IN_VIEWS: readonly BuiltInView[] = [
	{
		...EMPTY,
		id: 'view:no-phone',
		nameKey: 'views_builtin_no_phone',
		sort: [{ colId: 'createdAt', sort: 'desc' }],
		filter: { phones: { filterType: 'text', type: 'blank' } }
	},
	{
		...EMPTY,
		id: 'view:problems',
		nameKey: 'views_builtin_problems',
		sort: [{ colId: 'name', sort: 'asc' }],
		filter: {},
		problemsOnly: true
	},
	{
		...EMPTY,
		id: 'view:birthday-this-month',
		nameKey: 'views_builtin_birthday_this_month',
		sort: [{ colId: 'birthdayMonthDay', sort: 'asc' }],
		filter: {},
		segmentId: 'builtin:birthday-this-month'
	}
];

const BUILT_IN_COLUMNS: ReadonlySet<string> = new Set(COLUMN_IDS);

/**
 * Built-in columns, and custom ones (`custom:<key>`): a view outlives a custom column's label
 * but not its key, and a deleted column's values are still there to sort and filter by.
 */
function isKnownColumn(colId: string): boolean {
	return BUILT_IN_COLUMNS.has(colId) || isCustomColumnId(colId);
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A stored view checked field by field; null when it cannot be read. Columns and sorts the grid
 * no longer has are dropped (a view outlives a column), filters on them too: a filter silently
 * on nothing would show the owner the wrong customers, so they are left out, not kept.
 */
export function readView(value: unknown): SavedView | null {
	if (!isRecord(value) || value.version !== VIEW_VERSION) return null;
	const { id, name } = value;
	if (typeof id !== 'string' || typeof name !== 'string' || name.trim() === '') return null;
	const columns = Array.isArray(value.columns)
		? value.columns.flatMap((c): ViewColumn[] => {
				if (!isRecord(c) || typeof c.colId !== 'string') return [];
				const col: ViewColumn = { colId: c.colId };
				if (typeof c.hide === 'boolean') col.hide = c.hide;
				if (typeof c.width === 'number' && Number.isFinite(c.width) && c.width > 0)
					col.width = c.width;
				if (c.pinned === 'left' || c.pinned === 'right' || c.pinned === null) col.pinned = c.pinned;
				return [col];
			})
		: [];
	const sort = Array.isArray(value.sort)
		? value.sort.flatMap((s): SortModel =>
				isRecord(s) &&
				typeof s.colId === 'string' &&
				isKnownColumn(s.colId) &&
				(s.sort === 'asc' || s.sort === 'desc')
					? [{ colId: s.colId, sort: s.sort }]
					: []
			)
		: [];
	const filter: FilterModel = {};
	if (isRecord(value.filter)) {
		for (const [key, f] of Object.entries(value.filter)) {
			if ((isKnownColumn(key) || key === PROBLEMS_FILTER_KEY) && isRecord(f)) {
				filter[key] = structuredClone(f) as unknown as FilterModel[string];
			}
		}
	}
	return {
		version: VIEW_VERSION,
		id,
		name: name.trim(),
		columns,
		sort,
		filter,
		search: typeof value.search === 'string' ? value.search : '',
		problemsOnly: value.problemsOnly === true,
		segmentId: typeof value.segmentId === 'string' ? value.segmentId : null
	};
}

/** The query a view shows, for its row count. */
export function viewQuery(view: ViewState, segment: SegmentDefinition | null): Query {
	return {
		sort: view.sort,
		filter: view.filter,
		search: view.search,
		problemsOnly: view.problemsOnly,
		segment
	};
}

/** What AG Grid's getColumnState gives, as far as a view keeps it. */
export interface GridColumnState {
	colId: string;
	hide?: boolean | null;
	width?: number | null;
	pinned?: boolean | 'left' | 'right' | null;
}

/** The grid's columns as a view keeps them: order, hidden, width, pinned side. */
export function viewColumns(state: readonly GridColumnState[]): ViewColumn[] {
	return state.map(({ colId, hide, width, pinned }) => ({
		colId,
		hide: hide === true,
		width: width ?? undefined,
		pinned: pinned === 'left' || pinned === 'right' ? pinned : null
	}));
}

/**
 * The column state that shows a view (for AG Grid's applyColumnState): its columns in its
 * order with their sort, plus sorts on columns it does not list (the built-in views list none);
 * every other sort is cleared.
 */
export function columnStateOf(view: Pick<ViewState, 'columns' | 'sort'>) {
	const sortOf = new Map(view.sort.map((s, i) => [s.colId, { sort: s.sort, sortIndex: i }]));
	const listed = new Set(view.columns.map((c) => c.colId));
	return {
		state: [
			...view.columns.map((c) => ({
				colId: c.colId,
				hide: c.hide ?? false,
				...(c.width ? { width: c.width } : {}),
				pinned: c.pinned ?? null,
				...(sortOf.get(c.colId) ?? { sort: null, sortIndex: null })
			})),
			...view.sort
				.filter((s) => !listed.has(s.colId))
				.map((s) => ({ colId: s.colId, ...sortOf.get(s.colId) }))
		],
		applyOrder: view.columns.length > 0,
		defaultState: { sort: null }
	};
}
