import { describe, expect, it } from 'vitest';
import { customerSearchText } from '$lib/domain/customer';
import { customSearchText } from '$lib/columns/search';
import { generateSample } from '$lib/sample/generate';
import { fold } from '$lib/domain/text';
import type { Customer } from '$lib/domain/types';
import { presetRange } from './dates';
import { createQueryEngine, QueryError } from './engine';
import { foldFast, matchValues, parseSearch, phoneDigits, SEP } from './match';
import { at, customer, engineOf, ids, q } from './testing';
import type { ColumnId, FilterModel, SortModel } from './types';

describe('default order', () => {
	it('lists the newest customers first', () => {
		const engine = engineOf([
			customer('a', { name: 'An' }, { createdAt: at(2024, 1, 1) }),
			customer('b', { name: 'Bình' }, { createdAt: at(2024, 3, 1) }),
			customer('c', { name: 'Chi' }, { createdAt: at(2024, 2, 1) })
		]);
		expect(ids(engine)).toEqual(['b', 'c', 'a']);
		expect(ids(engine, { sort: [{ colId: 'createdAt', sort: 'desc' }] })).toEqual(['b', 'c', 'a']);
		expect(ids(engine, { sort: [{ colId: 'createdAt', sort: 'asc' }] })).toEqual(['a', 'c', 'b']);
	});

	it('orders customers created in the same millisecond by id descending, as IndexedDB does', () => {
		const same = at(2024, 5, 5);
		const engine = engineOf(
			['01A', '01C', '01B'].map((id) => customer(id, { name: id }, { createdAt: same }))
		);
		// Dexie's orderBy('createdAt').reverse() walks ties by primary key descending.
		expect(ids(engine)).toEqual(['01C', '01B', '01A']);
	});
});

