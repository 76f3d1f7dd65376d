import { beforeEach, describe, expect, it } from 'vitest';
import { customerRecord } from '../../../tests/fixtures/db/records';
import { runBatch } from './changes';
import { resetDbForTests, type SoKhachDB } from './db';
import { canRedo, canUndo, customerHistory, peekRedo, peekUndo, redo, undo } from './history';

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
});

const seed = (...ids: string[]) =>
	runBatch('seed', undefined, 'sample', (ctx) =>
		ctx.bulkCreate(
			'customers',
			ids.map((id) => customerRecord(id))
		)
	);

const edit = (id: string, patch: Parameters<typeof customerRecord>[1], label = 'change_update') =>
	runBatch(label, { name: id }, 'user', (ctx) => ctx.update('customers', id, patch ?? {}));

/** A change made outside the undo stack (another tab's sync, a rule): final, like a system batch. */
const systemEdit = (id: string, patch: Parameters<typeof customerRecord>[1]) =>
	runBatch('rule', undefined, 'system', (ctx) => ctx.update('customers', id, patch ?? {}));

describe('undo', () => {
	it('reverts the latest action and records the revert as a final undo batch', async () => {
		await seed('a');
		await edit('a', { city: 'Huế', notes: 'VIP' });
		const original = (await db.batches.toArray()).find((b) => b.origin === 'user');
		if (!original) throw new Error('the edit wrote no batch');

		const result = await undo();

		expect(result?.batch.id).toBe(original.id);
		expect(result?.applied).toBe(1);
		expect(result?.conflicts).toEqual([]);
		const a = await db.customers.get('a');
		expect(a?.city).toBe('Hà Nội');
		expect(a?.notes).toBe('');
		const marked = await db.batches.get(original.id);
		expect(marked?.state).toBe('undone');
		expect(marked?.undoneAt).toBeTypeOf('number');
		const undoBatch = (await db.batches.toArray()).find((b) => b.origin === 'undo');
		expect(undoBatch).toMatchObject({
			state: 'final',
			label: 'change_update',
			params: { name: 'a', undoOf: original.id },
			count: 1
		});
	});

	it('returns null when there is nothing to undo, skipping sample loads and settings', async () => {
		await seed('a');
		await runBatch('change_setting', undefined, 'system', (ctx) =>
			ctx.create('settings', [{ key: 'lang', value: 'en' }])
		);
		expect(await canUndo()).toBe(false);
		expect(await undo()).toBeNull();
		expect(await db.customers.count()).toBe(1);
	});

	it('takes back a creation by purging the record, keeping it in the log', async () => {
		await runBatch('change_create', { name: 'Hương' }, 'user', (ctx) =>
			ctx.create('customers', [customerRecord('a', { notes: 'first' })])
		);
		await undo();
		expect(await db.customers.get('a')).toBeUndefined();
		const [purge] = await customerHistory('a', 1);
		expect(purge.op).toBe('purge');
		expect(purge.before).toMatchObject({ id: 'a', notes: 'first' });
	});

	it('restores trashed records and trashes restored ones again', async () => {
		await seed('a', 'b');
		await runBatch('change_trash', { count: 2 }, 'user', (ctx) =>
			ctx.trash('customers', ['a', 'b'])
		);
		await undo();
		expect((await db.customers.get('a'))?.deletedAt).toBeUndefined();
		expect((await db.customers.get('b'))?.deletedAt).toBeUndefined();

		await runBatch('change_trash', { count: 1 }, 'user', (ctx) => ctx.trash('customers', ['a']));
		const trashedAt = (await db.customers.get('a'))?.deletedAt;
		await runBatch('change_restore', { count: 1 }, 'user', (ctx) =>
			ctx.restore('customers', ['a'])
		);
		await undo();
		expect((await db.customers.get('a'))?.deletedAt).toBe(trashedAt);
	});

	it('brings back purged records exactly as they were', async () => {
		await seed('a');
		await edit('a', { notes: 'keep me' });
		const stored = await db.customers.get('a');
		await runBatch('change_empty_trash', undefined, 'import', (ctx) =>
			ctx.purge('customers', ['a'])
		);
		await undo();
		expect(await db.customers.get('a')).toEqual(stored);
	});

	it('reverts the changes of one batch in reverse order', async () => {
		await runBatch('change_create', undefined, 'user', async (ctx) => {
			await ctx.create('customers', [customerRecord('a')]);
			await ctx.update('customers', 'a', { city: 'Huế' });
			await ctx.trash('customers', ['a']);
		});
		const result = await undo();
		expect(result?.conflicts).toEqual([]);
		expect(await db.customers.get('a')).toBeUndefined();
	});

	it('keeps fields changed since and reports them, reverting the others', async () => {
		await seed('a');
		await edit('a', { city: 'Huế', notes: 'VIP' });
		await systemEdit('a', { city: 'Đà Nẵng' });

		const result = await undo();

		expect(result?.conflicts).toEqual([
			{ table: 'customers', rowId: 'a', field: 'city', reason: 'changed' }
		]);
		const a = await db.customers.get('a');
		expect(a?.city).toBe('Đà Nẵng');
		expect(a?.notes).toBe('');
	});

	it('treats a field changed and changed back as unchanged (values are compared, not edits)', async () => {
		await seed('a');
		await edit('a', { phones: [{ raw: '0987', e164: null, problem: 'phone-too-short' }] });
		await systemEdit('a', { phones: [] });
		await systemEdit('a', { phones: [{ raw: '0987', e164: null, problem: 'phone-too-short' }] });
		const result = await undo();
		expect(result?.conflicts).toEqual([]);
		expect((await db.customers.get('a'))?.phones).toEqual(customerRecord('a').phones);
	});

	it('drops an action whose every change conflicts from both stacks', async () => {
		await seed('a');
		await edit('a', { city: 'Cần Thơ' }, 'first');
		await edit('a', { notes: 'x' }, 'second');
		await systemEdit('a', { notes: 'y' });

		const result = await undo();
		expect(result?.applied).toBe(0);
		expect(result?.conflicts).toHaveLength(1);
		expect(await canRedo()).toBe(false);
		expect((await db.batches.toArray()).some((b) => b.origin === 'undo')).toBe(false);
		expect((await peekUndo())?.label).toBe('first');
	});

	it('reports records that no longer exist', async () => {
		await seed('a');
		await edit('a', { city: 'Huế' });
		await runBatch('purge', undefined, 'system', (ctx) => ctx.purge('customers', ['a']));
		const result = await undo();
		expect(result?.conflicts).toEqual([
			{ table: 'customers', rowId: 'a', field: 'city', reason: 'missing' }
		]);
	});

	it('undoes an import of many records in one step', async () => {
		const ids = Array.from({ length: 2300 }, (_, i) => `c${String(i).padStart(5, '0')}`);
		await runBatch('import', { count: ids.length }, 'import', (ctx) =>
			ctx.bulkCreate(
				'customers',
				ids.map((id) => customerRecord(id))
			)
		);
		await runBatch('change_trash', undefined, 'user', (ctx) => ctx.trash('customers', ids));
		await undo();
		expect(await db.customers.where('deletedAt').above(0).count()).toBe(0);
		await undo();
		expect(await db.customers.count()).toBe(0);
		await redo();
		expect(await db.customers.count()).toBe(ids.length);
	});

	it('survives a reload: the stacks live in the database', async () => {
		await seed('a');
		await edit('a', { city: 'Huế' });
		await resetDbForTests(db.name);
		expect((await peekUndo())?.label).toBe('change_update');
		await undo();
		await resetDbForTests(db.name);
		expect(await canRedo()).toBe(true);
		await redo();
		expect((await resetDbForTests(db.name).then((d) => d.customers.get('a')))?.city).toBe('Huế');
	});
});

