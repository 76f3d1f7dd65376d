import type { ColumnState } from 'ag-grid-community';

// Column order, width and visibility are a preference of this computer's screen, not shop data:
// they live in localStorage and are not part of backups or the change log.
const KEY = 'sokhach.grid.customers.columns.v1';

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

/** Sorting is per visit (it starts from "newest first"); order, width, visibility and pins stay. */
export function saveColumnState(state: ColumnState[]): void {
	const kept = state.map(({ colId, width, hide, pinned, flex }) => ({
		colId,
		width,
		hide,
		pinned,
		flex
	}));
	try {
		localStorage.setItem(KEY, JSON.stringify(kept));
	} catch {
		// A full quota must not break the grid; the layout just isn't remembered.
	}
}

export function clearColumnState(): void {
	localStorage.removeItem(KEY);
}
