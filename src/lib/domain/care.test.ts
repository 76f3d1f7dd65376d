import { describe, expect, it } from 'vitest';
import {
	actionFor,
	addDays,
	addMonths,
	BUSINESS_TYPES,
	birthdayReminder,
	birthdayWindow,
	cancelledOnPurchaseDeleted,
	DEFAULT_CARE_PLANS,
	daysOverdue,
	diffDays,
	groupForToday,
	isOnToday,
	KIND_ORDER,
	LATE_GRACE_DAYS,
	matchingCycles,
	nextBirthday,
	nextStepAfter,
	planForPurchase,
	planProblems,
	snoozeUntil,
	supersededOnNewPurchase,
	type CarePlan,
	type ReminderDraft,
	type RepurchaseCycle
} from './care';
import { DEFAULT_TEMPLATES } from './templates';
import type { Reminder } from './types';

const general = DEFAULT_CARE_PLANS.general;
const identity = (key: string): string => key;

function reminder(fields: Partial<Reminder> & Pick<Reminder, 'id'>): Reminder {
	return {
		customerId: 'c1',
		due: '2025-06-15',
		dueEnd: null,
		kind: 'aftercare',
		step: null,
		aftercareStep: null,
		templateId: null,
		status: 'open',
		snoozedUntil: null,
		sourcePurchaseId: null,
		assignee: '',
		note: '',
		skipReason: '',
		closedAt: null,
		interactionId: null,
		createdAt: 0,
		updatedAt: 0,
		...fields
	};
}

/** `step@due` (and `..dueEnd` for windows): compact enough to compare whole plans in a table. */
function summary(drafts: ReminderDraft[]): string[] {
	return drafts.map((d) => `${d.step}@${d.due}${d.dueEnd === null ? '' : `..${d.dueEnd}`}`);
}

const sale = { id: 'p1', customerId: 'c1', date: '2025-06-01', items: 'Kem chống nắng Anessa' };

describe('date arithmetic', () => {
	it.each([
		['2025-01-31', 1, '2025-02-01'],
		['2024-02-28', 1, '2024-02-29'],
		['2025-02-28', 1, '2025-03-01'],
		['2025-12-31', 1, '2026-01-01'],
		['2025-03-01', -1, '2025-02-28'],
		['2025-03-29', 2, '2025-03-31'],
		['2025-10-25', 2, '2025-10-27'],
		['2025-06-01', 180, '2025-11-28'],
		['2025-06-15', 0, '2025-06-15']
	])('%s + %i days is %s', (iso, n, want) => {
		expect(addDays(iso, n)).toBe(want);
	});

	it.each([
		['2025-01-31', 1, '2025-02-28'],
		['2024-01-31', 1, '2024-02-29'],
		['2025-03-31', 1, '2025-04-30'],
		['2025-12-15', 1, '2026-01-15'],
		['2025-01-15', -1, '2024-12-15'],
		['2025-03-31', -1, '2025-02-28'],
		['2024-02-29', 12, '2025-02-28'],
		['2025-08-31', 6, '2026-02-28']
	])('%s + %i months is %s', (iso, n, want) => {
		expect(addMonths(iso, n)).toBe(want);
	});

	it.each([
		['2025-03-01', '2025-02-01', 28],
		['2024-03-01', '2024-02-01', 29],
		['2026-01-01', '2025-12-31', 1],
		['2025-01-01', '2025-12-31', -364],
		['2025-06-15', '2025-06-15', 0]
	])('%s − %s is %i days', (a, b, want) => {
		expect(diffDays(a, b)).toBe(want);
	});

	it.each(['2025-02-30', '15/06/2025', '', '2025-6-1'])('refuses %j as a date', (bad) => {
		expect(() => addDays(bad, 1)).toThrow(RangeError);
		expect(() => diffDays(bad, '2025-06-15')).toThrow(RangeError);
		expect(() => addMonths(bad, 1)).toThrow(RangeError);
	});

	it.each([
		['1d', '2025-01-31', '2025-02-01'],
		['3d', '2025-12-30', '2026-01-02'],
		['1w', '2025-02-25', '2025-03-04'],
		['1m', '2025-01-31', '2025-02-28'],
		['1m', '2024-01-31', '2024-02-29'],
		['1m', '2025-12-31', '2026-01-31']
	] as const)('snoozes %s from %s to %s', (preset, today, want) => {
		expect(snoozeUntil(today, preset)).toBe(want);
	});
});

