import { describe, expect, it } from 'vitest';
import { buildCustomer } from '$lib/domain/customer';
import type { Customer } from '$lib/domain/types';
import type { CustomColumn } from '$lib/columns/definitions';
import { exportBlob } from './export';
import { adoptCustomColumns, newCustomColumns, proposeMapping, withCustomSpecs } from './mapping';
import { readTable } from './read';
import { previewCustomer, rowToRecord } from './rows';

const COLUMNS: CustomColumn[] = [
	{ id: 'hang-the', label: 'Hạng thẻ', type: 'choice', options: ['Vàng', 'Bạc'], hidden: false },
	{ id: 'so-do', label: 'Số đo', type: 'number', options: [], hidden: true },
	{ id: 'ngay-cuoi', label: 'Ngày cưới', type: 'date', options: [], hidden: false },
	{ id: 'vip', label: 'VIP', type: 'yesno', options: [], hidden: false }
];

function customer(name: string, phone: string, custom: Customer['custom']): Customer {
	return {
		...buildCustomer({ name, phones: phone }, { id: name, now: 1, today: '2026-01-01' }),
		custom
	};
}

describe('custom columns in imports', () => {
	it('maps a header that is a custom column’s label (or key) to that column', () => {
		const header = ['Họ và tên', 'hạng THẺ', 'so-do', 'Size áo', 'Ghi chú'];
		const sample = [['Lan', 'Vàng', '12', 'M', 'x']];
		const proposed = proposeMapping(header, sample).mapping;
		const mapping = adoptCustomColumns(proposed, COLUMNS);
		expect(mapping.columns.map((c) => c.target)).toEqual([
			'name',
			'custom:hang-the',
			'custom:so-do',
			'custom:Size áo',
			'notes'
		]);
	});

	it('types the values of an existing column and guesses the type of a new one', () => {
		const header = ['Tên', 'Số đo', 'Size áo', 'Đã cưới'];
		const rows = [
			['Lan', '1.234,5', 'M', 'có'],
			['Hà', 'mười', 'L', 'không'],
			['Mai', '', 'M', 'có'],
			['Nga', '7', 'M', 'không']
		];
		const mapping = withCustomSpecs(
			adoptCustomColumns(proposeMapping(header, rows).mapping, COLUMNS),
			COLUMNS,
			rows
		);
		expect(mapping.customColumns).toEqual({
			'so-do': { type: 'number', options: [] },
			'Size áo': { type: 'choice', options: ['M', 'L'] },
			'Đã cưới': { type: 'yesno', options: [] }
		});
		expect(rowToRecord(rows[0], mapping).custom).toEqual({
			'so-do': 1234.5,
			'Size áo': 'M',
			'Đã cưới': true
		});
		// Kept as typed: the grid flags it.
		expect(rowToRecord(rows[1], mapping).custom['so-do']).toBe('mười');
		expect(newCustomColumns(mapping, COLUMNS)).toEqual([
			{ id: 'Size áo', label: 'Size áo', type: 'choice', options: ['M', 'L'], hidden: false },
			{ id: 'Đã cưới', label: 'Đã cưới', type: 'yesno', options: [], hidden: false }
		]);
	});

	it('reads a key like toString as text, not as a column type', () => {
		const mapping = {
			columns: [
				{ column: 0, header: 'Tên', target: 'name' as const },
				{ column: 1, header: 'toString', target: 'custom:toString' as const }
			],
			dateOrder: 'dmy' as const,
			customColumns: {}
		};
		expect(previewCustomer(rowToRecord(['Lan', '12'], mapping)).custom).toEqual({ toString: '12' });
	});
});

describe('custom columns in exports', () => {
	const people = [
		customer('Lan', '0912345678', {
			'hang-the': 'Vàng',
			'so-do': 1234.5,
			'ngay-cuoi': '2024-02-29',
			vip: true
		}),
		customer('Hà', '0987654321', { 'so-do': 'mười', vip: false, 'cu-cu': 'giữ lại' })
	];

	async function csv(): Promise<string> {
		const blob = await exportBlob('csv', [people], {
			customColumns: [
				'custom:hang-the',
				'custom:so-do',
				'custom:ngay-cuoi',
				'custom:vip',
				'custom:cu-cu'
			],
			customDefs: COLUMNS
		});
		return (await blob.text()).replace(/^\uFEFF/, '');
	}

	it('titles columns with their labels and writes values by type', async () => {
		const [head, first, second] = (await csv()).split(/\r?\n/);
		expect(head.endsWith('Hạng thẻ,Số đo,Ngày cưới,VIP,cu-cu')).toBe(true);
		expect(first.endsWith('Vàng,"1.234,5",29/02/2024,Có,')).toBe(true);
		expect(second.endsWith(',mười,,Không,giữ lại')).toBe(true);
	});

	it('comes back into the same columns with the same values when imported again', async () => {
		const file = new Blob([await csv()], { type: 'text/csv' });
		const read = await readTable(file, {});
		const sample = [...read.rows.rows()].map((r) => r.cells);
		const mapping = withCustomSpecs(
			adoptCustomColumns(proposeMapping(read.header, sample).mapping, COLUMNS),
			COLUMNS,
			sample
		);
		const back = sample.map((cells) => rowToRecord(cells, mapping).custom);
		expect(back[0]).toEqual(people[0].custom);
		expect(back[1]).toEqual(people[1].custom);
	});
});