describe('sorting', () => {
	const people = [
		customer('1', { name: 'Nguyễn Văn Bình' }, { createdAt: at(2024, 1, 1) }),
		customer('2', { name: 'Đỗ Thị Ánh' }, { createdAt: at(2024, 1, 2) }),
		customer('3', { name: 'Ánh' }, { createdAt: at(2024, 1, 3) }),
		customer('4', { name: 'Anh' }, { createdAt: at(2024, 1, 4) }),
		customer('5', { name: '' }, { createdAt: at(2024, 1, 5) }),
		customer('6', { name: 'anh' }, { createdAt: at(2024, 1, 6) })
	];

	it('sorts names ignoring diacritics, đ as d, with accents breaking ties', () => {
		const engine = engineOf(people);
		// "anh" ties three ways on the folded key: the collator puts Anh/anh before Ánh.
		const asc = ids(engine, { sort: [{ colId: 'name', sort: 'asc' }] });
		expect(asc.slice(0, 3).sort()).toEqual(['3', '4', '6']);
		expect(asc.indexOf('3')).toBe(2);
		expect(asc.slice(3)).toEqual(['2', '1', '5']);
	});

	it('keeps customers without a name last in both directions', () => {
		const engine = engineOf(people);
		expect(ids(engine, { sort: [{ colId: 'name', sort: 'asc' }] }).at(-1)).toBe('5');
		expect(ids(engine, { sort: [{ colId: 'name', sort: 'desc' }] }).at(-1)).toBe('5');
	});

	it('reverses the values but not the order of ties when descending', () => {
		const engine = engineOf([
			customer('old', { name: 'X', city: 'Huế' }, { createdAt: at(2024, 1, 1) }),
			customer('new', { name: 'Y', city: 'Huế' }, { createdAt: at(2024, 2, 1) }),
			customer('hn', { name: 'Z', city: 'Hà Nội' }, { createdAt: at(2024, 3, 1) })
		]);
		expect(ids(engine, { sort: [{ colId: 'city', sort: 'asc' }] })).toEqual(['hn', 'new', 'old']);
		expect(ids(engine, { sort: [{ colId: 'city', sort: 'desc' }] })).toEqual(['new', 'old', 'hn']);
	});

	it('sorts by a second column within ties of the first', () => {
		const engine = engineOf([
			customer('a', { name: 'Bảo', city: 'Huế' }),
			customer('b', { name: 'An', city: 'Huế' }),
			customer('c', { name: 'Cúc', city: 'Đà Nẵng' }),
			customer('d', { name: 'Dung', city: '' })
		]);
		const sort: SortModel = [
			{ colId: 'city', sort: 'desc' },
			{ colId: 'name', sort: 'asc' }
		];
		expect(ids(engine, { sort })).toEqual(['b', 'a', 'c', 'd']);
		sort[1].sort = 'desc';
		expect(ids(engine, { sort })).toEqual(['a', 'b', 'c', 'd']);
	});

	it('sorts phones by the first number as shown, in digits', () => {
		const engine = engineOf([
			customer('a', { phones: '0987 654 321' }),
			customer('b', { phones: '+84 912 345 678, 0987 000 000' }),
			customer('c', { phones: '' })
		]);
		expect(ids(engine, { sort: [{ colId: 'phones', sort: 'asc' }] })).toEqual(['b', 'a', 'c']);
		expect(ids(engine, { sort: [{ colId: 'phones', sort: 'desc' }] })).toEqual(['a', 'b', 'c']);
	});

	it('sorts birthdays by date, or by month and day for the birthday calendar', () => {
		const engine = engineOf([
			customer('a', { birthday: '1990-12-01' }),
			customer('b', { birthday: '1985-03-05' }),
			customer('c', { birthday: '05/01' }),
			customer('d', { birthday: '' })
		]);
		expect(ids(engine, { sort: [{ colId: 'birthday', sort: 'asc' }] })).toEqual([
			'c',
			'b',
			'a',
			'd'
		]);
		expect(ids(engine, { sort: [{ colId: 'birthdayMonthDay', sort: 'asc' }] })).toEqual([
			'c',
			'b',
			'a',
			'd'
		]);
		expect(ids(engine, { sort: [{ colId: 'birthdayMonthDay', sort: 'desc' }] })).toEqual([
			'a',
			'b',
			'c',
			'd'
		]);
	});

	it('sorts tags by the name of the first tag, and follows renames', () => {
		const engine = engineOf([
			customer('a', {}, { tags: ['t-vip'] }),
			customer('b', {}, { tags: ['t-old', 't-vip'] }),
			customer('c', {}, { tags: [] })
		]);
		engine.setTagNames(
			new Map([
				['t-vip', 'VIP'],
				['t-old', 'Khách cũ']
			])
		);
		expect(ids(engine, { sort: [{ colId: 'tags', sort: 'asc' }] })).toEqual(['b', 'a', 'c']);
		engine.setTagNames(
			new Map([
				['t-vip', 'Ấm áp'],
				['t-old', 'Khách cũ']
			])
		);
		expect(ids(engine, { sort: [{ colId: 'tags', sort: 'asc' }] })).toEqual(['a', 'b', 'c']);
	});

	it('sorts stages in pipeline order rather than by name', () => {
		const engine = engineOf([
			customer('a', {}, { stage: 'loyal' }),
			customer('b', {}, { stage: 'lead' }),
			customer('c', {}, { stage: null }),
			customer('d', {}, { stage: 'new' })
		]);
		expect(ids(engine, { sort: [{ colId: 'stage', sort: 'asc' }] })).toEqual(['b', 'd', 'a', 'c']);
	});

	it('rejects a column it does not know', () => {
		const engine = engineOf([customer('a', {})]);
		expect(() => ids(engine, { sort: [{ colId: 'shoeSize', sort: 'asc' }] })).toThrow(QueryError);
		expect(() =>
			ids(engine, { filter: { shoeSize: { filterType: 'text', type: 'contains', filter: '4' } } })
		).toThrow(QueryError);
	});
});

