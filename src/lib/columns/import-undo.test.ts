import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { proposeMapping } from '$lib/io/mapping';
import { lookupFromIndex, planRows } from '$lib/io/plan';
import { createCustomer } from '$lib/db/customers';
import { getDb, resetDbForTests } from '$lib/db/db';
import { peekUndo, redo, undo, undoBatch } from '$lib/db/history';
import { applyImport, existingIndex } from '$lib/db/imports';
import type { CustomColumn } from './definitions';
import { columnsAdded, settleColumns } from './import-undo';
import { listColumns, setCustomValue, updateColumn } from './store';

const col = (id: string, extra: Partial<CustomColumn> = {}): CustomColumn => ({
	id,
	label: id,
	type: 'text',
	options: [],
	hidden: false,
	...extra
});

const HEADER = ['Họ và tên', 'SĐT', 'Hạng thẻ'];
const RANK = col('Hạng thẻ', { type: 'choice', options: ['Vàng', 'Bạc'] });

async function importRanks(rows: string[][]): Promise<string> {
	const numbered = rows.map((cells, i) => ({ cells, row: i + 2 }));
	const { mapping } = proposeMapping(HEADER, rows);
	expect(mapping.columns.map((c) => c.target)).toContain('custom:Hạng thẻ');
	const lookup = lookupFromIndex(await existingIndex());
	const plan = planRows(numbered, mapping, { lookup, today: '2026-01-15', decisions: {} }).rows;
	const result = await applyImport(
		{ total: plan.length, rows: async (s, e) => plan.slice(s, e) },
		{ fileName: 'hang.csv', today: '2026-01-15', columns: [RANK] }
	);
	expect(result.batchId).not.toBeNull();
	return result.batchId!;
}

const ids = async () => (await listColumns()).map((c) => c.id);

beforeEach(async () => {
	await resetDbForTests();
});

describe('the columns an import added, when it is undone', () => {
	it('finds the columns a change to the list added', () => {
		expect(
			columnsAdded([
				{ before: { value: [col('a')] }, after: { value: [col('a'), col('b')] } },
				{ before: null, after: { key: 'columns.custom', value: [col('c')] } }
			]).map((c) => c.id)
		).toEqual(['b', 'c']);
	});

	it('leaves out the unused ones and keeps, or puts back, the used ones', () => {
		const next = settleColumns([col('own'), col('x')], [col('x'), col('y')], new Set(['y']));
		expect(next.map((c) => c.id)).toEqual(['own', 'y']);
	});

	it('defines the columns in the import’s own undo step; undo takes them away, redo back', async () => {
		await createCustomer({ name: 'Chị Mai', phones: '0912000009' });
		expect(await ids()).toEqual([]);
		const batchId = await importRanks([
			['Lan', '0912000001', 'Vàng'],
			['Hoa', '0912000002', 'Bạc']
		]);
		expect(await ids()).toEqual(['Hạng thẻ']);
		expect((await peekUndo())?.id).toBe(batchId);

		await undo();
		expect(await getDb().customers.count()).toBe(1);
		expect(await ids()).toEqual([]);

		await redo();
		expect(await getDb().customers.count()).toBe(3);
		expect(await listColumns()).toEqual([
			{ id: 'Hạng thẻ', label: 'Hạng thẻ', type: 'choice', options: ['Vàng', 'Bạc'], hidden: false }
		]);
		// And the redo can be undone again, columns included.
		await undo();
		expect(await ids()).toEqual([]);
	});

	it('keeps a column someone typed a value into since', async () => {
		const mai = await createCustomer({ name: 'Chị Mai', phones: '0912000009' });
		const batchId = await importRanks([['Lan', '0912000001', 'Vàng']]);
		const [rank] = await listColumns();
		await setCustomValue(mai.id, rank, 'Bạc');

		await undoBatch(batchId);
		expect(await getDb().customers.count()).toBe(1);
		expect(await ids()).toEqual(['Hạng thẻ']);
		expect((await getDb().customers.get(mai.id))?.custom['Hạng thẻ']).toBe('Bạc');
	});

	it('drops an empty column renamed since (the list changed after the import)', async () => {
		await createCustomer({ name: 'Chị Mai', phones: '0912000009' });
		await createCustomer({ name: 'Anh Tú', phones: '0912000008' });
		const batchId = await importRanks([['Lan', '0912000001', 'Vàng']]);
		await updateColumn('Hạng thẻ', { label: 'Hạng' });
		await undoBatch(batchId);
		expect(await ids()).toEqual([]);
		// Undoing the rename now finds no column to rename back: nothing breaks.
		await undo();
		expect(await getDb().customers.count()).toBe(2);
	});
});
