import { planProblems, type BusinessType, type CarePlan, type CadenceStep } from '$lib/domain/care';

/** A care plan as the settings form edits it: numbers as typed text. */
export interface PlanForm {
	steps: StepRow[];
	cycles: CycleRow[];
	birthdayLeadDays: string;
	reactivationDays: string;
}

export interface StepRow {
	/** Kept as is: reminder ids are made from it, so editing a day never duplicates reminders. */
	id: string;
	kind: CadenceStep['kind'];
	aftercareStep: CadenceStep['aftercareStep'];
	day: string;
	untilDay: string;
	action: CadenceStep['action'];
	templateId: string;
}

export interface CycleRow {
	id: string;
	/** product: a keyword found in what was bought; tag: a tag id the customer has. */
	by: 'product' | 'tag';
	match: string;
	days: string;
}

/** What a step is for, to label it: the checklist step, or the reminder kind. */
export type StepPurpose =
	'ask' | 'thanks' | 'feedback' | 'followup' | 'chance' | CadenceStep['kind'];

export function stepPurpose(step: Pick<CadenceStep, 'kind' | 'aftercareStep'>): StepPurpose {
	return step.aftercareStep ?? step.kind;
}

export function planToForm(plan: CarePlan): PlanForm {
	return {
		steps: plan.steps.map((s) => ({
			id: s.id,
			kind: s.kind,
			aftercareStep: s.aftercareStep,
			day: String(s.day),
			untilDay: s.untilDay === null ? '' : String(s.untilDay),
			action: s.action,
			templateId: s.templateId ?? ''
		})),
		cycles: plan.cycles.map((c) => ({ id: c.id, by: c.by, match: c.match, days: String(c.days) })),
		birthdayLeadDays: String(plan.birthdayLeadDays),
		reactivationDays: String(plan.reactivationDays)
	};
}

/** A whole number typed by a person ("  30 ", "30 ngày"), or NaN. */
function wholeNumber(text: string): number {
	const m = /^\s*(\d{1,4})\b/.exec(text);
	return m ? Number(m[1]) : Number.NaN;
}

export type PlanFormProblem =
	| { field: 'day' | 'untilDay'; row: string }
	| { field: 'cycle'; row: string }
	| { field: 'birthdayLeadDays' | 'reactivationDays'; row: null };

/**
 * The plan the form describes, or the fields to fix. The reactivation step follows the "lapsed
 * after N days" figure, so the two cannot disagree.
 */
export function formToPlan(
	form: PlanForm,
	businessType: BusinessType
): { plan: CarePlan | null; problems: PlanFormProblem[] } {
	const problems: PlanFormProblem[] = [];
	const reactivationDays = wholeNumber(form.reactivationDays);
	const birthdayLeadDays = wholeNumber(form.birthdayLeadDays);
	if (!(reactivationDays > 0)) problems.push({ field: 'reactivationDays', row: null });
	if (!(birthdayLeadDays >= 0)) problems.push({ field: 'birthdayLeadDays', row: null });
	const steps: CadenceStep[] = form.steps.map((row) => {
		const day = row.kind === 'reactivation' ? reactivationDays : wholeNumber(row.day);
		const untilDay = row.untilDay.trim() === '' ? null : wholeNumber(row.untilDay);
		if (!(day >= 0)) problems.push({ field: 'day', row: row.id });
		if (untilDay !== null && !(untilDay >= day)) problems.push({ field: 'untilDay', row: row.id });
		return {
			id: row.id,
			day,
			untilDay,
			kind: row.kind,
			aftercareStep: row.aftercareStep,
			templateId: row.templateId || null,
			action: row.action
		};
	});
	const cycles = form.cycles.map((row) => {
		const days = wholeNumber(row.days);
		if (!(days > 0) || row.match.trim() === '') problems.push({ field: 'cycle', row: row.id });
		return { id: row.id, by: row.by, match: row.match.trim(), days };
	});
	const plan: CarePlan = { businessType, steps, cycles, birthdayLeadDays, reactivationDays };
	if (problems.length === 0 && planProblems(plan).length > 0) {
		// The domain's own checks catch what the form cannot express (e.g. duplicate ids).
		for (const p of planProblems(plan))
			problems.push({ field: 'day', row: 'id' in p ? String(p.id) : '' });
	}
	return { plan: problems.length === 0 ? plan : null, problems };
}