describe('DEFAULT_CARE_PLANS', () => {
	it.each(BUSINESS_TYPES)('%s follows the shops’ checklist', (type) => {
		const plan = DEFAULT_CARE_PLANS[type];
		expect(plan.businessType).toBe(type);
		expect(planProblems(plan)).toEqual([]);
		const by = (step: string | null) => plan.steps.find((s) => s.aftercareStep === step);
		expect(by('ask')).toMatchObject({ id: 'd3', day: 3, kind: 'aftercare' });
		expect(by('thanks')).toMatchObject({ id: 'd7', day: 7, kind: 'aftercare', action: 'message' });
		expect(by('followup')?.kind).toBe('aftercare');
		const repurchase = plan.steps.filter((s) => s.kind === 'repurchase');
		expect(repurchase).toHaveLength(1);
		expect(repurchase[0].untilDay).toBeGreaterThan(repurchase[0].day);
		const reactivation = plan.steps.filter((s) => s.kind === 'reactivation');
		expect(reactivation.map((s) => s.day)).toEqual([plan.reactivationDays]);
		const days = plan.steps.map((s) => s.day);
		expect(days).toEqual([...days].sort((a, b) => a - b));
	});

	it('refers only to templates that exist', () => {
		const ids = new Set(DEFAULT_TEMPLATES.map((t) => t.id));
		for (const plan of Object.values(DEFAULT_CARE_PLANS)) {
			for (const step of plan.steps) expect(ids).toContain(step.templateId);
		}
		expect(ids).toContain('birthday');
	});

	it.each([
		['general', 'd60', 60, 90, 180, 'call'],
		['spa', 'd28', 28, 45, 120, 'call'],
		['fashion', 'd45', 45, 75, 180, 'message'],
		['cafe', 'd21', 21, 30, 60, 'message'],
		['repair', 'd150', 150, 180, 365, 'call']
	] as const)(
		'%s repurchases at %s (%i–%i days), reactivates at %i, and asks by %s',
		(type, id, day, untilDay, reactivation, askAction) => {
			const plan = DEFAULT_CARE_PLANS[type];
			expect(plan.steps.find((s) => s.kind === 'repurchase')).toMatchObject({
				id,
				day,
				untilDay
			});
			expect(plan.reactivationDays).toBe(reactivation);
			expect(plan.steps[0].action).toBe(askAction);
		}
	);

	it('has repair check the warranty by phone before a 30-day warranty runs out', () => {
		const followup = DEFAULT_CARE_PLANS.repair.steps.find((s) => s.aftercareStep === 'followup');
		expect(followup).toMatchObject({ templateId: 'repair-warranty', action: 'call' });
		expect(followup?.day).toBeLessThan(30);
	});

	it('never calls a café customer', () => {
		expect(DEFAULT_CARE_PLANS.cafe.steps.map((s) => s.action)).not.toContain('call');
	});
});

describe('planProblems', () => {
	const base: CarePlan = structuredClone(general);

	it.each([
		[
			'a duplicate step id',
			{ steps: [...base.steps, { ...base.steps[0] }] },
			[{ code: 'duplicate-id', id: 'd3' }]
		],
		[
			'a window that ends before it starts',
			{ steps: [{ ...base.steps[3], untilDay: 50 }] },
			[{ code: 'bad-window', id: 'd60' }]
		],
		[
			'a negative or fractional day',
			{
				steps: [
					{ ...base.steps[0], day: -1 },
					{ ...base.steps[1], day: 1.5 }
				]
			},
			[
				{ code: 'bad-day', id: 'd3' },
				{ code: 'bad-day', id: 'd7' }
			]
		],
		[
			'a cycle with an empty keyword and no length',
			{ cycles: [{ id: 'x', by: 'product', match: '  ', days: 0 } as RepurchaseCycle] },
			[
				{ code: 'bad-day', id: 'x' },
				{ code: 'empty-match', id: 'x' }
			]
		],
		['a negative birthday lead', { birthdayLeadDays: -3 }, [{ code: 'bad-lead-days' }]],
		['no reactivation days', { reactivationDays: 0 }, [{ code: 'bad-reactivation-days' }]]
	])('reports %s', (_, change, problems) => {
		expect(planProblems({ ...base, ...change })).toEqual(problems);
	});
});

