import { builtInStageLabel, m } from '$lib/i18n';
import type { StageDays } from '$lib/domain/stages';
import type { StageFormProblem } from './stage-form';

const DAY_LABELS: Record<keyof StageDays, () => string> = {
	careWindowDays: m.stages_care_window,
	reactivateAfterDays: m.stages_reactivate_after,
	lostAfterDays: m.stages_lost_after
};

export function dayFieldLabel(field: keyof StageDays): string {
	return DAY_LABELS[field]();
}

/** What the owner reads for a problem of the stage settings form. */
export function stageProblemMessage(p: StageFormProblem): string {
	switch (p.code) {
		case 'bad-name':
			return m.stages_problem_bad_name({ stage: builtInStageLabel(p.id) });
		case 'duplicate-name':
			return m.stages_problem_duplicate_name({ stage: builtInStageLabel(p.id) });
		case 'bad-colour':
			return m.stages_problem_bad_colour({ stage: builtInStageLabel(p.id) });
		case 'bad-days':
			return m.stages_problem_bad_days({
				field: dayFieldLabel(p.field),
				min: p.field === 'careWindowDays' ? 0 : 1
			});
		case 'days-out-of-order':
			return m.stages_problem_days_out_of_order();
		default:
			// The form cannot produce these (it always has every stage, version and type).
			return m.stages_problem_other({ code: p.code });
	}
}
