import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { buildCustomer } from '$lib/domain/customer';
import type { Customer } from '$lib/domain/types';
import { csvField } from './csv-write';
import { customKeys, exportBlob, inBatches } from './export';
import { cellText, exportCell, exportColumns, DEFAULT_COLUMN_KEYS } from './export-columns';
import { unneutralise } from './neutralise';
import { exportContext } from './export';
import { readTable } from './read';
import { escapeXml } from './xlsx-write';

function customer(
	input: Parameters<typeof buildCustomer>[0],
	extra: Partial<Customer> = {}
): Customer {
	return {
		...buildCustomer(input, { id: 'c' + Math.random(), now: 1, today: '2026-01-01' }),
		...extra
	};
}

const HOSTILE = [
	'=HYPERLINK("http://evil.example","bấm vào")',
	'+84912345678',
	'-2+3',
	'@SUM(A1:A2)',
	'\t=1+1',
	'\r=1+1',
	'<script>alert("xss")</script>'
];

const people: Customer[] = [
	customer(
		{
			name: 'Nguyễn Thị Hương',
			salutation: 'chị',
			phones: '0912345678, +1 202 555 0143',
			emails: 'huong@example.com',
			gender: 'nữ',
			birthday: '05/03/1990',
			address: '12 Hàng Bông',
			district: 'Hoàn Kiếm',
			city: 'Hà Nội',
			source: 'Facebook',
			notes: 'Dòng 1\nDòng 2, "trích"'
		},
		{
			tags: ['t1'],
			stats: { count: 3, total: 1_250_000, first: '2025-01-02', last: '2025-12-24' },
			custom: { 'Mã KH': 'KH001' }
		}
	),
	customer(
		{ name: 'Kẻ Xấu', address: HOSTILE[0], notes: HOSTILE.join('\n'), source: HOSTILE[3] },
		{ custom: { Mẹo: '\t=1+1', Khác: '\r=1+1' } }
	)
];
const custom = customKeys(people);

const tagNames = new Map([['t1', 'Khách VIP']]);

describe('CSV export', () => {
	it('starts with a BOM, uses CRLF and quotes what needs quoting', async () => {
		const blob = await exportBlob('csv', [people], { tagNames });
		const bytes = new Uint8Array(await blob.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(text.split('\r\n')[0]).toBe(
			'Họ và tên,Xưng hô,Số điện thoại,Email,Giới tính,Ngày sinh,Địa chỉ,Quận/Huyện,Tỉnh/Thành phố,Nguồn,Nhóm khách hàng,Ghi chú,Số lần mua,Tổng chi tiêu,Lần mua đầu,Lần mua cuối'
		);
		expect(text).toContain(
			'Nguyễn Thị Hương,chị,"0912 345 678, +1 202 555 0143",huong@example.com,Nữ,05/03/1990,12 Hàng Bông,Hoàn Kiếm,Hà Nội,Facebook,Khách VIP,"Dòng 1\nDòng 2, ""trích""",3,1250000,02/01/2025,24/12/2025'
		);
	});

	it('neutralises cells a spreadsheet would run as formulas, and keeps scripts as inert text', () => {
		expect(HOSTILE.map(csvField)).toEqual([
			`"'=HYPERLINK(""http://evil.example"",""bấm vào"")"`,
			"'+84912345678",
			"'-2+3",
			"'@SUM(A1:A2)",
			"'\t=1+1",
			`"'\r=1+1"`,
			'<script>alert(""xss"")</script>'
				.replace(/""/g, '"')
				.replace(/^/, '"')
				.replace(/$/, '"')
				.replace(/"xss"/, '""xss""')
		]);
	});

	it('reads back through our importer to the stored values once the apostrophe is taken off', async () => {
		const blob = await exportBlob('csv', [people], { tagNames, customColumns: custom });
		const table = await readTable(blob);
		expect(table.encoding).toBe('utf-8');
		const hostile = table.rows.row(1).cells;
		expect(hostile[6]).toBe(`'${HOSTILE[0]}`);
		const columns = exportColumns([...DEFAULT_COLUMN_KEYS, ...custom]);
		const ctx = exportContext('vi', tagNames);
		people.forEach((person, i) => {
			const cells = table.rows.row(i).cells;
			columns.forEach((col, k) => {
				expect(unneutralise(cells[k] ?? '')).toBe(cellText(exportCell(person, col.key, ctx)));
			});
		});
	});
});

describe('xlsx export', () => {
	it('is read by an independent reader: text, dates, money, formulas only as text', async () => {
		const blob = await exportBlob('xlsx', inBatches(people, 1), {
			tagNames,
			customColumns: custom
		});
		const sheets = await readXlsxFile(Buffer.from(await blob.arrayBuffer()));
		expect(sheets).toHaveLength(1);
		expect(sheets[0].sheet).toBe('Khách hàng');
		const [header, first, second] = sheets[0].data;
		expect(header[0]).toBe('Họ và tên');
		expect(first[0]).toBe('Nguyễn Thị Hương');
		expect(first[2]).toBe('0912 345 678, +1 202 555 0143');
		expect(first[5]).toEqual(new Date(Date.UTC(1990, 2, 5)));
		expect(first[11]).toBe('Dòng 1\nDòng 2, "trích"');
		expect(first[12]).toBe(3);
		expect(first[13]).toBe(1_250_000);
		expect(first[15]).toEqual(new Date(Date.UTC(2025, 11, 24)));
		expect(first[16]).toBe('KH001');
		// read-excel-file trims text; what matters is that these are strings, not formulas.
		expect(second.slice(17)).toEqual(['=1+1', '=1+1']);
		expect(second[6]).toBe(HOSTILE[0]);
		expect(second[9]).toBe(HOSTILE[3]);
		expect(second[11]).toBe(people[1].notes);
	});

	it('never writes a formula and keeps control characters through escapes', async () => {
		const blob = await exportBlob('xlsx', [people], { customColumns: custom });
		const table = await readTable(blob);
		const cells = table.rows.row(1).cells;
		expect(cells[11]).toBe(people[1].notes);
		expect(cells.slice(-2)).toEqual(['\t=1+1', '\r=1+1']);
		const zipText = new TextDecoder('latin1').decode(new Uint8Array(await blob.arrayBuffer()));
		expect(zipText).not.toContain('<f>');
		expect(escapeXml('a_x0041_b\u0001')).toBe('a_x005F_x0041_b_x0001_');
	});

	it('writes 100,000 rows in batches', async () => {
		const base = customer({ name: 'x' });
		const many = Array.from({ length: 100_000 }, (_, i): Customer => {
			const national = `09${String(i).padStart(8, '0')}`;
			return {
				...base,
				id: String(i),
				name: `Khách ${i}`,
				phones: [{ raw: national, e164: '+84' + national.slice(1) }]
			};
		});
		let progress = 0;
		const blob = await exportBlob('xlsx', inBatches(many, 2000), {
			onProgress: (rows) => (progress = rows)
		});
		expect(progress).toBe(100_000);
		const table = await readTable(blob);
		expect(table.rows.rowCount).toBe(100_000);
		expect(table.rows.row(99_999).cells.slice(0, 3)).toEqual(['Khách 99999', '', '0900 099 999']);
	}, 30_000);
});
