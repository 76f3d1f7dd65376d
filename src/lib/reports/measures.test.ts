import { describe, expect, it } from 'vitest';
import { shopDayOf } from '$lib/domain/stages';
import {
	computeDashboard,
	dataQuality,
	readRange,
	shopDayNumber,
	type ReportCustomer,
	type ReportInteraction,
	type ReportPurchase
} from './measures';
import { customPeriod, periodContaining } from './period';
import { dayNumber } from '$lib/domain/stages';
import type { Phone } from '$lib/domain/types';

const VALID = { raw: '0912345678', e164: '+84912345678' };

interface Extra extends Partial<ReportCustomer> {
	phones?: Phone[];
	birthday?: string | null;
}

/** A customer's facts, with what the record lacks worked out from its phones and birthday. */
function customer(id: string, purchases: string[], extra: Extra = {}): ReportCustomer {
	const sorted = [...purchases].sort();
	const { phones = [{ ...VALID, raw: `09${id}`, e164: `+849${id}` }], birthday = '1990-01-01' } =
		extra;
	const rest = { ...extra };
	delete rest.phones;
	delete rest.birthday;
	return {
		id,
		stage: purchases.length === 0 ? 'lead' : 'new',
		phoneKeys: [`+849${id}`],
		gaps:
			(phones.length === 0 ? 1 : 0) |
			(phones.some((p) => p.e164 === null) ? 2 : 0) |
			(birthday ? 0 : 4),
		referredBy: null,
		createdAt: Date.UTC(2023, 0, 1),
		stats: {
			count: sorted.length,
			total: sorted.length * 100,
			first: sorted[0] ?? null,
			last: sorted[sorted.length - 1] ?? null
		},
		...rest
	};
}

const sale = (customerId: string, date: string, amount = 100, staff = 'Lan'): ReportPurchase => ({
	customerId,
	date,
	amount,
	staff
});

/** 09:00 in Hồ Chí Minh City on an ISO day. */
const at = (day: string, hourVn = 9) =>
	Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10), hourVn - 7);

const contact = (
	customerId: string,
	day: string,
	extra: Partial<ReportInteraction> = {}
): ReportInteraction => ({
	customerId,
	at: at(day),
	kind: 'call',
	staff: 'Lan',
	reminderId: null,
	...extra
});

const MARCH = periodContaining('month', '2024-03-01');
const options = { period: MARCH, today: '2024-12-31', lostAfterDays: 240 };

describe('shop days', () => {
	it('puts 23:30 in Hồ Chí Minh City on that day, as Intl does', () => {
		const lateEvening = at('2024-03-12', 23.5);
		expect(shopDayNumber(lateEvening)).toBe(dayNumber('2024-03-12'));
		expect(shopDayOf(lateEvening)).toBe('2024-03-12');
		for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 3_600_000 * 7.5) {
			expect(shopDayNumber(t)).toBe(dayNumber(shopDayOf(t)));
		}
	});
});