describe('quick search', () => {
	const book = [
		customer('huong', {
			name: 'Nguyễn Thị Hương',
			phones: '0912 345 678',
			address: '12 Lê Lợi',
			city: 'Huế'
		}),
		customer('hung', { name: 'Trần Văn Hùng', phones: '0987 654 321', emails: 'Hung@Example.vn' }),
		customer('lan', { name: 'Lê Lan', phones: '+1 202 555 0143', notes: 'Thích màu hồng' })
	];

	it('ignores case and diacritics', () => {
		const engine = engineOf(book);
		expect(ids(engine, { search: 'HUONG' })).toEqual(['huong']);
		expect(ids(engine, { search: 'hương' })).toEqual(['huong']);
		expect(ids(engine, { search: 'mau hong' })).toEqual(['lan']);
	});

	it('needs every word, in any field and any order', () => {
		const engine = engineOf(book);
		expect(ids(engine, { search: 'hue nguyen' })).toEqual(['huong']);
		expect(ids(engine, { search: 'hue tran' })).toEqual([]);
		expect(ids(engine, { search: '   ' }).sort()).toEqual(['hung', 'huong', 'lan']);
	});

	it('finds a phone number however it is typed', () => {
		const engine = engineOf(book);
		for (const typed of [
			'0912 345 678',
			'+84 912 345 678',
			'84912345678',
			'912345678',
			'0912.345.678',
			'+84 0912 345 678',
			'345 678'
		]) {
			expect(ids(engine, { search: typed }), typed).toEqual(['huong']);
		}
		expect(ids(engine, { search: '+1 202 555 0143' })).toEqual(['lan']);
	});

	it('keeps non-phone digits working, such as house numbers', () => {
		const engine = engineOf(book);
		expect(ids(engine, { search: '12 le loi' })).toEqual(['huong']);
	});

	it('finds customers by the names of their tags', () => {
		const engine = engineOf([
			customer('a', { name: 'An' }, { tags: ['t1'] }),
			customer('b', { name: 'Bình' })
		]);
		engine.setTagNames(new Map([['t1', 'Khách VIP']]));
		expect(ids(engine, { search: 'vip' })).toEqual(['a']);
	});

	it('finds what a search of all the texts in one string finds, on a sample shop', () => {
		// The engine searches each column where it is kept; customerSearchText is every text quick
		// search looks in, joined: a row matches when each word is in it (its digits for a number).
		const book = [...generateSample({ seed: 11, customers: 1500, today: '2026-11-27' })]
			.flatMap((chunk) => chunk.customers)
			.map((c, i) =>
				i % 7 === 0 ? { ...c, custom: { tier: i % 2 ? 'Hạng Vàng' : 'Kim cương', size: 12 } } : c
			);
		const engine = engineOf(book);
		const texts = new Map(
			book.map((c) => [c.id, [customerSearchText(c), customSearchText(c.custom)].join(SEP)])
		);
		const pick = (i: number) => book[(i * 7919) % book.length];
		const searches = [
			'nguyen',
			'thi',
			'huong',
			'tran van',
			'le',
			'ngoc anh',
			'hoa',
			'gmail',
			'yahoo',
			'hang vang',
			'kim',
			'12',
			'0912',
			'912',
			'84',
			'098',
			'ha noi',
			'q',
			'p.',
			'quan 1',
			'tp hcm',
			'da nang',
			'facebook',
			'zalo',
			'gioi thieu',
			'anh',
			'chi',
			'x',
			'zz',
			'1',
			...Array.from({ length: 30 }, (_, i) => {
				const c = pick(i);
				const parts = [
					c.name.split(' ').at(-1) ?? '',
					c.phones[0]?.raw ?? '',
					c.emails[0]?.value.slice(0, 5) ?? '',
					c.address.split(' ').slice(0, 2).join(' '),
					c.city
				];
				return parts[i % parts.length];
			})
		];
		let found = 0;
		for (const search of searches) {
			const terms = parseSearch(search);
			const expected = book
				.filter((c) => {
					const text = texts.get(c.id) ?? '';
					return terms.every(({ text: word, digits }) =>
						digits === null
							? text.includes(word)
							: text.includes(digits) || (!/^[\d +().-]+$/.test(word) && text.includes(word))
					);
				})
				.map((c) => c.id)
				.sort();
			expect(ids(engine, { search }).sort(), search).toEqual(expected);
			found += expected.length;
		}
		expect(found).toBeGreaterThan(5000);
	});

	it('finds a customer by a custom text value, and by what was typed in a phone cell', () => {
		const engine = engineOf([
			customer(
				'a',
				{ name: 'An', phones: 'gọi sau 5h' },
				{ custom: { tier: 'Hạng Vàng', size: 12 } }
			),
			customer('b', { name: 'Bình' }, { custom: { size: 120 } })
		]);
		expect(ids(engine, { search: 'hang vang' })).toEqual(['a']);
		expect(ids(engine, { search: 'goi sau' })).toEqual(['a']);
		// Numbers among the custom values are not searched: "12" would find every size.
		expect(ids(engine, { search: '12' })).toEqual([]);
	});

	it('gives the same rows when narrowing a previous search as when searching afresh', () => {
		const engine = engineOf(book);
		const sort: SortModel = [{ colId: 'name', sort: 'asc' }];
		for (const search of ['h', 'hu', 'hun', 'hung', 'hung e', 'hung ex']) {
			const typed = ids(engine, { search, sort });
			const fresh = ids(engineOf(book), { search, sort });
			expect(typed, search).toEqual(fresh);
		}
		expect(ids(engine, { search: 'hung ex', sort })).toEqual(['hung']);
	});
});