describe('actionFor', () => {
	it.each([
		['d3', 'call'],
		['d7', 'message'],
		['d180', 'call'],
		['cycle:x', 'message'],
		[null, 'message']
	] as const)('says step %j is a %s', (step, action) => {
		expect(actionFor({ step }, general)).toBe(action);
	});
});

describe('planForPurchase', () => {
	it('plans every step of a sale entered on the day, dated from the sale', () => {
		const drafts = planForPurchase(sale, general, { today: sale.date, makeId: identity });
		expect(summary(drafts)).toEqual([
			'd3@2025-06-04',
			'd7@2025-06-08',
			'd30@2025-07-01',
			'd60@2025-07-31..2025-08-30',
			'd180@2025-11-28'
		]);
		expect(drafts[0]).toEqual({
			id: 'p1:d3',
			customerId: 'c1',
			due: '2025-06-04',
			dueEnd: null,
			kind: 'aftercare',
			step: 'd3',
			aftercareStep: 'ask',
			templateId: 'care-ask',
			status: 'open',
			snoozedUntil: null,
			sourcePurchaseId: 'p1',
			assignee: '',
			note: '',
			skipReason: '',
			closedAt: null,
			interactionId: null
		});
		expect(drafts.map((d) => d.kind)).toEqual([
			'aftercare',
			'aftercare',
			'aftercare',
			'repurchase',
			'reactivation'
		]);
	});

	it('gives the same ids when the sale is planned again, through makeId', () => {
		const makeId = (key: string): string => `r-${key}`;
		const first = planForPurchase(sale, general, { today: sale.date, makeId });
		const again = planForPurchase(sale, general, { today: '2025-06-03', makeId });
		expect(first.map((d) => d.id)).toEqual([
			'r-p1:d3',
			'r-p1:d7',
			'r-p1:d30',
			'r-p1:d60',
			'r-p1:d180'
		]);
		expect(again.map((d) => d.id)).toEqual(first.map((d) => d.id));
	});

	it('plans a sale on 31 January across the short February', () => {
		const drafts = planForPurchase({ ...sale, date: '2025-01-31' }, general, {
			today: '2025-01-31',
			makeId: identity
		});
		expect(summary(drafts).slice(0, 3)).toEqual([
			'd3@2025-02-03',
			'd7@2025-02-07',
			'd30@2025-03-02'
		]);
	});

	// Sale on 2025-06-01 typed in on `today`: stale steps (more than LATE_GRACE_DAYS past their
	// last on-time day) are dropped; the latest stale one comes back as a catch-up due today when
	// nothing else is due from a week ago to a week ahead.
	it.each([
		[
			'2025-06-01',
			[
				'd3@2025-06-04',
				'd7@2025-06-08',
				'd30@2025-07-01',
				'd60@2025-07-31..2025-08-30',
				'd180@2025-11-28'
			]
		],
		[
			'2025-06-11',
			[
				'd3@2025-06-04',
				'd7@2025-06-08',
				'd30@2025-07-01',
				'd60@2025-07-31..2025-08-30',
				'd180@2025-11-28'
			]
		],
		[
			'2025-06-12',
			['d7@2025-06-08', 'd30@2025-07-01', 'd60@2025-07-31..2025-08-30', 'd180@2025-11-28']
		],
		[
			'2025-06-20',
			['d7@2025-06-20', 'd30@2025-07-01', 'd60@2025-07-31..2025-08-30', 'd180@2025-11-28']
		],
		['2025-06-25', ['d30@2025-07-01', 'd60@2025-07-31..2025-08-30', 'd180@2025-11-28']],
		['2025-07-15', ['d30@2025-07-15', 'd60@2025-07-31..2025-08-30', 'd180@2025-11-28']],
		['2025-08-20', ['d60@2025-07-31..2025-08-30', 'd180@2025-11-28']],
		['2025-09-10', ['d60@2025-09-10', 'd180@2025-11-28']],
		['2026-01-01', ['d180@2026-01-01']]
	])('for a sale of 1 June typed in on %s plans %j', (today, want) => {
		expect(summary(planForPurchase(sale, general, { today, makeId: identity }))).toEqual(want);
	});

	it('keeps the id of a catch-up step, so planning again does not duplicate it', () => {
		const drafts = planForPurchase(sale, general, { today: '2025-06-20', makeId: identity });
		expect(drafts[0]).toMatchObject({ id: 'p1:d7', step: 'd7', aftercareStep: 'thanks' });
	});

	it('uses a grace of a week', () => {
		expect(LATE_GRACE_DAYS).toBe(7);
	});

	it('leaves out the steps already ticked on the purchase', () => {
		const drafts = planForPurchase(
			{ ...sale, aftercare: { done: { ask: 1, thanks: 2 }, chance: null } },
			general,
			{ today: sale.date, makeId: identity }
		);
		expect(drafts.map((d) => d.step)).toEqual(['d30', 'd60', 'd180']);
	});

	it.each([
		['2025-07-01', ['d3', 'd7', 'd30']],
		['2025-06-01', ['d3', 'd7', 'd30', 'd60', 'd180']],
		['2025-05-01', ['d3', 'd7', 'd30', 'd60', 'd180']],
		[null, ['d3', 'd7', 'd30', 'd60', 'd180']]
	])('with the customer’s latest other purchase on %s plans %j', (latestOtherPurchase, steps) => {
		const drafts = planForPurchase(sale, general, {
			today: sale.date,
			makeId: identity,
			latestOtherPurchase
		});
		expect(drafts.map((d) => d.step)).toEqual(steps);
	});

	describe('with repurchase cycles', () => {
		const cycles: RepurchaseCycle[] = [
			{ id: 'sunscreen', by: 'product', match: 'kem chống nắng', days: 30 },
			{ id: 'vip', by: 'tag', match: 't-vip', days: 45 },
			{ id: 'serum', by: 'product', match: 'serum', days: 45 }
		];
		const plan: CarePlan = { ...general, cycles };

		it('replaces the generic repurchase step with the matching cycle, with a window', () => {
			const drafts = planForPurchase(sale, plan, { today: sale.date, makeId: identity });
			expect(summary(drafts)).toEqual([
				'd3@2025-06-04',
				'd7@2025-06-08',
				'd30@2025-07-01',
				'cycle:sunscreen@2025-07-01..2025-07-16',
				'd180@2025-11-28'
			]);
			expect(drafts[3]).toMatchObject({
				id: 'p1:cycle:sunscreen',
				kind: 'repurchase',
				templateId: 'care-repurchase',
				aftercareStep: null
			});
		});

		it('adds a tag cycle for a tagged customer', () => {
			const drafts = planForPurchase({ ...sale, items: 'Sữa rửa mặt' }, plan, {
				today: sale.date,
				makeId: identity,
				customerTags: ['t-vip']
			});
			expect(drafts.map((d) => d.step)).toEqual(['d3', 'd7', 'd30', 'cycle:vip', 'd180']);
		});

		it('keeps the generic step when no cycle matches', () => {
			const drafts = planForPurchase({ ...sale, items: 'Sữa rửa mặt' }, plan, {
				today: sale.date,
				makeId: identity
			});
			expect(drafts.map((d) => d.step)).toContain('d60');
		});

		it('plans no cycle when the customer has already come back', () => {
			const drafts = planForPurchase(sale, plan, {
				today: sale.date,
				makeId: identity,
				latestOtherPurchase: '2025-06-10'
			});
			expect(drafts.map((d) => d.step)).toEqual(['d3', 'd7', 'd30']);
		});
	});
});

