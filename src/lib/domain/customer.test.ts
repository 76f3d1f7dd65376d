import { describe, expect, it } from 'vitest';
import {
	applyEdit,
	buildCustomer,
	customerProblems,
	birthdayMonthDay,
	customerSearchText,
	EDITABLE_FIELDS,
	emptyStats,
	fieldText,
	hasProblems,
	inputProblems,
	SEARCH_SEPARATOR,
	type CustomerInput,
	type EditableField
} from './customer';
import type { Customer } from './types';

const today = '2025-06-15';
const created = 1_700_000_000_000;
const later = created + 60_000;

function build(input: CustomerInput): Customer {
	return buildCustomer(input, { id: 'c1', now: created, today });
}

describe('buildCustomer', () => {
	it('normalises every field of a typical row', () => {
		expect(
			build({
				name: '  nguyễn THỊ   hương ',
				salutation: 'Chị',
				phones: '0912 345 678 / 024 3825 1234',
				emails: 'Huong.Nguyen@Gmail.com',
				gender: 'Nữ',
				birthday: '05/03/1990',
				address: ' 12  Lý Thường Kiệt ',
				district: 'Hoàn  Kiếm',
				city: 'Hà Nội',
				source: ' Facebook ',
				notes: '  Thích màu đỏ  \r\n\r\n\r\n  Hay mua   cuối tháng '
			})
		).toEqual({
			id: 'c1',
			name: 'Nguyễn Thị Hương',
			nameKey: 'nguyen thi huong',
			salutation: 'chị',
			phones: [
				{ raw: '0912 345 678', e164: '+84912345678' },
				{ raw: '024 3825 1234', e164: '+842438251234' }
			],
			phoneKeys: ['+84912345678', '+842438251234'],
			emails: [{ value: 'huong.nguyen@gmail.com', valid: true }],
			emailKeys: ['huong.nguyen@gmail.com'],
			gender: 'female',
			birthday: '1990-03-05',
			address: '12 Lý Thường Kiệt',
			district: 'Hoàn Kiếm',
			city: 'Hà Nội',
			source: 'Facebook',
			referredBy: null,
			tags: [],
			stage: null,
			stageManual: false,
			consent: null,
			notes: 'Thích màu đỏ\n\nHay mua cuối tháng',
			custom: {},
			invalid: {},
			birthdayMD: '03-05',
			stats: { count: 0, total: 0, first: null, last: null },
			createdAt: created,
			updatedAt: created
		});
	});

	it('builds an empty record from no input', () => {
		const c = build({});
		expect(c).toMatchObject({
			name: '',
			nameKey: '',
			salutation: '',
			phones: [],
			phoneKeys: [],
			emails: [],
			emailKeys: [],
			gender: null,
			birthday: null,
			invalid: {}
		});
		expect(hasProblems(c)).toBe(false);
		expect('deletedAt' in c).toBe(false);
		expect(c.stats).toEqual(emptyStats());
	});

	it.each([
		['05/03/1990', '03-05'],
		['05/03', '03-05'],
		['29/02', '02-29'],
		['31/12/1985', '12-31']
	])('indexes the birthday %j under month-day %j', (birthday, md) => {
		expect(build({ birthday }).birthdayMD).toBe(md);
	});

	it.each([[''], ['31/02/1990'], ['01/01/2030']])(
		'leaves birthdayMD out entirely for the birthday %j so the index skips the customer',
		(birthday) => {
			expect('birthdayMD' in build({ birthday })).toBe(false);
		}
	);

	it('gives every customer its own stats object', () => {
		const a = build({});
		const b = build({});
		a.stats.count = 3;
		expect(b.stats.count).toBe(0);
		expect(emptyStats()).toEqual({ count: 0, total: 0, first: null, last: null });
	});

	it.each([
		['chị Hương', '', 'chị', 'Hương'],
		['C. Lan', '', 'chị', 'Lan'],
		['a. tuấn', '', 'anh', 'Tuấn'],
		['chị Hương', 'Chị', 'chị', 'Hương'],
		['chị Hương', 'cô', 'cô', 'Chị Hương'],
		['Chị', '', '', 'Chị'],
		['Chu Văn An', '', '', 'Chu Văn An'],
		['Nguyễn Văn An', 'anh', 'anh', 'Nguyễn Văn An']
	])(
		'takes the name %j with salutation %j as %j + %j',
		(name, salutation, wantSalutation, wantName) => {
			const c = build({ name, salutation });
			expect([c.salutation, c.name]).toEqual([wantSalutation, wantName]);
		}
	);

	it('keeps an invalid phone as typed and flags it', () => {
		const c = build({ phones: '0912 34, 0987654321' });
		expect(c.phones).toEqual([
			{ raw: '0912 34', e164: null, problem: 'phone-too-short' },
			{ raw: '0987654321', e164: '+84987654321' }
		]);
		expect(c.phoneKeys).toEqual(['+84987654321']);
		expect(customerProblems(c)).toEqual([
			{ field: 'phones', problem: 'phone-too-short', raw: '0912 34' }
		]);
	});

	it('converts an old 11-digit mobile and marks it', () => {
		const c = build({ phones: '0168 123 4567' });
		expect(c.phones).toEqual([{ raw: '0168 123 4567', e164: '+84381234567', converted: true }]);
		expect(c.phoneKeys).toEqual(['+84381234567']);
		expect(hasProblems(c)).toBe(false);
	});

	it('indexes only valid emails', () => {
		const c = build({ emails: 'lan@gmail.com; lan@gmail' });
		expect(c.emailKeys).toEqual(['lan@gmail.com']);
		expect(customerProblems(c)).toEqual([
			{ field: 'emails', problem: 'email-invalid', raw: 'lan@gmail' }
		]);
	});

	it.each([
		['gender', { gender: 'không rõ' }, { raw: 'không rõ', problem: 'gender-unknown' }],
		['birthday', { birthday: '31/02/1990' }, { raw: '31/02/1990', problem: 'date-invalid' }],
		['birthday', { birthday: ' 01/01/2030 ' }, { raw: '01/01/2030', problem: 'date-future' }]
	] as const)('keeps an invalid %s as typed in the invalid map', (field, input, entry) => {
		const c = build(input);
		expect(c[field]).toBeNull();
		expect(c.invalid).toEqual({ [field]: entry });
		expect(customerProblems(c)).toEqual([{ field, ...entry }]);
	});

	it('keeps a birthday without a year', () => {
		expect(build({ birthday: '05/03' }).birthday).toBe('--03-05');
	});

	it('lists problems of several fields in field order', () => {
		const c = build({ phones: 'abc', emails: 'x@', gender: '?', birthday: '99/99/99' });
		expect(customerProblems(c).map((p) => p.field)).toEqual([
			'phones',
			'emails',
			'gender',
			'birthday'
		]);
	});
});