describe('text filters', () => {
	const book = [
		customer('a', { name: 'Phạm Minh', city: 'Hồ Chí Minh', emails: 'a@x.vn, minh@y.vn' }),
		customer('b', { name: 'Võ Hà', city: 'Hà Nội' }),
		customer('c', { name: 'Lý Tâm', city: '' })
	];
	const only = (filter: FilterModel) => ids(engineOf(book), { filter }).sort();
	const city = (type: string, filter?: string): FilterModel => ({
		city: { filterType: 'text', type, filter } as FilterModel[string]
	});

	it('matches on folded text with every AG Grid text option', () => {
		expect(only(city('contains', 'chí'))).toEqual(['a']);
		expect(only(city('notContains', 'ha'))).toEqual(['a', 'c']);
		expect(only(city('equals', 'HA NOI'))).toEqual(['b']);
		expect(only(city('notEqual', 'ha noi'))).toEqual(['a', 'c']);
		expect(only(city('startsWith', 'ho'))).toEqual(['a']);
		expect(only(city('endsWith', 'noi'))).toEqual(['b']);
		expect(only(city('blank'))).toEqual(['c']);
		expect(only(city('notBlank'))).toEqual(['a', 'b']);
	});

	it('lets a condition without text through', () => {
		expect(only(city('contains', '  '))).toEqual(['a', 'b', 'c']);
	});

	it('combines conditions with AND and OR', () => {
		const combined = (operator: 'AND' | 'OR'): FilterModel => ({
			city: {
				filterType: 'text',
				operator,
				conditions: [
					{ filterType: 'text', type: 'contains', filter: 'h' },
					{ filterType: 'text', type: 'endsWith', filter: 'minh' }
				]
			}
		});
		expect(only(combined('AND'))).toEqual(['a']);
		expect(only(combined('OR'))).toEqual(['a', 'b']);
	});

	it('applies filters on several columns together', () => {
		expect(
			only({
				...city('notBlank'),
				name: { filterType: 'text', type: 'startsWith', filter: 'vo' }
			})
		).toEqual(['b']);
	});

	it('matches any one of several emails', () => {
		expect(only({ emails: { filterType: 'text', type: 'equals', filter: 'minh@y.vn' } })).toEqual([
			'a'
		]);
		expect(only({ emails: { filterType: 'text', type: 'startsWith', filter: 'minh' } })).toEqual([
			'a'
		]);
		expect(only({ emails: { filterType: 'text', type: 'notContains', filter: 'y.vn' } })).toEqual([
			'b',
			'c'
		]);
	});

	it('filters phones on digits whatever the layout', () => {
		const engine = engineOf([
			customer('a', { phones: '0912 345 678' }),
			customer('b', { phones: '0987 654 321' })
		]);
		const phones = (type: string, filter: string) =>
			ids(engine, {
				filter: { phones: { filterType: 'text', type, filter } as FilterModel[string] }
			});
		expect(phones('equals', '+84 912 345 678')).toEqual(['a']);
		expect(phones('equals', '84912345678')).toEqual(['a']);
		expect(phones('startsWith', '0912-345')).toEqual(['a']);
		expect(phones('contains', '654 3')).toEqual(['b']);
		expect(phones('notContains', '0912')).toEqual(['b']);
	});

	it('filters gender by its Vietnamese or English word', () => {
		const engine = engineOf([
			customer('m', { gender: 'nam' }),
			customer('f', { gender: 'nữ' }),
			customer('x', {})
		]);
		const gender = (filter: string) =>
			ids(engine, { filter: { gender: { filterType: 'text', type: 'equals', filter } } });
		expect(gender('Nữ')).toEqual(['f']);
		expect(gender('male')).toEqual(['m']);
	});

	it('filters stages by their label when labels are given', () => {
		const engine = engineOf(
			[customer('a', {}, { stage: 'loyal' }), customer('b', {}, { stage: 'lead' })],
			{ stageLabels: { loyal: ['Khách quen', 'Loyal'] } }
		);
		const stage = (filter: string) =>
			ids(engine, { filter: { stage: { filterType: 'text', type: 'contains', filter } } });
		expect(stage('khach quen')).toEqual(['a']);
		expect(stage('lead')).toEqual(['b']);
	});

	it('filters tags by name, any tag matching', () => {
		const engine = engineOf([
			customer('a', {}, { tags: ['t1', 't2'] }),
			customer('b', {}, { tags: ['t2'] }),
			customer('c', {}, { tags: [] })
		]);
		engine.setTagNames(
			new Map([
				['t1', 'VIP'],
				['t2', 'Sỉ']
			])
		);
		const tags = (type: string, filter?: string) =>
			ids(engine, {
				filter: { tags: { filterType: 'text', type, filter } as FilterModel[string] }
			}).sort();
		expect(tags('equals', 'vip')).toEqual(['a']);
		expect(tags('equals', 'si')).toEqual(['a', 'b']);
		expect(tags('notContains', 'vip')).toEqual(['b', 'c']);
		expect(tags('blank')).toEqual(['c']);
	});
});