describe('computeDashboard', () => {
	it('gives zeros and no ratios for an empty book and an empty period', () => {
		const d = computeDashboard([], [], [], options);
		expect(d.current).toMatchObject({
			buyers: 0,
			newCustomers: 0,
			returningCustomers: 0,
			lostCustomers: 0,
			revenue: 0,
			returningShare: null,
			averageOrder: null,
			careCoverage: null,
			referralsMade: 0
		});
		expect(d.current.returnRate[90]).toEqual({ cohort: 0, eligible: 0, returned: 0, rate: null });
		expect(d.quality.score).toBeNull();
		expect(d.series.points).toHaveLength(31);
		expect(d.staff).toEqual([]);
	});

	it('counts customers with no purchases only in stages, RFM "none" and data quality', () => {
		const d = computeDashboard([customer('1', []), customer('2', [])], [], [], options);
		expect(d.current.buyers).toBe(0);
		expect(d.stages).toEqual({ lead: 2 });
		expect(d.rfm.none).toBe(2);
		expect(d.quality.customers).toBe(2);
	});

	it('splits buyers into new and returning, with revenue, share and average order', () => {
		const customers = [
			customer('1', ['2024-01-10', '2024-03-05']), // returning
			customer('2', ['2024-03-31', '2024-03-02']), // new (first on 2 March), two sales
			customer('3', ['2024-02-29']), // bought in February only
			customer('4', ['2024-04-01']) // after the period
		];
		const purchases = [
			sale('1', '2024-01-10'),
			sale('1', '2024-03-05', 300),
			sale('2', '2024-03-02', 100),
			sale('2', '2024-03-31', 200),
			sale('3', '2024-02-29', 50),
			sale('4', '2024-04-01', 999)
		];
		const d = computeDashboard(customers, purchases, [], options);
		expect(d.current).toMatchObject({
			buyers: 2,
			newCustomers: 1,
			returningCustomers: 1,
			purchases: 3,
			revenue: 600,
			returningRevenue: 300,
			returningShare: 0.5,
			averageOrder: 200
		});
		// February: customer 3 is new there (29 Feb, a leap day, is in February).
		expect(d.previous).toMatchObject({ buyers: 1, newCustomers: 1, revenue: 50 });
		expect(d.series.points[1]).toMatchObject({
			start: '2024-03-02',
			revenue: 100,
			newCustomers: 1
		});
		expect(d.series.points[30]).toMatchObject({ start: '2024-03-31', revenue: 200 });
		expect(d.series.points[4]).toMatchObject({ revenue: 300, returningCustomers: 1 });
		// February has 29 days: its 29th day lines up with 29 March.
		expect(d.series.points[28].previousRevenue).toBe(50);
	});

	it('leaves out purchases in the trash and customers in the trash', () => {
		const customers = [
			customer('1', ['2024-03-05']),
			customer('2', ['2024-03-06'], { deletedAt: 1 })
		];
		const purchases = [
			sale('1', '2024-03-05'),
			{ ...sale('1', '2024-03-07'), deletedAt: 5 },
			sale('2', '2024-03-06')
		];
		const d = computeDashboard(customers, purchases, [], options);
		expect(d.current).toMatchObject({ buyers: 1, purchases: 1, revenue: 100 });
		expect(d.quality.customers).toBe(1);
	});

	it('counts a customer lost on the day their last purchase is M days old, up to today', () => {
		// 2023-07-15 + 240 days = 2024-03-11; 2023-07-25 + 240 = 2024-03-21.
		const customers = [
			customer('1', ['2023-07-15']),
			customer('2', ['2023-07-25']),
			customer('3', ['2023-06-01']) // lost in January
		];
		const d = computeDashboard(customers, [], [], options);
		expect(d.current.lostCustomers).toBe(2);
		const early = computeDashboard(customers, [], [], { ...options, today: '2024-03-15' });
		expect(early.current.lostCustomers).toBe(1);
	});

	it('gives the 90- and 180-day return rate of the customers who first bought in the period', () => {
		const customers = [
			customer('1', ['2024-03-01', '2024-05-30']), // back on day 90
			customer('2', ['2024-03-10', '2024-08-20']), // back on day 163: only within 180
			customer('3', ['2024-03-20', '2024-03-20']), // twice the same day: not "again"
			customer('4', ['2024-03-31'])
		];
		const purchases = customers.flatMap((c) =>
			c.id === '3'
				? [sale('3', '2024-03-20'), sale('3', '2024-03-20')]
				: c.id === '1'
					? // Out of date order: the measures must not rely on the worker's read order.
						[sale('1', '2024-05-30'), sale('1', '2024-03-01')]
					: c.id === '2'
						? [sale('2', '2024-03-10'), sale('2', '2024-08-20')]
						: [sale('4', '2024-03-31')]
		);
		const d = computeDashboard(customers, purchases, [], options);
		expect(d.current.returnRate[90]).toEqual({ cohort: 4, eligible: 4, returned: 1, rate: 0.25 });
		expect(d.current.returnRate[180]).toEqual({ cohort: 4, eligible: 4, returned: 2, rate: 0.5 });
		// On 1 July only the first three have had 90 days (31 March + 90 = 29 June ≤ 1 July: all
		// four), and no one 180.
		const july = computeDashboard(customers, purchases, [], { ...options, today: '2024-06-28' });
		expect(july.current.returnRate[90]).toMatchObject({ eligible: 3, returned: 1 });
		expect(july.current.returnRate[180]).toMatchObject({ eligible: 0, rate: null });
	});

	it('counts a buyer as cared for when contacted on the sale day or within N days', () => {
		const customers = ['1', '2', '3', '4'].map((id) => customer(id, ['2024-03-20']));
		const purchases = customers.map((c) => sale(c.id, '2024-03-20'));
		const interactions = [
			contact('1', '2024-04-03'), // day 14: in
			contact('2', '2024-04-04'), // day 15: out
			contact('3', '2024-03-19'), // before the sale: out
			contact('4', '2024-03-25', { kind: 'note' }) // a note is not care
		];
		const d = computeDashboard(customers, purchases, interactions, options);
		expect(d.current).toMatchObject({ buyers: 4, caredBuyers: 1, careCoverage: 0.25 });
		expect(d.careDays).toBe(14);
		const wider = computeDashboard(customers, purchases, interactions, {
			...options,
			careDays: 15
		});
		expect(wider.current.caredBuyers).toBe(2);
	});

	it('takes a contact at 23:30 Việt Nam time as that day', () => {
		const customers = [customer('1', ['2024-03-31'])];
		const late = { ...contact('1', '2024-03-31'), at: at('2024-03-31', 23.5) };
		const d = computeDashboard(customers, [sale('1', '2024-03-31')], [late], {
			...options,
			careDays: 0
		});
		expect(d.current.caredBuyers).toBe(1);
	});

	it('counts referrals made in the period and the revenue of referred customers', () => {
		const customers = [
			customer('1', ['2024-01-01']),
			customer('2', ['2024-03-10'], { referredBy: '1', createdAt: at('2024-03-10') }),
			customer('3', [], { referredBy: '1', createdAt: at('2024-02-20') }),
			// Added at 23:30 on 29 February in Việt Nam (16:30 UTC): a February referral.
			customer('4', [], { referredBy: '1', createdAt: at('2024-02-29', 23.5) })
		];
		const d = computeDashboard(customers, [sale('2', '2024-03-10', 700)], [], options);
		expect(d.current).toMatchObject({ referralsMade: 1, referredRevenue: 700 });
		expect(d.previous.referralsMade).toBe(2);
	});

	it('counts purchases and care actions per staff member in the period', () => {
		const customers = [customer('1', ['2024-03-01', '2024-03-02'])];
		const purchases = [
			sale('1', '2024-03-01', 100, 'Lan'),
			sale('1', '2024-03-02', 200, ' Mai '),
			sale('1', '2024-02-02', 200, 'Mai')
		];
		const interactions = [
			contact('1', '2024-03-03', { staff: 'Lan', reminderId: 'r1' }),
			contact('1', '2024-03-04', { staff: 'Lan' }),
			contact('1', '2024-03-05', { staff: '' })
		];
		const d = computeDashboard(customers, purchases, interactions, options);
		expect(d.staff).toEqual([
			{ staff: 'Lan', purchases: 1, revenue: 100, remindersDone: 1, interactions: 2 },
			{ staff: 'Mai', purchases: 1, revenue: 200, remindersDone: 0, interactions: 0 },
			{ staff: '', purchases: 0, revenue: 0, remindersDone: 0, interactions: 1 }
		]);
	});

	it('counts stages and RFM segments of the live book', () => {
		const customers = [
			customer('1', ['2024-12-30'], { stage: 'new' }),
			customer('2', ['2023-01-01'], { stage: 'lost' }),
			customer('3', [], { stage: null })
		];
		const d = computeDashboard(customers, [], [], options);
		expect(d.stages).toEqual({ new: 1, lost: 1, none: 1 });
		const total = Object.values(d.rfm).reduce((a, b) => a + b, 0);
		expect(total).toBe(3);
		expect(d.rfm.none).toBe(1);
		// Equal counts score F 3 (docs/lifecycle.md): R 5 → potential loyalist, R 1 → at risk.
		expect(d.rfm['potential-loyalist']).toBe(1);
		expect(d.rfm['at-risk']).toBe(1);
	});

	it('works over a year in months', () => {
		const year = periodContaining('year', '2024-06-01');
		const d = computeDashboard([customer('1', ['2024-12-31'])], [sale('1', '2024-12-31', 5)], [], {
			...options,
			period: year
		});
		expect(d.series.unit).toBe('month');
		expect(d.series.points[11]).toMatchObject({ start: '2024-12-01', revenue: 5 });
	});
});

