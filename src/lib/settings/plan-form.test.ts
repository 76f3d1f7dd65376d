import { describe, expect, it } from 'vitest';
import { DEFAULT_CARE_PLANS } from '$lib/domain/care';
import { formToPlan, planToForm, stepPurpose } from './plan-form';

const spa = DEFAULT_CARE_PLANS.spa;

describe('care plan form', () => {
	it('gives back the same plan when nothing was edited', () => {
		const { plan, problems } = formToPlan(planToForm(spa), 'spa');
		expect(problems).toEqual([]);
		expect(plan).toEqual(spa);
	});

	it('keeps step ids when a day is edited, so reminders are not duplicated', () => {
		const form = planToForm(spa);
		form.steps[0].day = '4';
		const { plan } = formToPlan(form, 'spa');
		expect(plan?.steps[0]).toMatchObject({ id: spa.steps[0].id, day: 4 });
	});

	it('moves the reactivation step with the "lapsed after" figure', () => {
		const form = planToForm(spa);
		form.reactivationDays = '150 ngày';
		const { plan } = formToPlan(form, 'spa');
		expect(plan?.reactivationDays).toBe(150);
		expect(plan?.steps.find((s) => s.kind === 'reactivation')?.day).toBe(150);
	});

	it.each([
		[
			'a day that is not a number',
			(f: ReturnType<typeof planToForm>) => (f.steps[1].day = 'abc'),
			'day'
		],
		[
			'a window that ends before it starts',
			(f: ReturnType<typeof planToForm>) => (f.steps[3].untilDay = '1'),
			'untilDay'
		],
		[
			'a lapsed figure of zero',
			(f: ReturnType<typeof planToForm>) => (f.reactivationDays = '0'),
			'reactivationDays'
		],
		[
			'a product cycle without a keyword',
			(f: ReturnType<typeof planToForm>) =>
				f.cycles.push({ id: 'c1', by: 'product', match: ' ', days: '30' }),
			'cycle'
		]
	])('refuses %s and names the field', (_label, edit, field) => {
		const form = planToForm(spa);
		edit(form);
		const { plan, problems } = formToPlan(form, 'spa');
		expect(plan).toBeNull();
		expect(problems.map((p) => p.field)).toContain(field);
	});

	it('adds a product repurchase cycle', () => {
		const form = planToForm(spa);
		form.cycles.push({ id: 'c1', by: 'product', match: 'Gội đầu dưỡng sinh', days: '14' });
		const { plan } = formToPlan(form, 'spa');
		expect(plan?.cycles).toContainEqual({
			id: 'c1',
			by: 'product',
			match: 'Gội đầu dưỡng sinh',
			days: 14
		});
	});

	it('adds a repurchase cycle for customers with a tag', () => {
		const form = planToForm(spa);
		form.cycles.push({ id: 'c2', by: 'tag', match: 'tag-vip', days: '20' });
		const { plan } = formToPlan(form, 'spa');
		expect(plan?.cycles).toContainEqual({ id: 'c2', by: 'tag', match: 'tag-vip', days: 20 });
		expect(plan && formToPlan(planToForm(plan), 'spa').plan).toEqual(plan);
	});

	it('names what each step is for', () => {
		expect(spa.steps.map(stepPurpose)).toEqual([
			'ask',
			'thanks',
			'followup',
			'repurchase',
			'reactivation'
		]);
	});
});