describe('date filters', () => {
	const book = [
		customer('jan1', {}, { createdAt: at(2024, 1, 1, 0) }),
		customer('jan1late', {}, { createdAt: at(2024, 1, 1, 23) }),
		customer('jan2', {}, { createdAt: at(2024, 1, 2, 8) }),
		customer('feb', {}, { createdAt: at(2024, 2, 10) })
	];
	const created = (type: string, dateFrom?: string, dateTo?: string) =>
		ids(engineOf(book, { now: () => at(2024, 2, 14) }), {
			filter: {
				createdAt: { filterType: 'date', type, dateFrom, dateTo } as FilterModel[string]
			}
		}).sort();

	it('compares whole local days', () => {
		expect(created('equals', '2024-01-01 00:00:00')).toEqual(['jan1', 'jan1late']);
		expect(created('notEqual', '2024-01-01')).toEqual(['feb', 'jan2']);
		expect(created('lessThan', '2024-01-02')).toEqual(['jan1', 'jan1late']);
		expect(created('lessThanOrEqual', '2024-01-02')).toEqual(['jan1', 'jan1late', 'jan2']);
		expect(created('greaterThan', '2024-01-01')).toEqual(['feb', 'jan2']);
		expect(created('greaterThanOrEqual', '2024-01-02')).toEqual(['feb', 'jan2']);
	});

	it('includes both ends of a range', () => {
		expect(created('inRange', '2024-01-02', '2024-02-10')).toEqual(['feb', 'jan2']);
		expect(created('inRange', '2024-02-10', '2024-01-02')).toEqual(['feb', 'jan2']);
	});

	it('understands relative ranges from the clock', () => {
		expect(created('thisMonth')).toEqual(['feb']);
		expect(created('lastMonth')).toEqual(['jan1', 'jan1late', 'jan2']);
		expect(created('last7Days')).toEqual(['feb']);
		expect(created('today')).toEqual([]);
	});

	it('rejects a date it cannot read', () => {
		expect(() => created('equals', 'soon')).toThrow(QueryError);
	});

	describe('on birthdays', () => {
		const people = [
			customer('dec30', { birthday: '30/12/1990' }),
			customer('jan3', { birthday: '03/01' }),
			customer('mar5', { birthday: '05/03/1985' }),
			customer('none', {})
		];
		const born = (colId: ColumnId, type: string, dateFrom?: string, dateTo?: string) =>
			ids(engineOf(people, { now: () => at(2025, 1, 2) }), {
				filter: { [colId]: { filterType: 'date', type, dateFrom, dateTo } as FilterModel[string] }
			}).sort();

		it('compares full dates only where the year is known', () => {
			expect(born('birthday', 'lessThan', '1989-01-01')).toEqual(['mar5']);
			expect(born('birthday', 'greaterThan', '1900-01-01')).toEqual(['dec30', 'mar5']);
			expect(born('birthday', 'blank')).toEqual(['none']);
			expect(born('birthday', 'notBlank')).toEqual(['dec30', 'jan3', 'mar5']);
		});

		it('finds birthdays in a month-day range across the new year', () => {
			expect(born('birthdayMonthDay', 'inRange', '2024-12-25', '2025-01-05')).toEqual([
				'dec30',
				'jan3'
			]);
			expect(born('birthdayMonthDay', 'equals', '2030-03-05')).toEqual(['mar5']);
			expect(born('birthdayMonthDay', 'thisWeek')).toEqual(['dec30', 'jan3']);
			expect(born('birthdayMonthDay', 'inRange', '2024-01-01', '2024-12-31')).toEqual([
				'dec30',
				'jan3',
				'mar5'
			]);
		});
	});
});