describe('the time series', () => {
	it('puts each sale, lost customer and referral in its bucket, adding up to the period', () => {
		const customers = [
			// Lost on 2024-03-11 and 2024-03-21 (last purchase + 240 days).
			customer('1', ['2023-07-15']),
			customer('2', ['2023-07-25']),
			customer('3', ['2024-03-10'], { referredBy: '1', createdAt: at('2024-03-10') }),
			customer('4', [], { referredBy: '1', createdAt: at('2024-03-31', 23.5) })
		];
		const sales = [
			sale('3', '2024-03-10', 700),
			sale('3', '2024-03-10', 50),
			sale('1', '2024-02-02')
		];
		const d = computeDashboard(customers, sales, [], options);
		const day = (iso: string) => d.series.points.find((p) => p.start === iso)!;
		expect(day('2024-03-10')).toMatchObject({ purchases: 2, revenue: 750, referrals: 1 });
		expect(day('2024-03-11').lostCustomers).toBe(1);
		expect(day('2024-03-21').lostCustomers).toBe(1);
		expect(day('2024-03-31').referrals).toBe(1);
		const sum = (k: 'purchases' | 'lostCustomers' | 'referrals') =>
			d.series.points.reduce((n, p) => n + p[k], 0);
		expect(sum('purchases')).toBe(d.current.purchases);
		expect(sum('lostCustomers')).toBe(d.current.lostCustomers);
		expect(sum('referrals')).toBe(d.current.referralsMade);

		const year = computeDashboard(customers, sales, [], {
			...options,
			period: periodContaining('year', '2024-06-01')
		});
		expect(year.series.points[2]).toMatchObject({ purchases: 2, lostCustomers: 2, referrals: 2 });
	});
});

