/**
 * Spreadsheet keys on the customer grid, built on Community's public API (clipboard, cell ranges
 * and fill are Enterprise features): a block of cells chosen with Shift+arrows or Shift+click,
 * Ctrl+C as tab-separated text, Ctrl+V from Excel, LibreOffice or Google Sheets, Ctrl+D to fill
 * down. Every write goes through applyPaste, one undoable step.
 */
import type { GridApi } from 'ag-grid-community';
import type { CustomColumn } from '$lib/columns/definitions';
import type { Customer, CustomerId } from '$lib/domain/types';
import type { QueryClient } from '$lib/query/client';
import type { Query } from '$lib/query/types';
import { applyPaste, type PasteResult } from '$lib/db/paste';
import { planPaste, PASTE_MAX_NEW_ROWS, type PastePlan } from './paste';
import { boxOf, fillDownBlock, type CellRange, type RangeBox } from './range';
import { parseTsv, toTsv } from './tsv';

/** Columns a block can span: the displayed data columns (not the row buttons). */
export function blockColumns(api: GridApi<Customer>): string[] {
	return api
		.getAllDisplayedColumns()
		.map((c) => c.getColId())
		.filter((id) => id !== 'open' && id !== 'ag-Grid-SelectionColumn');
}

/** The chosen block, or the focused cell alone; null when nothing is focused. */
export function currentBox(api: GridApi<Customer>, range: CellRange | null): RangeBox | null {
	const columns = blockColumns(api);
	if (range) return boxOf(range, columns);
	const cell = api.getFocusedCell();
	if (!cell || cell.rowIndex === null || cell.rowPinned) return null;
	const col = cell.column.getColId();
	return columns.includes(col) ? { top: cell.rowIndex, bottom: cell.rowIndex, cols: [col] } : null;
}

/** A cell's text as the grid shows it: what a spreadsheet should receive. */
function cellText(api: GridApi<Customer>, row: number, col: string): string {
	const node = api.getDisplayedRowAtIndex(row);
	if (!node?.data) return '';
	const value = api.getCellValue({ rowNode: node, colKey: col, useFormatter: true });
	return value === null || value === undefined ? '' : String(value);
}

/**
 * The block as tab-separated text. Rows the grid has not loaded (far below, in a block chosen
 * across thousands of rows) cannot be read here and come out empty; the grid loads rows near
 * the screen, which is where a block is chosen.
 */
export function copyBlock(api: GridApi<Customer>, box: RangeBox): string {
	const rows: string[][] = [];
	for (let r = box.top; r <= box.bottom; r++) rows.push(box.cols.map((c) => cellText(api, r, c)));
	return toTsv(rows);
}

/** Selected rows, every displayed column, for Ctrl+C with rows ticked and no block chosen. */
export function copyRows(api: GridApi<Customer>): string {
	const cols = blockColumns(api);
	const rows = api
		.getSelectedNodes()
		.filter((n) => n.rowIndex !== null)
		.sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0))
		.map((n) => cols.map((c) => cellText(api, n.rowIndex ?? 0, c)));
	return toTsv(rows);
}

/** Resolves once the query worker's index holds the whole book. */
function whenReady(client: QueryClient): Promise<void> {
	return new Promise((resolve) => {
		let off: (() => void) | null = null;
		let done = false;
		off = client.onReady(() => {
			done = true;
			off?.();
			resolve();
		});
		// onReady may call back at once, before `off` is known.
		if (done) off();
	});
}

/**
 * The ids of displayed rows [start, start + count), from the grid or else the query worker.
 * The grid's row count is only the rows it has loaded until the index is ready: a block longer
 * than that is asked of the worker once the index is whole, so rows that exist are not taken for
 * new customers.
 */
async function idsFrom(
	api: GridApi<Customer>,
	client: QueryClient,
	query: Query,
	start: number,
	count: number
): Promise<CustomerId[]> {
	const end = Math.min(api.getDisplayedRowCount(), start + count);
	const ids: CustomerId[] = [];
	let missing = end < start + count;
	for (let i = start; i < end && !missing; i++) {
		const id = api.getDisplayedRowAtIndex(i)?.data?.id;
		if (id === undefined) missing = true;
		else ids.push(id);
	}
	if (!missing) return ids;
	await whenReady(client);
	const page = await client.getPage(query, start, start + count, { concurrent: true });
	return page.rows.map((c) => c.id);
}

export interface BlockDeps {
	client: QueryClient;
	query: Query;
	stageId: (label: string) => string | null;
	/** The shop's custom columns, whose cells a block may cover. */
	customColumns?: readonly CustomColumn[];
	/** Asks before adding customers; false cancels the paste. */
	confirmNew: (count: number) => boolean;
}

export type PasteOutcome =
	| { kind: 'done'; plan: PastePlan; result: PasteResult }
	| { kind: 'cancelled' }
	| { kind: 'too-many'; count: number }
	| { kind: 'empty' };

/**
 * Pastes clipboard text at the block's top-left cell. One value pasted over a chosen block fills
 * the whole block, as in a spreadsheet.
 */
export async function pasteText(
	api: GridApi<Customer>,
	box: RangeBox,
	text: string,
	deps: BlockDeps
): Promise<PasteOutcome> {
	let block = parseTsv(text);
	if (block.length === 0) return { kind: 'empty' };
	const single = block.length === 1 && block[0].length === 1;
	if (single && (box.bottom > box.top || box.cols.length > 1)) {
		block = Array.from({ length: box.bottom - box.top + 1 }, () => box.cols.map(() => block[0][0]));
	}
	const columns = blockColumns(api);
	const from = columns.indexOf(box.cols[0]);
	const rows = await idsFrom(api, deps.client, deps.query, box.top, block.length);
	const plan = planPaste(block, columns.slice(from), rows);
	if (plan.newRows.length > PASTE_MAX_NEW_ROWS)
		return { kind: 'too-many', count: plan.newRows.length };
	if (plan.newRows.length > 0 && !deps.confirmNew(plan.newRows.length))
		return { kind: 'cancelled' };
	const result = await applyPaste(plan, {
		stageId: deps.stageId,
		customColumns: deps.customColumns
	});
	return { kind: 'done', plan, result };
}

/** Ctrl+D: the block's top row copied down the rows below it. */
export async function fillDown(
	api: GridApi<Customer>,
	box: RangeBox,
	deps: BlockDeps
): Promise<PasteOutcome> {
	if (box.bottom <= box.top) return { kind: 'empty' };
	const top = box.cols.map((c) => cellText(api, box.top, c));
	const block = fillDownBlock(top, box.bottom - box.top + 1);
	return pasteText(api, { ...box, top: box.top + 1 }, toTsv(block), deps);
}