describe('redo', () => {
	it('re-applies what the undo took away, as a new undoable action', async () => {
		await seed('a');
		await edit('a', { city: 'Huế' });
		const original = await peekUndo();
		await undo();
		expect((await peekRedo())?.id).toBe(original?.id);

		const result = await redo();

		expect(result?.batch.id).toBe(original?.id);
		expect(result?.applied).toBe(1);
		expect((await db.customers.get('a'))?.city).toBe('Huế');
		expect((await db.batches.get(original?.id ?? ''))?.state).toBe('final');
		const redoBatch = await peekUndo();
		expect(redoBatch).toMatchObject({
			origin: 'redo',
			state: 'done',
			label: 'change_update',
			params: { name: 'a', redoOf: original?.id }
		});
		expect(await canRedo()).toBe(false);

		await undo();
		expect((await db.customers.get('a'))?.city).toBe('Hà Nội');
		await redo();
		expect((await db.customers.get('a'))?.city).toBe('Huế');
	});

	it('redoes the most recently undone action first', async () => {
		await seed('a');
		await edit('a', { city: 'Huế' }, 'first');
		await edit('a', { notes: 'VIP' }, 'second');
		await undo();
		await undo();
		expect((await peekRedo())?.label).toBe('first');
		await redo();
		expect((await peekRedo())?.label).toBe('second');
		await redo();
		const a = await db.customers.get('a');
		expect([a?.city, a?.notes]).toEqual(['Huế', 'VIP']);
	});

	it('is no longer possible after a new action', async () => {
		await seed('a');
		await edit('a', { city: 'Huế' }, 'first');
		await undo();
		expect(await canRedo()).toBe(true);
		await edit('a', { notes: 'new' }, 'second');
		expect(await canRedo()).toBe(false);
		expect(await redo()).toBeNull();
		expect((await db.customers.get('a'))?.city).toBe('Hà Nội');
	});

	it('is still possible after a setting change, which is not an action on the data', async () => {
		await seed('a');
		await edit('a', { city: 'Huế' });
		await undo();
		await runBatch('change_setting', undefined, 'system', (ctx) =>
			ctx.create('settings', [{ key: 'lang', value: 'en' }])
		);
		expect(await canRedo()).toBe(true);
	});

	it('brings back only the fields the undo reverted', async () => {
		await seed('a');
		await edit('a', { city: 'Huế', notes: 'VIP' });
		await systemEdit('a', { city: 'Đà Nẵng' });
		await undo();
		await systemEdit('a', { city: 'Vinh' });
		const result = await redo();
		expect(result?.conflicts).toEqual([]);
		const a = await db.customers.get('a');
		expect([a?.city, a?.notes]).toEqual(['Vinh', 'VIP']);
	});
});

describe('customerHistory', () => {
	it('lists every change to one customer, newest first', async () => {
		await seed('a', 'b');
		await edit('a', { city: 'Huế' });
		await edit('b', { city: 'Vinh' });
		await runBatch('change_trash', undefined, 'user', (ctx) => ctx.trash('customers', ['a']));
		await undo();
		const ops = (await customerHistory('a')).map((c) => c.op);
		expect(ops).toEqual(['restore', 'trash', 'update', 'bulk-create']);
		expect(await customerHistory('a', 2)).toHaveLength(2);
	});
});
