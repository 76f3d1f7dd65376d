import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import {
	formatPhone,
	normalisePhone,
	OLD_MOBILE_PREFIXES,
	parsePhone,
	parsePhones,
	phoneIdentity,
	phoneSearchTokens,
	phonesEqual
} from './phone';

describe('normalisePhone', () => {
	it.each([
		['0912345678', '+84912345678'],
		['0912 345 678', '+84912345678'],
		['0912.345.678', '+84912345678'],
		['0912-345-678', '+84912345678'],
		['(0912) 345 678', '+84912345678'],
		['+84912345678', '+84912345678'],
		['+84 912 345 678', '+84912345678'],
		['(+84) 912 345 678', '+84912345678'],
		['+84 (0) 912 345 678', '+84912345678'],
		['84912345678', '+84912345678'],
		['0084912345678', '+84912345678'],
		['00 84 912 345 678', '+84912345678'],
		['912345678', '+84912345678'],
		['841234567', '+84841234567'],
		["'0912345678", '+84912345678'],
		['０９１２３４５６７８', '+84912345678'],
		['  0987 654 321  ', '+84987654321'],
		['0321234567', '+84321234567'],
		['0562345678', '+84562345678'],
		['0592345678', '+84592345678'],
		['0701234567', '+84701234567'],
		['0812345678', '+84812345678'],
		['024 3825 1234', '+842438251234'],
		['028 3822 1234', '+842838221234'],
		['(028) 3822-1234', '+842838221234'],
		['0236 3822 123', '+842363822123'],
		['+84 24 3825 1234', '+842438251234'],
		['1900 545436', '+841900545436'],
		['1800 1091', '+8418001091']
	])('reads the Vietnamese number %j as %s', (raw, e164) => {
		expect(normalisePhone(raw)).toEqual({ raw, e164 });
	});

	it.each([
		['01629123456', '+84329123456'],
		['0163 912 3456', '+84339123456'],
		['0164.123.4567', '+84341234567'],
		['0165 123 4567', '+84351234567'],
		['0166 123 4567', '+84361234567'],
		['0167 123 4567', '+84371234567'],
		['0168 123 4567', '+84381234567'],
		['0169 123 4567', '+84391234567'],
		['0120 123 4567', '+84701234567'],
		['0121 123 4567', '+84791234567'],
		['0122 123 4567', '+84771234567'],
		['0126 123 4567', '+84761234567'],
		['0128 123 4567', '+84781234567'],
		['0123 123 4567', '+84831234567'],
		['0124 123 4567', '+84841234567'],
		['0125 123 4567', '+84851234567'],
		['0127 123 4567', '+84811234567'],
		['0129 123 4567', '+84821234567'],
		['0186 123 4567', '+84561234567'],
		['0188 123 4567', '+84581234567'],
		['0199 123 4567', '+84591234567'],
		['+84 168 123 4567', '+84381234567'],
		['841681234567', '+84381234567'],
		['00841681234567', '+84381234567'],
		['1681234567', '+84381234567']
	])('converts the old 11-digit mobile %j to %s and says so', (raw, e164) => {
		expect(normalisePhone(raw)).toEqual({ raw, e164, converted: true });
	});

	it.each([
		['+1 202 555 0143', '+12025550143'],
		['+44 20 7946 0958', '+442079460958'],
		['+65 6123 4567', '+6561234567'],
		['001 202 555 0143', '+12025550143']
	])('keeps the foreign number %j in its own E.164 %s', (raw, e164) => {
		expect(normalisePhone(raw)).toEqual({ raw, e164 });
	});

	it.each([
		['0912abc678', 'phone-invalid'],
		['ĐT: 0912345678', 'phone-invalid'],
		['không có', 'phone-invalid'],
		['0912+345678', 'phone-invalid'],
		['0612345678', 'phone-invalid'],
		['0112345678', 'phone-invalid'],
		['0412345678', 'phone-invalid'],
		['091234567', 'phone-too-short'],
		['0912', 'phone-too-short'],
		['0', 'phone-too-short'],
		['+84', 'phone-too-short'],
		['024 3825 123', 'phone-too-short'],
		['09123456789', 'phone-too-long'],
		['0912 345 678 999', 'phone-too-long'],
		['024 3825 12345', 'phone-too-long'],
		['+1 202 555 014', 'phone-too-short'],
		['+1 202 555 01434', 'phone-too-long'],
		['', 'phone-invalid'],
		['   ', 'phone-invalid']
	])('keeps the invalid phone %j as typed and flags it %s', (raw, problem) => {
		expect(normalisePhone(raw)).toEqual({ raw, e164: null, problem });
	});

	it('reads national numbers in another default region', () => {
		expect(normalisePhone('020 7946 0958', 'GB').e164).toBe('+442079460958');
		expect(normalisePhone('+84 912 345 678', 'GB').e164).toBe('+84912345678');
	});
});

