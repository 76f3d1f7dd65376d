import type { ColumnState } from 'ag-grid-community';
import { customColId, type CustomColumn } from '$lib/columns/definitions';

// Column order, width and visibility are a preference of this computer's screen, not shop data:
// they live in localStorage and are not part of backups or the change log.
const KEY = 'sokhach.grid.customers.columns.v1';

/** Entries kept for custom columns the grid does not have now; more are forgotten, oldest first. */
const ABSENT_MAX = 100;

const isCustom = (colId: string) => colId.startsWith('custom:');

export function loadColumnState(): ColumnState[] | null {
	try {
		const raw = localStorage.getItem(KEY);
		if (!raw) return null;
		const parsed: unknown = JSON.parse(raw);
		return Array.isArray(parsed) ? (parsed as ColumnState[]) : null;
	} catch {
		return null;
	}
}

/**
 * What to remember: the grid's columns as they are now, plus what was saved for custom columns
 * the grid does not have at the moment — not loaded yet when the grid was built, hidden in the
 * settings, or deleted (undo brings them back). Without these, the first save after the grid
 * opens would forget that the owner had hidden or widened a custom column.
 */
export function mergeColumnState(
	saved: ColumnState[] | null,
	current: ColumnState[]
): ColumnState[] {
	const kept = current.map(({ colId, width, hide, pinned, flex }) => ({
		colId,
		width,
		hide,
		pinned,
		flex
	}));
	const present = new Set(kept.map((s) => s.colId));
	const absent = (saved ?? []).filter((s) => isCustom(s.colId) && !present.has(s.colId));
	return [...kept, ...absent.slice(-ABSENT_MAX)];
}

/** Sorting is per visit (it starts from "newest first"); order, width, visibility and pins stay. */
export function saveColumnState(state: ColumnState[]): void {
	try {
		localStorage.setItem(KEY, JSON.stringify(mergeColumnState(loadColumnState(), state)));
	} catch {
		// A full quota must not break the grid; the layout just isn't remembered.
	}
}

export function clearColumnState(): void {
	localStorage.removeItem(KEY);
}

/**
 * The state of the custom columns after the settings changed them (one added, renamed, moved,
 * shown again): they follow in the settings' order, each as the owner left it in this grid —
 * hidden in the column chooser, its width, its sort — as the grid has it now or, for a column
 * it does not have yet, as saved. A column new to this grid is shown. Columns hidden in the
 * settings are not in the grid at all, so they are not here.
 */
export function customColumnState(
	columns: readonly CustomColumn[],
	current: readonly ColumnState[],
	saved: readonly ColumnState[] | null
): ColumnState[] {
	const now = new Map(current.map((s) => [s.colId, s]));
	const before = new Map((saved ?? []).map((s) => [s.colId, s]));
	return columns
		.filter((c) => !c.hidden)
		.map((c): ColumnState => {
			const colId = customColId(c.id);
			const was = now.get(colId) ?? before.get(colId);
			return {
				colId,
				hide: was?.hide === true,
				...(was?.width ? { width: was.width } : {}),
				sort: now.get(colId)?.sort ?? null,
				sortIndex: now.get(colId)?.sortIndex ?? null
			};
		});
}
