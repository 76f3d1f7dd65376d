/**
 * The segments a list offers: the built-ins, then the shop's own, each with a stable id that a
 * URL can carry (`?segment=builtin:new`), so that the grid, the board and Today share a choice.
 */
import { BUILT_IN_SEGMENTS, type SavedSegment, type SegmentDefinition } from '$lib/domain/segments';

export interface SegmentChoice {
	id: string;
	/** i18n key for a built-in, the owner's name for a saved one. */
	name: string;
	builtIn: boolean;
	definition: SegmentDefinition;
}

export const SEGMENT_PARAM = 'segment';

export function segmentChoices(saved: readonly SavedSegment[]): SegmentChoice[] {
	return [
		...BUILT_IN_SEGMENTS.map((b) => ({
			id: b.id,
			name: b.nameKey,
			builtIn: true,
			definition: b.definition
		})),
		...saved.map((s) => ({ id: s.id, name: s.name, builtIn: false, definition: s.definition }))
	];
}

/** The choice with this id; null for none, or for an id no longer known (a deleted segment). */
export function findChoice(
	id: string | null | undefined,
	saved: readonly SavedSegment[]
): SegmentChoice | null {
	if (!id) return null;
	return segmentChoices(saved).find((c) => c.id === id) ?? null;
}
