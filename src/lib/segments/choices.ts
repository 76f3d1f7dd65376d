/**
 * The segments a list offers: the built-ins, then the shop's own, each with a stable id that a
 * URL can carry (`?segment=builtin:new`), so that the grid, the board and Today share a choice.
 */
import {
	BUILT_IN_SEGMENTS,
	validateSegment,
	type SavedSegment,
	type SegmentDefinition
} from '$lib/domain/segments';
import { listDefinition, LIST_PREFIX } from './lists';

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

/**
 * An unnamed segment carried whole in its id: `q:` and the definition's JSON in base64url. The
 * reports link their numbers to the customers behind them this way ("new customers in March":
 * first purchase between 01/03 and 31/03) without saving a segment for each.
 */
export const ADHOC_PREFIX = 'q:';
export const ADHOC_NAME = 'segment_adhoc';
export const LIST_NAME = 'segment_list_name';
export { LIST_PREFIX };

export function adhocSegmentId(definition: SegmentDefinition): string {
	const bytes = new TextEncoder().encode(JSON.stringify(definition));
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return ADHOC_PREFIX + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The definition an ad-hoc id carries; null when it is damaged or not a valid segment. */
export function adhocDefinition(id: string): SegmentDefinition | null {
	if (!id.startsWith(ADHOC_PREFIX)) return null;
	try {
		const binary = atob(id.slice(ADHOC_PREFIX.length).replace(/-/g, '+').replace(/_/g, '/'));
		const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
		const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
		return validateSegment(value).ok ? (value as SegmentDefinition) : null;
	} catch {
		return null;
	}
}

/** The choice with this id; null for none, or for an id no longer known (a deleted segment). */
export function findChoice(
	id: string | null | undefined,
	saved: readonly SavedSegment[]
): SegmentChoice | null {
	if (!id) return null;
	if (id.startsWith(LIST_PREFIX)) {
		const definition = listDefinition(id);
		return definition === null ? null : { id, name: LIST_NAME, builtIn: true, definition };
	}
	if (id.startsWith(ADHOC_PREFIX)) {
		const definition = adhocDefinition(id);
		return definition === null ? null : { id, name: ADHOC_NAME, builtIn: true, definition };
	}
	return segmentChoices(saved).find((c) => c.id === id) ?? null;
}
