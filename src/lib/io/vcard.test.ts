import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCustomer } from '$lib/domain/customer';
import { proposeMapping } from './mapping';
import { planRows } from './plan';
import { readTable } from './read';
import { customerVcard, foldLine, parseVcardText, splitVietnameseName } from './vcard';

const FIXTURES = new URL('../../../tests/fixtures/io/', import.meta.url);
const fixture = (name: string) => new Blob([readFileSync(new URL(name, FIXTURES))]);

describe('reading vCards', () => {
	it('reads 3.0 with folded lines and 2.1 quoted-printable', async () => {
		const table = await readTable(fixture('contacts-3.0.vcf'));
		expect(table.kind).toBe('vcard');
		expect(table.rows.rowCount).toBe(2);
		const [first, second] = [...table.rows.rows()].map((r) => r.cells);
		expect(first.slice(0, 11)).toEqual([
			'Nguyễn Thị Hương',
			'Nguyễn',
			'Thị',
			'Hương',
			'',
			'0912 345 678, +84 24 3825 1234',
			'huong@example.com',
			'12 Hàng Bông',
			'Hoàn Kiếm',
			'Hà Nội',
			'05/03/1990'
		]);
		expect(first[11]).toBe(
			'Khách quen, thích son đỏ\nHay mua dịp lễ. Ghi chú dài được gấp dòng theo đúng chuẩn vCard để kiểm tra.'
		);
		expect(first[12]).toBe('Khách VIP, Spa');
		expect(second[0]).toBe('Trần Minh Văn An');
		expect(second[1]).toBe('Trần');
		expect(second[5]).toBe('0987654321');
	});

	it('reads 4.0 with tel: URIs, groups, quoted parameters and year-less birthdays', async () => {
		const table = await readTable(fixture('contacts-4.0.vcf'));
		const cells = table.rows.row(0).cells;
		expect(cells[0]).toBe('Phạm Lan');
		expect(cells[4]).toBe('chị');
		expect(cells[5]).toBe('+84-903-111-222');
		expect(cells[10]).toBe('15/03');
		const { mapping, source } = proposeMapping(table.header, [cells], 'vcard');
		expect(source).toBe('vcard');
		const plan = planRows(table.rows.rows(), mapping, { today: '2026-01-01' });
		const c = plan.rows[0].customer;
		expect(c).toMatchObject({ name: 'Phạm Lan', salutation: 'chị', birthday: '--03-15' });
		expect(c.phoneKeys).toEqual(['+84903111222']);
		expect(plan.rows[0].record.tags).toEqual(['Khách sỉ']);
	});

	it('refuses a file with no card, or a card never ended', () => {
		expect(() => parseVcardText('BEGIN:VCARD\nFN:x\n')).toThrow(
			expect.objectContaining({ code: 'bad-vcard' })
		);
	});
});

describe('writing vCard 3.0', () => {
	it('folds long lines at 75 octets without cutting a character', () => {
		const line = 'NOTE:' + 'Hương '.repeat(30);
		const folded = foldLine(line);
		const parts = folded.split('\r\n').filter((p) => p !== '');
		for (const p of parts) expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(75);
		expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
	});

	it('writes a customer that reads back the same', () => {
		const c = buildCustomer(
			{
				name: 'Nguyễn Thị Hương',
				salutation: 'chị',
				phones: '0912345678; 0912 34',
				emails: 'huong@example.com',
				birthday: '05/03',
				address: '12 Hàng Bông; tầng 2',
				district: 'Hoàn Kiếm',
				city: 'Hà Nội',
				notes: 'Thích son đỏ, hồng\nHay mua dịp lễ'
			},
			{ id: 'x', now: 0, today: '2026-01-01' }
		);
		c.tags = ['t1'];
		const card = customerVcard(c, new Map([['t1', 'Khách VIP']]));
		expect(card).toContain('N:Nguyễn;Hương;Thị;chị;\r\n');
		expect(card).toContain('TEL;TYPE=CELL:+84912345678\r\n');
		expect(card).toContain('TEL;TYPE=CELL:0912 34\r\n');
		expect(card).toContain('BDAY:--0305\r\n');
		const [row] = parseVcardText(card);
		expect(row[0]).toBe('Nguyễn Thị Hương');
		expect(row[5]).toBe('+84912345678, 0912 34');
		expect(row[7]).toBe('12 Hàng Bông; tầng 2');
		expect(row[10]).toBe('05/03');
		expect(row[11]).toBe('Thích son đỏ, hồng\nHay mua dịp lễ');
		expect(row[12]).toBe('Khách VIP');
	});

	it('splits a Vietnamese name family first', () => {
		expect(splitVietnameseName('Nguyễn Thị Minh Khai')).toEqual({
			family: 'Nguyễn',
			middle: 'Thị Minh',
			given: 'Khai'
		});
	});
});
