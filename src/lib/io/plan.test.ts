import { describe, expect, it } from 'vitest';
import { buildCustomer } from '$lib/domain/customer';
import { mergeInto } from './merge';
import { proposeMapping } from './mapping';
import { decide, decisionCounts, lookupFromIndex, planRows } from './plan';
import { rowToRecord, splitTags } from './rows';

const HEADER = ['Họ và tên', 'SĐT', 'Email', 'Ngày sinh', 'Ngày mua', 'Số tiền', 'Sản phẩm'];
const ROWS = [
	['Nguyễn Thị Hương', '0912345678', '', '05/03/1990', '02/01/2025', '1.250.000', 'Son'],
	['Trần Văn Đức', '0987 654 321', 'duc@example.com', '', '', '', ''],
	['', '', '', '', '', '', ''],
	['Hương', '+84 912 345 678', '', '', '03/02/2025', '500k', 'Kem'],
	['Lê Mai', '0912 34', 'mai@', '31/02/1990', '', '', ''],
	['Phạm Lan', '', 'DUC@example.com', '', '', '', '']
].map((cells, i) => ({ cells, row: i + 2 }));

const { mapping } = proposeMapping(
	HEADER,
	ROWS.map((r) => r.cells)
);
const TODAY = '2026-01-01';

describe('the import plan', () => {
	it('classifies rows: new, matching the book, matching an earlier row, invalid, empty', () => {
		const lookup = lookupFromIndex({
			phones: new Map([['+84987654321', 'existing-duc']]),
			emails: new Map()
		});
		const plan = planRows(ROWS, mapping, { lookup, today: TODAY });
		expect(plan.rows.map((r) => r.group)).toEqual([
			'new',
			'match',
			'empty',
			'match',
			'invalid',
			'match'
		]);
		expect(plan.rows[1].match).toEqual({
			kind: 'existing',
			id: 'existing-duc',
			by: 'phone',
			key: '+84987654321'
		});
		expect(plan.rows[3].match).toEqual({ kind: 'row', row: 2, by: 'phone', key: '+84912345678' });
		// Row 7's email is row 3's, which matched a customer in the book: it joins that customer.
		expect(plan.rows[5].match).toMatchObject({ kind: 'existing', id: 'existing-duc', by: 'email' });
		expect(plan.counts).toEqual({
			total: 6,
			new: 1,
			match: 3,
			invalid: 1,
			empty: 1,
			matchExisting: 2,
			matchInFile: 1,
			withProblems: 1,
			purchases: 2
		});
	});

	it('keeps invalid values as typed and says why', () => {
		const plan = planRows(ROWS, mapping, { today: TODAY });
		const invalid = plan.rows[4];
		expect(invalid.customer.phones).toEqual([
			{ raw: '0912 34', e164: null, problem: 'phone-too-short' }
		]);
		expect(invalid.problems.map((p) => [p.field, p.problem, p.raw])).toEqual([
			['phones', 'phone-too-short', '0912 34'],
			['emails', 'email-invalid', 'mai@'],
			['birthday', 'date-invalid', '31/02/1990']
		]);
	});

	it('drafts purchases from purchase columns', () => {
		const plan = planRows(ROWS, mapping, { today: TODAY });
		expect(plan.rows[0].record.purchase).toEqual({
			date: '2025-01-02',
			amount: 1_250_000,
			items: 'Son',
			raw: { date: '02/01/2025', amount: '1.250.000' }
		});
		expect(plan.rows[3].record.purchase?.amount).toBe(500_000);
	});

	it('decides per group with per-row overrides; merge only for matches; empty always skipped', () => {
		const plan = planRows(ROWS, mapping, { today: TODAY });
		expect(plan.rows.map((r) => r.decision)).toEqual([
			'create',
			'create',
			'skip',
			'merge',
			'create',
			'merge'
		]);
		const decisions = {
			groups: { invalid: 'skip' as const, new: 'merge' as const },
			rows: new Map([
				[5, 'create' as const],
				[4, 'merge' as const]
			])
		};
		expect(plan.rows.map((r) => decide(r, decisions))).toEqual([
			'create',
			'create',
			'skip',
			'create',
			'skip',
			'merge'
		]);
		expect(decide({ row: 4, group: 'empty' }, { rows: new Map([[4, 'create']]) })).toBe('skip');
		expect(decisionCounts(plan.rows, decisions)).toEqual({ create: 3, merge: 1, skip: 2 });
	});

	it('builds custom values on a null-prototype object, whatever the column is called', () => {
		const record = rowToRecord(['An', 'x', 'y'], {
			dateOrder: 'dmy',
			columns: [
				{ column: 0, header: 'Tên', target: 'name' },
				{ column: 1, header: '__proto__', target: 'custom:__proto__' },
				{ column: 2, header: 'toString', target: 'custom:toString' }
			]
		});
		expect(Object.getPrototypeOf(record.custom)).toBeNull();
		expect(Object.keys(record.custom)).toEqual(['toString']);
		expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
	});

	it('splits tags on commas and Google separators', () => {
		expect(splitTags('* myContacts ::: Khách VIP ::: Spa, spa; Sỉ')).toEqual([
			'Khách VIP',
			'Spa',
			'Sỉ'
		]);
	});
});

