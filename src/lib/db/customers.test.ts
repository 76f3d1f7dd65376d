import { beforeEach, describe, expect, it } from 'vitest';
import { resetDbForTests, type SoKhachDB } from './db';
import {
	countCustomers,
	countTrash,
	createCustomer,
	editCustomerField,
	emptyTrash,
	findByEmail,
	findByPhone,
	getCustomer,
	listReferrals,
	restoreCustomers,
	setReferredBy,
	setCustomerTags,
	trashCustomers,
	updateCustomer
} from './customers';
import { NotFoundError } from './errors';
import { InputError } from './input';
import {
	interactionRecord,
	purchaseRecord,
	reminderRecord
} from '../../../tests/fixtures/db/records';
import { canUndo, customerHistory, peekUndo, undo } from './history';
import { listTags } from './tags';

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
});

const huong = () =>
	createCustomer({
		name: 'Nguyễn Thị Hương',
		phones: '0912 345 678',
		emails: 'Huong@Example.com',
		city: 'Hà Nội'
	});

describe('createCustomer', () => {
	it('stores the normalised customer as one undoable step named after the customer', async () => {
		const c = await huong();
		expect(await getCustomer(c.id)).toEqual(c);
		expect(c.phoneKeys).toEqual(['+84912345678']);
		expect(await peekUndo()).toMatchObject({
			label: 'change_create',
			params: { name: 'Nguyễn Thị Hương' },
			origin: 'user',
			state: 'done',
			count: 1
		});
	});

	it('keeps invalid values as typed', async () => {
		const c = await createCustomer({ name: 'Lan', phones: '12345', birthday: '31/02/1990' });
		const stored = await getCustomer(c.id);
		expect(stored?.phones[0].raw).toBe('12345');
		expect(stored?.phones[0].e164).toBeNull();
		expect(stored?.invalid.birthday?.raw).toBe('31/02/1990');
	});

	it('gives every customer a distinct id', async () => {
		const a = await huong();
		const b = await huong();
		expect(a.id).not.toBe(b.id);
		expect(await countCustomers()).toBe(2);
	});
});

describe('editCustomerField', () => {
	it('stores the edit and its derived fields, and logs only what changed', async () => {
		const c = await huong();
		const updated = await editCustomerField(c.id, 'phones', '0987 654 321');
		expect(updated.phoneKeys).toEqual(['+84987654321']);
		expect(updated.updatedAt).toBeGreaterThanOrEqual(c.updatedAt);
		expect(await getCustomer(c.id)).toEqual(updated);
		const [change] = await customerHistory(c.id, 1);
		expect(change.op).toBe('update');
		expect(change.fields?.sort()).toEqual(['phoneKeys', 'phones']);
		expect(await peekUndo()).toMatchObject({
			label: 'change_edit_field',
			params: { field: 'phones', name: 'Nguyễn Thị Hương' }
		});
	});

	it('writes nothing when the text normalises to what is stored', async () => {
		const c = await huong();
		const batches = await db.batches.count();
		const same = await editCustomerField(c.id, 'phones', '0912345678');
		expect(same).toEqual(c);
		expect(await db.batches.count()).toBe(batches);
		expect(await db.changes.count()).toBe(1);
	});

	it('fails with not-found for a customer deleted elsewhere', async () => {
		await expect(editCustomerField('missing', 'city', 'Huế')).rejects.toBeInstanceOf(NotFoundError);
	});

	it('is undone field by field', async () => {
		const c = await huong();
		await editCustomerField(c.id, 'city', 'Huế');
		await undo();
		expect((await getCustomer(c.id))?.city).toBe('Hà Nội');
	});
});

describe('updateCustomer', () => {
	it('applies a programmatic patch under the given label', async () => {
		const c = await huong();
		const updated = await updateCustomer(c.id, { consent: true }, 'change_update');
		expect(updated.consent).toBe(true);
		expect((await peekUndo())?.params).toEqual({ name: 'Nguyễn Thị Hương' });
	});
});

describe('setCustomerTags', () => {
	it('creates missing tags and reuses existing ones whatever their accents or case', async () => {
		const a = await huong();
		const b = await huong();
		const tagged = await setCustomerTags(a.id, ['Khách VIP', 'Zalo']);
		const again = await setCustomerTags(b.id, ['khach vip', 'ZALO', 'Mới']);
		const tags = await listTags();
		expect(tags.map((t) => t.name)).toEqual(['Khách VIP', 'Zalo', 'Mới']);
		expect(again.tags.slice(0, 2)).toEqual(tagged.tags);
		expect(again.tags).toHaveLength(3);
	});

	it('takes tag creation back together with the tagging in one undo', async () => {
		const c = await huong();
		await setCustomerTags(c.id, ['VIP']);
		await undo();
		expect((await getCustomer(c.id))?.tags).toEqual([]);
		expect(await listTags()).toEqual([]);
	});
});

