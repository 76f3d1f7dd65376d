import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { proposeMapping } from '$lib/io/mapping';
import { lookupFromIndex, planRows, type Decisions, type PlanRow } from '$lib/io/plan';
import { createCustomer, getCustomer, setCustomerTags } from './customers';
import { getDb, resetDbForTests } from './db';
import { listedIds, runBatch } from './changes';
import { peekUndo, redo, undo, undoBatch } from './history';
import { customerTimeline } from './timeline';
import {
	applyImport,
	existingIndex,
	listImports,
	recoverImports,
	type ImportRowSource
} from './imports';
import { createPurchase } from './purchases';

const TODAY = '2026-01-15';
const HEADER = ['Họ và tên', 'SĐT', 'Email', 'Địa chỉ', 'Tỉnh/Thành phố', 'Nhóm khách hàng'];
const PURCHASE_HEADER = ['Họ và tên', 'SĐT', 'Ngày mua', 'Số tiền', 'Sản phẩm'];

async function planOf(
	header: string[],
	rows: string[][],
	decisions: Decisions = {}
): Promise<PlanRow[]> {
	const numbered = rows.map((cells, i) => ({ cells, row: i + 2 }));
	const { mapping } = proposeMapping(
		header,
		rows.slice(0, 200).map((r) => r)
	);
	const lookup = lookupFromIndex(await existingIndex());
	return planRows(numbered, mapping, { lookup, today: TODAY, decisions }).rows;
}

function sourceOf(rows: PlanRow[], failAt?: number): ImportRowSource {
	return {
		total: rows.length,
		async rows(start, end) {
			if (failAt !== undefined && start >= failAt) throw new Error('disk on fire');
			return rows.slice(start, end);
		}
	};
}

function manyRows(n: number): string[][] {
	return Array.from({ length: n }, (_, i) => [
		`Khách ${i}`,
		`09${String(10_000_000 + i).slice(-8)}`,
		i % 3 === 0 ? `khach${i}@example.com` : '',
		'',
		'Hà Nội',
		i % 2 === 0 ? 'VIP' : 'Quen'
	]);
}

interface Snapshot {
	customers: number;
	purchases: number;
	reminders: number;
	tags: number;
	undo: string | null;
}

async function snapshot(): Promise<Snapshot> {
	const db = getDb();
	return {
		customers: await db.customers.count(),
		purchases: await db.purchases.count(),
		reminders: await db.reminders.count(),
		tags: await db.tags.count(),
		undo: (await peekUndo())?.id ?? null
	};
}

beforeEach(async () => {
	await resetDbForTests();
});

