import type { CustomReminderInput } from '$lib/db/reminders';
import { parseDate } from '$lib/domain/date';
import type { Reminder } from '$lib/domain/types';

/** The "add a reminder" form and the bits of a reminder the panel spells out. Pure. */

export interface ReminderFormValues {
	/** dd/mm/yyyy; may be in the future (that is the point) or the past (already late). */
	due: string;
	note: string;
	assignee: string;
}

export type ReminderFields = Omit<CustomReminderInput, 'customerId'>;

export type ReminderFormProblem =
	| { field: 'due'; code: 'date-required' | 'date-invalid' }
	| { field: 'note'; code: 'note-required' };

export type ReminderFormResult =
	{ ok: true; fields: ReminderFields } | { ok: false; problems: ReminderFormProblem[] };

export function checkReminderForm(values: ReminderFormValues, today: string): ReminderFormResult {
	const problems: ReminderFormProblem[] = [];
	let due: string | null = null;
	if (values.due.trim() === '') {
		problems.push({ field: 'due', code: 'date-required' });
	} else {
		const parsed = parseDate(values.due, { today, allowFuture: true });
		if (parsed.iso === null) problems.push({ field: 'due', code: 'date-invalid' });
		else due = parsed.iso;
	}
	// A hand-made reminder has no plan step to explain it: without a note nobody knows what to do.
	const note = values.note.trim();
	if (note === '') problems.push({ field: 'note', code: 'note-required' });
	if (problems.length > 0 || due === null) return { ok: false, problems };
	return { ok: true, fields: { due, note, assignee: values.assignee.trim() } };
}

/** The day of the care plan a step id stands for: 'd3' → 3; null for anything else. */
export function stepDay(step: Reminder['step']): number | null {
	const m = step === null ? null : /^d(\d+)$/.exec(step);
	return m === null ? null : Number(m[1]);
}
