import { describe, expect, it } from 'vitest';
import { BUSINESS_TYPES } from './care';
import {
	dayNumber,
	DEFAULT_STAGE_DAYS,
	defaultStageSettings,
	isoOfDayNumber,
	isStageId,
	leadTemperatureOf,
	nextCheckDate,
	nextStage,
	referrerSet,
	resolveStageSettings,
	ruleStage,
	shopDayOf,
	STAGE_IDS,
	stageChangeOnCareWindow,
	stageChangeOnManual,
	stageChangeOnNewDay,
	stageChangeOnPurchase,
	stageChangeOnRelease,
	stageFacts,
	stageFactsOfPurchases,
	stageSettingsProblems,
	type StageDays,
	type StageFacts,
	type StageSubject
} from './stages';

/** general: care window 30, reactivation 180, lost 365. */
const GENERAL: StageDays = DEFAULT_STAGE_DAYS.general;

function facts(count: number, first: string | null, last: string | null = first): StageFacts {
	return stageFacts({ count, total: count * 100_000, first, last });
}

function subject(stage: string | null, stageManual = false): StageSubject {
	return { id: 'c1', stage, stageManual };
}

describe('stage ids', () => {
	it('keeps the six built-in stages in their lifecycle order', () => {
		expect(STAGE_IDS).toEqual(['lead', 'new', 'care', 'loyal', 'reactivate', 'lost']);
		expect(isStageId('loyal')).toBe(true);
		expect(isStageId('referred')).toBe(false);
	});

	it('treats a lead nobody rated, or rated with an unknown value, as cold', () => {
		expect(leadTemperatureOf(undefined)).toBe('cold');
		expect(leadTemperatureOf('boiling')).toBe('cold');
		expect(leadTemperatureOf('hot')).toBe('hot');
	});
});

