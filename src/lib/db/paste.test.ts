import { beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '$lib/domain/types';
import { planPaste } from '$lib/grid/paste';
import { parseTsv } from '$lib/grid/tsv';
import { createCustomer, getCustomer, trashCustomers } from './customers';
import { resetDbForTests, type SoKhachDB } from './db';
import { peekUndo, redo, undo } from './history';
import { applyPaste } from './paste';
import type { CustomColumn } from '$lib/columns/definitions';

let db: SoKhachDB;
let a: Customer;
let b: Customer;
const TODAY = '2026-03-10';
const stageId = (t: string) => ({ 'Khách quen': 'loyal', 'Tiềm năng': 'lead' })[t] ?? null;

beforeEach(async () => {
	db = await resetDbForTests();
	a = await createCustomer({ name: 'Hương', phones: '0912 345 678' });
	b = await createCustomer({ name: 'Bình' });
});

async function snapshot() {
	return {
		customers: await db.customers.toArray(),
		tags: await db.tags.toArray()
	};
}

describe('applyPaste', () => {
	it('normalises every cell as typing does and keeps invalid values, flagged', async () => {
		const block = parseTsv('01629 123 456\t20/11/1990\nnot a phone\t31/02/1990\n');
		const plan = planPaste(block, ['phones', 'birthday'], [a.id, b.id]);
		const result = await applyPaste(plan, { stageId, today: TODAY });
		expect(result.updated).toHaveLength(2);
		const huong = await getCustomer(a.id);
		// The pre-2018 11-digit mobile number is today's 10-digit one.
		expect(huong?.phoneKeys).toEqual(['+84329123456']);
		expect(huong?.birthday).toBe('1990-11-20');
		const binh = await getCustomer(b.id);
		expect(binh?.phones[0]).toMatchObject({ raw: 'not a phone', e164: null });
		expect(binh?.invalid.birthday).toMatchObject({ raw: '31/02/1990' });
	});

	it('is one undoable step, however many cells, that undo and redo replay exactly', async () => {
		const before = await snapshot();
		const plan = planPaste(
			parseTsv('Hương Lan\tVIP, Sỉ\tKhách quen\nBình An\tVIP\t\nMai\t\tTiềm năng\n'),
			['name', 'tags', 'stage'],
			[a.id, b.id]
		);
		const result = await applyPaste(plan, { stageId, today: TODAY });
		expect(result.created.map((c) => c.name)).toEqual(['Mai']);
		expect(result.created[0]).toMatchObject({ stage: 'lead', stageManual: true });
		const huong = await getCustomer(a.id);
		expect(huong).toMatchObject({ name: 'Hương Lan', stage: 'loyal', stageManual: true });
		const tags = await db.tags.toArray();
		expect(tags.map((t) => t.name).sort()).toEqual(['Sỉ', 'VIP']);
		expect(huong?.tags).toHaveLength(2);
		expect((await getCustomer(b.id))?.tags).toEqual([tags.find((t) => t.name === 'VIP')?.id]);
		expect(await peekUndo()).toMatchObject({ label: 'change_paste', params: { count: 3 } });
		const after = await snapshot();

		await undo();
		const undone = await snapshot();
		expect(undone.customers.map((c) => [c.id, c.name, c.tags, c.stage])).toEqual(
			before.customers.map((c) => [c.id, c.name, c.tags, c.stage])
		);
		expect(undone.tags.filter((t) => t.deletedAt === undefined)).toEqual([]);
		await redo();
		const redone = await snapshot();
		expect(redone.customers.map((c) => [c.id, c.name, c.tags, c.stage])).toEqual(
			after.customers.map((c) => [c.id, c.name, c.tags, c.stage])
		);
	});

	it('matches tag names as the tag editor does, case and diacritics aside', async () => {
		await applyPaste(planPaste([['VIP']], ['tags'], [a.id]), { stageId });
		await applyPaste(planPaste([['vip, Sỉ']], ['tags'], [b.id]), { stageId });
		const tags = await db.tags.toArray();
		expect(tags.map((t) => t.name).sort()).toEqual(['Sỉ', 'VIP']);
		expect((await getCustomer(b.id))?.tags).toHaveLength(2);
	});

	it('leaves an unknown stage and a trashed customer alone, and says so', async () => {
		await trashCustomers([b.id]);
		const plan = planPaste([['Đi du lịch'], ['Khách quen']], ['stage'], [a.id, b.id]);
		const result = await applyPaste(plan, { stageId });
		expect(result).toMatchObject({ unknownStages: 1, missing: 1, updated: [] });
		expect((await getCustomer(b.id))?.stage).not.toBe('loyal');
	});

	it('writes nothing and leaves no undo step when the block changes nothing', async () => {
		const batches = await db.batches.count();
		const result = await applyPaste(planPaste([['Hương']], ['name'], [a.id]), { stageId });
		expect(result.updated).toEqual([]);
		expect(await db.batches.count()).toBe(batches);
	});

	it('reads custom columns by their type, keeps a misfit as typed, and makes new rows with them', async () => {
		const columns: CustomColumn[] = [
			{ id: 'size', label: 'Size áo', type: 'choice', options: ['S', 'M', 'L'], hidden: false },
			{ id: 'visits', label: 'Số lần đến', type: 'number', options: [], hidden: false },
			{ id: 'vip', label: 'VIP', type: 'yesno', options: [], hidden: false },
			{ id: 'since', label: 'Thành viên từ', type: 'date', options: [], hidden: false }
		];
		const cols = ['custom:size', 'custom:visits', 'custom:vip', 'custom:since', 'custom:gone'];
		const block = parseTsv(
			'm\t1.234,5\tcó\t31/01/2026\tx\nXXL\tnhiều\tko\t31/02/2026\t\nL\t3\t\t\t\n'
		);
		const plan = planPaste(block, cols, [a.id, b.id]);
		expect(plan.ignoredColumns).toEqual([]);
		const result = await applyPaste(plan, { stageId, customColumns: columns, today: TODAY });
		expect((await getCustomer(a.id))?.custom).toEqual({
			size: 'M',
			visits: 1234.5,
			vip: true,
			since: '2026-01-31'
		});
		// Kept as typed, so the grid flags them (a size not in the list, not a number, no 31/02).
		expect((await getCustomer(b.id))?.custom).toEqual({
			size: 'XXL',
			visits: 'nhiều',
			vip: false,
			since: '31/02/2026'
		});
		expect(result.created).toHaveLength(1);
		expect(result.created[0].custom).toEqual({ size: 'L', visits: 3 });
		// One step, as every paste.
		await undo();
		expect((await getCustomer(a.id))?.custom).toEqual({});
		expect(await db.customers.count()).toBe(2);
	});

	it('removes a custom value when its pasted cell is empty', async () => {
		const column: CustomColumn = {
			id: 'note2',
			label: 'Ghi chú 2',
			type: 'text',
			options: [],
			hidden: false
		};
		await applyPaste(planPaste([['giữ']], ['custom:note2'], [a.id]), {
			stageId,
			customColumns: [column]
		});
		expect((await getCustomer(a.id))?.custom).toEqual({ note2: 'giữ' });
		await applyPaste(planPaste([['']], ['custom:note2'], [a.id]), {
			stageId,
			customColumns: [column]
		});
		expect((await getCustomer(a.id))?.custom).toEqual({});
	});
});
