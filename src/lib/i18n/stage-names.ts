/**
 * The owner's own names for the stages (Settings → Giai đoạn khách), so that `stageLabel` shows
 * them everywhere without each caller reading the settings. Loaded at startup, replaced when the
 * settings are saved. A plain module, not reactive state: pages read it as they open, and the
 * settings page that changes it redraws itself.
 */
import type { StageStyle } from '$lib/domain/stages';

let names = new Map<string, string>();

/** Replaces the custom names; an empty name means the built-in one in the user's language. */
export function setStageNames(stages: readonly Pick<StageStyle, 'id' | 'name'>[]): void {
	const next = new Map<string, string>();
	for (const s of stages) {
		const name = typeof s.name === 'string' ? s.name.trim() : '';
		if (name !== '') next.set(s.id, name);
	}
	names = next;
}

/** The owner's name for a stage, or undefined when it has none. */
export function customStageName(id: string): string | undefined {
	return names.get(id);
}
