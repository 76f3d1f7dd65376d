import { describe, expect, it } from 'vitest';
import {
	canonicalSalutation,
	nameKey,
	normaliseName,
	normaliseSalutation,
	SALUTATIONS,
	splitSalutation
} from './name';

describe('normaliseName', () => {
	it.each([
		['nguyễn THỊ hương', 'Nguyễn Thị Hương'],
		['NGUYỄN VĂN AN', 'Nguyễn Văn An'],
		['đỗ văn đạt', 'Đỗ Văn Đạt'],
		['  trần   thị\tmai  ', 'Trần Thị Mai'],
		['lê\u00a0thị lan', 'Lê Thị Lan'],
		['nGUYỄN tHỊ hƯƠNG', 'Nguyễn Thị Hương'],
		['ưng hoàng phúc', 'Ưng Hoàng Phúc'],
		['ỷ lan', 'Ỷ Lan'],
		['h\u0027hen niê', "H'Hen Niê"],
		["H'HEN NIÊ", "H'Hen Niê"],
		['y-moan', 'Y-Moan'],
		['o’brien', 'O’Brien'],
		['McDonald', 'McDonald'],
		['ronald mcdonald', 'Ronald Mcdonald'],
		['Leonardo DiCaprio', 'Leonardo DiCaprio'],
		['MARY-JANE watson', 'Mary-Jane Watson'],
		['Hương', 'Hương'],
		['', '']
	])('stores %j as %j', (raw, name) => {
		expect(normaliseName(raw)).toBe(name);
	});

	it('composes decomposed input (macOS, old IMEs) before capitalising', () => {
		const decomposed = 'nguyễn thị hương'.normalize('NFD');
		expect(normaliseName(decomposed)).toBe('Nguyễn Thị Hương'.normalize('NFC'));
		expect(normaliseName('đặng'.normalize('NFD'))).toBe('Đặng');
	});
});

describe('nameKey', () => {
	it.each([
		['Nguyễn Thị Hương', 'nguyen thi huong'],
		['Đỗ Văn Đạt', 'do van dat'],
		['Nguyễn Thị Hương'.normalize('NFD'), 'nguyen thi huong']
	])('folds %j to %j', (name, key) => {
		expect(nameKey(name)).toBe(key);
	});
});

describe('splitSalutation', () => {
	it.each([
		['chị Hương', 'chị', 'Hương'],
		['Chị Hương', 'chị', 'Hương'],
		['CHỊ HƯƠNG', 'chị', 'HƯƠNG'],
		['chi Huong', 'chị', 'Huong'],
		['C. Lan', 'chị', 'Lan'],
		['c.Lan', 'chị', 'Lan'],
		['A. Tuấn', 'anh', 'Tuấn'],
		['a.Tuấn', 'anh', 'Tuấn'],
		['anh Nguyễn Văn Tuấn', 'anh', 'Nguyễn Văn Tuấn'],
		['cô Ba', 'cô', 'Ba'],
		['co Ba', 'cô', 'Ba'],
		['chú Tư', 'chú', 'Tư'],
		['chu Tư', 'chú', 'Tư'],
		['em Ngọc', 'em', 'Ngọc'],
		['bác Hai', 'bác', 'Hai'],
		['bac Hai', 'bác', 'Hai'],
		['ông Sáu', 'ông', 'Sáu'],
		['ong Sau', 'ông', 'Sau'],
		['bà Năm', 'bà', 'Năm'],
		['ba Nam', 'bà', 'Nam'],
		['dì Bảy', 'dì', 'Bảy'],
		['cậu Út', 'cậu', 'Út'],
		['thím Tám', 'thím', 'Tám'],
		['mợ Chín', 'mợ', 'Chín'],
		['  chị   Mai  ', 'chị', 'Mai'],
		['Bà Rịa', 'bà', 'Rịa']
	])('splits %j into %j and %j', (raw, salutation, name) => {
		expect(splitSalutation(raw)).toEqual({ salutation, name });
	});

	it.each([
		['Chị', 'Chị'],
		['Chị ', 'Chị'],
		['C.', 'C.'],
		['Nguyễn Thị Hương', 'Nguyễn Thị Hương'],
		['Chu Văn An', 'Chu Văn An'],
		['CHU VĂN AN', 'CHU VĂN AN'],
		['Anhthư', 'Anhthư'],
		['Chi', 'Chi'],
		['Anh 2', 'Anh 2'],
		['Bác sĩ Hùng', 'Bác sĩ Hùng'],
		['cô giáo Lan', 'cô giáo Lan'],
		['', '']
	])('leaves %j whole', (raw, name) => {
		expect(splitSalutation(raw)).toEqual({ salutation: '', name });
	});
});

describe('salutations', () => {
	it('lists the canonical honorifics', () => {
		expect(SALUTATIONS).toEqual([
			'anh',
			'chị',
			'em',
			'cô',
			'chú',
			'bác',
			'ông',
			'bà',
			'dì',
			'cậu',
			'thím',
			'mợ'
		]);
	});

	it.each([
		['Chị', 'chị'],
		['chi', 'chị'],
		['C.', 'chị'],
		['A.', 'anh'],
		['ANH', 'anh'],
		['Co', 'cô'],
		['sếp', null],
		['constructor', null],
		['', null]
	])('canonical form of %j is %j', (raw, canonical) => {
		expect(canonicalSalutation(raw)).toBe(canonical);
	});

	it.each([
		['Chị', 'chị'],
		[' Bac ', 'bác'],
		['Sếp', 'sếp'],
		['', '']
	])('stores the salutation %j as %j', (raw, stored) => {
		expect(normaliseSalutation(raw)).toBe(stored);
	});

	it('maps every canonical form to itself', () => {
		for (const s of SALUTATIONS) expect(canonicalSalutation(s)).toBe(s);
	});
});