describe('applyEdit', () => {
	const base = build({
		name: 'Nguyễn Thị Hương',
		salutation: 'chị',
		phones: '0912345678',
		emails: 'huong@gmail.com',
		gender: 'nữ',
		birthday: '05/03/1990',
		city: 'Hà Nội',
		notes: 'Khách quen'
	});

	it.each([
		['name', 'nguyễn thị  hương'],
		['salutation', 'Chị'],
		['phones', '0912 345 678'],
		['phones', '+84 912.345.678'],
		['emails', 'HUONG@gmail.com'],
		['gender', 'Nữ'],
		['gender', 'female'],
		['birthday', '5/3/1990'],
		['birthday', '1990-03-05'],
		['city', '  Hà   Nội '],
		['notes', 'Khách quen  ']
	] as const)('returns {} when %s is retyped as %j (same normalised value)', (field, raw) => {
		expect(applyEdit(base, field, raw, later, today)).toEqual({});
	});

	it.each(EDITABLE_FIELDS)('returns {} when %s gets back its own editor text', (field) => {
		expect(applyEdit(base, field, fieldText(base, field), later, today)).toEqual({});
	});

	it('changes the name and its key', () => {
		expect(applyEdit(base, 'name', 'trần thị mai', later, today)).toEqual({
			name: 'Trần Thị Mai',
			nameKey: 'tran thi mai',
			updatedAt: later
		});
	});

	it('moves an honorific typed into the name when there is no salutation yet', () => {
		const c = build({ name: 'Lan' });
		expect(applyEdit(c, 'name', 'chị Lan', later, today)).toEqual({
			salutation: 'chị',
			updatedAt: later
		});
	});

	it('keeps an honorific in the name when another salutation is set', () => {
		expect(applyEdit(base, 'name', 'cô Hương', later, today)).toEqual({
			name: 'Cô Hương',
			nameKey: 'co huong',
			updatedAt: later
		});
	});

	it('changes phones and the phone index', () => {
		expect(applyEdit(base, 'phones', '0912345678, 0987 654 321', later, today)).toEqual({
			phones: [
				{ raw: '0912345678', e164: '+84912345678' },
				{ raw: '0987 654 321', e164: '+84987654321' }
			],
			phoneKeys: ['+84912345678', '+84987654321'],
			updatedAt: later
		});
	});

	it('keeps an invalid phone as typed and flags it, leaving the index alone', () => {
		const patch = applyEdit(base, 'phones', '0912345678, 0912 34', later, today);
		expect(patch).toEqual({
			phones: [
				{ raw: '0912345678', e164: '+84912345678' },
				{ raw: '0912 34', e164: null, problem: 'phone-too-short' }
			],
			updatedAt: later
		});
	});

	it('clears the phone problem once the number is fixed', () => {
		const bad = build({ phones: '0912 34' });
		expect(hasProblems(bad)).toBe(true);
		const patch = applyEdit(bad, 'phones', '0912 345 678', later, today);
		expect(patch).toEqual({
			phones: [{ raw: '0912 345 678', e164: '+84912345678' }],
			phoneKeys: ['+84912345678'],
			updatedAt: later
		});
		expect(hasProblems({ ...bad, ...patch })).toBe(false);
	});

	it('converts an old number typed in an edit', () => {
		expect(applyEdit(base, 'phones', '01681234567', later, today)).toEqual({
			phones: [{ raw: '01681234567', e164: '+84381234567', converted: true }],
			phoneKeys: ['+84381234567'],
			updatedAt: later
		});
	});

	it('treats a reordering of phones as a change', () => {
		const two = build({ phones: '0912345678, 0987654321' });
		expect(applyEdit(two, 'phones', '0987654321, 0912345678', later, today)).toMatchObject({
			phoneKeys: ['+84987654321', '+84912345678']
		});
	});

	it('empties the phones', () => {
		expect(applyEdit(base, 'phones', '', later, today)).toEqual({
			phones: [],
			phoneKeys: [],
			updatedAt: later
		});
	});

	it('changes emails and the email index', () => {
		expect(applyEdit(base, 'emails', 'huong@gmail.com, HUONG@yahoo.com', later, today)).toEqual({
			emails: [
				{ value: 'huong@gmail.com', valid: true },
				{ value: 'huong@yahoo.com', valid: true }
			],
			emailKeys: ['huong@gmail.com', 'huong@yahoo.com'],
			updatedAt: later
		});
	});

	it('flags an invalid gender and clears the flag when fixed', () => {
		const bad = applyEdit(base, 'gender', 'không rõ', later, today);
		expect(bad).toEqual({
			gender: null,
			invalid: { gender: { raw: 'không rõ', problem: 'gender-unknown' } },
			updatedAt: later
		});
		const flagged = { ...base, ...bad };
		expect(applyEdit(flagged, 'gender', 'không rõ', later + 1, today)).toEqual({});
		expect(applyEdit(flagged, 'gender', 'Nam', later + 1, today)).toEqual({
			gender: 'male',
			invalid: {},
			updatedAt: later + 1
		});
		expect(applyEdit(flagged, 'gender', '', later + 1, today)).toEqual({
			invalid: {},
			updatedAt: later + 1
		});
	});

	it('updates the birthday flag without touching the gender flag', () => {
		const c = build({ gender: '?', birthday: '31/02/1990' });
		expect(applyEdit(c, 'birthday', '28/02/1990', later, today)).toEqual({
			birthday: '1990-02-28',
			birthdayMD: '02-28',
			invalid: { gender: { raw: '?', problem: 'gender-unknown' } },
			updatedAt: later
		});
	});

	it('flags a future birthday against the given today', () => {
		expect(applyEdit(base, 'birthday', '16/06/2025', later, today)).toEqual({
			birthday: null,
			birthdayMD: undefined,
			invalid: { birthday: { raw: '16/06/2025', problem: 'date-future' } },
			updatedAt: later
		});
		expect(applyEdit(base, 'birthday', '15/06/2025', later, today)).toEqual({
			birthday: '2025-06-15',
			birthdayMD: '06-15',
			updatedAt: later
		});
	});

	it('moves birthdayMD with the birthday', () => {
		expect(applyEdit(base, 'birthday', '20/11/1990', later, today)).toEqual({
			birthday: '1990-11-20',
			birthdayMD: '11-20',
			updatedAt: later
		});
	});

	it('keeps birthdayMD when only the year of the birthday changes', () => {
		const patch = applyEdit(base, 'birthday', '05/03/1991', later, today);
		expect(patch).toEqual({ birthday: '1991-03-05', updatedAt: later });
		expect('birthdayMD' in patch).toBe(false);
	});

	it('sets birthdayMD when a first birthday is typed, without a year too', () => {
		const none = build({ name: 'Lan' });
		expect(applyEdit(none, 'birthday', '05/03', later, today)).toEqual({
			birthday: '--03-05',
			birthdayMD: '03-05',
			updatedAt: later
		});
	});

	it.each([[''], ['31/02/1990']])(
		'expresses the removal of birthdayMD as an undefined-valued key when the birthday becomes %j',
		(raw) => {
			const patch = applyEdit(base, 'birthday', raw, later, today);
			// toEqual cannot tell a missing key from an undefined one; the repository can.
			expect(Object.keys(patch)).toContain('birthdayMD');
			expect(patch.birthdayMD).toBeUndefined();
			expect(patch.birthday).toBeNull();
		}
	);

	it('does not mention birthdayMD when a customer without a birthday stays without one', () => {
		const none = build({ name: 'Lan', birthday: '31/02/1990' });
		const patch = applyEdit(none, 'birthday', '', later, today);
		expect(patch).toEqual({ invalid: {}, updatedAt: later });
		expect(Object.keys(patch)).not.toContain('birthdayMD');
	});

	it.each([
		['address', ' 5  Hàng Bạc ', '5 Hàng Bạc'],
		['district', 'Quận  1', 'Quận 1'],
		['city', 'TP. HCM', 'TP. HCM'],
		['source', 'Zalo', 'Zalo'],
		['notes', 'dòng 1\n  dòng   2  ', 'dòng 1\ndòng 2'],
		['salutation', 'A.', 'anh'],
		['salutation', 'Sếp', 'sếp']
	] as const)('stores an edit of %s %j as %j', (field, raw, stored) => {
		expect(applyEdit(base, field, raw, later, today)).toEqual({
			[field]: stored,
			updatedAt: later
		});
	});

	it('does not modify the customer it is given', () => {
		const before = structuredClone(base);
		applyEdit(base, 'gender', 'không rõ', later, today);
		applyEdit(base, 'phones', '0987654321', later, today);
		expect(base).toEqual(before);
	});
});