describe('matchingCycles', () => {
	const cycles: RepurchaseCycle[] = [
		{ id: 'vip', by: 'tag', match: 't-vip', days: 30 },
		{ id: 'sunscreen', by: 'product', match: 'Kem chống nắng', days: 30 },
		{ id: 'lipstick', by: 'product', match: 'son', days: 60 },
		{ id: 'beans', by: 'product', match: 'cà phê hạt', days: 14 }
	];

	it.each([
		['Kem chong nang Anessa 60ml', [], ['sunscreen']],
		['KEM CHỐNG NẮNG, son dưỡng', [], ['sunscreen', 'lipstick']],
		['Kem chống', [], []],
		['Son môi 3CE', [], ['lipstick']],
		['Sonata hoa hồng', [], []],
		['1kg cà phê hạt Arabica', [], ['beans']],
		['Cà phê phin', [], []],
		['Sữa rửa mặt', ['t-vip'], ['vip']],
		['Kem chống nắng', ['t-vip'], ['sunscreen']],
		['', [], []]
	])('finds in %j (tags %j) the cycles %j', (items, tags, ids) => {
		expect(matchingCycles(items, cycles, tags).map((c) => c.id)).toEqual(ids);
	});
});

describe('supersededOnNewPurchase', () => {
	const dates = new Map([
		['p1', '2025-01-10'],
		['p2', '2025-03-01'],
		['p3', '2025-02-15']
	]);
	const open = [
		reminder({ id: 'p1-ask', kind: 'aftercare', sourcePurchaseId: 'p1' }),
		reminder({ id: 'p1-rep', kind: 'repurchase', sourcePurchaseId: 'p1' }),
		reminder({ id: 'p1-react', kind: 'reactivation', sourcePurchaseId: 'p1' }),
		reminder({ id: 'p1-rep-done', kind: 'repurchase', sourcePurchaseId: 'p1', status: 'done' }),
		reminder({ id: 'p1-rep-gone', kind: 'repurchase', sourcePurchaseId: 'p1', deletedAt: 5 }),
		reminder({ id: 'p2-rep', kind: 'repurchase', sourcePurchaseId: 'p2' }),
		reminder({ id: 'p3-rep', kind: 'repurchase', sourcePurchaseId: 'p3' }),
		reminder({ id: 'px-rep', kind: 'repurchase', sourcePurchaseId: 'px' }),
		reminder({ id: 'bday', kind: 'birthday' }),
		reminder({ id: 'custom', kind: 'custom' })
	];

	it.each([
		['2025-02-15', ['p1-rep', 'p1-react']],
		['2025-03-01', ['p1-rep', 'p1-react', 'p2-rep']],
		['2025-04-01', ['p1-rep', 'p1-react', 'p2-rep']],
		['2025-01-05', []]
	])('a new sale on %s makes %j moot', (date, ids) => {
		expect(supersededOnNewPurchase(open, { id: 'p3', date }, dates)).toEqual(ids);
	});

	it('counts a sale on the same day as the earlier one as coming back', () => {
		expect(supersededOnNewPurchase(open, { id: 'p9', date: '2025-01-10' }, dates)).toEqual([
			'p1-rep',
			'p1-react'
		]);
	});
});

