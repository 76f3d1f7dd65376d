import {
	STAGE_SETTINGS_VERSION,
	stageSettingsProblems,
	type StageDays,
	type StageId,
	type StageSettings,
	type StageSettingsProblem
} from '$lib/domain/stages';
import type { BusinessType } from '$lib/domain/care';

/** The stage settings as the form edits them: day counts as typed text. */
export interface StageForm {
	stages: StageRow[];
	careWindowDays: string;
	reactivateAfterDays: string;
	lostAfterDays: string;
}

export interface StageRow {
	id: StageId;
	/** Empty for the built-in name in the user's language. */
	name: string;
	colour: string;
}

/**
 * What to fix: the domain's checks, plus two names the same — the grid and the menus find a
 * stage by its name, so two stages called alike could not be told apart.
 */
export type StageFormProblem = StageSettingsProblem | { code: 'duplicate-name'; id: StageId };

export const DAY_FIELDS: ReadonlyArray<keyof StageDays> = [
	'careWindowDays',
	'reactivateAfterDays',
	'lostAfterDays'
];

export function settingsToForm(settings: StageSettings): StageForm {
	return {
		stages: settings.stages.map((s) => ({ id: s.id, name: s.name, colour: s.colour })),
		careWindowDays: String(settings.careWindowDays),
		reactivateAfterDays: String(settings.reactivateAfterDays),
		lostAfterDays: String(settings.lostAfterDays)
	};
}

/** A whole number typed by a person ("  30 ", "30 ngày"), or NaN. */
function wholeNumber(text: string): number {
	const m = /^\s*(\d{1,5})(?!\d)(?:\s*\D*)$/.exec(text);
	return m ? Number(m[1]) : Number.NaN;
}

/** The settings the form describes, or what to fix (nothing is saved then). */
export function formToSettings(
	form: StageForm,
	businessType: BusinessType
): { settings: StageSettings | null; problems: StageFormProblem[] } {
	const settings: StageSettings = {
		version: STAGE_SETTINGS_VERSION,
		businessType,
		stages: form.stages.map((s) => ({ id: s.id, name: s.name.trim(), colour: s.colour })),
		careWindowDays: wholeNumber(form.careWindowDays),
		reactivateAfterDays: wholeNumber(form.reactivateAfterDays),
		lostAfterDays: wholeNumber(form.lostAfterDays)
	};
	const problems: StageFormProblem[] = stageSettingsProblems(settings);
	const seen = new Map<string, StageId>();
	for (const s of settings.stages) {
		const key = s.name.toLocaleLowerCase('vi');
		if (key === '') continue;
		if (seen.has(key)) problems.push({ code: 'duplicate-name', id: s.id });
		else seen.set(key, s.id);
	}
	return { settings: problems.length === 0 ? settings : null, problems };
}

/** Moves a stage up (-1) or down (+1) in the display order; out of range does nothing. */
export function moveStage(form: StageForm, index: number, delta: -1 | 1): void {
	const to = index + delta;
	if (index < 0 || to < 0 || index >= form.stages.length || to >= form.stages.length) return;
	const [row] = form.stages.splice(index, 1);
	form.stages.splice(to, 0, row);
}

/** Whether a problem is about this stage's row (its name or its colour). */
export function stageRowProblem(
	problems: readonly StageFormProblem[],
	id: StageId,
	code: 'bad-name' | 'bad-colour' | 'duplicate-name'
): boolean {
	return problems.some((p) => p.code === code && 'id' in p && p.id === id);
}

/** Whether a problem is about a day count (wrong value, or out of order with the others). */
export function dayFieldProblem(
	problems: readonly StageFormProblem[],
	field: keyof StageDays
): boolean {
	return problems.some(
		(p) => (p.code === 'bad-days' || p.code === 'days-out-of-order') && p.field === field
	);
}