describe('dataQuality', () => {
	it('counts missing and invalid phones, missing birthdays and shared phones', () => {
		const q = dataQuality([
			customer('1', []),
			customer('2', [], { phones: [], phoneKeys: [] }),
			customer('3', [], {
				phones: [{ raw: '123', e164: null, problem: 'phone-too-short' }],
				phoneKeys: []
			}),
			customer('4', [], { birthday: null }),
			customer('5', [], { phones: [VALID], phoneKeys: ['+84912345678'] }),
			customer('6', [], { phones: [VALID, VALID], phoneKeys: ['+84912345678', '+84912345678'] }),
			customer('7', [], { phones: [], phoneKeys: [], deletedAt: 1 })
		]);
		expect(q).toEqual({
			customers: 6,
			missingPhone: 1,
			invalidPhone: 1,
			missingBirthday: 1,
			sharedPhone: 2,
			clean: 1,
			score: 1 / 6
		});
	});

	it('does not count one customer listing the same phone twice as a duplicate', () => {
		const q = dataQuality([
			customer('6', [], { phones: [VALID, VALID], phoneKeys: ['+84912345678', '+84912345678'] })
		]);
		expect(q.sharedPhone).toBe(0);
	});
});

describe('readRange', () => {
	it('reads purchases from the previous period to 180 days after, capped at today', () => {
		expect(readRange(options)).toEqual({
			purchasesFrom: '2024-02-01',
			purchasesTo: '2024-09-27',
			contactsFrom: '2024-02-01',
			contactsTo: '2024-04-14'
		});
		expect(readRange({ ...options, today: '2024-03-15' })).toMatchObject({
			purchasesTo: '2024-03-31',
			contactsTo: '2024-03-31'
		});
		expect(
			readRange({ ...options, period: customPeriod('2024-03-01', '2024-03-02') })
		).toMatchObject({ purchasesFrom: '2024-02-28' });
	});
});
