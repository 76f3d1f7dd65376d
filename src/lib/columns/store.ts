/**
 * The repository of custom column definitions (one setting, `columns.custom`) and of the values
 * typed into them. Every change is a user batch: one Ctrl+Z undoes adding, renaming, retyping,
 * moving, hiding or deleting a column, or one edited cell. Deleting a column keeps its values on
 * the customers (and in backups): undo brings the column back with them, and a column added
 * later under the same key shows them again.
 */
import { liveQuery, type Observable } from 'dexie';
import { runBatch, type BatchContext } from '$lib/db/changes';
import { displayName } from '$lib/db/customers';
import { withDb } from '$lib/db/db';
import { AppError, NotFoundError } from '$lib/db/errors';
import { fold } from '$lib/domain/text';
import type { Customer } from '$lib/domain/types';
import {
	COLUMNS_SETTING_KEY,
	LABEL_MAX,
	isCustomType,
	isUsableKey,
	readColumns,
	tidyLabel,
	tidyOptions,
	withImportedColumns,
	type CustomColumn,
	type CustomType
} from './definitions';
import { parseCustomValue, type CustomProblem } from './values';

export type ColumnProblem =
	'label-empty' | 'label-too-long' | 'label-taken' | 'not-found' | 'bad-type' | 'options-empty';

export class ColumnError extends Error {
	constructor(readonly code: ColumnProblem) {
		super(`custom column: ${code}`);
		this.name = 'ColumnError';
	}
}

export function listColumns(): Promise<CustomColumn[]> {
	return withDb(async (db) => readColumns((await db.settings.get(COLUMNS_SETTING_KEY))?.value));
}

export function liveColumns(): Observable<CustomColumn[]> {
	return liveQuery(listColumns);
}

function checkLabel(all: readonly CustomColumn[], raw: string, self?: string): string {
	const label = tidyLabel(raw);
	if (label === '') throw new ColumnError('label-empty');
	if (label.length > LABEL_MAX) throw new ColumnError('label-too-long');
	const key = fold(label);
	if (all.some((c) => c.id !== self && fold(c.label) === key)) throw new ColumnError('label-taken');
	return label;
}

/**
 * A new choice column needs its choices; an existing one may be left without any for a moment
 * (just turned into a choice column: its values are there, flagged, until choices are typed).
 */
function checkOptions(type: CustomType, options: readonly string[], required: boolean): string[] {
	if (type !== 'choice') return [];
	const tidy = tidyOptions(options);
	if (tidy.length === 0 && required) throw new ColumnError('options-empty');
	return tidy;
}

/** A readable key from a label ("Hạng thẻ" → `hang-the`), made unique among `taken`. */
export function keyFor(label: string, taken: ReadonlySet<string>): string {
	const base =
		fold(label)
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 40) || 'cot';
	let key = base;
	for (let n = 2; taken.has(key) || !isUsableKey(key); n++) key = `${base}-${n}`;
	return key;
}

/** Reads, changes and writes back the list in one undoable batch (`change_update`, `{ name }`). */
async function change<T>(
	name: string,
	work: (all: CustomColumn[]) => T,
	label = 'change_update'
): Promise<T> {
	try {
		return await runBatch(
			label,
			{ name },
			'user',
			async (ctx: BatchContext) => {
				const row = await ctx.db.settings.get(COLUMNS_SETTING_KEY);
				const all = readColumns(row?.value);
				const result = work(all);
				if (row) await ctx.update('settings', COLUMNS_SETTING_KEY, { value: all });
				else await ctx.create('settings', [{ key: COLUMNS_SETTING_KEY, value: all }]);
				return result;
			},
			{ tables: ['settings'] }
		);
	} catch (e) {
		// The storage layer wraps what the work throws; the UI wants the column's own reason.
		if (e instanceof AppError && e.cause instanceof ColumnError) throw e.cause;
		throw e;
	}
}

function find(all: CustomColumn[], id: string): number {
	const at = all.findIndex((c) => c.id === id);
	if (at === -1) throw new ColumnError('not-found');
	return at;
}

export interface NewColumn {
	label: string;
	type: CustomType;
	options?: readonly string[];
}

