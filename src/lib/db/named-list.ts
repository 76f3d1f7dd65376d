import { liveQuery, type Observable } from 'dexie';
import { runBatch } from './changes';
import { withDb } from './db';
import { newId } from './ids';

/**
 * A short list of named things the owner makes (segments, grid views) kept as ONE setting: a
 * shop has a handful, so one record is simpler than a table. Entries are read through `read`,
 * which drops what no longer validates (a backup edited by hand, a newer version's entry)
 * without deleting it. Names are unique among the entries, letter case aside. Saving and
 * deleting are user actions: one Ctrl+Z undoes them.
 */

export type NameProblem = 'name-empty' | 'name-too-long' | 'name-taken' | 'invalid';

export class NameError extends Error {
	constructor(readonly code: NameProblem) {
		super(`named list: ${code}`);
		this.name = 'NameError';
	}
}

export const NAME_MAX = 80;

export interface Named {
	id: string;
	name: string;
}

export interface NamedList<T extends Named> {
	list(): Promise<T[]>;
	live(): Observable<T[]>;
	/**
	 * Creates (no id) or replaces an entry. `build` makes the stored entry from the id and the
	 * tidied name, or returns null when the rest of it does not validate.
	 */
	save(
		id: string | undefined,
		name: string,
		build: (id: string, name: string) => T | null
	): Promise<T>;
	/** False when there was no entry with this id. */
	remove(id: string): Promise<boolean>;
}

export function namedList<T extends Named>(opts: {
	key: string;
	read: (stored: unknown) => T | null;
	/** Change-log labels, with `{ name }`. */
	savedLabel: string;
	deletedLabel: string;
}): NamedList<T> {
	const readAll = (value: unknown): T[] =>
		Array.isArray(value) ? value.flatMap((v) => opts.read(v) ?? []) : [];
	const list = () => withDb(async (db) => readAll((await db.settings.get(opts.key))?.value));
	return {
		list,
		live: () => liveQuery(list),
		async save(id, rawName, build) {
			const name = rawName.trim().replace(/\s+/g, ' ');
			if (name === '') throw new NameError('name-empty');
			if (name.length > NAME_MAX) throw new NameError('name-too-long');
			const entry = build(id ?? newId(), name);
			if (entry === null) throw new NameError('invalid');
			const taken = (all: T[]) =>
				all.some((e) => e.id !== entry.id && e.name.toLowerCase() === name.toLowerCase());
			if (taken(await list())) throw new NameError('name-taken');
			return runBatch(
				opts.savedLabel,
				{ name },
				'user',
				async (ctx) => {
					const row = await ctx.db.settings.get(opts.key);
					const all = readAll(row?.value);
					// Another tab may have taken the name since: abandoned, nothing written.
					if (taken(all)) throw new NameError('name-taken');
					const at = all.findIndex((e) => e.id === entry.id);
					if (at === -1) all.push(entry);
					else all[at] = entry;
					if (row) await ctx.update('settings', opts.key, { value: all });
					else await ctx.create('settings', [{ key: opts.key, value: all }]);
					return entry;
				},
				{ tables: ['settings'] }
			);
		},
		async remove(id) {
			const current = (await list()).find((e) => e.id === id);
			if (!current) return false;
			return runBatch(
				opts.deletedLabel,
				{ name: current.name },
				'user',
				async (ctx) => {
					const row = await ctx.db.settings.get(opts.key);
					const all = readAll(row?.value);
					const next = all.filter((e) => e.id !== id);
					if (!row || next.length === all.length) return false;
					await ctx.update('settings', opts.key, { value: next });
					return true;
				},
				{ tables: ['settings'] }
			);
		}
	};
}
