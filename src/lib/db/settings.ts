import { runBatch } from './changes';
import { withDb } from './db';

/**
 * A stored setting, or `fallback` when it was never set. The caller names the type: settings
 * are written by this app only, so the stored value has the shape it was given.
 */
export function getSetting<T>(key: string, fallback: T): Promise<T> {
	return withDb(async (db) => {
		const row = await db.settings.get(key);
		return row === undefined ? fallback : (row.value as T);
	});
}

/**
 * Stores a setting. It is recorded in the change log (origin 'system', state 'final') so the
 * log shows when it changed, but it is not on the undo stack: Ctrl+Z undoes edits to customers,
 * not a language switch. Setting the value it already has writes nothing.
 */
export function setSetting(key: string, value: unknown): Promise<void> {
	return runBatch(
		'change_setting',
		{ key },
		'system',
		async (ctx) => {
			const existing = await ctx.db.settings.get(key);
			if (existing) await ctx.update('settings', key, { value });
			else await ctx.create('settings', [{ key, value }]);
		},
		{ tables: ['settings'] }
	);
}