describe('parsePhone', () => {
	it.each(['', '   ', '\u00a0', "'", '\u3000'])('gives no phone for the blank %j', (raw) => {
		expect(parsePhone(raw)).toBeNull();
	});

	it.each([
		['0912345678', { raw: '0912345678', e164: '+84912345678' }],
		['0912', { raw: '0912', e164: null, problem: 'phone-too-short' }]
	])('reads %j like normalisePhone', (raw, phone) => {
		expect(parsePhone(raw)).toEqual(phone);
	});
});

describe('parsePhones', () => {
	it.each([
		['0912345678', ['+84912345678']],
		['0912-345-678', ['+84912345678']],
		['0912 345 678 / 0987 654 321', ['+84912345678', '+84987654321']],
		['0912345678, 0987654321', ['+84912345678', '+84987654321']],
		['0912345678;0987654321', ['+84912345678', '+84987654321']],
		['0912345678 | 024 3825 1234', ['+84912345678', '+842438251234']],
		['0912345678\n0987654321', ['+84912345678', '+84987654321']],
		['0912345678\r\n0987654321', ['+84912345678', '+84987654321']],
		['0912345678 hoặc 0987654321', ['+84912345678', '+84987654321']],
		['0912345678 HOẶC 0987654321', ['+84912345678', '+84987654321']],
		['0912345678 hoac 0987654321', ['+84912345678', '+84987654321']],
		['0912345678 or +1 202 555 0143', ['+84912345678', '+12025550143']],
		['0912345678 0987654321', ['+84912345678', '+84987654321']],
		['0912345678 - 0987654321', ['+84912345678', '+84987654321']],
		['0912345678, +84 912 345 678, 84912345678', ['+84912345678']],
		['01681234567 / 0381234567', ['+84381234567']],
		[' , ; ', []],
		['', []]
	])('reads %j as %j', (raw, e164s) => {
		expect(parsePhones(raw).map((p) => p.e164)).toEqual(e164s);
	});

	it('keeps invalid numbers beside valid ones, each as typed', () => {
		expect(parsePhones('0912 345 678 / 0912 34 / abc')).toEqual([
			{ raw: '0912 345 678', e164: '+84912345678' },
			{ raw: '0912 34', e164: null, problem: 'phone-too-short' },
			{ raw: 'abc', e164: null, problem: 'phone-invalid' }
		]);
	});

	it('drops a repeated invalid number', () => {
		expect(parsePhones('0912 34, 0912 34')).toHaveLength(1);
	});

	it('does not split a number written in groups when the groups are not numbers', () => {
		expect(parsePhones('0912 345 678 999')).toEqual([
			{ raw: '0912 345 678 999', e164: null, problem: 'phone-too-long' }
		]);
	});

	it('marks the converted old number', () => {
		expect(parsePhones('0168 123 4567')).toEqual([
			{ raw: '0168 123 4567', e164: '+84381234567', converted: true }
		]);
	});
});