describe('merging into an existing customer', () => {
	const meta = { id: 'old', now: 1, today: TODAY };
	it('fills empty fields, unites phones, emails and tags, and reports conflicts', () => {
		const existing = buildCustomer(
			{ name: 'Nguyễn Thị Hương', phones: '0912345678', city: 'Hà Nội', notes: 'Khách quen' },
			meta
		);
		existing.tags = ['vip'];
		existing.custom = { 'Mã KH': 'KH1' };
		const incoming = buildCustomer(
			{
				name: 'Hương Nguyễn',
				phones: '0912 345 678, 0987654321',
				emails: 'huong@example.com',
				gender: 'nữ',
				birthday: '05/03/1990',
				city: 'Đà Nẵng',
				notes: 'Thích son'
			},
			{ ...meta, id: '' }
		);
		incoming.tags = ['vip', 'spa'];
		incoming.custom = { 'Mã KH': 'KH2', Size: 'M' };
		const { customer, changed, conflicts } = mergeInto(existing, incoming, 99);
		expect(customer.id).toBe('old');
		expect(customer.name).toBe('Nguyễn Thị Hương');
		expect(customer.phoneKeys).toEqual(['+84912345678', '+84987654321']);
		expect(customer.emailKeys).toEqual(['huong@example.com']);
		expect(customer.gender).toBe('female');
		expect(customer.birthday).toBe('1990-03-05');
		expect(customer.birthdayMD).toBe('03-05');
		expect(customer.city).toBe('Hà Nội');
		expect(customer.notes).toBe('Khách quen\nThích son');
		expect(customer.tags).toEqual(['vip', 'spa']);
		expect(customer.custom).toEqual({ 'Mã KH': 'KH1', Size: 'M' });
		expect(customer.updatedAt).toBe(99);
		expect(changed).toEqual([
			'phones',
			'emails',
			'tags',
			'gender',
			'birthday',
			'notes',
			'custom:Size'
		]);
		expect(conflicts).toEqual([
			{ field: 'name', existing: 'Nguyễn Thị Hương', incoming: 'Hương Nguyễn' },
			{ field: 'city', existing: 'Hà Nội', incoming: 'Đà Nẵng' },
			{ field: 'custom:Mã KH', existing: 'KH1', incoming: 'KH2' }
		]);
	});

	it('changes nothing when the row adds nothing, and keeps invalid phones it brings', () => {
		const existing = buildCustomer({ name: 'An', phones: '0912345678' }, meta);
		const same = mergeInto(existing, buildCustomer({ phones: '0912 345 678' }, meta), 5);
		expect(same.changed).toEqual([]);
		expect(same.customer).toBe(existing);
		const withBad = mergeInto(existing, buildCustomer({ phones: '0912 34' }, meta), 5);
		expect(withBad.customer.phones.map((p) => p.raw)).toEqual(['0912345678', '0912 34']);
		expect(withBad.customer.phoneKeys).toEqual(['+84912345678']);
	});
});
