import { describe, expect, it } from 'vitest';
import { normaliseEmail, parseEmails } from './email';

describe('normaliseEmail', () => {
	it.each([
		['lan.nguyen@gmail.com', 'lan.nguyen@gmail.com'],
		['  Lan.Nguyen@Gmail.COM ', 'lan.nguyen@gmail.com'],
		['huong+shop@yahoo.com.vn', 'huong+shop@yahoo.com.vn'],
		['ban_hang-01@tiem-banh.vn', 'ban_hang-01@tiem-banh.vn'],
		['chu@tiệmbánh.vn', 'chu@tiệmbánh.vn'],
		['an@xn--timbnh-kwa0d.vn', 'an@xn--timbnh-kwa0d.vn'],
		['lan＠gmail.com', 'lan@gmail.com'],
		['a@b.co', 'a@b.co']
	])('accepts %j as %j', (raw, value) => {
		expect(normaliseEmail(raw)).toEqual({ value, valid: true });
	});

	it.each([
		'lan.nguyen@gmail',
		'lan.nguyen.gmail.com',
		'lan@@gmail.com',
		'lan@gmail@yahoo.com',
		'lan nguyen@gmail.com',
		'@gmail.com',
		'lan@',
		'lan@.com',
		'lan@gmail..com',
		'lan..nguyen@gmail.com',
		'lan@-gmail.com',
		'lan@gmail.c',
		'Lan <lan@gmail.com>',
		'không có',
		''
	])('keeps the invalid address %j as typed', (raw) => {
		expect(normaliseEmail(raw)).toEqual({ value: raw, valid: false });
	});
});

describe('parseEmails', () => {
	it.each([
		['lan@gmail.com', ['lan@gmail.com']],
		['lan@gmail.com, an@yahoo.com', ['lan@gmail.com', 'an@yahoo.com']],
		['lan@gmail.com;an@yahoo.com', ['lan@gmail.com', 'an@yahoo.com']],
		['lan@gmail.com an@yahoo.com', ['lan@gmail.com', 'an@yahoo.com']],
		['lan@gmail.com\nan@yahoo.com', ['lan@gmail.com', 'an@yahoo.com']],
		['Lan@Gmail.com, lan@gmail.com', ['lan@gmail.com']],
		[' ; , ', []],
		['', []]
	])('reads %j as %j', (raw, values) => {
		expect(parseEmails(raw).map((e) => e.value)).toEqual(values);
	});

	it('keeps an invalid address beside the valid ones', () => {
		expect(parseEmails('lan@gmail.com, lan@gmail')).toEqual([
			{ value: 'lan@gmail.com', valid: true },
			{ value: 'lan@gmail', valid: false }
		]);
	});

	it('drops a repeated invalid address', () => {
		expect(parseEmails('lan@gmail lan@gmail')).toEqual([{ value: 'lan@gmail', valid: false }]);
	});
});