describe('cancelledOnPurchaseDeleted', () => {
	it('cancels the open reminders of that purchase only', () => {
		const all = [
			reminder({ id: 'a', sourcePurchaseId: 'p1' }),
			reminder({ id: 'b', sourcePurchaseId: 'p1', kind: 'repurchase' }),
			reminder({ id: 'c', sourcePurchaseId: 'p1', status: 'done' }),
			reminder({ id: 'd', sourcePurchaseId: 'p1', status: 'skipped' }),
			reminder({ id: 'e', sourcePurchaseId: 'p2' }),
			reminder({ id: 'f', kind: 'birthday' })
		];
		expect(cancelledOnPurchaseDeleted(all, 'p1')).toEqual(['a', 'b']);
		expect(cancelledOnPurchaseDeleted(all, 'p3')).toEqual([]);
	});
});

describe('birthdays', () => {
	it.each([
		['1990-03-05', '2025-06-15', '2026-03-05'],
		['1990-06-15', '2025-06-15', '2025-06-15'],
		['1990-06-16', '2025-06-15', '2025-06-16'],
		['--12-31', '2025-12-30', '2025-12-31'],
		['--01-01', '2025-12-30', '2026-01-01'],
		['2000-02-29', '2025-01-10', '2025-02-28'],
		['2000-02-29', '2025-02-28', '2025-02-28'],
		['2000-02-29', '2025-03-01', '2026-02-28'],
		['2000-02-29', '2027-03-01', '2028-02-29'],
		['--02-29', '2024-02-01', '2024-02-29']
	])('the birthday %s after %s is on %s', (birthday, today, want) => {
		expect(nextBirthday(birthday, today)).toBe(want);
	});

	it.each(['abc', '--02-30', '1990-13-01', ''])('refuses the birthday %j', (bad) => {
		expect(() => nextBirthday(bad, '2025-06-15')).toThrow(RangeError);
	});

	it('comes up lead days before the birthday and is on time until the day', () => {
		const r = birthdayReminder(
			{ id: 'c1', birthday: '1990-06-20' },
			'2025-06-15',
			general,
			identity
		);
		expect(r).toEqual({
			id: 'birthday:c1:2025',
			customerId: 'c1',
			due: '2025-06-17',
			dueEnd: '2025-06-20',
			kind: 'birthday',
			step: null,
			aftercareStep: null,
			templateId: 'birthday',
			status: 'open',
			snoozedUntil: null,
			sourcePurchaseId: null,
			assignee: '',
			note: '',
			skipReason: '',
			closedAt: null,
			interactionId: null
		});
	});

	it('is made once a year: the same id all week, a new one the year after', () => {
		const customer = { id: 'c1', birthday: '--06-20' };
		const ids = ['2025-06-10', '2025-06-17', '2025-06-20', '2025-06-21'].map(
			(today) => birthdayReminder(customer, today, general, identity)?.id
		);
		expect(ids).toEqual([
			'birthday:c1:2025',
			'birthday:c1:2025',
			'birthday:c1:2025',
			'birthday:c1:2026'
		]);
	});

	it('takes the year of the birthday, not of today, across the new year', () => {
		const r = birthdayReminder(
			{ id: 'c1', birthday: '1985-01-02' },
			'2025-12-29',
			DEFAULT_CARE_PLANS.spa,
			identity
		);
		expect(r).toMatchObject({
			id: 'birthday:c1:2026',
			due: '2025-12-26',
			dueEnd: '2026-01-02'
		});
	});

	it('is null without a birthday', () => {
		expect(birthdayReminder({ id: 'c1', birthday: null }, '2025-06-15', general, identity)).toBe(
			null
		);
	});

	it.each([
		['2025-06-15', 6, [{ from: '06-15', to: '06-21' }]],
		[
			'2025-12-28',
			6,
			[
				{ from: '12-28', to: '12-31' },
				{ from: '01-01', to: '01-03' }
			]
		],
		['2025-12-31', 0, [{ from: '12-31', to: '12-31' }]],
		['2025-02-25', 3, [{ from: '02-25', to: '02-29' }]],
		['2024-02-25', 3, [{ from: '02-25', to: '02-28' }]],
		['2025-02-27', 3, [{ from: '02-27', to: '03-02' }]],
		['2025-06-15', 400, [{ from: '01-01', to: '12-31' }]]
	])('the window from %s for %i days is %j', (today, days, want) => {
		expect(birthdayWindow(today, days)).toEqual(want);
	});

	it('finds every birthday celebrated in the window and none outside, all year round', () => {
		const inWindow = (md: string, ranges: Array<{ from: string; to: string }>) =>
			ranges.some((r) => r.from <= md && md <= r.to);
		for (const year of ['2024', '2025']) {
			for (let today = `${year}-01-01`; today.startsWith(year); today = addDays(today, 1)) {
				const ranges = birthdayWindow(today, 7);
				for (let offset = 0; offset <= 7; offset++) {
					expect(inWindow(addDays(today, offset).slice(5), ranges)).toBe(true);
				}
				expect(inWindow(addDays(today, -1).slice(5), ranges)).toBe(false);
				expect(inWindow(addDays(today, 8).slice(5), ranges)).toBe(false);
				// A 29 February birthday is in the window exactly when nextBirthday falls in it.
				const celebrated = diffDays(nextBirthday('--02-29', today), today) <= 7;
				expect(inWindow('02-29', ranges)).toBe(celebrated);
			}
		}
	});
});