describe('birthdayMonthDay', () => {
	it.each([
		['1990-03-05', '03-05'],
		['--12-31', '12-31'],
		[null, undefined],
		['', undefined],
		['05/03/1990', undefined]
	])('reads %j as %j', (birthday, md) => {
		expect(birthdayMonthDay(birthday)).toBe(md);
	});
});

describe('fieldText', () => {
	const c = build({
		name: 'chị hương',
		phones: '0912345678 / +12025550143 / 0168 123 4567 / 0912 34',
		emails: 'a@b.vn lan@gmail',
		gender: 'Nữ',
		birthday: '5/3/1990',
		notes: 'a\nb'
	});

	it.each([
		['name', 'Hương'],
		['salutation', 'chị'],
		['phones', '0912 345 678, +1 202 555 0143, 0381 234 567, 0912 34'],
		['emails', 'a@b.vn, lan@gmail'],
		['gender', 'female'],
		['birthday', '05/03/1990'],
		['notes', 'a\nb'],
		['city', '']
	] as const)('shows %s as %j', (field: EditableField, text) => {
		expect(fieldText(c, field)).toBe(text);
	});

	it.each([
		[{ birthday: '05/03' }, 'birthday', '05/03'],
		[{ birthday: '31/02/1990' }, 'birthday', '31/02/1990'],
		[{ gender: 'không rõ' }, 'gender', 'không rõ'],
		[{}, 'gender', ''],
		[{}, 'birthday', '']
	] as const)('shows %j as %s text %j', (input, field, text) => {
		expect(fieldText(build(input), field)).toBe(text);
	});
});