describe('dayNumber', () => {
	it('counts days like Date.UTC across leap years and century rules', () => {
		for (const iso of ['1970-01-01', '1900-03-01', '2000-02-29', '2024-02-29', '2099-12-31']) {
			const [y, m, d] = iso.split('-').map(Number);
			expect(dayNumber(iso)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
		}
		expect(dayNumber('2000-03-01') - dayNumber('2000-02-28')).toBe(2);
		expect(dayNumber('1900-03-01') - dayNumber('1900-02-28')).toBe(1);
	});

	it('writes days back as Date would, from 1600 to 2400', () => {
		for (let d = dayNumber('1600-01-01'); d <= dayNumber('2400-12-31'); d += 13) {
			expect(isoOfDayNumber(d)).toBe(new Date(d * 86_400_000).toISOString().slice(0, 10));
		}
		expect(isoOfDayNumber(dayNumber('2024-02-29'))).toBe('2024-02-29');
	});

	it('round-trips every day of four years through isoOfDayNumber', () => {
		const start = dayNumber('2023-01-01');
		for (let d = start; d < start + 1461; d++) expect(dayNumber(isoOfDayNumber(d))).toBe(d);
	});

	it('refuses dates that do not exist or are not ISO', () => {
		for (const bad of ['2025-02-29', '2026-13-01', '2026-04-31', '2026-3-1', '12/03/2026', '']) {
			expect(() => dayNumber(bad)).toThrow(RangeError);
		}
	});
});

describe('shop days', () => {
	it('puts a sale at 23:30 in Hồ Chí Minh City on that day, not the next', () => {
		// 23:30 on 12 March in UTC+7 is 16:30 UTC the same day.
		expect(shopDayOf(Date.parse('2026-03-12T16:30:00Z'))).toBe('2026-03-12');
		// 00:30 on 13 March in UTC+7 is still 12 March in UTC.
		expect(shopDayOf(Date.parse('2026-03-12T17:30:00Z'))).toBe('2026-03-13');
		expect(shopDayOf(new Date('2026-03-12T17:30:00Z'), 'UTC')).toBe('2026-03-12');
	});

	it('moves a one-time buyer to care on the shop day the window ends, whatever UTC says', () => {
		const bought = facts(1, shopDayOf(Date.parse('2026-03-01T16:30:00Z'))); // 23:30, 1 March
		expect(bought.last).toBe('2026-03-01');
		// 23:30 on 30 March (shop) — day 29: still new.
		const lateEvening = shopDayOf(Date.parse('2026-03-30T16:30:00Z'));
		expect(ruleStage(bought, GENERAL, lateEvening).stage).toBe('new');
		// 00:30 on 31 March (shop), 17:30 UTC on the 30th — day 30: care.
		const afterMidnight = shopDayOf(Date.parse('2026-03-30T17:30:00Z'));
		expect(ruleStage(bought, GENERAL, afterMidnight)).toEqual({
			stage: 'care',
			reason: { rule: 'care-window-passed', date: '2026-03-31', days: 30 }
		});
	});
});

describe('ruleStage', () => {
	it('makes a customer without purchases a lead', () => {
		expect(ruleStage(facts(0, null), GENERAL, '2026-03-12')).toEqual({
			stage: 'lead',
			reason: { rule: 'no-purchases', date: '2026-03-12' }
		});
	});

	it('treats stats with a count but no date (or a date but no count) as no purchases', () => {
		expect(ruleStage(facts(2, null, null), GENERAL, '2026-03-12').stage).toBe('lead');
		expect(ruleStage(facts(0, '2026-01-01'), GENERAL, '2026-03-12').stage).toBe('lead');
	});

	it('keeps a first-time buyer new through the last day of the care window', () => {
		const f = facts(1, '2026-03-01');
		expect(ruleStage(f, GENERAL, '2026-03-01')).toEqual({
			stage: 'new',
			reason: { rule: 'first-purchase', date: '2026-03-01' }
		});
		expect(ruleStage(f, GENERAL, '2026-03-30').stage).toBe('new');
		expect(ruleStage(f, GENERAL, '2026-03-31').stage).toBe('care');
	});

	it('ends a care window over February on the right day in common and leap years', () => {
		expect(ruleStage(facts(1, '2026-01-31'), GENERAL, '2026-03-02').reason).toEqual({
			rule: 'care-window-passed',
			date: '2026-03-02',
			days: 30
		});
		expect(ruleStage(facts(1, '2026-01-31'), GENERAL, '2026-03-01').stage).toBe('new');
		expect(ruleStage(facts(1, '2024-01-31'), GENERAL, '2024-03-01').stage).toBe('care');
		expect(ruleStage(facts(1, '2024-01-31'), GENERAL, '2024-02-29').stage).toBe('new');
		// Across the new year: 31 Dec + 30 = 30 Jan.
		expect(ruleStage(facts(1, '2025-12-31'), GENERAL, '2026-01-30').stage).toBe('care');
	});

	it('makes a customer loyal on the second purchase, dated by it', () => {
		expect(ruleStage(facts(2, '2026-01-10', '2026-03-12'), GENERAL, '2026-03-12')).toEqual({
			stage: 'loyal',
			reason: { rule: 'second-purchase', date: '2026-03-12' }
		});
	});

	it('dates a later purchase when the second one is not known, and the second when it is', () => {
		const five = facts(5, '2025-06-01', '2026-03-01');
		expect(ruleStage(five, GENERAL, '2026-03-12').reason).toEqual({
			rule: 'repeat-purchase',
			date: '2026-03-01',
			count: 5
		});
		const withSecond = stageFacts(
			{ count: 5, total: 1, first: '2025-06-01', last: '2026-03-01' },
			'2025-07-15'
		);
		expect(ruleStage(withSecond, GENERAL, '2026-03-12').reason).toEqual({
			rule: 'second-purchase',
			date: '2025-07-15'
		});
	});

	it('asks to reactivate anyone, loyal or not, N days after the latest purchase', () => {
		// 1 Sep 2025 + 180 days = 28 Feb 2026.
		const loyal = facts(4, '2024-01-01', '2025-09-01');
		expect(ruleStage(loyal, GENERAL, '2026-02-27').stage).toBe('loyal');
		expect(ruleStage(loyal, GENERAL, '2026-02-28')).toEqual({
			stage: 'reactivate',
			reason: { rule: 'no-purchase-for', date: '2026-02-28', days: 180 }
		});
		expect(ruleStage(facts(1, '2025-09-01'), GENERAL, '2026-02-28').stage).toBe('reactivate');
	});

	it('counts a customer lost M days after the latest purchase, from a leap day too', () => {
		// 29 Feb 2024 + 365 days = 28 Feb 2025.
		const f = facts(3, '2023-05-01', '2024-02-29');
		expect(ruleStage(f, GENERAL, '2025-02-27').stage).toBe('reactivate');
		expect(ruleStage(f, GENERAL, '2025-02-28')).toEqual({
			stage: 'lost',
			reason: { rule: 'lost-after', date: '2025-02-28', days: 365 }
		});
	});

	it('follows the day counts of the business type', () => {
		const cafe = DEFAULT_STAGE_DAYS.cafe; // 14 / 60 / 120
		const f = facts(1, '2026-03-01');
		expect(ruleStage(f, cafe, '2026-03-15').stage).toBe('care');
		expect(ruleStage(f, GENERAL, '2026-03-15').stage).toBe('new');
		expect(ruleStage(f, cafe, '2026-04-30').stage).toBe('reactivate');
		expect(ruleStage(f, cafe, '2026-06-29').stage).toBe('lost');
	});

	it('skips new altogether with a care window of 0', () => {
		const noWindow = { ...GENERAL, careWindowDays: 0 };
		expect(ruleStage(facts(1, '2026-03-12'), noWindow, '2026-03-12').stage).toBe('care');
	});

	it('treats a purchase dated after today as recent', () => {
		expect(ruleStage(facts(1, '2026-04-01'), GENERAL, '2026-03-12').stage).toBe('new');
	});
});

describe('nextCheckDate', () => {
	it('gives the days a one-time buyer would move on: care, reactivate, lost, then never', () => {
		const f = facts(1, '2026-03-01');
		expect(nextCheckDate(f, GENERAL, '2026-03-10')).toBe('2026-03-31');
		expect(nextCheckDate(f, GENERAL, '2026-03-31')).toBe('2026-08-28');
		expect(nextCheckDate(f, GENERAL, '2026-08-28')).toBe('2027-03-01');
		expect(nextCheckDate(f, GENERAL, '2027-03-01')).toBeNull();
	});

	it('skips the care window for a repeat customer and has nothing for a lead', () => {
		expect(nextCheckDate(facts(2, '2026-01-01', '2026-03-01'), GENERAL, '2026-03-02')).toBe(
			'2026-08-28'
		);
		expect(nextCheckDate(facts(0, null), GENERAL, '2026-03-02')).toBeNull();
	});

	it('is exactly the first later day on which the rules give another stage', () => {
		const settings = { careWindowDays: 7, reactivateAfterDays: 20, lostAfterDays: 45 };
		for (const f of [facts(1, '2024-02-20'), facts(3, '2024-01-01', '2024-02-20')]) {
			let today = '2024-02-15';
			for (let step = 0; step < 5; step++) {
				const next = nextCheckDate(f, settings, today);
				const stage = ruleStage(f, settings, today).stage;
				const limit = next ?? isoOfDayNumber(dayNumber(today) + 100);
				for (let d = dayNumber(today) + 1; d < dayNumber(limit); d++) {
					expect(ruleStage(f, settings, isoOfDayNumber(d)).stage).toBe(stage);
				}
				if (next === null) break;
				expect(ruleStage(f, settings, next).stage).not.toBe(stage);
				today = next;
			}
		}
	});
});

describe('nextStage', () => {
	it('gives a customer without a stage the rules’ stage', () => {
		expect(nextStage(subject(null), facts(0, null), GENERAL, '2026-03-12')).toEqual({
			id: 'c1',
			from: null,
			to: 'lead',
			manual: false,
			reason: { rule: 'no-purchases', date: '2026-03-12' }
		});
	});

	it('agrees with ruleStage on every day around each threshold', () => {
		const cases = [facts(0, null), facts(1, '2024-02-29'), facts(3, '2023-12-01', '2024-02-29')];
		for (const f of cases) {
			for (let d = dayNumber('2024-02-20'); d < dayNumber('2025-03-10'); d++) {
				const today = isoOfDayNumber(d);
				const { stage } = ruleStage(f, GENERAL, today);
				expect(nextStage(subject(null), f, GENERAL, today)?.to).toBe(stage);
				expect(nextStage(subject(stage), f, GENERAL, today)).toBeNull();
			}
		}
	});

	it('changes nothing when the rules agree with the stored stage', () => {
		expect(nextStage(subject('new'), facts(1, '2026-03-01'), GENERAL, '2026-03-12')).toBeNull();
	});

	it('keeps a stage set by hand however the facts change', () => {
		const manual = subject('loyal', true);
		expect(nextStage(manual, facts(0, null), GENERAL, '2026-03-12')).toBeNull();
		expect(nextStage(manual, facts(1, '2020-01-01'), GENERAL, '2026-03-12')).toBeNull();
	});

	it('lets the rules fill in a manual mark that has no stage', () => {
		expect(nextStage(subject(null, true), facts(0, null), GENERAL, '2026-03-12')).toMatchObject({
			to: 'lead',
			manual: false
		});
	});

	it('replaces a stage id the rules do not know', () => {
		expect(nextStage(subject('vip'), facts(1, '2026-03-01'), GENERAL, '2026-03-12')).toMatchObject({
			from: 'vip',
			to: 'new'
		});
	});
});

describe('the triggers', () => {
	it('a first purchase makes a lead new', () => {
		expect(
			stageChangeOnPurchase(subject('lead'), facts(1, '2026-03-12'), GENERAL, '2026-03-12')
		).toEqual({
			id: 'c1',
			from: 'lead',
			to: 'new',
			manual: false,
			reason: { rule: 'first-purchase', date: '2026-03-12' }
		});
	});

	it('a second purchase makes the customer loyal, "2nd purchase on 12/03/2026"', () => {
		const f = stageFactsOfPurchases([{ date: '2026-03-12' }, { date: '2026-02-01' }]);
		expect(stageChangeOnPurchase(subject('new'), f, GENERAL, '2026-03-12')).toMatchObject({
			from: 'new',
			to: 'loyal',
			reason: { rule: 'second-purchase', date: '2026-03-12' }
		});
	});

	it('a customer coming back from reactivation or lost is told apart from a second purchase', () => {
		const f = facts(6, '2024-01-01', '2026-03-12');
		for (const from of ['reactivate', 'lost']) {
			expect(stageChangeOnPurchase(subject(from), f, GENERAL, '2026-03-12')).toMatchObject({
				from,
				to: 'loyal',
				reason: { rule: 'returned', date: '2026-03-12', count: 6 }
			});
		}
	});

	it('a purchase typed in late is judged on today: an old sale can leave a lead lost', () => {
		expect(
			stageChangeOnPurchase(subject('lead'), facts(1, '2024-01-05'), GENERAL, '2026-03-12')
		).toMatchObject({ to: 'lost', reason: { rule: 'lost-after', date: '2025-01-04' } });
	});

	it('trashing the only purchase makes the customer a lead again', () => {
		const f = stageFactsOfPurchases([{ date: '2026-03-01', deletedAt: 1 }]);
		expect(stageChangeOnPurchase(subject('new'), f, GENERAL, '2026-03-12')).toMatchObject({
			to: 'lead',
			reason: { rule: 'no-purchases' }
		});
	});

	it('the care window passing moves new to care, and nothing else', () => {
		const f = facts(1, '2026-03-01');
		expect(stageChangeOnCareWindow(subject('new'), f, GENERAL, '2026-03-30')).toBeNull();
		expect(stageChangeOnCareWindow(subject('new'), f, GENERAL, '2026-03-31')).toMatchObject({
			from: 'new',
			to: 'care',
			reason: { rule: 'care-window-passed', date: '2026-03-31', days: 30 }
		});
		// Half a year on the rule would be reactivation: not this trigger's business.
		expect(stageChangeOnCareWindow(subject('new'), f, GENERAL, '2026-09-01')).toBeNull();
	});

	it('a new day moves only customers whose next check day has come since the last run', () => {
		const f = facts(1, '2026-03-01');
		expect(stageChangeOnNewDay(subject('new'), f, GENERAL, '2026-03-30', '2026-03-29')).toBeNull();
		expect(
			stageChangeOnNewDay(subject('new'), f, GENERAL, '2026-03-31', '2026-03-30')
		).toMatchObject({ to: 'care' });
		// Several days without opening the app: the change still comes, dated when it happened.
		expect(
			stageChangeOnNewDay(subject('new'), f, GENERAL, '2026-04-10', '2026-03-20')
		).toMatchObject({ to: 'care', reason: { date: '2026-03-31' } });
		// Nothing could have changed between the runs, so the stored stage is trusted.
		expect(stageChangeOnNewDay(subject('care'), f, GENERAL, '2026-03-25', '2026-03-20')).toBeNull();
	});

	it('a new day evaluates everyone on the first run and customers without a stage', () => {
		const f = facts(1, '2026-03-01');
		expect(stageChangeOnNewDay(subject('care'), f, GENERAL, '2026-03-25', null)).toMatchObject({
			from: 'care',
			to: 'new'
		});
		expect(
			stageChangeOnNewDay(subject(null), f, GENERAL, '2026-03-25', '2026-03-20')
		).toMatchObject({ to: 'new' });
	});

	it('a new day leaves a stage set by hand alone', () => {
		const f = facts(1, '2025-01-01');
		expect(stageChangeOnNewDay(subject('new', true), f, GENERAL, '2026-03-12', null)).toBeNull();
	});
});

describe('stages set by hand', () => {
	it('marks the stage manual with the day and, for lost, the owner’s reason', () => {
		expect(stageChangeOnManual(subject('reactivate'), 'lost', '2026-03-12', 'moved')).toEqual({
			id: 'c1',
			from: 'reactivate',
			to: 'lost',
			manual: true,
			reason: { rule: 'manual', date: '2026-03-12', lostReason: 'moved' }
		});
		expect(stageChangeOnManual(subject('new'), 'loyal', '2026-03-12', 'moved')?.reason).toEqual({
			rule: 'manual',
			date: '2026-03-12'
		});
	});

	it('sets the manual mark even when the rules gave the same stage', () => {
		expect(stageChangeOnManual(subject('new'), 'new', '2026-03-12')).toMatchObject({
			from: 'new',
			to: 'new',
			manual: true
		});
		expect(stageChangeOnManual(subject('new', true), 'new', '2026-03-12')).toBeNull();
	});

	it('is kept through purchases and days until released, then the rules take over', () => {
		const set = stageChangeOnManual(subject('new'), 'loyal', '2026-03-01');
		expect(set).not.toBeNull();
		const customer = subject(set!.to, set!.manual);
		const later = facts(1, '2026-03-01');
		expect(stageChangeOnPurchase(customer, later, GENERAL, '2026-04-15')).toBeNull();
		expect(stageChangeOnNewDay(customer, later, GENERAL, '2026-09-01', '2026-03-01')).toBeNull();
		expect(stageChangeOnRelease(customer, later, GENERAL, '2026-04-15')).toEqual({
			id: 'c1',
			from: 'loyal',
			to: 'care',
			manual: false,
			reason: { rule: 'care-window-passed', date: '2026-03-31', days: 30 }
		});
	});

	it('releasing clears the mark even when the rules agree, and does nothing when not manual', () => {
		const f = facts(1, '2026-03-01');
		expect(stageChangeOnRelease(subject('new', true), f, GENERAL, '2026-03-12')).toMatchObject({
			from: 'new',
			to: 'new',
			manual: false
		});
		expect(stageChangeOnRelease(subject('new'), f, GENERAL, '2026-03-12')).toBeNull();
	});
});

describe('facts', () => {
	it('take the second purchase from the stats when there are exactly two', () => {
		expect(stageFacts({ count: 2, total: 5, first: '2026-01-01', last: '2026-02-01' })).toEqual({
			count: 2,
			first: '2026-01-01',
			last: '2026-02-01',
			second: '2026-02-01'
		});
		expect(stageFacts({ count: 3, total: 5, first: '2026-01-01', last: '2026-02-01' }).second).toBe(
			null
		);
	});

	it('from purchases leave out the trash and order the dates', () => {
		expect(
			stageFactsOfPurchases([
				{ date: '2026-03-01' },
				{ date: '2026-01-01', deletedAt: 5 },
				{ date: '2026-02-01' },
				{ date: '2026-02-15' }
			])
		).toEqual({ count: 3, first: '2026-02-01', last: '2026-03-01', second: '2026-02-15' });
	});
});

describe('stage settings', () => {
	it('has valid defaults for every business type, in the lifecycle order', () => {
		for (const type of BUSINESS_TYPES) {
			const s = defaultStageSettings(type);
			expect(stageSettingsProblems(s)).toEqual([]);
			expect(s.stages.map((x) => x.id)).toEqual([...STAGE_IDS]);
			expect(s.careWindowDays).toBeLessThan(s.reactivateAfterDays);
		}
		expect(DEFAULT_STAGE_DAYS.spa).toEqual({
			careWindowDays: 21,
			reactivateAfterDays: 120,
			lostAfterDays: 240
		});
	});

	it('accepts a reordered, renamed and recoloured group', () => {
		const s = defaultStageSettings('spa');
		s.stages.reverse();
		s.stages[0] = { ...s.stages[0], name: 'Khách bỏ đi', colour: '#000000' };
		expect(stageSettingsProblems(s)).toEqual([]);
	});

	it('names each problem of a broken group', () => {
		const s = defaultStageSettings('general');
		const broken = {
			...s,
			stages: [
				...s.stages.slice(0, 4),
				{ id: 'new', name: '', colour: '#123456' },
				{ id: 'vip', name: '', colour: '#123456' },
				{ id: 'lead', name: 'x'.repeat(41), colour: 'red' }
			]
		};
		expect(stageSettingsProblems(broken)).toEqual([
			{ code: 'duplicate-stage', id: 'new' },
			{ code: 'unknown-stage', index: 5 },
			{ code: 'duplicate-stage', id: 'lead' },
			{ code: 'bad-name', id: 'lead' },
			{ code: 'bad-colour', id: 'lead' },
			{ code: 'missing-stage', id: 'reactivate' },
			{ code: 'missing-stage', id: 'lost' }
		]);
	});

	it('refuses day counts that are not whole, too large, or not growing', () => {
		const s = defaultStageSettings('general');
		expect(stageSettingsProblems({ ...s, careWindowDays: 1.5, lostAfterDays: 4000 })).toEqual([
			{ code: 'bad-days', field: 'careWindowDays' },
			{ code: 'bad-days', field: 'lostAfterDays' }
		]);
		expect(stageSettingsProblems({ ...s, careWindowDays: 200 })).toEqual([
			{ code: 'days-out-of-order', field: 'reactivateAfterDays' }
		]);
		expect(stageSettingsProblems({ ...s, lostAfterDays: 180 })).toEqual([
			{ code: 'days-out-of-order', field: 'lostAfterDays' }
		]);
		expect(stageSettingsProblems({ ...s, reactivateAfterDays: 0 })).toContainEqual({
			code: 'bad-days',
			field: 'reactivateAfterDays'
		});
	});

	it('refuses what is not settings at all', () => {
		expect(stageSettingsProblems(null)).toEqual([{ code: 'not-object' }]);
		const s = defaultStageSettings('general');
		expect(stageSettingsProblems({ ...s, version: 2, businessType: 'bakery' })).toEqual([
			{ code: 'bad-version' },
			{ code: 'bad-business-type' }
		]);
		expect(stageSettingsProblems({ ...s, stages: 'lead' })).toEqual([{ code: 'bad-stages' }]);
	});

	it('uses saved settings only while they are valid and made for the shop’s trade', () => {
		const saved = { ...defaultStageSettings('spa'), careWindowDays: 10 };
		expect(resolveStageSettings(saved, 'spa').careWindowDays).toBe(10);
		expect(resolveStageSettings(saved, 'cafe')).toEqual(defaultStageSettings('cafe'));
		expect(resolveStageSettings({ ...saved, lostAfterDays: 1 }, 'spa')).toEqual(
			defaultStageSettings('spa')
		);
		expect(resolveStageSettings(undefined, 'repair').reactivateAfterDays).toBe(365);
	});
});

describe('referrerSet', () => {
	it('collects the referrers named by customers not in the trash', () => {
		const set = referrerSet([
			{ referredBy: 'a' },
			{ referredBy: null },
			{ referredBy: 'b', deletedAt: 1 },
			{ referredBy: 'a' }
		]);
		expect([...set]).toEqual(['a']);
	});
});
