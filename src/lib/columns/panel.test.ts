import { describe, expect, it } from 'vitest';
import type { CustomColumn } from './definitions';
import { customDiff, isUnchanged, panelFields, shownValue } from './panel';

const col = (id: string, type: CustomColumn['type'], extra: Partial<CustomColumn> = {}) =>
	({ id, label: id.toUpperCase(), type, options: [], hidden: false, ...extra }) as CustomColumn;

const columns: CustomColumn[] = [
	col('hang', 'choice', { label: 'Hạng thẻ', options: ['Vàng', 'Bạc'] }),
	col('so-do', 'number', { label: 'Số đo' }),
	col('an', 'text', { label: 'Ẩn', hidden: true }),
	col('cuoi', 'date', { label: 'Ngày cưới' }),
	col('vip', 'yesno', { label: 'VIP' }),
	col('ghi', 'text', { label: 'Ghi chú' })
];

describe('the panel’s custom fields', () => {
	it('lists the shown columns in the owner’s order with an editor fitting each type', () => {
		const fields = panelFields(columns, { custom: { an: 'bí mật' } });
		expect(fields.map((f) => [f.column.label, f.editor])).toEqual([
			['Hạng thẻ', 'select'],
			['Số đo', 'number'],
			['Ngày cưới', 'date'],
			['VIP', 'select'],
			['Ghi chú', 'text']
		]);
		expect(fields[0].options).toEqual(['', 'Vàng', 'Bạc']);
		expect(fields[3].options).toEqual(['', 'Có', 'Không']);
	});

	it('shows values as the grid does: 1.234,5, dd/mm/yyyy, Có', () => {
		const fields = panelFields(columns, {
			custom: { 'so-do': 1234.5, cuoi: '2024-01-31', vip: true, hang: 'Vàng' }
		});
		expect(fields.map((f) => f.text)).toEqual(['Vàng', '1.234,5', '31/01/2024', 'Có', '']);
		expect(fields.every((f) => f.problem === null)).toBe(true);
		expect(panelFields(columns, { custom: { vip: false } }, 'en')[3].text).toBe('No');
	});

	it('keeps a value that does not fit as typed, flags it, and lists it in the select', () => {
		const fields = panelFields(columns, {
			custom: { 'so-do': 'mười', cuoi: '31/02/2024', hang: 'Kim cương', vip: 'chắc' }
		});
		expect(fields[0]).toMatchObject({ text: 'Kim cương', problem: 'choice-unknown' });
		expect(fields[0].options).toEqual(['', 'Vàng', 'Bạc', 'Kim cương']);
		expect(fields[1]).toMatchObject({ text: 'mười', problem: 'number-invalid' });
		expect(fields[2]).toMatchObject({ text: '31/02/2024', problem: 'date-invalid' });
		expect(fields[3]).toMatchObject({ text: 'chắc', problem: 'yesno-invalid' });
		expect(fields[3].options).toEqual(['', 'Có', 'Không', 'chắc']);
	});

	it('saves nothing when the text typed is what is shown', () => {
		const [, size] = panelFields(columns, { custom: { 'so-do': 12 } });
		expect(isUnchanged(size, ' 12 ')).toBe(true);
		expect(isUnchanged(size, '13')).toBe(false);
		// "1.234,50" is a change of text, saved, then shown as stored.
		expect(isUnchanged(size, '1.234,50')).toBe(false);
		expect(shownValue(columns[1], { custom: { 'so-do': 1234.5 } })).toBe('1.234,5');
		expect(shownValue(columns[1], { custom: { 'so-do': 1234.5 } }, 'en')).toBe('1,234.5');
	});
});

describe('custom changes in the history', () => {
	it('names each changed column and shows its values as the grid does', () => {
		expect(
			customDiff(
				{ 'so-do': 12, hang: 'Bạc', cu: 'x' },
				{ 'so-do': 1234.5, hang: 'Bạc', vip: true, cu: 'x' },
				columns
			)
		).toEqual([
			{ label: 'Số đo', before: '12', after: '1.234,5' },
			{ label: 'VIP', before: '', after: 'Có' }
		]);
	});

	it('names a column deleted since by its key', () => {
		expect(customDiff({}, { cu: 'x' }, columns)).toEqual([{ label: 'cu', before: '', after: 'x' }]);
		expect(customDiff(undefined, null, columns)).toEqual([]);
	});
});
