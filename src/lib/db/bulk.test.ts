import { beforeEach, describe, expect, it } from 'vitest';
import { resetDbForTests, type SoKhachDB } from './db';
import { createCustomer, getCustomer, trashCustomers } from './customers';
import { redo, undo } from './history';
import { moveCustomersToStage, setFieldOnCustomers } from './bulk';
import { setStageByHand } from './stages';

let db: SoKhachDB;
const TODAY = '2026-11-20';

beforeEach(async () => {
	db = await resetDbForTests();
});

async function book() {
	const a = await createCustomer({ name: 'Hương', city: 'Huế' });
	const b = await createCustomer({ name: 'Lan', notes: 'Thích hoa cúc' });
	const c = await createCustomer({ name: 'Đức' });
	const gone = await createCustomer({ name: 'Mai' });
	await trashCustomers([gone.id]);
	return { a, b, c, gone };
}

describe('setFieldOnCustomers', () => {
	it('sets the field on the chosen customers, normalised, and counts only those changed', async () => {
		const { a, b, c } = await book();
		const result = await setFieldOnCustomers([a.id, b.id, b.id], {
			field: 'city',
			value: '  Huế '
		});
		expect(result).toEqual({ count: 1, skipped: 0 });
		expect((await getCustomer(b.id))?.city).toBe('Huế');
		expect((await getCustomer(c.id))?.city).toBe('');
	});

	it('is one undo step over the whole book that undo and redo put back exactly', async () => {
		const { a, b, c, gone } = await book();
		const ids = [a.id, b.id, c.id, gone.id];
		// Undo stamps its own write time; everything else must come back as it was.
		const read = async () =>
			(await Promise.all(ids.map(getCustomer))).map((c) => ({ ...c, updatedAt: 0 }));
		const before = await read();
		const batches = await db.batches.count();
		const result = await setFieldOnCustomers('all', { field: 'gender', value: 'chưa rõ' });
		expect(result.count).toBe(3);
		expect(await db.batches.count()).toBe(batches + 1);
		const batch = await db.batches.orderBy('at').last();
		expect(batch).toMatchObject({
			label: 'change_bulk_field',
			params: { field: 'gender', count: 3 }
		});
		const after = await getCustomer(a.id);
		// An unknown word is kept as typed and flagged, as in a cell.
		expect(after?.invalid.gender).toEqual({ raw: 'chưa rõ', problem: 'gender-unknown' });
		await undo();
		expect(await read()).toEqual(before);
		await redo();
		expect((await getCustomer(c.id))?.invalid.gender?.raw).toBe('chưa rõ');
		// The trashed customer was never touched.
		expect((await read())[3]).toEqual(before[3]);
		expect((await getCustomer(gone.id))?.invalid.gender).toBeUndefined();
	});

	it('adds a line to the notes and leaves no undo step when run again', async () => {
		const { a, b } = await book();
		await setFieldOnCustomers([a.id, b.id], { field: 'notes', value: 'Đã gửi thiệp Tết' });
		expect((await getCustomer(b.id))?.notes).toBe('Thích hoa cúc\nĐã gửi thiệp Tết');
		const batches = await db.batches.count();
		const again = await setFieldOnCustomers([a.id, b.id], {
			field: 'notes',
			value: 'Đã gửi thiệp Tết'
		});
		expect(again.count).toBe(0);
		expect(await db.batches.count()).toBe(batches);
	});

	it('rates leads only and says how many it left out', async () => {
		const { a, b } = await book();
		await setStageByHand(b.id, 'loyal', { today: TODAY });
		const result = await setFieldOnCustomers([a.id, b.id], {
			field: 'leadTemperature',
			value: 'warm'
		});
		expect(result).toEqual({ count: 1, skipped: 1 });
		expect((await getCustomer(a.id))?.leadTemperature).toBe('warm');
		expect((await getCustomer(b.id))?.leadTemperature).toBeUndefined();
	});

	it('refuses a field that cannot be set in bulk or a temperature that does not exist', async () => {
		const { a } = await book();
		await expect(
			setFieldOnCustomers([a.id], { field: 'phones', value: '0912345678' } as never)
		).rejects.toMatchObject({ problem: 'value-invalid' });
		await expect(
			setFieldOnCustomers([a.id], { field: 'leadTemperature', value: 'boiling' } as never)
		).rejects.toMatchObject({ problem: 'value-invalid' });
	});

	it('works through a book larger than one chunk', async () => {
		const template = await createCustomer({ name: 'Mẫu' });
		await db.customers.bulkPut(
			Array.from({ length: 4500 }, (_, i) => ({ ...template, id: `c${i}` }))
		);
		const { count } = await setFieldOnCustomers('all', { field: 'source', value: 'Zalo' });
		expect(count).toBe(4501);
		expect((await db.customers.toArray()).every((c) => c.source === 'Zalo')).toBe(true);
		await undo();
		expect((await db.customers.toArray()).every((c) => c.source === '')).toBe(true);
		// 4,500 writes and their undo in fake-indexeddb: seconds on a busy machine.
	}, 30_000);
});

describe('moveCustomersToStage', () => {
	it('sets the stage by hand with the reason, as the panel does, in one undo step', async () => {
		const { a, b, c } = await book();
		await setStageByHand(c.id, 'care', { today: TODAY });
		const stored = await getCustomer(c.id);
		const result = await moveCustomersToStage([a.id, b.id, c.id], 'care', { today: TODAY });
		expect(result.count).toBe(2);
		for (const id of [a.id, b.id]) {
			expect(await getCustomer(id)).toMatchObject({
				stage: 'care',
				stageManual: true,
				stageReason: { rule: 'manual', date: TODAY }
			});
		}
		// Already there by hand: untouched.
		expect(await getCustomer(c.id)).toEqual(stored);
		expect(await db.batches.orderBy('at').last()).toMatchObject({
			label: 'change_bulk_stage',
			params: { stage: 'care', count: 2 }
		});
		await undo();
		expect(await getCustomer(a.id)).toMatchObject({ stage: null, stageManual: false });
		expect((await getCustomer(a.id))?.stageReason).toBeUndefined();
	});

	it('keeps the reason a customer was lost for, and refuses an unknown stage', async () => {
		const { a, gone } = await book();
		await moveCustomersToStage('all', 'lost', { lostReason: 'moved', today: TODAY });
		expect((await getCustomer(a.id))?.stageReason).toEqual({
			rule: 'manual',
			date: TODAY,
			lostReason: 'moved'
		});
		expect((await getCustomer(gone.id))?.stage).toBe(null);
		await expect(moveCustomersToStage([a.id], 'vip')).rejects.toMatchObject({
			field: 'stage',
			problem: 'value-invalid'
		});
	});
});
