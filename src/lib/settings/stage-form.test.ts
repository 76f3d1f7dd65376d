import { describe, expect, it } from 'vitest';
import { defaultStageSettings, STAGE_IDS } from '$lib/domain/stages';
import {
	dayFieldProblem,
	formToSettings,
	moveStage,
	settingsToForm,
	stageRowProblem
} from './stage-form';

const spa = defaultStageSettings('spa');

describe('stage settings form', () => {
	it('gives back the same settings when nothing was edited', () => {
		const { settings, problems } = formToSettings(settingsToForm(spa), 'spa');
		expect(problems).toEqual([]);
		expect(settings).toEqual(spa);
	});

	it('reads day counts typed with a unit and trims names', () => {
		const form = settingsToForm(spa);
		form.careWindowDays = ' 30 ngày';
		form.stages[3].name = '  Khách ruột ';
		const { settings } = formToSettings(form, 'spa');
		expect(settings?.careWindowDays).toBe(30);
		expect(settings?.stages[3]).toEqual({ id: 'loyal', name: 'Khách ruột', colour: '#16a34a' });
	});

	it('keeps the business type it was saved for', () => {
		expect(formToSettings(settingsToForm(spa), 'cafe').settings?.businessType).toBe('cafe');
	});

	it.each([
		['a care window that is not a number', 'careWindowDays', 'một tuần', 'bad-days'],
		['a fractional count', 'lostAfterDays', '240.5', 'bad-days'],
		['a reactivation count of zero', 'reactivateAfterDays', '0', 'bad-days'],
		['lost before reactivation', 'lostAfterDays', '100', 'days-out-of-order']
	] as const)('refuses %s and marks the field', (_label, field, text, code) => {
		const form = settingsToForm(spa);
		form[field] = text;
		const { settings, problems } = formToSettings(form, 'spa');
		expect(settings).toBeNull();
		expect(problems).toContainEqual({ code, field });
		expect(dayFieldProblem(problems, field)).toBe(true);
		expect(dayFieldProblem(problems, 'careWindowDays')).toBe(field === 'careWindowDays');
	});

	it('refuses a name longer than a column header can show', () => {
		const form = settingsToForm(spa);
		form.stages[0].name = 'x'.repeat(41);
		const { settings, problems } = formToSettings(form, 'spa');
		expect(settings).toBeNull();
		expect(stageRowProblem(problems, 'lead', 'bad-name')).toBe(true);
		expect(stageRowProblem(problems, 'new', 'bad-name')).toBe(false);
	});

	it('refuses a colour that is not #rrggbb', () => {
		const form = settingsToForm(spa);
		form.stages[2].colour = 'orange';
		const { problems } = formToSettings(form, 'spa');
		expect(stageRowProblem(problems, 'care', 'bad-colour')).toBe(true);
	});

	it('refuses two stages with the same name, whatever the case', () => {
		const form = settingsToForm(spa);
		form.stages[1].name = 'Khách VIP';
		form.stages[3].name = 'khách vip ';
		const { settings, problems } = formToSettings(form, 'spa');
		expect(settings).toBeNull();
		expect(problems).toEqual([{ code: 'duplicate-name', id: 'loyal' }]);
	});

	it('lets empty names repeat: each falls back to its built-in name', () => {
		expect(formToSettings(settingsToForm(spa), 'spa').problems).toEqual([]);
	});

	it('moves a stage up and down the display order, and not past either end', () => {
		const form = settingsToForm(spa);
		moveStage(form, 3, -1);
		expect(form.stages.map((s) => s.id)).toEqual([
			'lead',
			'new',
			'loyal',
			'care',
			'reactivate',
			'lost'
		]);
		moveStage(form, 0, -1);
		moveStage(form, 5, 1);
		expect(form.stages.map((s) => s.id)[0]).toBe('lead');
		expect(form.stages.map((s) => s.id)[5]).toBe('lost');
		const { settings } = formToSettings(form, 'spa');
		expect(new Set(settings?.stages.map((s) => s.id))).toEqual(new Set(STAGE_IDS));
	});
});