describe('problems', () => {
	const book = [
		customer('badPhone', { phones: '123' }),
		customer('badEmail', { emails: 'not-an-email' }),
		customer('badGender', { gender: 'unicorn' }),
		customer('fine', { phones: '0912345678', emails: 'a@b.vn' })
	];

	it('shows only rows with an invalid value', () => {
		const engine = engineOf(book);
		expect(ids(engine, { problemsOnly: true }).sort()).toEqual([
			'badEmail',
			'badGender',
			'badPhone'
		]);
		expect(ids(engine, { filter: { problems: { filterType: 'problems' } } }).sort()).toEqual([
			'badEmail',
			'badGender',
			'badPhone'
		]);
	});

	it('narrows to invalid values in chosen columns', () => {
		const engine = engineOf(book);
		expect(
			ids(engine, { filter: { problems: { filterType: 'problems', columns: ['emails'] } } })
		).toEqual(['badEmail']);
	});
});

describe('writes', () => {
	it('replaces a customer on upsert and reorders it', () => {
		const engine = engineOf([
			customer('a', { name: 'An' }),
			customer('b', { name: 'Bình' }),
			customer('c', { name: 'Cúc' })
		]);
		const byName = { sort: [{ colId: 'name', sort: 'asc' }] as SortModel };
		expect(ids(engine, byName)).toEqual(['a', 'b', 'c']);
		engine.upsert([customer('a', { name: 'Yến' })]);
		expect(ids(engine, byName)).toEqual(['b', 'c', 'a']);
		expect(ids(engine, { search: 'an' })).toEqual([]);
		expect(engine.size).toBe(3);
	});

	it('drops trashed and removed customers', () => {
		const engine = engineOf([customer('a', {}), customer('b', {}), customer('c', {})]);
		engine.upsert([customer('a', {}, { deletedAt: Date.now() })]);
		engine.remove(['b', 'missing']);
		expect(ids(engine)).toEqual(['c']);
		expect(engine.size).toBe(1);
		expect(engine.has('a')).toBe(false);
	});

	it('clears everything', () => {
		const engine = engineOf([customer('a', {}), customer('b', {})]);
		ids(engine, { sort: [{ colId: 'name', sort: 'asc' }] });
		engine.clear();
		expect(engine.size).toBe(0);
		expect(ids(engine, { sort: [{ colId: 'name', sort: 'asc' }] })).toEqual([]);
		engine.upsert([customer('z', {})]);
		expect(ids(engine, { sort: [{ colId: 'name', sort: 'asc' }] })).toEqual(['z']);
	});

	it('keeps every sorted order right through many random writes', () => {
		let seed = 7;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed / 2147483648;
		};
		const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
		const names = ['An', 'Ánh', 'Bình', 'Cúc', 'Đức', 'Dũng', '', 'Yến'];
		const cities = ['Huế', 'Hà Nội', '', 'Cần Thơ'];
		const make = (id: string): Customer =>
			customer(
				id,
				{
					name: pick(names),
					city: pick(cities),
					birthday: pick(['', '05/03/1990', '01/01', '31/12/1970']),
					phones: pick(['', '0912345678', '0987000111'])
				},
				{ createdAt: at(2024, 1, 1 + Math.floor(random() * 5)), updatedAt: random() * 1000 }
			);
		const live = new Map<string, Customer>();
		const engine = createQueryEngine({});
		const sorts: SortModel[] = [
			[],
			[{ colId: 'name', sort: 'asc' }],
			[{ colId: 'name', sort: 'desc' }],
			[{ colId: 'city', sort: 'desc' }],
			[{ colId: 'birthdayMonthDay', sort: 'asc' }],
			[{ colId: 'updatedAt', sort: 'desc' }],
			[
				{ colId: 'city', sort: 'asc' },
				{ colId: 'phones', sort: 'desc' }
			]
		];
		for (let round = 0; round < 40; round++) {
			const batch: Customer[] = [];
			const gone: string[] = [];
			for (let k = Math.floor(random() * 6); k >= 0; k--) {
				const id = `c${Math.floor(random() * 60)}`;
				if (random() < 0.2) {
					gone.push(id);
					live.delete(id);
				} else {
					const c = make(id);
					batch.push(c);
					live.set(id, c);
				}
			}
			engine.upsert(batch);
			engine.remove(gone);
			const fresh = engineOf([...live.values()]);
			for (const sort of sorts) {
				expect(ids(engine, { sort }), JSON.stringify(sort)).toEqual(ids(fresh, { sort }));
			}
			expect(ids(engine, { search: 'an' })).toEqual(ids(fresh, { search: 'an' }));
		}
	});
});