describe('Today', () => {
	const today = '2025-06-15';

	it.each([
		['due today', {}, true],
		['overdue', { due: '2025-06-01' }, true],
		['due tomorrow', { due: '2025-06-16' }, false],
		['done', { status: 'done' }, false],
		['skipped', { status: 'skipped' }, false],
		['cancelled', { status: 'cancelled' }, false],
		['in the trash', { deletedAt: 1 }, false],
		['snoozed until tomorrow', { due: '2025-06-01', snoozedUntil: '2025-06-16' }, false],
		['snoozed until today', { due: '2025-06-01', snoozedUntil: '2025-06-15' }, true],
		['snoozed until yesterday', { snoozedUntil: '2025-06-14' }, true]
	] as const)('shows a reminder %s: %s', (_, fields, shown) => {
		expect(isOnToday(reminder({ id: 'r', ...fields }), today)).toBe(shown);
	});

	it.each([
		['2025-06-10', null, 5],
		['2025-06-15', null, 0],
		['2025-06-20', null, 0],
		['2025-06-01', '2025-06-20', 0],
		['2025-06-01', '2025-06-12', 3]
	])('a reminder due %s (window end %s) is %i days overdue', (due, dueEnd, days) => {
		expect(daysOverdue({ due, dueEnd }, today)).toBe(days);
	});

	it('groups by kind in a fixed order, most overdue first, and counts', () => {
		const all = [
			reminder({ id: 'bday', kind: 'birthday', due: '2025-06-13', dueEnd: '2025-06-16' }),
			reminder({ id: 'ask-today', kind: 'aftercare', due: '2025-06-15' }),
			reminder({ id: 'rep-window', kind: 'repurchase', due: '2025-05-20', dueEnd: '2025-06-30' }),
			reminder({ id: 'ask-late', kind: 'aftercare', due: '2025-06-05' }),
			reminder({ id: 'react', kind: 'reactivation', due: '2025-06-14' }),
			reminder({ id: 'rep-late', kind: 'repurchase', due: '2025-05-01', dueEnd: '2025-06-10' }),
			reminder({ id: 'thanks-late', kind: 'aftercare', due: '2025-06-12' }),
			reminder({ id: 'custom', kind: 'custom', due: '2025-06-15' }),
			reminder({ id: 'future', kind: 'aftercare', due: '2025-06-16' }),
			reminder({ id: 'done', kind: 'aftercare', due: '2025-06-01', status: 'done' }),
			reminder({ id: 'snoozed', kind: 'birthday', due: '2025-06-01', snoozedUntil: '2025-06-20' })
		];
		const result = groupForToday(all, today);
		expect(result.groups.map((g) => [g.kind, g.reminders.map((r) => r.id)])).toEqual([
			['aftercare', ['ask-late', 'thanks-late', 'ask-today']],
			['repurchase', ['rep-late', 'rep-window']],
			['reactivation', ['react']],
			['birthday', ['bday']],
			['custom', ['custom']]
		]);
		// Overdue: ask-late, thanks-late, rep-late, react. On time: ask-today, rep-window, bday, custom.
		expect([result.overdue, result.dueToday]).toEqual([4, 4]);
	});

	it('leaves out empty groups', () => {
		const result = groupForToday([reminder({ id: 'x', kind: 'birthday' })], today);
		expect(result.groups.map((g) => g.kind)).toEqual(['birthday']);
		expect(groupForToday([], today)).toEqual({ overdue: 0, dueToday: 0, groups: [] });
	});

	it('orders the kinds aftercare, repurchase, reactivation, birthday, custom', () => {
		expect(KIND_ORDER).toEqual(['aftercare', 'repurchase', 'reactivation', 'birthday', 'custom']);
	});
});

