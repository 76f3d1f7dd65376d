import { describe, expect, it } from 'vitest';
import { numberFilter } from './filters';

interface NumberParams {
	numberParser: (text: string | null) => number | null;
	numberFormatter: (value: number | null) => string | null;
	allowedCharPattern: string;
}

const params = () => numberFilter().filterParams as NumberParams;

describe('numberFilter', () => {
	it('reads numbers typed the Vietnamese way', () => {
		const { numberParser } = params();
		expect(numberParser('1.000')).toBe(1000);
		expect(numberParser('1.234,5')).toBe(1234.5);
		expect(numberParser('2.000.000')).toBe(2_000_000);
		expect(numberParser('12,5')).toBe(12.5);
		expect(numberParser('abc')).toBeNull();
		expect(numberParser(null)).toBeNull();
	});

	// Found in review: English formatting wrote 1234 as "1,234", which read back as 1.234 when
	// the filter was edited again.
	it('writes back what it reads back, for every kind of number', () => {
		const { numberParser, numberFormatter } = params();
		for (const n of [0, 7, 1234, 1.234, 1234.5, 1_500_000, 0.5, -42, -1234.75]) {
			expect(numberParser(numberFormatter(n)), String(n)).toBe(n);
		}
		expect(numberFormatter(null)).toBeNull();
	});

	it('lets through only what a number is typed with', () => {
		const allowed = new RegExp(`[${params().allowedCharPattern}]`);
		for (const c of ['1', '.', ',', '-', ' ']) expect(allowed.test(c), c).toBe(true);
		for (const c of ['a', '$', 'đ']) expect(allowed.test(c), c).toBe(false);
	});
});
