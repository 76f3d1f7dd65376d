/**
 * Where a pasted block goes: block column j lands in the j-th displayed column from the focused
 * one, block row i in the i-th displayed row from the focused one, as in a spreadsheet. Columns
 * that cannot be typed into (totals, dates of purchases) take nothing from the block; rows past
 * the last customer become new customers, once the owner agrees. Pure: the grid hands in what
 * it displays, the repository writes the plan.
 */
import { customIdOf } from '$lib/columns/definitions';
import { EDITABLE_FIELDS, type CustomerInput, type EditableField } from '$lib/domain/customer';
import type { CustomerId } from '$lib/domain/types';

/** A built-in field, or a custom column by its grid id (`custom:<key>`). */
export type PasteField = EditableField | 'tags' | 'stage' | `custom:${string}`;

const PASTE_FIELDS: ReadonlySet<string> = new Set<string>([...EDITABLE_FIELDS, 'tags', 'stage']);

export function isPasteField(colId: string): colId is PasteField {
	return PASTE_FIELDS.has(colId) || customIdOf(colId) !== null;
}

/** A block cell as typed, per customer and field. */
export type PasteValues = Partial<Record<PasteField, string>>;

export interface PastePlan {
	/** Existing customers and the raw text each field gets, in display order. */
	edits: Array<{ id: CustomerId; values: PasteValues }>;
	/** Block rows past the last customer: new customers (fields as typed; tags and stage too). */
	newRows: PasteValues[];
	/** Displayed columns that took block cells but cannot be typed into. */
	ignoredColumns: string[];
	/** Block columns with no displayed column to land in (the block is wider than the grid). */
	droppedColumns: number;
	/** Cells that will be written. */
	cells: number;
}

/** The most rows one paste may add: beyond that an import is the right tool (and shows a report). */
export const PASTE_MAX_NEW_ROWS = 5000;

export function planPaste(
	block: readonly (readonly string[])[],
	/** Displayed column ids from the focused one rightwards. */
	columns: readonly string[],
	/** Displayed customer ids from the focused row downwards (as many as there are). */
	rows: readonly CustomerId[]
): PastePlan {
	const width = block.reduce((w, r) => Math.max(w, r.length), 0);
	const ignored = new Set<string>();
	const plan: PastePlan = {
		edits: [],
		newRows: [],
		ignoredColumns: [],
		droppedColumns: Math.max(0, width - columns.length),
		cells: 0
	};
	block.forEach((cells, i) => {
		const values: PasteValues = {};
		for (let j = 0; j < Math.min(cells.length, columns.length); j++) {
			const col = columns[j];
			if (!isPasteField(col)) {
				if (cells[j] !== '') ignored.add(col);
				continue;
			}
			values[col] = cells[j];
			plan.cells++;
		}
		if (i < rows.length) plan.edits.push({ id: rows[i], values });
		// A blank line at the end of a block is no customer.
		else if (Object.values(values).some((v) => v !== undefined && v.trim() !== ''))
			plan.newRows.push(values);
		else plan.cells -= Object.keys(values).length;
	});
	plan.ignoredColumns = [...ignored];
	return plan;
}

/** The fields of a new row that build a customer (tags and stage are set after). */
export function inputOf(values: PasteValues): CustomerInput {
	const input: CustomerInput = {};
	for (const f of EDITABLE_FIELDS) if (values[f] !== undefined) input[f] = values[f];
	return input;
}
