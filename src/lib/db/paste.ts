import { customIdOf, type CustomColumn } from '$lib/columns/definitions';
import { parseCustomValue } from '$lib/columns/values';
import { applyEdit, buildCustomer, EDITABLE_FIELDS } from '$lib/domain/customer';
import { collapseSpaces, fold } from '$lib/domain/text';
import { isStageId, stageChangeOnManual, type StageId } from '$lib/domain/stages';
import type { Customer, CustomerId } from '$lib/domain/types';
import { inputOf, type PastePlan, type PasteValues } from '$lib/grid/paste';
import { splitList } from '$lib/grid/text';
import { shopToday } from './care';
import { runBatch, type BatchContext } from './changes';
import { displayName } from './customers';
import { newId } from './ids';
import { ensureTags } from './tags';

/**
 * Writes a paste (a plan from planPaste) as ONE undoable step: every cell goes through the same
 * normalisation as typing it (phones to E.164, dates dd/mm/yyyy, invalid values kept and
 * flagged), tags by name (new ones created), a stage as set by hand; rows past the last customer
 * become new customers. Customers trashed since the block was copied are left alone.
 */

export interface PasteOptions {
	/** A stage cell's text → stage id; null or unknown text leaves the stage as it is. */
	stageId: (text: string) => string | null;
	/** The shop's custom columns: a cell of one is read as its type reads typed text. */
	customColumns?: readonly CustomColumn[];
	today?: string;
}

export interface PasteResult {
	/** Existing customers changed by the paste. */
	updated: Customer[];
	created: Customer[];
	/** Stage cells whose text is no stage: left as they were. */
	unknownStages: number;
	/** Customers of the plan no longer there (trashed or purged since). */
	missing: number;
}

function stageOf(values: PasteValues, opts: PasteOptions, result: PasteResult): StageId | null {
	const text = values.stage?.trim() ?? '';
	if (text === '') return null;
	const id = opts.stageId(text);
	if (id !== null && isStageId(id)) return id;
	result.unknownStages++;
	return null;
}

/**
 * The custom values a row's cells give, read as typing them does (columns/values.ts): a value
 * that does not fit the type is kept as typed, to be flagged; an empty cell removes the value.
 * Cells of a column no longer defined are left out. Null when the row has none.
 */
function customPatch(
	customer: Customer,
	values: PasteValues,
	columns: ReadonlyMap<string, CustomColumn>
): Customer['custom'] | null {
	let custom: Customer['custom'] | null = null;
	for (const [field, raw] of Object.entries(values)) {
		const id = customIdOf(field);
		const column = id === null ? undefined : columns.get(id);
		if (column === undefined || raw === undefined) continue;
		const { value } = parseCustomValue(column, raw);
		const current = customer.custom?.[column.id];
		if (value === current || (value === undefined && current === undefined)) continue;
		custom ??= { ...(customer.custom ?? {}) };
		if (value === undefined) delete custom[column.id];
		else custom[column.id] = value;
	}
	return custom;
}

/** The patch a row's cells make on a customer, each field read as if typed in turn. */
function patchOf(
	customer: Customer,
	values: PasteValues,
	tagIds: (names: string[]) => string[],
	stage: StageId | null,
	now: number,
	today: string,
	columns: ReadonlyMap<string, CustomColumn> = new Map()
): Partial<Customer> {
	let working = customer;
	const patch: Partial<Customer> = {};
	for (const field of EDITABLE_FIELDS) {
		const raw = values[field];
		if (raw === undefined) continue;
		const p = applyEdit(working, field, raw, now, today);
		working = { ...working, ...p };
		Object.assign(patch, p);
	}
	const custom = customPatch(customer, values, columns);
	if (custom !== null) patch.custom = custom;
	if (values.tags !== undefined) {
		const tags = tagIds(splitList(values.tags));
		if (tags.join('\u0000') !== customer.tags.join('\u0000')) patch.tags = tags;
	}
	if (stage !== null) {
		const change = stageChangeOnManual(customer, stage, today);
		if (change)
			Object.assign(patch, { stage: change.to, stageManual: true, stageReason: change.reason });
	}
	if (Object.keys(patch).length > 0) patch.updatedAt = now;
	return patch;
}

async function tagLookup(
	ctx: BatchContext,
	plan: PastePlan
): Promise<(names: string[]) => string[]> {
	const rows = [...plan.edits.map((e) => e.values), ...plan.newRows];
	const names = [...new Set(rows.flatMap((v) => (v.tags ? splitList(v.tags) : [])))];
	if (names.length === 0) return () => [];
	// ensureTags matches names as the tag editor does (case and diacritics aside): look up alike.
	const byKey = new Map((await ensureTags(ctx, names)).map((t) => [fold(t.name), t.id]));
	return (list) => [...new Set(list.flatMap((n) => byKey.get(fold(collapseSpaces(n))) ?? []))];
}

export async function applyPaste(plan: PastePlan, opts: PasteOptions): Promise<PasteResult> {
	const today = opts.today ?? shopToday();
	return runBatch(
		'change_paste',
		{ count: plan.edits.length + plan.newRows.length },
		'user',
		async (ctx) => {
			const result: PasteResult = { updated: [], created: [], unknownStages: 0, missing: 0 };
			const tagIds = await tagLookup(ctx, plan);
			const columns = new Map((opts.customColumns ?? []).map((c) => [c.id, c]));
			const stored = await ctx.db.customers.bulkGet(plan.edits.map((e) => e.id));
			const patches: Array<{ key: CustomerId; patch: Partial<Customer> }> = [];
			plan.edits.forEach((edit, i) => {
				const customer = stored[i];
				if (!customer || customer.deletedAt !== undefined) {
					result.missing++;
					return;
				}
				const stage = stageOf(edit.values, opts, result);
				const patch = patchOf(customer, edit.values, tagIds, stage, ctx.now, today, columns);
				if (Object.keys(patch).length > 0) patches.push({ key: customer.id, patch });
			});
			if (patches.length > 0) result.updated = await ctx.updateMany('customers', patches);
			for (const values of plan.newRows) {
				const built = buildCustomer(inputOf(values), { id: newId(), now: ctx.now, today });
				const stage = stageOf(values, opts, result);
				// Built from the built-in fields; tags, stage and custom cells are laid on top.
				const rest = Object.fromEntries(
					Object.entries(values).filter(([f]) => f === 'tags' || customIdOf(f) !== null)
				);
				const patch = patchOf(built, rest, tagIds, stage, ctx.now, today, columns);
				result.created.push({ ...built, ...patch, updatedAt: ctx.now });
			}
			if (result.created.length > 0) await ctx.create('customers', result.created);
			const first = result.updated[0] ?? result.created[0];
			ctx.setParams({
				count: result.updated.length + result.created.length,
				name: first ? displayName(first) : ''
			});
			return result;
		},
		{ tables: ['customers', 'tags'] }
	);
}