describe('bulk writes', () => {
	it('sorts right after rewriting most rows of an order built before', () => {
		const many = (suffix: string) =>
			Array.from({ length: 3000 }, (_, i) =>
				customer(`c${i}`, { name: `${(i * 7919) % 3000} ${suffix}`, city: `city ${i % 7}` })
			);
		const engine = engineOf(many('a'));
		const sort: SortModel = [{ colId: 'name', sort: 'asc' }];
		engine.prepare(['name', 'city']);
		ids(engine, { sort });
		const rewritten = many('b').slice(0, 2000);
		engine.upsert(rewritten);
		const fresh = engineOf([...rewritten, ...many('a').slice(2000)]);
		expect(ids(engine, { sort })).toEqual(ids(fresh, { sort }));
		expect(ids(engine, { sort: [{ colId: 'city', sort: 'desc' }] })).toEqual(
			ids(fresh, { sort: [{ colId: 'city', sort: 'desc' }] })
		);
	});
});

describe('paging', () => {
	it('returns the total and the ids of one page', () => {
		const engine = engineOf(
			Array.from({ length: 10 }, (_, i) => customer(`c${i}`, {}, { createdAt: at(2024, 1, i + 1) }))
		);
		expect(engine.page(q(), 2, 5)).toEqual({ total: 10, ids: ['c7', 'c6', 'c5'] });
		expect(engine.page(q(), 8, 100)).toEqual({ total: 10, ids: ['c1', 'c0'] });
	});

	it('answers again after a write with the write included', () => {
		const engine = engineOf([customer('a', { name: 'Mai' })]);
		expect(engine.page(q({ search: 'mai' }), 0, 10).total).toBe(1);
		engine.upsert([customer('b', { name: 'Mai Anh' })]);
		expect(engine.page(q({ search: 'mai' }), 0, 10).total).toBe(2);
	});
});

