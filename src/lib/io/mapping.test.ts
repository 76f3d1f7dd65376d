import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectSource, headerKey, targetForHeader } from './headers';
import { proposeMapping, validateMapping } from './mapping';
import { planRows } from './plan';
import { readTable } from './read';

const FIXTURES = new URL('../../../tests/fixtures/io/', import.meta.url);
const fixture = (name: string) => new Blob([readFileSync(new URL(name, FIXTURES))]);

async function load(name: string) {
	const table = await readTable(fixture(name));
	const sample = [...table.rows.rows()].map((r) => r.cells);
	return { table, ...proposeMapping(table.header, sample) };
}

describe('the header dictionary', () => {
	it.each([
		['Họ và tên', 'name'],
		['Ho ten', 'name'],
		['HỌ TÊN', 'name'],
		['Tên KH', 'name'],
		['Tên khách hàng', 'name'],
		['SĐT', 'phones'],
		['sdt', 'phones'],
		['Số điện thoại', 'phones'],
		['Di động', 'phones'],
		['Điện thoại', 'phones'],
		['Ngày sinh', 'birthday'],
		['Giới tính', 'gender'],
		['Địa chỉ', 'address'],
		['E-mail', 'emails'],
		['Ghi chú', 'notes'],
		['Nguồn', 'source'],
		['Nhóm khách hàng', 'tags'],
		['Xưng hô', 'salutation'],
		['Quận/Huyện', 'district'],
		['Quan - huyen', 'district'],
		['Tỉnh/Thành phố', 'city'],
		['Phone 3 - Value', 'phones'],
		['E-mail 2 - Value', 'emails'],
		['Ngày mua', 'purchase.date'],
		['Thành tiền', 'purchase.amount'],
		['Sản phẩm', 'purchase.items']
	])('maps %j to %s', (header, target) => {
		expect(targetForHeader(header)).toBe(target);
	});

	it('folds headers: diacritics, đ, case and punctuation', () => {
		expect(headerKey('  Tỉnh/Thành  phố ')).toBe('tinh thanh pho');
		expect(headerKey('ĐT')).toBe('dt');
	});

	it('does not know __proto__ or constructor, and keeps them out of object keys', () => {
		expect(targetForHeader('__proto__')).toBeNull();
		expect(targetForHeader('constructor')).toBeNull();
		expect(detectSource(['__proto__', 'constructor', 'prototype'])).toBe('generic');
	});
});

describe('proposed mappings for known exports', () => {
	it('Google Contacts: name parts family first, numbered phones, labels as tags', async () => {
		const { source, mapping, table } = await load('google-contacts.csv');
		expect(source).toBe('google');
		const targets = new Map(mapping.columns.map((c) => [c.header, c.target]));
		expect(targets.get('First Name')).toBe('givenName');
		expect(targets.get('Last Name')).toBe('familyName');
		expect(targets.get('Phone 2 - Value')).toBe('phones');
		expect(targets.get('Phonetic First Name')).toBe('skip');
		const plan = planRows(table.rows.rows(), mapping, { today: '2026-01-01' });
		const [huong, minh] = plan.rows.map((r) => r.customer);
		expect(huong.name).toBe('Nguyễn Thị Hương');
		expect(huong.phoneKeys).toEqual(['+84912345678', '+842438251234']);
		expect(huong.emailKeys).toEqual(['huong.nguyen@gmail.com']);
		expect(huong.birthday).toBe('1990-03-05');
		expect(huong.notes).toBe('Khách quen, thích son đỏ\nHay mua dịp lễ');
		expect(huong.address).toBe('12 Hàng Bông');
		expect(huong.city).toBe('Hà Nội');
		expect(plan.rows[0].record.tags).toEqual(['Khách VIP']);
		expect(minh.name).toBe('Trần Minh');
		expect(minh.birthday).toBe('--07-21');
	});

	it('Outlook: US month/day birthdays and empty 0/0/00 dates', async () => {
		const { source, mapping, table } = await load('outlook.csv');
		expect(source).toBe('outlook');
		expect(mapping.dateOrder).toBe('mdy');
		const [row] = planRows(table.rows.rows(), mapping, { today: '2026-01-01' }).rows;
		expect(row.customer).toMatchObject({
			name: 'Phạm Thị Lan',
			birthday: '1988-03-15',
			address: '25 Lý Thường Kiệt',
			city: 'Đà Nẵng',
			notes: 'Khách sỉ'
		});
		expect(row.customer.phoneKeys).toEqual(['+84903111222']);
		expect(row.problems).toEqual([]);
	});

	it('KiotViet: area split into city and district, ward added to the address, codes kept', async () => {
		const { source, mapping, table } = await load('kiotviet.csv');
		expect(source).toBe('kiotviet');
		const plan = planRows(table.rows.rows(), mapping, { today: '2026-01-01' });
		const [mai, hung] = plan.rows;
		expect(mai.customer).toMatchObject({
			name: 'Lê Thị Mai',
			gender: 'female',
			birthday: '1990-03-05',
			address: '45 Nguyễn Trãi, Phường Thượng Đình',
			district: 'Quận Thanh Xuân',
			city: 'Hà Nội',
			notes: 'Thích hàng mới'
		});
		expect(mai.record.custom['Mã khách hàng']).toBe('KH000001');
		expect(mai.record.custom['Tổng bán']).toBe('2,450,000');
		expect(mai.record.tags).toEqual(['Khách VIP']);
		// The old 11-digit Viettel number is converted.
		expect(hung.customer.phoneKeys).toEqual(['+84389123456']);
	});

	it('Sapo: detected, its totals kept as custom columns', async () => {
		const { source, mapping, table } = await load('sapo.csv');
		expect(source).toBe('sapo');
		const targets = mapping.columns.map((c) => c.target);
		expect(targets).toContain('custom:Tổng chi tiêu');
		const plan = planRows(table.rows.rows(), mapping, { today: '2026-01-01' });
		expect(plan.rows[0].customer).toMatchObject({ name: 'Đặng Thu Trang', birthday: '1995-11-20' });
		expect(plan.rows[1].customer.phoneKeys).toEqual(['+84935222333']);
	});

	it('"Họ" and "Tên" in two columns make one name, family first', () => {
		const { mapping } = proposeMapping(
			['Họ', 'Tên', 'SĐT'],
			[['Nguyễn Thị', 'Hương', '0912345678']]
		);
		expect(mapping.columns.map((c) => c.target)).toEqual(['familyName', 'givenName', 'phones']);
	});

	it('keeps unknown columns with data as custom columns, skips empty and reserved ones', () => {
		const { mapping } = proposeMapping(
			['Tên', 'Size áo', 'Trống', '__proto__', 'constructor', ''],
			[['An', 'M', '', 'x', 'y', 'z']]
		);
		expect(mapping.columns.map((c) => c.target)).toEqual([
			'name',
			'custom:Size áo',
			'skip',
			'skip',
			'skip',
			'custom:Cột 6'
		]);
	});

	it('validates an edited mapping', () => {
		const problems = validateMapping({
			dateOrder: 'dmy',
			columns: [
				{ column: 0, header: 'a', target: 'birthday' },
				{ column: 1, header: 'b', target: 'birthday' },
				{ column: 2, header: '__proto__', target: 'custom:__proto__' }
			]
		});
		expect(problems).toEqual([
			{ kind: 'reserved-name', column: 2, name: '__proto__' },
			{ kind: 'duplicate-target', target: 'birthday', columns: [0, 1] },
			{ kind: 'no-identity' }
		]);
	});
});
