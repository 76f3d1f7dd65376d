import { describe, expect, it } from 'vitest';
import {
	customProblem,
	formatCustomValue,
	formatNumber,
	guessType,
	parseCustomValue,
	parseNumber,
	parseYesNo
} from './values';
import type { CustomSpec } from './definitions';

const spec = (type: CustomSpec['type'], options: string[] = []): CustomSpec => ({ type, options });

describe('numbers as Vietnamese shops write them', () => {
	it('reads dots as thousands and a comma as the decimal mark', () => {
		expect(parseNumber('1.234,5')).toBe(1234.5);
		expect(parseNumber('1.234.567')).toBe(1234567);
		expect(parseNumber('12,5')).toBe(12.5);
		expect(parseNumber('1.500')).toBe(1500);
		expect(parseNumber('-2.000,25')).toBe(-2000.25);
		expect(parseNumber('1 234')).toBe(1234);
	});

	it('also reads the English way when it cannot be Vietnamese', () => {
		expect(parseNumber('1,234.5')).toBe(1234.5);
		expect(parseNumber('1234.5')).toBe(1234.5);
		expect(parseNumber('0.125')).toBe(0.125);
		expect(parseNumber('3.14')).toBe(3.14);
	});

	it('refuses text, badly grouped digits and two decimal marks', () => {
		expect(parseNumber('abc')).toBeNull();
		expect(parseNumber('12a')).toBeNull();
		expect(parseNumber('1.23.4')).toBeNull();
		expect(parseNumber('1,2,3,4')).toBeNull();
		expect(parseNumber('1.234,5,6')).toBeNull();
		expect(parseNumber('.')).toBeNull();
	});

	it('formats with Vietnamese grouping, English on request', () => {
		expect(formatNumber(1234.5, 'vi')).toBe('1.234,5');
		expect(formatNumber(1234567, 'vi')).toBe('1.234.567');
		expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
	});

	it('reads back what it formats', () => {
		for (const n of [0, 7, 1.5, 1234.5, 1.234, 1000000, -42.75]) {
			expect(parseNumber(formatNumber(n, 'vi'))).toBe(n);
		}
	});
});

describe('yes/no words', () => {
	it('knows có/không and their short forms', () => {
		for (const w of ['có', 'Có', 'co', 'x', 'yes', '1', 'Đúng', 'rồi'])
			expect(parseYesNo(w)).toBe(true);
		for (const w of ['không', 'Không', 'ko', 'k', 'no', '0', 'chưa', 'sai']) {
			expect(parseYesNo(w)).toBe(false);
		}
		expect(parseYesNo('có lẽ')).toBeNull();
	});
});

describe('parseCustomValue', () => {
	it('stores dates as ISO, typed day first, month ends checked', () => {
		expect(parseCustomValue(spec('date'), '31/01/2025')).toEqual({ value: '2025-01-31' });
		expect(parseCustomValue(spec('date'), '29/02/2024')).toEqual({ value: '2024-02-29' });
		expect(parseCustomValue(spec('date'), '30/04/2030')).toEqual({ value: '2030-04-30' });
		expect(parseCustomValue(spec('date'), '29/02/2023')).toEqual({
			value: '29/02/2023',
			problem: 'date-invalid'
		});
		expect(parseCustomValue(spec('date'), '31/04/2025')).toEqual({
			value: '31/04/2025',
			problem: 'date-invalid'
		});
		expect(parseCustomValue(spec('date'), '2025-12-31')).toEqual({ value: '2025-12-31' });
	});

	it('keeps an invalid number as typed and says why', () => {
		expect(parseCustomValue(spec('number'), '1.234,5')).toEqual({ value: 1234.5 });
		expect(parseCustomValue(spec('number'), 'mười')).toEqual({
			value: 'mười',
			problem: 'number-invalid'
		});
	});

	it('maps yes/no words to booleans', () => {
		expect(parseCustomValue(spec('yesno'), 'Có')).toEqual({ value: true });
		expect(parseCustomValue(spec('yesno'), 'không')).toEqual({ value: false });
		expect(parseCustomValue(spec('yesno'), 'hmm')).toEqual({
			value: 'hmm',
			problem: 'yesno-invalid'
		});
	});

	it('matches a choice ignoring case and accents, keeps one not in the list', () => {
		const s = spec('choice', ['Vàng', 'Bạc']);
		expect(parseCustomValue(s, 'vang')).toEqual({ value: 'Vàng' });
		expect(parseCustomValue(s, 'Kim cương')).toEqual({
			value: 'Kim cương',
			problem: 'choice-unknown'
		});
	});

	it('treats empty text as no value', () => {
		expect(parseCustomValue(spec('text'), '   ')).toEqual({ value: undefined });
	});
});

describe('customProblem and formatCustomValue', () => {
	it('flags values that no longer fit after a change of type', () => {
		expect(customProblem(spec('number'), 'abc')).toBe('number-invalid');
		expect(customProblem(spec('number'), 12)).toBeNull();
		expect(customProblem(spec('date'), '2024-02-30')).toBe('date-invalid');
		expect(customProblem(spec('date'), '2024-02-29')).toBeNull();
		expect(customProblem(spec('yesno'), 'có')).toBe('yesno-invalid');
		expect(customProblem(spec('choice', ['A']), 'B')).toBe('choice-unknown');
		expect(customProblem(spec('text'), 12)).toBeNull();
		expect(customProblem(spec('number'), undefined)).toBeNull();
	});

	it('shows dates dd/mm/yyyy, numbers grouped, yes/no in words, bad values as typed', () => {
		expect(formatCustomValue(spec('date'), '2025-01-31')).toBe('31/01/2025');
		expect(formatCustomValue(spec('date'), '31/02/2025')).toBe('31/02/2025');
		expect(formatCustomValue(spec('number'), 1234.5)).toBe('1.234,5');
		expect(formatCustomValue(spec('yesno'), true)).toBe('Có');
		expect(formatCustomValue(spec('yesno'), false, 'en')).toBe('No');
		expect(formatCustomValue(spec('text'), null)).toBe('');
	});
});

describe('guessType', () => {
	it('guesses from every value of an imported column', () => {
		expect(guessType(['có', 'không', ''])).toEqual({ type: 'yesno', options: [] });
		expect(guessType(['31/01/2025', '2024-02-29'])).toEqual({ type: 'date', options: [] });
		expect(guessType(['1.234', '12,5', '7'])).toEqual({ type: 'number', options: [] });
		expect(guessType(['Vàng', 'Bạc', 'vàng', 'Bạc', 'Vàng'])).toEqual({
			type: 'choice',
			options: ['Vàng', 'Bạc']
		});
		expect(guessType(['Công ty A', 'Công ty B'])).toEqual({ type: 'text', options: [] });
		expect(guessType(['0', '1'])).toEqual({ type: 'number', options: [] });
		expect(guessType([])).toEqual({ type: 'text', options: [] });
	});
});
