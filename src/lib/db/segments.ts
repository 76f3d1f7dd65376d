import { liveQuery, type Observable } from 'dexie';
import { validateSegment, type SavedSegment } from '$lib/domain/segments';
import { runBatch } from './changes';
import { withDb } from './db';
import { newId } from './ids';

/**
 * The segments the owner made, stored as one setting (a shop has tens, not thousands), each
 * definition checked on the way in and on the way out: a definition that no longer validates
 * (edited by hand in a backup, or from a newer version) is left out of the list, not guessed at.
 * Saving and deleting are user actions, undone by Ctrl+Z like any other.
 */

export const SEGMENTS_KEY = 'segments.saved';

export const SEGMENT_NAME_MAX = 80;

export class SegmentError extends Error {
	constructor(readonly code: 'name-empty' | 'name-too-long' | 'name-taken' | 'invalid') {
		super(`segment: ${code}`);
		this.name = 'SegmentError';
	}
}

function readList(value: unknown): SavedSegment[] {
	if (!Array.isArray(value)) return [];
	const out: SavedSegment[] = [];
	for (const item of value) {
		if (typeof item !== 'object' || item === null) continue;
		const { id, name, definition } = item as Record<string, unknown>;
		if (typeof id !== 'string' || typeof name !== 'string') continue;
		const checked = validateSegment(definition);
		if (checked.ok) out.push({ id, name, definition: checked.definition });
	}
	return out;
}

export async function listSegments(): Promise<SavedSegment[]> {
	return withDb(async (db) => readList((await db.settings.get(SEGMENTS_KEY))?.value));
}

/** The saved segments, kept current across tabs. */
export function liveSegments(): Observable<SavedSegment[]> {
	return liveQuery(listSegments);
}

/**
 * Creates (no id) or replaces a segment. The name is trimmed and must be new among the others,
 * letter case and diacritics counted. Returns the saved segment.
 */
export async function saveSegment(segment: {
	id?: string;
	name: string;
	definition: unknown;
}): Promise<SavedSegment> {
	const name = segment.name.trim().replace(/\s+/g, ' ');
	if (name === '') throw new SegmentError('name-empty');
	if (name.length > SEGMENT_NAME_MAX) throw new SegmentError('name-too-long');
	const checked = validateSegment(segment.definition);
	if (!checked.ok) throw new SegmentError('invalid');
	const taken = (others: SavedSegment[]) =>
		others.some((s) => s.id !== segment.id && s.name.toLowerCase() === name.toLowerCase());
	if (taken(await listSegments())) throw new SegmentError('name-taken');
	const saved: SavedSegment = {
		id: segment.id ?? newId(),
		name,
		definition: checked.definition
	};
	return runBatch(
		'change_segment_saved',
		{ name },
		'user',
		async (ctx) => {
			const row = await ctx.db.settings.get(SEGMENTS_KEY);
			const list = readList(row?.value);
			// Another tab may have taken the name since: the batch is abandoned, nothing written.
			if (taken(list)) throw new SegmentError('name-taken');
			const at = list.findIndex((s) => s.id === saved.id);
			if (at === -1) list.push(saved);
			else list[at] = saved;
			if (row) await ctx.update('settings', SEGMENTS_KEY, { value: list });
			else await ctx.create('settings', [{ key: SEGMENTS_KEY, value: list }]);
			return saved;
		},
		{ tables: ['settings'] }
	);
}

/** Deletes a saved segment; false when there was none with this id. */
export async function deleteSegment(id: string): Promise<boolean> {
	const current = (await listSegments()).find((s) => s.id === id);
	if (!current) return false;
	return runBatch(
		'change_segment_deleted',
		{ name: current.name },
		'user',
		async (ctx) => {
			const row = await ctx.db.settings.get(SEGMENTS_KEY);
			const list = readList(row?.value);
			const next = list.filter((s) => s.id !== id);
			if (!row || next.length === list.length) return false;
			await ctx.update('settings', SEGMENTS_KEY, { value: next });
			return true;
		},
		{ tables: ['settings'] }
	);
}
