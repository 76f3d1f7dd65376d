import { describe, expect, it } from 'vitest';
import { checkReminderForm, stepDay } from './reminder-form';

const TODAY = '2025-06-15';

describe('checkReminderForm', () => {
	it('reads a future date typed dd/mm/yyyy', () => {
		expect(
			checkReminderForm({ due: '20/06/2025', note: ' Gọi báo giá ', assignee: ' Lan ' }, TODAY)
		).toEqual({ ok: true, fields: { due: '2025-06-20', note: 'Gọi báo giá', assignee: 'Lan' } });
	});

	it('accepts a date already past: something late is still to do', () => {
		const result = checkReminderForm({ due: '01/06/2025', note: 'x', assignee: '' }, TODAY);
		expect(result.ok && result.fields.due).toBe('2025-06-01');
	});

	it('needs a real date and a note', () => {
		expect(checkReminderForm({ due: '', note: '', assignee: '' }, TODAY)).toEqual({
			ok: false,
			problems: [
				{ field: 'due', code: 'date-required' },
				{ field: 'note', code: 'note-required' }
			]
		});
		expect(checkReminderForm({ due: '31/02/2025', note: 'x', assignee: '' }, TODAY)).toEqual({
			ok: false,
			problems: [{ field: 'due', code: 'date-invalid' }]
		});
	});
});

describe('stepDay', () => {
	it('reads the day of a plan step', () => {
		expect(stepDay('d3')).toBe(3);
		expect(stepDay('d180')).toBe(180);
		expect(stepDay(null)).toBeNull();
		expect(stepDay('birthday')).toBeNull();
	});
});
