import { describe, expect, it } from 'vitest';
import { formatDate, isoToday, parseDate } from './date';

const today = '2025-06-15';

describe('parseDate', () => {
	it.each([
		['05/03/1990', '1990-03-05'],
		['5/3/1990', '1990-03-05'],
		['05-03-1990', '1990-03-05'],
		['05.03.1990', '1990-03-05'],
		[' 05 / 03 / 1990 ', '1990-03-05'],
		['31/12/1999', '1999-12-31'],
		['12/11/1990', '1990-11-12'],
		['29/02/2024', '2024-02-29'],
		['29/02/2000', '2000-02-29'],
		['1990-03-05', '1990-03-05'],
		['1990/3/5', '1990-03-05'],
		['1990.03.05', '1990-03-05'],
		['1990-03-05 00:00:00', '1990-03-05'],
		['1990-03-05T00:00:00.000Z', '1990-03-05'],
		['05/03/1990 8:30 SA', '1990-03-05'],
		['ngày 5 tháng 3 năm 1990', '1990-03-05'],
		['Ngày 05 Tháng 03 Năm 1990', '1990-03-05'],
		['ngay 5 thang 3 nam 1990', '1990-03-05'],
		['5 tháng 3, 1990', '1990-03-05'],
		['ngày 5 tháng 3 năm 90', '1990-03-05'],
		['05031990', '1990-03-05'],
		['19900305', '1990-03-05'],
		['20121990', '1990-12-20'],
		['050390', '1990-03-05'],
		['０５/０３/１９９０', '1990-03-05'],
		['15/06/2025', '2025-06-15']
	])('reads %j as %s', (raw, iso) => {
		expect(parseDate(raw, { today })).toEqual({ iso });
	});

	it.each([
		['5/3/90', '1990-03-05'],
		['5/3/00', '2000-03-05'],
		['5/3/25', '2025-03-05'],
		['15/6/25', '2025-06-15'],
		['16/6/25', '1925-06-16'],
		['1/1/30', '1930-01-01'],
		['29/2/00', '2000-02-29']
	])('puts the two-digit year of %j in the century that is not in the future: %s', (raw, iso) => {
		expect(parseDate(raw, { today })).toEqual({ iso });
	});

	it.each([
		['1/1/30', '2030-01-01'],
		['1/1/90', '1990-01-01'],
		['1/1/26', '2026-01-01']
	])('with future dates allowed, puts %j in the nearest century: %s', (raw, iso) => {
		expect(parseDate(raw, { today, allowFuture: true })).toEqual({ iso });
	});

	it.each([
		['32874', '1990-01-01'],
		['45658', '2025-01-01'],
		['32874.75', '1990-01-01'],
		['1', '1900-01-01'],
		['59', '1900-02-28'],
		['61', '1900-03-01'],
		['25569', '1970-01-01']
	])('reads the Excel day serial %j as %s', (raw, iso) => {
		expect(parseDate(raw, { today })).toEqual({ iso });
	});

	it.each([
		['05/03', '--03-05'],
		['5/3', '--03-05'],
		['29/02', '--02-29'],
		['31.12', '--12-31'],
		['ngày 5 tháng 3', '--03-05']
	])('reads the day and month %j as %s when the year may be left out', (raw, iso) => {
		expect(parseDate(raw, { today, yearOptional: true })).toEqual({ iso });
	});

	it.each(['05/03', 'ngày 5 tháng 3'])('needs a year for %j when one is required', (raw) => {
		expect(parseDate(raw, { today })).toEqual({ iso: null, problem: 'date-invalid' });
	});

	it.each([
		'31/02/1990',
		'29/02/2023',
		'29/02/1900',
		'30/02',
		'32/01/1990',
		'00/01/1990',
		'12/13/1990',
		'03/25/1990',
		'05/03/0199',
		'05/03-1990',
		'1990',
		'2001',
		'60',
		'0',
		'80001',
		'abc',
		'hôm qua',
		'5 tháng 13 năm 1990'
	])('rejects %j as not a date', (raw) => {
		expect(parseDate(raw, { today, yearOptional: true })).toEqual({
			iso: null,
			problem: 'date-invalid'
		});
	});

	it.each(['16/06/2025', '2030-01-01', '01/01/2099'])('flags %j as in the future', (raw) => {
		expect(parseDate(raw, { today })).toEqual({ iso: null, problem: 'date-future' });
	});

	it.each([
		['16/06/2025', '2025-06-16'],
		['2030-01-01', '2030-01-01']
	])('accepts the future date %j when allowed', (raw, iso) => {
		expect(parseDate(raw, { today, allowFuture: true })).toEqual({ iso });
	});

	it.each(['', '   ', '\u00a0'])('treats %j as no date, without a problem', (raw) => {
		expect(parseDate(raw, { today })).toEqual({ iso: null });
	});

	it('judges the future against the shop’s today when none is given', () => {
		expect(parseDate('01/01/2999')).toEqual({ iso: null, problem: 'date-invalid' });
		expect(parseDate('01/01/2190')).toEqual({ iso: null, problem: 'date-future' });
		expect(parseDate('01/01/2000')).toEqual({ iso: '2000-01-01' });
	});
});

describe('formatDate', () => {
	it.each([
		['1990-03-05', '05/03/1990'],
		['2024-12-31', '31/12/2024'],
		['--03-05', '05/03'],
		['not a date', 'not a date']
	])('shows %j as %j', (iso, shown) => {
		expect(formatDate(iso)).toBe(shown);
	});

	it.each(['1990-03-05', '2024-02-29'])('round-trips %s through parseDate', (iso) => {
		expect(parseDate(formatDate(iso), { today })).toEqual({ iso });
	});
});

describe('isoToday', () => {
	it.each([
		// 17:30 UTC is already the next day in Vietnam (UTC+7).
		['2025-06-15T17:30:00Z', 'Asia/Ho_Chi_Minh', '2025-06-16'],
		['2025-06-15T16:59:59Z', 'Asia/Ho_Chi_Minh', '2025-06-15'],
		['2025-06-15T17:30:00Z', 'UTC', '2025-06-15'],
		['2025-01-01T03:00:00Z', 'America/New_York', '2024-12-31']
	])('at %s in %s is %s', (now, zone, iso) => {
		expect(isoToday(zone, new Date(now))).toBe(iso);
	});

	it('defaults to Vietnam', () => {
		expect(isoToday(undefined, new Date('2025-06-15T17:30:00Z'))).toBe('2025-06-16');
	});
});