describe('nextStepAfter', () => {
	const plan = planForPurchase(sale, general, { today: sale.date, makeId: identity }).map((d) =>
		reminder({ ...d, createdAt: 0, updatedAt: 0 })
	);
	const closed = (id: string, status: Reminder['status'] = 'done') =>
		plan.map((r) => (r.id === id ? { ...r, status } : r));

	it('names the following open step of the same sale', () => {
		const all = closed('p1:d7');
		const done = all.find((r) => r.id === 'p1:d7') as Reminder;
		expect(nextStepAfter(done, all)?.id).toBe('p1:d30');
	});

	it('does not go back to an earlier step left open', () => {
		const all = closed('p1:d30');
		const done = all.find((r) => r.id === 'p1:d30') as Reminder;
		expect(all.find((r) => r.id === 'p1:d3')?.status).toBe('open');
		expect(nextStepAfter(done, all)?.id).toBe('p1:d60');
	});

	it('skips steps already closed and other sales', () => {
		const all = [
			...closed('p1:d3').map((r) =>
				r.id === 'p1:d7' || r.id === 'p1:d30' ? { ...r, status: 'skipped' as const } : r
			),
			reminder({ id: 'p2:d3', sourcePurchaseId: 'p2', due: '2025-06-05' })
		];
		const done = all.find((r) => r.id === 'p1:d3') as Reminder;
		expect(nextStepAfter(done, all)?.id).toBe('p1:d60');
	});

	it('is null after the last step and for reminders without a sale', () => {
		const all = closed('p1:d180');
		expect(nextStepAfter(all.find((r) => r.id === 'p1:d180') as Reminder, all)).toBe(null);
		expect(nextStepAfter(reminder({ id: 'b', kind: 'birthday' }), plan)).toBe(null);
	});
});