describe('customerSearchText', () => {
	const c = build({
		name: 'Nguyễn Thị Hương',
		salutation: 'chị',
		phones: '0912 345 678',
		emails: 'Huong@Gmail.com',
		address: '12 Lý Thường Kiệt',
		district: 'Hoàn Kiếm',
		city: 'Hà Nội',
		source: 'Facebook',
		notes: 'Thích\nmàu đỏ'
	});
	const text = customerSearchText(c);

	it.each([
		'nguyen thi huong',
		'chi',
		'0912345678',
		'84912345678',
		'912345',
		'huong@gmail.com',
		'ly thuong kiet',
		'hoan kiem',
		'ha noi',
		'facebook',
		'thich mau do'
	])('contains %j', (query) => {
		expect(text).toContain(query);
	});

	it('keeps the fields apart so a query cannot span two of them', () => {
		expect(text.split(SEARCH_SEPARATOR)).toEqual([
			'nguyen thi huong',
			'chi',
			'0912345678',
			'84912345678',
			'912345678',
			'huong@gmail.com',
			'12 ly thuong kiet',
			'hoan kiem',
			'ha noi',
			'facebook',
			'thich mau do'
		]);
		expect(text).not.toContain('kiem ha');
	});

	it('finds an invalid phone by its digits', () => {
		expect(customerSearchText(build({ phones: '0912-34' }))).toBe('091234');
	});
});

describe('inputProblems', () => {
	it('lists what a form would be saved with as typed', () => {
		expect(
			inputProblems(
				{ name: 'Lan', phones: '0912345678 / 0912 34', gender: 'Nữ', birthday: '16/06/2025' },
				today
			)
		).toEqual([
			{ field: 'phones', problem: 'phone-too-short', raw: '0912 34' },
			{ field: 'birthday', problem: 'date-future', raw: '16/06/2025' }
		]);
	});

	it('finds nothing wrong with a clean form', () => {
		expect(inputProblems({ name: 'Lan', phones: '0912345678', birthday: '05/03' }, today)).toEqual(
			[]
		);
	});
});
