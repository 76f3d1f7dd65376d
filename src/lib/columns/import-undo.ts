/**
 * An import that brought new custom columns defines them in its own batch (db/imports.ts). When
 * the import is undone, those columns go too — but only the ones no customer has a value in any
 * more: a value typed into the new column since, or one the undo had to keep, keeps its column.
 * The decision is logged in the undo's batch, so redo brings the columns back.
 */
import type { BatchContext } from '$lib/db/changes';
import type { Change } from '$lib/domain/types';
import {
	COLUMNS_SETTING_KEY,
	readColumns,
	withImportedColumns,
	type CustomColumn
} from './definitions';

/** The label of an import's batch (and of its redo), as db/imports.ts writes it. */
export const IMPORT_LABEL = 'batch_import';

/** The columns a batch's changes to the column list added, in the order they were added. */
export function columnsAdded(changes: readonly Pick<Change, 'before' | 'after'>[]): CustomColumn[] {
	const out: CustomColumn[] = [];
	for (const change of changes) {
		const before = new Set(readColumns(change.before?.value).map((c) => c.id));
		for (const c of readColumns(change.after?.value)) {
			if (!before.has(c.id) && !out.some((o) => o.id === c.id)) out.push(c);
		}
	}
	return out;
}

/**
 * The column list once an import is undone: its columns without values are left out, those
 * with values kept (put back at the end if the undo took them away).
 */
export function settleColumns(
	current: readonly CustomColumn[],
	added: readonly CustomColumn[],
	inUse: ReadonlySet<string>
): CustomColumn[] {
	const unused = new Set(added.filter((c) => !inUse.has(c.id)).map((c) => c.id));
	const kept = current.filter((c) => !unused.has(c.id));
	return withImportedColumns(
		kept,
		added.filter((c) => inUse.has(c.id))
	);
}

function hasValue(v: unknown): boolean {
	return v !== undefined && v !== null && v !== '';
}

/** Which of `keys` some customer (in the trash too: it can come back) still has a value in. */
async function keysInUse(ctx: BatchContext, keys: readonly string[]): Promise<Set<string>> {
	const found = new Set<string>();
	await ctx.db.customers
		.toCollection()
		.until(() => found.size === keys.length)
		.each((c) => {
			const custom = c.custom;
			if (!custom) return;
			for (const k of keys) if (Object.hasOwn(custom, k) && hasValue(custom[k])) found.add(k);
		});
	return found;
}

/**
 * Run by undo right after it reverted `batchId` (an import, or the redo of one), inside the
 * same transaction and batch.
 */
export async function settleImportColumns(ctx: BatchContext, batchId: string): Promise<void> {
	const logged = await ctx.db.changes
		.where('[table+rowId]')
		.equals(['settings', COLUMNS_SETTING_KEY])
		.filter((c) => c.batchId === batchId)
		.toArray();
	const added = columnsAdded(logged);
	if (added.length === 0) return;
	const row = await ctx.db.settings.get(COLUMNS_SETTING_KEY);
	const current = readColumns(row?.value);
	const inUse = await keysInUse(
		ctx,
		added.map((c) => c.id)
	);
	const next = settleColumns(current, added, inUse);
	if (JSON.stringify(next) === JSON.stringify(current)) return;
	if (row) await ctx.update('settings', COLUMNS_SETTING_KEY, { value: next });
	else await ctx.create('settings', [{ key: COLUMNS_SETTING_KEY, value: next }]);
}
