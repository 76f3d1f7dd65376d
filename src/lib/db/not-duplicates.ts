import { pairKey } from '$lib/dedup/engine';
import type { CustomerId } from '$lib/domain/types';
import { runBatch } from './changes';
import { getSetting } from './settings';

/**
 * The pairs a person said are not the same customer ("không trùng"), remembered so the
 * duplicate scan and the on-entry warning never propose them again. Stored as one setting, the
 * sorted list of pair keys (`pairKey(a, b)`), written as a user action: one Ctrl+Z brings a
 * pair back if it was dismissed by mistake.
 */

export const NOT_DUPLICATES_KEY = 'dedup.notDuplicates';

/** Every dismissed pair key. */
export async function listNotDuplicates(): Promise<string[]> {
	const stored = await getSetting<unknown>(NOT_DUPLICATES_KEY, []);
	return Array.isArray(stored) ? stored.filter((k): k is string => typeof k === 'string') : [];
}

/** Every pair among the given customers, as pair keys. */
export function pairsAmong(ids: readonly CustomerId[]): string[] {
	const keys: string[] = [];
	for (let i = 0; i < ids.length; i++) {
		for (let j = i + 1; j < ids.length; j++)
			if (ids[i] !== ids[j]) keys.push(pairKey(ids[i], ids[j]));
	}
	return keys;
}

/**
 * Remembers that these customers are different people: every pair among them
 * ('change_not_duplicate', { count }: customers). Pairs already remembered are kept once.
 * Returns how many pairs were new.
 */
export async function markNotDuplicates(ids: readonly CustomerId[]): Promise<number> {
	const pairs = pairsAmong(ids);
	if (pairs.length === 0) return 0;
	return runBatch(
		'change_not_duplicate',
		{ count: new Set(ids).size },
		'user',
		async (ctx) => {
			const row = await ctx.db.settings.get(NOT_DUPLICATES_KEY);
			const current = Array.isArray(row?.value) ? (row.value as string[]) : [];
			const next = new Set(current);
			for (const p of pairs) next.add(p);
			const added = next.size - current.length;
			if (added === 0) return 0;
			const value = [...next].sort();
			if (row) await ctx.update('settings', NOT_DUPLICATES_KEY, { value });
			else await ctx.create('settings', [{ key: NOT_DUPLICATES_KEY, value }]);
			return added;
		},
		{ tables: ['settings'] }
	);
}
