import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from './money';

describe('parseMoney', () => {
	it.each([
		['1.250.000', 1_250_000],
		['1,250,000', 1_250_000],
		['1250000', 1_250_000],
		['1 250 000', 1_250_000],
		['1\u00a0250\u00a0000', 1_250_000],
		['1.250.000 ₫', 1_250_000],
		['1.250.000₫', 1_250_000],
		['₫1,250,000', 1_250_000],
		['1.250.000đ', 1_250_000],
		['1.250.000 Đ', 1_250_000],
		['1.250.000 VND', 1_250_000],
		['1.250.000 vnđ', 1_250_000],
		['VND 1,250,000', 1_250_000],
		['1.250.000 đồng', 1_250_000],
		['1,250,000.00', 1_250_000],
		['1.250.000,00', 1_250_000],
		['1250000.00', 1_250_000],
		['１２５００００', 1_250_000],
		['1.250', 1_250],
		['0', 0],
		['500k', 500_000],
		['500K', 500_000],
		['500 k', 500_000],
		['1k5', 1_500],
		['500 nghìn', 500_000],
		['500 ngàn', 500_000],
		['500 nghìn đồng', 500_000],
		['500ng', 500_000],
		['1tr', 1_000_000],
		['1tr2', 1_200_000],
		['1tr25', 1_250_000],
		['1tr250', 1_250_000],
		['1tr05', 1_050_000],
		['1,2tr', 1_200_000],
		['1.5 triệu', 1_500_000],
		['1,25 triệu', 1_250_000],
		['1.250tr', 1_250_000],
		['1 triệu 200 nghìn', 1_200_000],
		['1tr200k', 1_200_000],
		['1 triệu rưỡi', 1_500_000],
		['3M', 3_000_000],
		['2 tỷ', 2_000_000_000],
		['2 tỉ', 2_000_000_000],
		['1 tỷ 2', 1_200_000_000],
		['2 tỷ 500 triệu', 2_500_000_000],
		['1,333tr', 1_333_000],
		['+500k', 500_000]
	])('reads %j as %d', (raw, amount) => {
		expect(parseMoney(raw)).toEqual({ amount });
	});

	it.each([
		'-500000',
		'-500k',
		'(500.000)',
		'abc',
		'500 đô',
		'1tr2tr',
		'500k 1tr',
		'1tr2345',
		'1..250',
		'1.25.000',
		'k',
		'đ',
		'tr5',
		'2 trăm nghìn',
		'99999999999 tỷ'
	])('rejects %j', (raw) => {
		expect(parseMoney(raw)).toEqual({ amount: null, problem: 'money-invalid' });
	});

	it.each(['', '   '])('treats %j as no amount, without a problem', (raw) => {
		expect(parseMoney(raw)).toEqual({ amount: null });
	});
});

describe('formatMoney', () => {
	it.each([
		[1_250_000, 'vi', '1.250.000\u00a0₫'],
		[0, 'vi', '0\u00a0₫'],
		[999, 'vi', '999\u00a0₫'],
		[1_000, 'vi', '1.000\u00a0₫'],
		[2_500_000_000, 'vi', '2.500.000.000\u00a0₫'],
		[-50_000, 'vi', '-50.000\u00a0₫'],
		[1_250_000, 'en', '₫1,250,000'],
		[-50_000, 'en', '-₫50,000']
	] as const)('shows %d in %s as %j', (amount, locale, shown) => {
		expect(formatMoney(amount, locale)).toBe(shown);
	});

	it('writes Vietnamese by default', () => {
		expect(formatMoney(1_250_000)).toBe('1.250.000\u00a0₫');
	});

	it.each([1_250_000, 500_000, 0, 2_000_000_000])('reads back what it shows: %d', (amount) => {
		expect(parseMoney(formatMoney(amount))).toEqual({ amount });
		expect(parseMoney(formatMoney(amount, 'en'))).toEqual({ amount });
	});
});