describe('formatPhone', () => {
	it.each([
		['0912345678', '0912 345 678'],
		['+84 987.654.321', '0987 654 321'],
		['01681234567', '0381 234 567'],
		['02438251234', '024 3825 1234'],
		['028 38221234', '028 3822 1234'],
		['02363822123', '0236 3822 123'],
		['+12025550143', '+1 202 555 0143'],
		['+44 20 7946 0958', '+44 20 7946 0958'],
		['0912 abc', '0912 abc'],
		['091 234 56', '091 234 56']
	])('shows %j as %j', (raw, shown) => {
		expect(formatPhone(normalisePhone(raw))).toBe(shown);
	});
});

describe('phoneSearchTokens', () => {
	it.each([
		['0912345678', ['0912345678', '84912345678', '912345678']],
		['024 3825 1234', ['02438251234', '842438251234', '2438251234']],
		['0168 123 4567', ['0381234567', '84381234567', '381234567', '01681234567', '1681234567']],
		['+1 202 555 0143', ['12025550143', '2025550143']],
		['0912 34', ['091234']],
		['０９１２ ３４', ['091234']],
		['abc', []]
	])('finds %j by %j', (raw, tokens) => {
		expect(phoneSearchTokens(normalisePhone(raw))).toEqual(tokens);
	});
});

describe('phonesEqual', () => {
	it.each([
		['0912345678', '+84 912 345 678', true],
		['0168 123 4567', '0381234567', true],
		['0912345678', '0987654321', false],
		['0912 34', '0912 34', true],
		['0912 34', '091234', false]
	])('compares %j and %j: %s', (a, b, same) => {
		expect(phonesEqual(normalisePhone(a), normalisePhone(b))).toBe(same);
	});

	it('identifies an invalid phone by its text, never as a valid number', () => {
		expect(phoneIdentity(normalisePhone('+84912345678'))).toBe('+84912345678');
		expect(phoneIdentity(normalisePhone('+849'))).not.toBe('+849');
	});
});

describe('the Vietnamese plan as libphonenumber has it (what normalisePhone looks up)', () => {
	/** A repeatable stream of digits. */
	function digits(seed: number): () => string {
		let s = seed;
		return () => {
			s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
			return String(s % 10);
		};
	}

	it('decides an 8–11-digit number by its length and first four digits, and gives +84 and its digits', () => {
		const next = digits(2026);
		let mixed = 0;
		let valid = 0;
		for (let length = 8; length <= 11; length++) {
			for (let prefix = 1000; prefix <= 9999; prefix++) {
				const answers = new Set<boolean>();
				for (const fill of ['0', '9', '', '']) {
					let rest = '';
					for (let k = 4; k < length; k++) rest += fill === '' ? next() : fill;
					const nsn = String(prefix) + rest;
					const parsed = parsePhoneNumberFromString('+84' + nsn);
					const ok = parsed?.isValid() === true;
					if (ok) expect(parsed?.number).toBe('+84' + nsn);
					answers.add(ok);
				}
				if (answers.size > 1) mixed++;
				if (answers.has(true)) valid++;
			}
		}
		expect(mixed).toBe(0);
		// Sanity: the plan's mobiles and landlines are in there.
		expect(valid).toBeGreaterThan(1000);
	});

	it('answers as libphonenumber does, number by number', () => {
		const next = digits(7);
		for (let n = 0; n < 3000; n++) {
			const length = 8 + (n % 4);
			let nsn = String(1 + (Number(next()) % 9));
			while (nsn.length < length) nsn += next();
			// An old 11-digit mobile is moved to its new number first (tested above).
			if (length === 10 && OLD_MOBILE_PREFIXES[nsn.slice(0, 3)] !== undefined) continue;
			const parsed = parsePhoneNumberFromString('+84' + nsn);
			const expected = parsed?.isValid() ? parsed.number : null;
			expect(normalisePhone('0' + nsn).e164, nsn).toBe(expected);
			expect(normalisePhone('+84 ' + nsn).e164, nsn).toBe(expected);
		}
	});
});
