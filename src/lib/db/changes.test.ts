import type { DBCore, Middleware } from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { customerRecord } from '../../../tests/fixtures/db/records';
import { deepEqual, runBatch } from './changes';
import { resetDbForTests, type SoKhachDB } from './db';
import { NotFoundError, StorageFullError } from './errors';

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
});

async function snapshot() {
	return {
		customers: await db.customers.toArray(),
		changes: await db.changes.toArray(),
		batches: await db.batches.toArray()
	};
}

/**
 * Makes every write to `table` fail the way a full disk does. Dexie builds its middleware stack
 * when it opens, so the connection is reopened to take it in.
 */
function failWritesTo(table: string): void {
	const quota: Middleware<DBCore> = {
		stack: 'dbcore',
		name: 'simulated-quota',
		create: (down) => ({
			...down,
			table: (name) => {
				const t = down.table(name);
				if (name !== table) return t;
				return {
					...t,
					mutate: () => Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError'))
				};
			}
		})
	};
	db.use(quota);
	db.close({ disableAutoOpen: false });
}

describe('runBatch', () => {
	it('writes the records, one Batch row and one Change per record, sharing the batch id', async () => {
		const result = await runBatch('change_create', { name: 'Hương' }, 'user', async (ctx) => {
			await ctx.create('customers', [customerRecord('a'), customerRecord('b')]);
			return 'done';
		});
		expect(result).toBe('done');
		const { customers, changes, batches } = await snapshot();
		expect(customers.map((c) => c.id)).toEqual(['a', 'b']);
		expect(batches).toHaveLength(1);
		expect(batches[0]).toMatchObject({
			label: 'change_create',
			params: { name: 'Hương' },
			origin: 'user',
			state: 'done',
			count: 2
		});
		expect(changes.map((c) => [c.rowId, c.op, c.batchId])).toEqual([
			['a', 'create', batches[0].id],
			['b', 'create', batches[0].id]
		]);
		expect(changes[0].after).toEqual(customerRecord('a'));
		expect(changes[0].before).toBeNull();
		expect(changes.every((c) => c.at === batches[0].at)).toBe(true);
	});

	it('records only the fields an update really changes, and stamps updatedAt outside the diff', async () => {
		await db.customers.put(customerRecord('a'));
		const updated = await runBatch('change_update', undefined, 'user', (ctx) =>
			ctx.update('customers', 'a', { city: 'Huế', salutation: 'chị', notes: 'VIP' })
		);
		const [change] = await db.changes.toArray();
		expect(change.op).toBe('update');
		expect(change.fields).toEqual(['city', 'notes']);
		expect(change.before).toEqual({ city: 'Hà Nội', notes: '' });
		expect(change.after).toEqual({ city: 'Huế', notes: 'VIP' });
		expect(updated.updatedAt).toBeGreaterThan(customerRecord('a').updatedAt);
		expect(await db.customers.get('a')).toEqual(updated);
	});

	it('removes a field patched to undefined and logs it as absent', async () => {
		await db.customers.put(customerRecord('a', { deletedAt: 5 }));
		await runBatch('x', undefined, 'user', (ctx) =>
			ctx.update('customers', 'a', { deletedAt: undefined })
		);
		const stored = await db.customers.get('a');
		expect(stored && 'deletedAt' in stored).toBe(false);
		const [change] = await db.changes.toArray();
		expect(change.before).toEqual({ deletedAt: 5 });
		expect(change.after).toEqual({});
	});

	it('writes nothing at all for a batch that changes nothing', async () => {
		await db.customers.put(customerRecord('a'));
		const before = await snapshot();
		await runBatch('change_update', undefined, 'user', async (ctx) => {
			await ctx.update('customers', 'a', { city: 'Hà Nội' });
			await ctx.trash('customers', ['missing']);
		});
		await runBatch('nothing', undefined, 'user', async () => undefined);
		expect(await snapshot()).toEqual(before);
	});

	it('writes nothing when the work throws part-way', async () => {
		await db.customers.put(customerRecord('a'));
		const before = await snapshot();
		await expect(
			runBatch('change_update', undefined, 'user', async (ctx) => {
				await ctx.create('customers', [customerRecord('b')]);
				await ctx.update('customers', 'a', { city: 'Huế' });
				throw new Error('validation failed');
			})
		).rejects.toMatchObject({ code: 'unknown', message: 'validation failed' });
		expect(await snapshot()).toEqual(before);
	});

	it('writes nothing and reports storage-full when the disk fills while writing the log', async () => {
		await db.customers.put(customerRecord('a'));
		const before = await snapshot();
		failWritesTo('changes');
		const attempt = runBatch('change_create', undefined, 'user', async (ctx) => {
			await ctx.create('customers', [customerRecord('b')]);
			await ctx.update('customers', 'a', { city: 'Huế' });
		});
		await expect(attempt).rejects.toBeInstanceOf(StorageFullError);
		expect(await snapshot()).toEqual(before);
	});

	it('writes nothing when the disk fills on a record write after earlier ones succeeded', async () => {
		await runBatch('seed', undefined, 'user', (ctx) =>
			ctx.create('customers', [customerRecord('a')])
		);
		const before = await snapshot();
		failWritesTo('tags');
		await expect(
			runBatch('change_tags', undefined, 'user', async (ctx) => {
				await ctx.update('customers', 'a', { tags: ['t1'] });
				await ctx.create('tags', [
					{ id: 't1', name: 'VIP', colour: '', group: 'free', order: 0, createdAt: 1, updatedAt: 1 }
				]);
			})
		).rejects.toMatchObject({ code: 'storage-full' });
		expect(await snapshot()).toEqual(before);
	});

	it('fails with NotFoundError when updating a record that does not exist', async () => {
		await expect(
			runBatch('x', undefined, 'user', (ctx) => ctx.update('customers', 'nope', { city: 'Huế' }))
		).rejects.toBeInstanceOf(NotFoundError);
		expect(await db.batches.count()).toBe(0);
	});

	it('fails with a conflict when creating a record whose id is taken', async () => {
		await db.customers.put(customerRecord('a'));
		await expect(
			runBatch('x', undefined, 'user', (ctx) => ctx.create('customers', [customerRecord('a')]))
		).rejects.toMatchObject({ code: 'conflict' });
	});

	it('trashes, restores and purges with the whole record kept where it can be lost', async () => {
		await db.customers.bulkPut([customerRecord('a'), customerRecord('b')]);
		const trashed = await runBatch('t', undefined, 'user', (ctx) =>
			ctx.trash('customers', ['a', 'b', 'a', 'missing'])
		);
		expect(trashed).toBe(2);
		const a = await db.customers.get('a');
		expect(a?.deletedAt).toBeTypeOf('number');
		const trashChange = (await db.changes.toArray())[0];
		expect(trashChange).toMatchObject({ op: 'trash', fields: ['deletedAt'] });
		expect(trashChange.before).toEqual(customerRecord('a'));
		expect(trashChange.after).toEqual({ deletedAt: a?.deletedAt });

		expect(await runBatch('r', undefined, 'user', (ctx) => ctx.restore('customers', ['a']))).toBe(
			1
		);
		expect((await db.customers.get('a'))?.deletedAt).toBeUndefined();

		const purged = await runBatch('p', undefined, 'user', (ctx) => ctx.purge('customers', ['b']));
		expect(purged.map((c) => c.id)).toEqual(['b']);
		expect(await db.customers.get('b')).toBeUndefined();
		const purge = (await db.changes.toArray()).at(-1);
		expect(purge?.op).toBe('purge');
		expect(purge?.before).toMatchObject({ id: 'b', name: 'Nguyễn Thị Hương' });
		expect(purge?.after).toBeNull();
	});

	it('logs bulk creations without copying each record', async () => {
		await runBatch('batch_sample', { count: 3 }, 'sample', (ctx) =>
			ctx.bulkCreate('customers', [customerRecord('a'), customerRecord('b'), customerRecord('c')])
		);
		const changes = await db.changes.toArray();
		expect(changes.map((c) => [c.rowId, c.op, c.after])).toEqual([
			['a', 'bulk-create', null],
			['b', 'bulk-create', null],
			['c', 'bulk-create', null]
		]);
		const [batch] = await db.batches.toArray();
		expect(batch).toMatchObject({ origin: 'sample', state: 'final', count: 3 });
		expect(await db.customers.count()).toBe(3);
	});

	it('lets a user action be recorded as final, and never puts a system batch on the undo stack', async () => {
		await db.customers.put(customerRecord('a'));
		await runBatch(
			'change_empty_trash',
			undefined,
			'user',
			(ctx) => ctx.purge('customers', ['a']),
			{ state: 'final' }
		);
		await runBatch(
			'change_setting',
			undefined,
			'system',
			(ctx) => ctx.create('settings', [{ key: 'k', value: 1 }]),
			{ state: 'done', tables: ['settings'] }
		);
		const states = (await db.batches.toArray()).map((b) => [b.label, b.state]);
		expect(states).toEqual([
			['change_empty_trash', 'final'],
			['change_setting', 'final']
		]);
	});

	it('keeps the log in the order the changes were made', async () => {
		await runBatch('x', undefined, 'user', async (ctx) => {
			await ctx.create('customers', [customerRecord('a')]);
			await ctx.update('customers', 'a', { city: 'Huế' });
			await ctx.update('customers', 'a', { city: 'Đà Nẵng' });
		});
		const changes = await db.changes.orderBy('seq').toArray();
		expect(changes.map((c) => c.op)).toEqual(['create', 'update', 'update']);
		expect(changes[2].before).toEqual({ city: 'Huế' });
		expect((await db.customers.get('a'))?.city).toBe('Đà Nẵng');
	});
});

describe('deepEqual', () => {
	it('compares stored values by structure, treating a missing field as undefined', () => {
		expect(deepEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
		expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
		expect(deepEqual([1, 2], [2, 1])).toBe(false);
		expect(deepEqual({ a: null }, { a: undefined })).toBe(false);
		expect(deepEqual([], {})).toBe(false);
	});
});
