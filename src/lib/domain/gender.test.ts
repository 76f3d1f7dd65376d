import { describe, expect, it } from 'vitest';
import { normaliseGender } from './gender';

describe('normaliseGender', () => {
	it.each([
		['nam', 'male'],
		['Nam', 'male'],
		['NAM', 'male'],
		[' Nam. ', 'male'],
		['male', 'male'],
		['Male', 'male'],
		['m', 'male'],
		['M', 'male'],
		['trai', 'male'],
		['con trai', 'male'],
		['đàn ông', 'male'],
		['anh', 'male'],
		['ông', 'male'],
		['Ông', 'male'],
		['nữ', 'female'],
		['Nữ', 'female'],
		['NỮ', 'female'],
		['Nữ'.normalize('NFD'), 'female'],
		['nu', 'female'],
		['NU', 'female'],
		['nư', 'female'],
		['nử', 'female'],
		['female', 'female'],
		['f', 'female'],
		['F', 'female'],
		['gái', 'female'],
		['con gái', 'female'],
		['chị', 'female'],
		['bà', 'female'],
		['cô', 'female'],
		['khác', 'other'],
		['khac', 'other'],
		['Khác', 'other'],
		['other', 'other'],
		['o', 'other'],
		['x', 'other'],
		['LGBT', 'other'],
		['lgbtq+', 'other']
	])('reads %j as %s', (raw, gender) => {
		expect(normaliseGender(raw)).toEqual({ gender });
	});

	it.each(['', '   ', '\u00a0'])('treats %j as not known, without a problem', (raw) => {
		expect(normaliseGender(raw)).toEqual({ gender: null });
	});

	it.each(['nam nữ', 'không rõ', '?', '1', 'boy', 'em'])('flags %j as an unknown gender', (raw) => {
		expect(normaliseGender(raw)).toEqual({ gender: null, problem: 'gender-unknown' });
	});
});
