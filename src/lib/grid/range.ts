/**
 * A block of cells, as in a spreadsheet: an anchor (where the selection started) and a focus
 * (where Shift+arrow or Shift+click moved it), over the displayed rows and columns. Pure: the grid
 * gives the displayed column order and the row count.
 */

export interface CellPos {
	row: number;
	col: string;
}

export interface CellRange {
	anchor: CellPos;
	focus: CellPos;
}

/** Rows and columns the range spans, top-left to bottom-right, in display order. */
export interface RangeBox {
	top: number;
	bottom: number;
	/** Column ids, left to right. */
	cols: string[];
}

export function boxOf(range: CellRange, columns: readonly string[]): RangeBox | null {
	const a = columns.indexOf(range.anchor.col);
	const f = columns.indexOf(range.focus.col);
	if (a < 0 || f < 0) return null;
	return {
		top: Math.min(range.anchor.row, range.focus.row),
		bottom: Math.max(range.anchor.row, range.focus.row),
		cols: columns.slice(Math.min(a, f), Math.max(a, f) + 1)
	};
}

export function inBox(box: RangeBox | null, row: number, col: string): boolean {
	return box !== null && row >= box.top && row <= box.bottom && box.cols.includes(col);
}

/** More than the focused cell alone. */
export function isBlock(box: RangeBox | null): boolean {
	return box !== null && (box.bottom > box.top || box.cols.length > 1);
}

export type Arrow = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

/** Shift+arrow: the focus moves one cell, kept inside the grid; the anchor stays. */
export function extend(
	range: CellRange,
	key: Arrow,
	columns: readonly string[],
	rowCount: number
): CellRange {
	const { row, col } = range.focus;
	const c = columns.indexOf(col);
	let next: CellPos = range.focus;
	if (key === 'ArrowUp') next = { row: Math.max(0, row - 1), col };
	else if (key === 'ArrowDown') next = { row: Math.min(rowCount - 1, row + 1), col };
	else if (key === 'ArrowLeft' && c > 0) next = { row, col: columns[c - 1] };
	else if (key === 'ArrowRight' && c >= 0 && c < columns.length - 1)
		next = { row, col: columns[c + 1] };
	return { anchor: range.anchor, focus: next };
}

/** Ctrl+D: the top row's values, repeated down every row of the block. */
export function fillDownBlock(topValues: readonly string[], rows: number): string[][] {
	return Array.from({ length: Math.max(0, rows - 1) }, () => [...topValues]);
}
