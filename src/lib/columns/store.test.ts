import { beforeEach, describe, expect, it } from 'vitest';
import { resetDbForTests } from '$lib/db/db';
import { createCustomer, getCustomer } from '$lib/db/customers';
import { peekUndo, redo, undo } from '$lib/db/history';
import {
	addColumn,
	ColumnError,
	deleteColumn,
	ensureColumns,
	keyFor,
	listColumns,
	moveColumn,
	setCustomValue,
	updateColumn
} from './store';

beforeEach(async () => {
	await resetDbForTests();
});

const labels = async () => (await listColumns()).map((c) => c.label);

describe('custom column definitions', () => {
	it('adds columns with readable keys and undoes the add', async () => {
		const a = await addColumn({
			label: ' Hạng   thẻ ',
			type: 'choice',
			options: ['Vàng', 'Bạc', 'vàng']
		});
		expect(a).toEqual({
			id: 'hang-the',
			label: 'Hạng thẻ',
			type: 'choice',
			options: ['Vàng', 'Bạc'],
			hidden: false
		});
		await addColumn({ label: 'Ngày cưới', type: 'date' });
		expect(await labels()).toEqual(['Hạng thẻ', 'Ngày cưới']);
		expect((await peekUndo())?.params?.name).toBe('Ngày cưới');
		await undo();
		expect(await labels()).toEqual(['Hạng thẻ']);
		await redo();
		expect(await labels()).toEqual(['Hạng thẻ', 'Ngày cưới']);
	});

	it('refuses an empty label, a label taken (accents aside) and a choice without options', async () => {
		await addColumn({ label: 'Hạng thẻ', type: 'text' });
		await expect(addColumn({ label: '  ', type: 'text' })).rejects.toThrow(ColumnError);
		await expect(addColumn({ label: 'hang THE', type: 'text' })).rejects.toMatchObject({
			code: 'label-taken'
		});
		await expect(
			addColumn({ label: 'Size', type: 'choice', options: [' '] })
		).rejects.toMatchObject({
			code: 'options-empty'
		});
		expect(await labels()).toEqual(['Hạng thẻ']);
	});

	it('renames without changing the key, and one undo puts the old label back', async () => {
		const c = await addColumn({ label: 'Size', type: 'text' });
		const renamed = await updateColumn(c.id, { label: 'Cỡ áo' });
		expect(renamed.id).toBe(c.id);
		expect(await labels()).toEqual(['Cỡ áo']);
		await undo();
		expect(await labels()).toEqual(['Size']);
	});

	it('reorders, hides and shows, each undoable', async () => {
		const a = await addColumn({ label: 'A', type: 'text' });
		await addColumn({ label: 'B', type: 'text' });
		const c = await addColumn({ label: 'C', type: 'text' });
		await moveColumn(c.id, -1);
		expect(await labels()).toEqual(['A', 'C', 'B']);
		await moveColumn(a.id, -1);
		expect(await labels()).toEqual(['A', 'C', 'B']);
		await updateColumn(a.id, { hidden: true });
		expect((await listColumns())[0].hidden).toBe(true);
		await undo();
		expect((await listColumns())[0].hidden).toBe(false);
		await undo();
		expect(await labels()).toEqual(['A', 'B', 'C']);
	});

	it('deletes a column but keeps its values; undo brings the column back', async () => {
		const col = await addColumn({ label: 'Size', type: 'text' });
		const cust = await createCustomer({ name: 'Lan' });
		await setCustomValue(cust.id, col, 'XL');
		expect(await deleteColumn(col.id)).toBe(true);
		expect(await listColumns()).toEqual([]);
		expect((await getCustomer(cust.id))?.custom).toEqual({ size: 'XL' });
		await undo();
		expect(await labels()).toEqual(['Size']);
		expect(await deleteColumn('nope')).toBe(false);
	});

	it('changes type keeping the values that no longer fit', async () => {
		const col = await addColumn({ label: 'Ghi chú riêng', type: 'text' });
		const cust = await createCustomer({ name: 'Lan' });
		await setCustomValue(cust.id, col, 'mười hai');
		const retyped = await updateColumn(col.id, { type: 'number' });
		expect(retyped.type).toBe('number');
		expect((await getCustomer(cust.id))?.custom).toEqual({ 'ghi-chu-rieng': 'mười hai' });
	});

	it('adds the columns an import names once, numbering a label already used', async () => {
		await addColumn({ label: 'Công ty', type: 'text' });
		const all = await ensureColumns([
			{ id: 'Công ty', label: 'Công ty', type: 'text', options: [], hidden: false },
			{ id: 'cong-ty', label: 'X', type: 'text', options: [], hidden: false }
		]);
		expect(all.map((c) => [c.id, c.label])).toEqual([
			['cong-ty', 'Công ty'],
			['Công ty', 'Công ty (2)']
		]);
	});

	it('makes keys unique', () => {
		expect(keyFor('Hạng thẻ', new Set(['hang-the']))).toBe('hang-the-2');
		expect(keyFor('!!!', new Set())).toBe('cot');
	});
});

describe('custom values', () => {
	it('stores the typed value in its column form, one undo step each', async () => {
		const size = await addColumn({ label: 'Số đo', type: 'number' });
		const vip = await addColumn({ label: 'VIP', type: 'yesno' });
		const cust = await createCustomer({ name: 'Lan' });
		await setCustomValue(cust.id, size, '1.234,5');
		const r = await setCustomValue(cust.id, vip, 'có');
		expect(r.customer.custom).toEqual({ 'so-do': 1234.5, vip: true });
		expect((await peekUndo())?.params).toMatchObject({ field: 'VIP', name: 'Lan' });
		await undo();
		expect((await getCustomer(cust.id))?.custom).toEqual({ 'so-do': 1234.5 });
	});

	it('keeps an invalid value as typed and reports it; empty text removes the value', async () => {
		const size = await addColumn({ label: 'Số đo', type: 'number' });
		const cust = await createCustomer({ name: 'Lan' });
		const r = await setCustomValue(cust.id, size, 'abc');
		expect(r).toMatchObject({
			problem: 'number-invalid',
			customer: { custom: { 'so-do': 'abc' } }
		});
		const cleared = await setCustomValue(cust.id, size, '');
		expect(cleared.customer.custom).toEqual({});
	});
});