describe('trash', () => {
	it('moves customers to the trash in one step and counts them apart', async () => {
		const a = await huong();
		const b = await huong();
		const c = await huong();
		expect(await trashCustomers([a.id, b.id])).toBe(2);
		expect(await countCustomers()).toBe(1);
		expect(await countTrash()).toBe(2);
		expect(await peekUndo()).toMatchObject({ label: 'change_trash', params: { count: 2 } });
		expect(await findByPhone('+84912345678')).toEqual([await getCustomer(c.id)]);
		expect(await findByPhone('+84912345678', { includeTrashed: true })).toHaveLength(3);

		await undo();
		expect(await countTrash()).toBe(0);
		expect(await countCustomers()).toBe(3);
	});

	it('restores customers from the trash', async () => {
		const a = await huong();
		await trashCustomers([a.id]);
		expect(await restoreCustomers([a.id])).toBe(1);
		expect((await getCustomer(a.id))?.deletedAt).toBeUndefined();
		expect(await peekUndo()).toMatchObject({ label: 'change_restore', params: { count: 1 } });
	});

	it('empties the trash for good, off the undo stack, keeping each record in the log', async () => {
		const a = await huong();
		const b = await huong();
		await trashCustomers([a.id]);
		const trashBatch = await peekUndo();

		expect(await emptyTrash()).toBe(1);

		expect(await getCustomer(a.id)).toBeUndefined();
		expect(await getCustomer(b.id)).toBeDefined();
		expect(await countTrash()).toBe(0);
		const emptied = (await db.batches.toArray()).find((x) => x.label === 'change_empty_trash');
		expect(emptied).toMatchObject({ origin: 'user', state: 'final', params: { count: 1 } });
		const [purge] = await customerHistory(a.id, 1);
		expect(purge.op).toBe('purge');
		expect(purge.before).toMatchObject({ id: a.id, name: 'Nguyễn Thị Hương' });
		// Ctrl+Z now reaches the step before, whose record is gone: it reports it instead.
		expect((await peekUndo())?.id).toBe(trashBatch?.id);
		const result = await undo();
		expect(result?.conflicts).toEqual([{ table: 'customers', rowId: a.id, reason: 'missing' }]);
	});

	it('writes nothing when the trash is already empty', async () => {
		await huong();
		const batches = await db.batches.count();
		expect(await emptyTrash()).toBe(0);
		expect(await db.batches.count()).toBe(batches);
	});
});

describe('look-ups', () => {
	it('finds customers by email whatever the case', async () => {
		const c = await huong();
		expect((await findByEmail('  HUONG@example.com ')).map((x) => x.id)).toEqual([c.id]);
		expect(await findByEmail('other@example.com')).toEqual([]);
	});

	it('counts only what it is asked about', async () => {
		expect(await countCustomers()).toBe(0);
		expect(await countTrash()).toBe(0);
		expect(await canUndo()).toBe(false);
	});
});

describe('referrals', () => {
	const someone = (name: string) => createCustomer({ name });

	it('links a customer to their referrer as one undoable step and lists the referrals', async () => {
		const a = await someone('An');
		const b = await someone('Bình');
		const c = await someone('Chi');
		await setReferredBy(b.id, a.id);
		await setReferredBy(c.id, a.id);
		expect(await peekUndo()).toMatchObject({
			label: 'change_referral',
			params: { name: 'Chi', referrer: 'An' }
		});
		expect((await listReferrals(a.id)).map((x) => x.name)).toEqual(['Bình', 'Chi']);
		await trashCustomers([c.id]);
		expect((await listReferrals(a.id)).map((x) => x.name)).toEqual(['Bình']);
		await setReferredBy(b.id, null);
		expect((await getCustomer(b.id))?.referredBy).toBeNull();
	});

	it('refuses a customer referring themselves', async () => {
		const a = await someone('An');
		await expect(setReferredBy(a.id, a.id)).rejects.toMatchObject({
			code: 'invalid-input',
			problem: 'referral-self'
		});
	});

	it('refuses a link that would close a loop, however long, and writes nothing', async () => {
		const a = await someone('An');
		const b = await someone('Bình');
		const c = await someone('Chi');
		await setReferredBy(b.id, a.id);
		await setReferredBy(c.id, b.id);
		const batches = await db.batches.count();
		const error = await setReferredBy(a.id, c.id).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(InputError);
		expect(error).toMatchObject({ field: 'referredBy', problem: 'referral-cycle' });
		expect((await getCustomer(a.id))?.referredBy).toBeNull();
		expect(await db.batches.count()).toBe(batches);
	});

	it('refuses a referrer in the trash', async () => {
		const a = await someone('An');
		const b = await someone('Bình');
		await trashCustomers([a.id]);
		await expect(setReferredBy(b.id, a.id)).rejects.toMatchObject({
			problem: 'customer-trashed'
		});
	});
});

describe('emptyTrash and what hangs off a customer', () => {
	it('purges the trashed customers’ purchases, interactions and reminders in the same batch', async () => {
		const gone = await huong();
		const kept = await createCustomer({ name: 'Trần Minh' });
		await db.purchases.bulkAdd([purchaseRecord('p1', gone.id), purchaseRecord('p2', kept.id)]);
		await db.interactions.bulkAdd([
			interactionRecord('i1', gone.id),
			interactionRecord('i2', kept.id)
		]);
		await db.reminders.bulkAdd([reminderRecord('r1', gone.id), reminderRecord('r2', kept.id)]);
		await updateCustomer(kept.id, { referredBy: gone.id });
		await trashCustomers([gone.id]);

		expect(await emptyTrash()).toBe(1);

		expect(await db.purchases.toCollection().primaryKeys()).toEqual(['p2']);
		expect(await db.interactions.toCollection().primaryKeys()).toEqual(['i2']);
		expect(await db.reminders.toCollection().primaryKeys()).toEqual(['r2']);
		expect((await getCustomer(kept.id))?.referredBy).toBeNull();
		const batch = (await db.batches.toArray()).find((b) => b.label === 'change_empty_trash');
		if (!batch) throw new Error('no empty-trash batch');
		const changes = await db.changes.where('batchId').equals(batch.id).toArray();
		expect(changes.map((c) => `${c.op} ${c.table} ${c.rowId}`).sort()).toEqual(
			[
				`purge customers ${gone.id}`,
				'purge interactions i1',
				'purge purchases p1',
				'purge reminders r1',
				`update customers ${kept.id}`
			].sort()
		);
		expect(batch).toMatchObject({ state: 'final', count: 5, params: { count: 1 } });
	});
});