describe('applyImport', () => {
	it('writes a 10,000-row file in chunks as one undoable import listed with its counts', async () => {
		const rows = await planOf(HEADER, manyRows(10_000));
		const progress: number[] = [];
		const result = await applyImport(sourceOf(rows), {
			fileName: 'khach.csv',
			today: TODAY,
			onProgress: (done) => progress.push(done)
		});
		expect(result.created).toBe(10_000);
		expect(progress).toEqual([5000, 10_000]);
		const db = getDb();
		expect(await db.customers.count()).toBe(10_000);
		expect(await db.tags.count()).toBe(2);
		expect((await peekUndo())?.id).toBe(result.batchId);
		const [entry] = await listImports();
		expect(entry).toMatchObject({ fileName: 'khach.csv', created: 10_000, state: 'done' });

		await undo();
		expect(await db.customers.count()).toBe(0);
		expect(await db.tags.count()).toBe(0);
		expect((await listImports())[0].state).toBe('undone');
	}, 60_000);

	it('leaves no trace when cancelled midway', async () => {
		await createCustomer({ name: 'Đã có', phones: '0900000001' });
		const before = await snapshot();
		const rows = await planOf(HEADER, manyRows(6000));
		const controller = new AbortController();
		await expect(
			applyImport(sourceOf(rows), {
				fileName: 'a.csv',
				today: TODAY,
				signal: controller.signal,
				onProgress: (done) => {
					if (done >= 4000) controller.abort();
				}
			})
		).rejects.toMatchObject({ name: 'AbortError' });
		expect(await snapshot()).toEqual(before);
		expect(await listImports()).toEqual([]);
	}, 60_000);

	it('leaves no trace when a late chunk fails', async () => {
		await createCustomer({ name: 'Đã có', phones: '0900000001' });
		const before = await snapshot();
		const rows = await planOf(HEADER, manyRows(5000));
		await expect(
			applyImport(sourceOf(rows, 4000), { fileName: 'b.csv', today: TODAY, chunkSize: 2000 })
		).rejects.toThrow('disk on fire');
		expect(await snapshot()).toEqual(before);
	}, 60_000);

	it('rolls back at startup an import whose tab was closed midway', async () => {
		const before = await snapshot();
		const rows = await planOf(HEADER, manyRows(3000));
		let written = () => {};
		const twoChunks = new Promise<void>((resolve) => (written = resolve));
		const source: ImportRowSource = {
			total: rows.length,
			rows(start, end) {
				// The third page never comes: the tab is gone.
				if (start >= 2000) {
					written();
					return new Promise(() => {});
				}
				return Promise.resolve(rows.slice(start, end));
			}
		};
		void applyImport(source, { fileName: 'c.csv', today: TODAY, chunkSize: 1000 });
		await twoChunks;
		// The third page is asked for while the second is written (prefetch): wait for that write.
		while ((await getDb().customers.count()) < 2000) await new Promise((r) => setTimeout(r, 5));
		expect(await getDb().customers.count()).toBe(2000);
		expect(await recoverImports()).toBe(1);
		expect(await snapshot()).toEqual(before);
	}, 60_000);

	it('undoes an import after a reload: created customers go, merged ones get their values back', async () => {
		const existing = await createCustomer({ name: 'Nguyễn Thị Hương', phones: '0912345678' });
		const rows = await planOf(HEADER, [
			['Hương', '0912345678', 'huong@example.com', '12 Lê Lợi', 'Huế', 'VIP'],
			['Trần Văn Đức', '0987654321', '', '', '', '']
		]);
		const result = await applyImport(sourceOf(rows), { fileName: 'd.csv', today: TODAY });
		expect(result).toMatchObject({ created: 1, merged: 1 });
		const merged = await getCustomer(existing.id);
		expect(merged?.emails.map((e) => e.value)).toEqual(['huong@example.com']);

		await resetDbForTests(getDb().name);
		const undone = await undo();
		expect(undone?.batch.id).toBe(result.batchId);
		expect(await getDb().customers.count()).toBe(1);
		const back = await getCustomer(existing.id);
		expect(back?.emails).toEqual([]);
		expect(back?.address).toBe('');
		expect(back?.tags).toEqual([]);
	});

	it('merges without overwriting: keeps non-empty values, unites phones and tags', async () => {
		const existing = await createCustomer({
			name: 'Nguyễn Thị Hương',
			phones: '0912345678',
			address: '5 Trần Phú'
		});
		const rows0 = await planOf(HEADER, [['x', '0911111111', '', '', '', 'VIP']]);
		await applyImport(sourceOf(rows0), { fileName: 'tags.csv', today: TODAY });
		const vip = (await getDb().tags.toArray())[0];
		await setCustomerTags(existing.id, [vip.name]);

		const rows = await planOf(HEADER, [
			['Hương Nguyễn', '0912345678, 0987 000 111', '', '12 Lê Lợi', 'Huế', 'vip, Quen']
		]);
		expect(rows[0].group).toBe('match');
		await applyImport(sourceOf(rows), { fileName: 'e.csv', today: TODAY });
		const c = await getCustomer(existing.id);
		expect(c?.name).toBe('Nguyễn Thị Hương');
		expect(c?.address).toBe('5 Trần Phú');
		expect(c?.city).toBe('Huế');
		expect(c?.phoneKeys).toEqual(['+84912345678', '+84987000111']);
		const tags = await getDb().tags.toArray();
		expect(tags.map((t) => t.name).sort()).toEqual(['Quen', 'VIP']);
		expect(c?.tags).toHaveLength(2);
	});

	it('joins a person repeated in the file, across chunks, into one customer', async () => {
		const rows = await planOf(HEADER, [
			['Lan', '0912000001', '', '', '', ''],
			['Minh', '0912000002', '', '', '', ''],
			['Lan Phạm', '0912000001', 'lan@example.com', '', '', '']
		]);
		const result = await applyImport(sourceOf(rows), {
			fileName: 'f.csv',
			today: TODAY,
			chunkSize: 2
		});
		expect(result).toMatchObject({ created: 2, merged: 1 });
		const [lan] = await getDb().customers.where('phoneKeys').equals('+84912000001').toArray();
		expect(lan.name).toBe('Lan');
		expect(lan.emailKeys).toEqual(['lan@example.com']);
	});

	it('keeps an invalid phone as typed and flags it', async () => {
		const rows = await planOf(HEADER, [['Lê Mai', '0912 34', '', '', '', '']]);
		expect(rows[0].group).toBe('invalid');
		const result = await applyImport(sourceOf(rows), { fileName: 'g.csv', today: TODAY });
		expect(result.flagged).toBe(1);
		const [c] = await getDb().customers.toArray();
		expect(c.phones).toHaveLength(1);
		expect(c.phones[0].raw).toBe('0912 34');
		expect(c.phones[0].e164).toBeNull();
		expect(c.phones[0].problem).toBeDefined();
	});

	it('imports purchases as history: exact stats, reminders only for recent sales and ahead of today', async () => {
		const existing = await createCustomer({ name: 'Hà', phones: '0912345678' });
		await createPurchase(
			{
				customerId: existing.id,
				date: '2025-06-01',
				items: 'Trà',
				amount: 100_000,
				channel: '',
				staff: '',
				note: ''
			},
			{ today: TODAY }
		);
		const before = new Set((await getDb().reminders.toArray()).map((r) => r.id));
		const rows = await planOf(PURCHASE_HEADER, [
			['Hà', '0912345678', '02/01/2024', '250.000', 'Son'],
			['Hà', '0912345678', '10/01/2026', '1.000.000', 'Kem'],
			['Bình', '0987654321', '03/03/2023', '50000', 'Nến']
		]);
		const result = await applyImport(sourceOf(rows), { fileName: 'h.csv', today: TODAY });
		expect(result.purchases).toBe(3);
		const ha = await getCustomer(existing.id);
		expect(ha?.stats).toEqual({
			count: 3,
			total: 1_350_000,
			first: '2024-01-02',
			last: '2026-01-10'
		});
		const [binh] = await getDb().customers.where('phoneKeys').equals('+84987654321').toArray();
		expect(binh.stats).toEqual({
			count: 1,
			total: 50_000,
			first: '2023-03-03',
			last: '2023-03-03'
		});
		const db = getDb();
		expect(await db.reminders.where('customerId').equals(binh.id).count()).toBe(0);
		const fresh = (await db.reminders.toArray()).filter((r) => !before.has(r.id));
		expect(fresh.length).toBeGreaterThan(0);
		expect(result.reminders).toBe(fresh.length);
		for (const r of fresh) expect(r.due >= TODAY).toBe(true);
		// Only the recent sale (10/01/2026) plans care; the 2024 one is history.
		const recent = await db.purchases.where('date').equals('2026-01-10').first();
		expect(new Set(fresh.map((r) => r.sourcePurchaseId))).toEqual(new Set([recent?.id]));
	});

	it('logs each page as one listed change per table, and undo takes back exactly those records', async () => {
		const rows = await planOf(
			PURCHASE_HEADER,
			Array.from({ length: 6 }, (_, i) => [
				`Khách ${i}`,
				`09120000${10 + i}`,
				'02/01/2024',
				'1000',
				'Trà'
			])
		);
		const result = await applyImport(sourceOf(rows), {
			fileName: 'j.csv',
			today: TODAY,
			chunkSize: 3
		});
		expect(result).toMatchObject({ created: 6, purchases: 6 });
		const db = getDb();
		const log = await db.changes
			.where('batchId')
			.equals(result.batchId ?? '')
			.toArray();
		// Two pages × (customers, purchases): four rows, not twelve.
		expect(log).toHaveLength(4);
		const [page] = log.filter((c) => c.table === 'customers');
		const ids = listedIds(page) ?? [];
		expect(ids).toHaveLength(3);
		expect(page.after).toMatchObject({ count: 3, firstId: ids[0], lastId: ids[2] });

		// Another tab's customer whose id falls between the import's ids must survive the undo.
		const between = `${ids[0]}0`;
		const model = await db.customers.get(ids[0]);
		if (!model) throw new Error('the first imported customer is missing');
		await runBatch('change_create', undefined, 'user', (ctx) =>
			ctx.create('customers', [{ ...model, id: between }])
		);
		expect(between > ids[0] && between < ids[2]).toBe(true);
		const timeline = await customerTimeline(ids[1]);
		expect(timeline.map((e) => e.kind)).toContain('created');

		await resetDbForTests(db.name);
		expect((await undoBatch(result.batchId ?? ''))?.applied).toBeGreaterThan(0);
		expect((await getDb().customers.toCollection().primaryKeys()).map(String)).toEqual([between]);
		expect(await getDb().purchases.count()).toBe(0);
		await redo();
		expect(await getDb().customers.count()).toBe(7);
		expect(await getDb().purchases.count()).toBe(6);
	});

	it('skips rows by decision and counts them; an import that writes nothing leaves no step', async () => {
		const rows = await planOf(HEADER, manyRows(3), { groups: { new: 'skip' } });
		const result = await applyImport(sourceOf(rows), { fileName: 'i.csv', today: TODAY });
		expect(result).toMatchObject({ batchId: null, skipped: 3, created: 0 });
		expect(await peekUndo()).toBeNull();
		expect(await listImports()).toEqual([]);
	});
});
