import type { Observable } from 'dexie';
import { validateSegment, type SavedSegment } from '$lib/domain/segments';
import { NAME_MAX, NameError, namedList } from './named-list';

/**
 * The segments the owner made, each definition checked on the way in and on the way out: one
 * that no longer validates is left out of the list, not guessed at.
 */

export const SEGMENTS_KEY = 'segments.saved';
export const SEGMENT_NAME_MAX = NAME_MAX;
export { NameError as SegmentError };

function read(item: unknown): SavedSegment | null {
	if (typeof item !== 'object' || item === null) return null;
	const { id, name, definition } = item as Record<string, unknown>;
	if (typeof id !== 'string' || typeof name !== 'string') return null;
	const checked = validateSegment(definition);
	return checked.ok ? { id, name, definition: checked.definition } : null;
}

const segments = namedList<SavedSegment>({
	key: SEGMENTS_KEY,
	read,
	savedLabel: 'change_segment_saved',
	deletedLabel: 'change_segment_deleted'
});

export function listSegments(): Promise<SavedSegment[]> {
	return segments.list();
}

/** The saved segments, kept current across tabs. */
export function liveSegments(): Observable<SavedSegment[]> {
	return segments.live();
}

/** Creates (no id) or replaces a segment; the name must be new among the others (any case). */
export function saveSegment(segment: {
	id?: string;
	name: string;
	definition: unknown;
}): Promise<SavedSegment> {
	return segments.save(segment.id, segment.name, (id, name) =>
		read({ id, name, definition: segment.definition })
	);
}

/** Deletes a saved segment; false when there was none with this id. */
export function deleteSegment(id: string): Promise<boolean> {
	return segments.remove(id);
}