/** Adds a column at the end; its key comes from the label. */
export async function addColumn(input: NewColumn): Promise<CustomColumn> {
	if (!isCustomType(input.type)) throw new ColumnError('bad-type');
	const options = checkOptions(input.type, input.options ?? [], true);
	return change(tidyLabel(input.label), (all) => {
		const label = checkLabel(all, input.label);
		const column: CustomColumn = {
			id: keyFor(label, new Set(all.map((c) => c.id))),
			label,
			type: input.type,
			options,
			hidden: false
		};
		all.push(column);
		return column;
	});
}

export interface ColumnPatch {
	label?: string;
	type?: CustomType;
	options?: readonly string[];
	hidden?: boolean;
}

/**
 * Renames, retypes, changes the choices of, hides or shows a column. The values stay as they
 * are: after a change of type, those that do not fit are shown as typed and flagged.
 */
export async function updateColumn(id: string, patch: ColumnPatch): Promise<CustomColumn> {
	if (patch.type !== undefined && !isCustomType(patch.type)) throw new ColumnError('bad-type');
	const current = (await listColumns()).find((c) => c.id === id);
	if (!current) throw new ColumnError('not-found');
	const name = patch.label !== undefined ? tidyLabel(patch.label) : current.label;
	return change(name, (all) => {
		const at = find(all, id);
		const c = { ...all[at] };
		if (patch.label !== undefined) c.label = checkLabel(all, patch.label, id);
		if (patch.type !== undefined) c.type = patch.type;
		if (patch.options !== undefined || patch.type !== undefined) {
			c.options = checkOptions(c.type, patch.options ?? c.options, false);
		}
		if (patch.hidden !== undefined) c.hidden = patch.hidden;
		all[at] = c;
		return c;
	});
}

/** Moves a column `delta` places (−1: one to the left); past either end it stays there. */
export async function moveColumn(id: string, delta: number): Promise<void> {
	const current = (await listColumns()).find((c) => c.id === id);
	if (!current) throw new ColumnError('not-found');
	await change(current.label, (all) => {
		const at = find(all, id);
		const to = Math.max(0, Math.min(all.length - 1, at + delta));
		const [c] = all.splice(at, 1);
		all.splice(to, 0, c);
	});
}

/** Removes a column's definition; its values stay on the customers. False when it was gone. */
export async function deleteColumn(id: string): Promise<boolean> {
	const current = (await listColumns()).find((c) => c.id === id);
	if (!current) return false;
	return change(current.label, (all) => {
		const at = all.findIndex((c) => c.id === id);
		if (at === -1) return false;
		all.splice(at, 1);
		return true;
	});
}

/**
 * Adds the columns an import names that are not defined yet (by key), in one batch; a label
 * already used by another column gets a number. Returns the whole list afterwards.
 */
export async function ensureColumns(wanted: readonly CustomColumn[]): Promise<CustomColumn[]> {
	const known = new Set((await listColumns()).map((c) => c.id));
	const missing = wanted.filter((w) => !known.has(w.id) && isUsableKey(w.id));
	if (missing.length === 0) return listColumns();
	return change(missing.map((c) => c.label).join(', '), (all) => {
		const next = withImportedColumns(all, missing);
		all.splice(0, all.length, ...next);
		return next;
	});
}

/**
 * Saves one typed cell: the text becomes the column's storage form, or stays as typed (then
 * `problem` says why) — nothing typed is lost. Empty text removes the value.
 */
export async function setCustomValue(
	customerId: string,
	column: CustomColumn,
	text: string
): Promise<{ customer: Customer; problem?: CustomProblem }> {
	const { value, problem } = parseCustomValue(column, text);
	const customer = await runBatch(
		'change_edit_field',
		{ field: column.label },
		'user',
		async (ctx) => {
			const c = await ctx.db.customers.get(customerId);
			if (!c) throw new NotFoundError('customers', customerId);
			const custom = { ...(c.custom ?? {}) };
			if (value === undefined) delete custom[column.id];
			else custom[column.id] = value;
			const updated = await ctx.update('customers', customerId, { custom });
			ctx.setParams({ name: displayName(updated) });
			return updated;
		},
		{ tables: ['customers'] }
	);
	return problem ? { customer, problem } : { customer };
}