describe('helpers', () => {
	it('matches whole values of a multi-valued text', () => {
		const hay = ['0912345678', '84912345678'].join(SEP);
		expect(matchValues(hay, '84912345678', 'equals')).toBe(true);
		expect(matchValues(hay, '4912345678', 'equals')).toBe(false);
		expect(matchValues(hay, '849', 'startsWith')).toBe(true);
		expect(matchValues(hay, '5678', 'endsWith')).toBe(true);
		expect(matchValues(hay, '567', 'endsWith')).toBe(false);
	});

	it('keeps a phone number typed with spaces together as one search word', () => {
		expect(parseSearch('Chị Hương 0912 345 678')).toEqual([
			{ text: 'chi', digits: null },
			{ text: 'huong', digits: null },
			{ text: '0912 345 678', digits: '0912345678' }
		]);
		expect(parseSearch('an anh')).toEqual([{ text: 'anh', digits: null }]);
	});

	it('reads +84 with a trunk zero as the national number', () => {
		expect(phoneDigits('+84 (0) 912 345 678')).toBe('0912345678');
		expect(phoneDigits('+84 912 345 678')).toBe('84912345678');
	});

	it('computes relative ranges with weeks starting on Monday', () => {
		// 2025-01-02 is a Thursday.
		expect(presetRange('thisWeek', at(2025, 1, 2))).toEqual([20241230, 20250105]);
		expect(presetRange('lastMonth', at(2025, 1, 2))).toEqual([20241201, 20241231]);
		expect(presetRange('last7Days', at(2025, 1, 2))).toEqual([20241226, 20250102]);
	});
});

describe('folding', () => {
	it('folds exactly as the domain fold does, only faster', () => {
		const samples = [
			'Nguyễn Thị Hương',
			'ĐẶNG VĂN ĐỨC',
			'  12/3  Lê   Lợi,\tP. Bến Nghé ',
			'already folded',
			'Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự',
			'Nguye\u0302\u0303n (decomposed)',
			'non\u00a0breaking',
			'İstanbul',
			'北京 Café',
			'',
			'a\nb'
		];
		for (const s of samples) expect(foldFast(s), s).toBe(fold(s));
	});

	it('returns the same string when there is nothing to fold', () => {
		const s = ['nguyen', 'van', 'an'].join(' ');
		expect(foldFast(s)).toBe(s);
	});
});
