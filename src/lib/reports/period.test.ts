import { describe, expect, it } from 'vitest';
import {
	bucketsOf,
	customPeriod,
	nextPeriod,
	periodContaining,
	periodDays,
	previousPeriod
} from './period';

describe('periods', () => {
	it('gives the month of a day, month ends and leap February included', () => {
		expect(periodContaining('month', '2024-02-10')).toEqual({
			kind: 'month',
			from: '2024-02-01',
			to: '2024-02-29'
		});
		expect(periodContaining('month', '2023-02-28').to).toBe('2023-02-28');
		expect(periodContaining('month', '2024-12-31')).toMatchObject({
			from: '2024-12-01',
			to: '2024-12-31'
		});
	});

	it('gives quarters and years', () => {
		expect(periodContaining('quarter', '2024-05-31')).toMatchObject({
			from: '2024-04-01',
			to: '2024-06-30'
		});
		expect(periodContaining('year', '2024-07-04')).toMatchObject({
			from: '2024-01-01',
			to: '2024-12-31'
		});
	});

	it('compares a month with the calendar month before, across the new year', () => {
		expect(previousPeriod(periodContaining('month', '2024-03-15'))).toMatchObject({
			from: '2024-02-01',
			to: '2024-02-29'
		});
		expect(previousPeriod(periodContaining('month', '2024-01-01'))).toMatchObject({
			from: '2023-12-01',
			to: '2023-12-31'
		});
		expect(previousPeriod(periodContaining('quarter', '2024-02-01'))).toMatchObject({
			from: '2023-10-01',
			to: '2023-12-31'
		});
		expect(nextPeriod(periodContaining('month', '2024-01-31'))).toMatchObject({
			from: '2024-02-01',
			to: '2024-02-29'
		});
	});

	it('compares a custom period with as many days just before it', () => {
		const p = customPeriod('2024-03-10', '2024-03-01');
		expect(p).toEqual({ kind: 'custom', from: '2024-03-01', to: '2024-03-10' });
		expect(periodDays(p)).toBe(10);
		expect(previousPeriod(p)).toEqual({ kind: 'custom', from: '2024-02-20', to: '2024-02-29' });
		expect(nextPeriod(p)).toEqual({ kind: 'custom', from: '2024-03-11', to: '2024-03-20' });
	});

	it('buckets a month by day and a year by month', () => {
		const month = bucketsOf(periodContaining('month', '2024-02-01'));
		expect(month.unit).toBe('day');
		expect(month.starts).toHaveLength(29);
		expect(month.bucketOf('2024-02-29')).toBe(28);
		expect(month.bucketOf('2024-03-01')).toBe(-1);
		const year = bucketsOf(periodContaining('year', '2024-02-01'));
		expect(year.unit).toBe('month');
		expect(year.starts).toHaveLength(12);
		expect(year.bucketOf('2024-12-31')).toBe(11);
		const custom = bucketsOf(customPeriod('2024-01-15', '2024-04-10'));
		expect(custom.starts).toEqual(['2024-01-15', '2024-02-01', '2024-03-01', '2024-04-01']);
		expect(custom.bucketOf('2024-01-14')).toBe(-1);
	});
});
