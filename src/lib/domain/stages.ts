/**
 * The built-in lifecycle stages, in order. Names are looked up in i18n (`stage_<id>`); the rules
 * that move customers between them arrive with the lifecycle feature.
 */
export const STAGE_IDS = ['lead', 'new', 'care', 'loyal', 'reactivate', 'lost'] as const;
export type StageId = (typeof STAGE_IDS)[number];

export function isStageId(value: string): value is StageId {
	return (STAGE_IDS as readonly string[]).includes(value);
}
