import Dexie from 'dexie';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Batch, Customer, Reminder } from '$lib/domain/types';
import { countCustomers, countTrash, findByPhone } from './customers';
import { getDbStatus, resetDbForTests } from './db';
import { customerHistory, peekRedo, peekUndo, redo, undo } from './history';
import { runDailyCare } from './care';
import { createDatabase, SCHEMA_VERSION } from './schema';
import { factsOf, GAP_NO_BIRTHDAY } from './facts';
import { dashboardFromDb } from '$lib/reports/read';
import { unpackBlock } from '$lib/reports/packed';
import { loadFacts } from '$lib/reports/packs-facts';
import { computeDashboard } from '$lib/reports/measures';
import { periodContaining } from '$lib/reports/period';
import { customerTimeline } from './timeline';
import { todayView } from './today';

/** tests/fixtures/db/v<N>.json, made by scripts/make-db-fixture.mjs (see the README there). */
interface DbFixture {
	schemaVersion: number;
	/** The `stores({...})` map of version N, frozen when the fixture was made. */
	schema: Record<string, string>;
	stores: Record<string, Record<string, unknown>[]>;
}

const dir = fileURLToPath(new URL('../../../tests/fixtures/db/', import.meta.url));
const fixtures: DbFixture[] = readdirSync(dir)
	.filter((f) => /^v\d+\.json$/.test(f))
	.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as DbFixture)
	.sort((a, b) => a.schemaVersion - b.schemaVersion);

type StoredRecord = Record<string, unknown>;

const V2_REMINDER_KINDS = ['aftercare', 'repurchase', 'reactivation', 'birthday', 'custom'];

/** The interaction channels the fixtures hold as v1 free text, and their v2 codes. */
const V1_CHANNEL_CODES: Record<string, string> = { 'Điện thoại': 'phone' };

/**
 * v1 → v2: customers gain `stats` (over their purchases not in the trash) and `birthdayMD`;
 * purchases the after-sale checklist; reminders their new fields (a v1 kind becomes 'custom');
 * interaction channels become codes. Written out independently of the upgrade function.
 */
function toV2(fixture: DbFixture, store: string, record: StoredRecord): StoredRecord {
	switch (store) {
		case 'customers': {
			const own = fixture.stores.purchases.filter(
				(p) => p.customerId === record.id && p.deletedAt === undefined
			);
			const dates = own.map((p) => String(p.date)).sort();
			const next: StoredRecord = {
				...record,
				stats: {
					count: own.length,
					total: own.reduce((sum, p) => sum + Number(p.amount), 0),
					first: dates[0] ?? null,
					last: dates.at(-1) ?? null
				}
			};
			if (typeof record.birthday === 'string') next.birthdayMD = record.birthday.slice(-5);
			return next;
		}
		case 'purchases':
			return { aftercare: { done: {}, chance: null }, ...record };
		case 'reminders':
			return {
				dueEnd: null,
				step: null,
				aftercareStep: null,
				templateId: null,
				skipReason: '',
				closedAt: record.status === 'open' ? null : record.updatedAt,
				interactionId: null,
				...record,
				kind: V2_REMINDER_KINDS.includes(String(record.kind)) ? record.kind : 'custom'
			};
		case 'interactions': {
			const channel = V1_CHANNEL_CODES[String(record.channel)];
			if (channel === undefined) throw new Error(`Add v1 channel ${String(record.channel)}`);
			return { ...record, channel };
		}
		default:
			return record;
	}
}

/**
 * What a record of version `fixture.schemaVersion` must look like once the current code has
 * opened it: each version's rewrite applied in turn, so old fixtures are checked field by field.
 */
function expectedAfterUpgrade(
	fixture: DbFixture,
	store: string,
	record: StoredRecord
): StoredRecord {
	let expected = record;
	if (fixture.schemaVersion < 2) expected = toV2(fixture, store, expected);
	if (fixture.schemaVersion < 3 && store === 'reminders') {
		// v2 → v3: `late`, the last day on time (the end of the window, or the day).
		expected = { ...expected, late: expected.dueEnd ?? expected.due };
	}
	return expected;
}

/** The primary key path of a store definition: `++seq, at` → `seq`. */
function keyPath(definition: string): string {
	return definition
		.split(',')[0]
		.trim()
		.replace(/^(\+\+|&)/, '');
}

function indexSet(definition: string): string[] {
	return definition
		.split(',')
		.slice(1)
		.map((s) => s.trim())
		.filter((s) => s !== '')
		.sort();
}

/** Writes a fixture into a new database using only its own, frozen store definitions. */
async function writeFixture(fixture: DbFixture): Promise<string> {
	const name = `so-khach-upgrade-v${fixture.schemaVersion}-${Math.random()}`;
	const old = new Dexie(name);
	old.version(fixture.schemaVersion).stores(fixture.schema);
	await old.open();
	await old.transaction('rw', Object.keys(fixture.stores), async () => {
		for (const [store, records] of Object.entries(fixture.stores)) {
			await old.table(store).bulkAdd(records);
		}
	});
	old.close();
	return name;
}

/** A v1 database holding `stores` (on top of nothing else), written with v1's frozen schema. */
async function writeV1(stores: Record<string, StoredRecord[]>): Promise<string> {
	const v1 = fixtures.find((f) => f.schemaVersion === 1);
	if (!v1) throw new Error('tests/fixtures/db/v1.json is missing');
	return writeFixture({ ...v1, stores });
}

describe('database fixtures', () => {
	it('include one for the current schema version', () => {
		expect(fixtures.map((f) => f.schemaVersion)).toContain(SCHEMA_VERSION);
	});

	it('freeze the store definitions that schema.ts declares for the current version', async () => {
		// If this fails, version(N) was edited: add version N+1 instead, or, if N was never
		// released, regenerate: node scripts/make-db-fixture.mjs --force
		const current = fixtures.find((f) => f.schemaVersion === SCHEMA_VERSION);
		const db = createDatabase(`so-khach-schema-${Math.random()}`);
		await db.open();
		const declared = Object.fromEntries(
			db.tables.map((t) => [t.name, [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src)]])
		);
		db.close();
		expect(Object.keys(declared).sort()).toEqual(Object.keys(current?.schema ?? {}).sort());
		for (const [store, definition] of Object.entries(current?.schema ?? {})) {
			expect(declared[store][0], store).toBe(definition.split(',')[0].trim());
			expect(declared[store].slice(1).sort(), store).toEqual(indexSet(definition));
		}
	});
});

describe.each(fixtures.map((f) => [f.schemaVersion, f] as const))(
	'data stored by schema v%i',
	(_version, fixture) => {
		it('opens with the current code and keeps every record of every store', async () => {
			const name = await writeFixture(fixture);
			const db = await resetDbForTests(name);
			expect(getDbStatus()).toBe('open');
			expect(db.verno).toBe(SCHEMA_VERSION);
			for (const [store, records] of Object.entries(fixture.stores)) {
				// v8 dropped the facts store (derived data, rebuilt as the packs' facts blocks).
				if (store === 'facts') continue;
				const key = keyPath(fixture.schema[store]);
				const table = db.table<Record<string, unknown>, string | number>(store);
				expect(await table.count(), store).toBe(records.length);
				for (const record of records) {
					const stored = await table.get(record[key] as string | number);
					expect(stored, `${store} ${String(record[key])}`).toEqual(
						expectedAfterUpgrade(fixture, store, record)
					);
				}
			}
		});

		it('has an agenda row set for exactly the open reminders', async () => {
			const db = await resetDbForTests(await writeFixture(fixture));
			const reminders = fixture.stores.reminders.map((r) =>
				expectedAfterUpgrade(fixture, 'reminders', r)
			) as unknown as Reminder[];
			const open = reminders.filter((r) => r.status === 'open' && r.deletedAt === undefined);
			expect(open.length).toBeGreaterThan(0);
			const expected = open
				.flatMap((r) => {
					const late = r.dueEnd ?? r.due;
					const until = r.snoozedUntil ?? '';
					const shownFrom = until > r.due ? until : r.due;
					return ['*', r.assignee].flatMap((who) => [
						[who, r.kind, 'd', shownFrom, r.id],
						[who, r.kind, 'l', late, r.id],
						...(until === '' ? [] : [[who, r.kind, 's', until, late, r.id]])
					]);
				})
				.map((k) => k.join('|'))
				.sort();
			const stored = (await db.agenda.toArray()).map((row) => row.key.join('|')).sort();
			expect(stored).toEqual(expected);
		});

		it('keeps no facts store, and no packs of an older shape', async () => {
			const db = await resetDbForTests(await writeFixture(fixture));
			expect(db.tables.map((t) => t.name)).not.toContain('facts');
			// Packs are derived: emptied by v8's upgrade, built again when a report needs them.
			expect(await db.packs.count()).toBe(0);
			const customers = fixture.stores.customers.map((c) =>
				expectedAfterUpgrade(fixture, 'customers', c)
			) as unknown as Customer[];
			const { blocks } = await loadFacts();
			const entries = blocks.flatMap(unpackBlock);
			expect(entries.map((e) => e.id).sort()).toEqual(customers.map((c) => c.id).sort());
			for (const c of customers) {
				const e = entries.find((x) => x.id === c.id);
				// Written out independently of factsOf for the fields the passes rely on.
				expect(e?.count, c.id).toBe(c.stats.count);
				expect(e?.total, c.id).toBe(c.stats.total);
				expect(e?.deleted, c.id).toBe(c.deletedAt !== undefined);
				expect(e?.referredBy, c.id).toBe(c.referredBy ?? null);
				expect(e?.manual, c.id).toBe(c.stageManual === true);
				expect((e?.gaps ?? 0) & GAP_NO_BIRTHDAY, c.id).toBe(c.birthday ? 0 : GAP_NO_BIRTHDAY);
			}
		});

		it('builds the reports packs on first use, giving the dashboard its records give', async () => {
			const db = await resetDbForTests(await writeFixture(fixture));
			const options = {
				period: periodContaining('month', '2025-01-15'),
				today: '2025-03-01',
				lostAfterDays: 30
			};
			const { cost, ...got } = await dashboardFromDb(options);
			expect(cost?.factsPacked).toBe(fixture.stores.customers.length);
			const want = computeDashboard(
				(await db.customers.toArray()).map(factsOf),
				await db.purchases.toArray(),
				await db.interactions.toArray(),
				options
			);
			expect(got).toEqual(want);
			expect(got.quality.customers).toBeGreaterThan(0);
		});

		it('answers look-ups through the indexes of the upgraded database', async () => {
			await resetDbForTests(await writeFixture(fixture));
			const customers = fixture.stores.customers as unknown as Customer[];
			const trashed = customers.filter((c) => c.deletedAt !== undefined);
			expect(await countTrash()).toBe(trashed.length);
			expect(await countCustomers()).toBe(customers.length - trashed.length);
			for (const c of customers) {
				const found = await findByPhone(c.phoneKeys[0] ?? '-', { includeTrashed: true });
				if (c.phoneKeys.length > 0) expect(found.map((x) => x.id)).toContain(c.id);
				const logged = fixture.stores.changes.filter((ch) => ch.rowId === c.id);
				expect((await customerHistory(c.id)).map((ch) => ch.seq)).toEqual(
					logged.map((ch) => ch.seq).reverse()
				);
			}
		});

		it('carries the undo and redo stacks over', async () => {
			await resetDbForTests(await writeFixture(fixture));
			const batches = fixture.stores.batches as unknown as Batch[];
			const done = batches
				.filter((b) => b.state === 'done')
				.sort((a, b) => (a.id < b.id ? -1 : 1))
				.at(-1);
			const undone = batches
				.filter((b) => b.state === 'undone')
				.sort((a, b) => (a.undoneAt ?? 0) - (b.undoneAt ?? 0))
				.at(-1);
			expect((await peekUndo())?.id).toBe(done?.id);
			expect((await peekRedo())?.id).toBe(undone?.id);
			if (undone) {
				const redone = await redo();
				expect(redone?.conflicts).toEqual([]);
				expect(redone?.applied).toBe(undone.count);
			}
			const undoneNow = await undo();
			expect(undoneNow?.conflicts).toEqual([]);
		});
	}
);

describe('upgrading v1 to v2', () => {
	const v1 = fixtures.find((f) => f.schemaVersion === 1) as DbFixture;
	const [huongId, minhId, lanId, trashedId] = v1.stores.customers.map((c) => String(c.id));

	it('derives purchase stats from live purchases and the birthday month-day', async () => {
		const db = await resetDbForTests(await writeFixture(v1));
		const [huong, minh, lan, trashed] = await db.customers.bulkGet([
			huongId,
			minhId,
			lanId,
			trashedId
		]);
		expect(huong?.stats).toEqual({
			count: 1,
			total: 1_250_000,
			first: '2025-01-14',
			last: '2025-01-14'
		});
		expect(huong?.birthdayMD).toBe('03-05');
		// Bảo's only purchase is in the trash with him: it counts for nothing.
		expect(trashed?.stats).toEqual({ count: 0, total: 0, first: null, last: null });
		// A birthday without a year still has a day in the year; an invalid one has none.
		expect(lan?.birthdayMD).toBe('11-20');
		expect(minh).not.toHaveProperty('birthdayMD');
		expect(
			await db.customers.where('birthdayMD').between('11-01', '11-30', true, true).keys()
		).toEqual(['11-20']);
	});

	it('gives purchases an empty after-sale checklist and reminders their v2 defaults', async () => {
		const db = await resetDbForTests(await writeFixture(v1));
		const purchase = await db.purchases.get(String(v1.stores.purchases[0].id));
		expect(purchase?.aftercare).toEqual({ done: {}, chance: null });
		const [reminder] = await db.reminders.toArray();
		expect(reminder).toMatchObject({
			kind: 'custom',
			status: 'open',
			dueEnd: null,
			step: null,
			aftercareStep: null,
			templateId: null,
			skipReason: '',
			closedAt: null,
			interactionId: null,
			note: 'Hỏi thăm sau khi mua'
		});
		expect(
			await db.reminders.where('[customerId+due]').equals([huongId, reminder.due]).count()
		).toBe(1);
	});

	it('keeps v2 reminder kinds, dates closed reminders and keeps unknown channels as words', async () => {
		const at = Date.UTC(2025, 0, 10);
		const name = await writeV1({
			reminders: [
				{
					id: 'r1',
					customerId: 'c1',
					due: '2025-01-01',
					kind: 'birthday',
					status: 'done',
					snoozedUntil: null,
					sourcePurchaseId: null,
					assignee: '',
					note: '',
					createdAt: at,
					updatedAt: at + 5
				}
			],
			interactions: [
				{
					id: 'i1',
					customerId: 'c1',
					at,
					kind: 'note',
					channel: 'Bưu điện',
					sentiment: null,
					summary: 'Gửi thư',
					staff: '',
					createdAt: at,
					updatedAt: at
				},
				{
					id: 'i2',
					customerId: 'c1',
					at,
					kind: 'message',
					channel: 'Zalo ',
					sentiment: null,
					summary: '',
					staff: '',
					createdAt: at,
					updatedAt: at
				}
			]
		});
		const db = await resetDbForTests(name);
		expect(await db.reminders.get('r1')).toMatchObject({ kind: 'birthday', closedAt: at + 5 });
		expect(await db.interactions.get('i1')).toMatchObject({
			channel: '',
			summary: 'Gửi thư [Bưu điện]'
		});
		expect(await db.interactions.get('i2')).toMatchObject({ channel: 'zalo', summary: '' });
	});

	it('serves the care views over upgraded data', async () => {
		await resetDbForTests(await writeFixture(v1));
		const view = await todayView('2025-02-20');
		expect(view.groups.map((g) => g.kind)).toEqual(['custom']);
		expect(view.groups[0].items[0]).toMatchObject({
			customer: { id: huongId },
			purchase: { date: '2025-01-14', items: 'Áo dài lụa' },
			overdueDays: 6
		});
		expect((await customerTimeline(huongId)).map((e) => e.kind)).toEqual([
			'interaction',
			'created',
			'purchase'
		]);
		// Lan's year-less birthday (20 November) is found through the new index.
		expect(await runDailyCare('2025-11-15')).toEqual({ ran: true, created: 1 });
	});

	it('adds up many purchases per customer across a larger book', async () => {
		const customers: StoredRecord[] = [];
		const purchases: StoredRecord[] = [];
		for (let i = 0; i < 800; i++) {
			const id = `c${String(i).padStart(5, '0')}`;
			customers.push({ ...v1.stores.customers[2], id, birthday: null });
			for (let k = 0; k < i % 4; k++) {
				purchases.push({
					...v1.stores.purchases[0],
					id: `p${i}-${k}`,
					customerId: id,
					date: `2024-0${k + 1}-1${k}`,
					amount: 1_000 * (k + 1),
					// Every fourth purchase was deleted: stats leave it out.
					...(k === 2 ? { deletedAt: 1 } : {})
				});
			}
		}
		const db = await resetDbForTests(await writeV1({ customers, purchases }));
		const [c0, c1, c3] = await db.customers.bulkGet(['c00000', 'c00001', 'c00003']);
		expect(c0?.stats).toEqual({ count: 0, total: 0, first: null, last: null });
		expect(c1?.stats).toEqual({ count: 1, total: 1_000, first: '2024-01-10', last: '2024-01-10' });
		expect(c3?.stats).toEqual({ count: 2, total: 3_000, first: '2024-01-10', last: '2024-02-11' });
		expect(await db.purchases.filter((p) => p.aftercare === undefined).count()).toBe(0);
	});
});

describe('upgrading v7 to v8', () => {
	it('drops the facts store and the packs of the old shape; the next report builds them again', async () => {
		const v7 = fixtures.find((f) => f.schemaVersion === 7);
		if (!v7) throw new Error('tests/fixtures/db/v7.json is missing');
		const customers = v7.stores.customers as unknown as Customer[];
		// A v7 book whose reports ran: facts blocks without v8's columns, and its meta.
		const oldBlock = {
			key: ['f', 0],
			ids: customers.map((c) => c.id),
			ord: Int32Array.from(customers.map((_, i) => i)),
			stageNames: [null],
			stage: new Uint16Array(customers.length),
			first: new Int32Array(customers.length),
			last: new Int32Array(customers.length),
			count: new Float64Array(customers.length),
			total: new Float64Array(customers.length),
			referred: new Uint8Array(customers.length),
			created: new Int32Array(customers.length),
			gaps: new Uint8Array(customers.length),
			deleted: new Uint8Array(customers.length),
			phones: new Float64Array(0),
			phoneEnd: new Int32Array(customers.length)
		};
		const packs = [oldBlock, { key: ['m'], nextOrdinal: customers.length, blocks: 1, epoch: 'e' }];
		const name = await writeFixture({ ...v7, stores: { ...v7.stores, packs } });
		const db = await resetDbForTests(name);
		expect(db.tables.map((t) => t.name)).not.toContain('facts');
		expect(await db.packs.count()).toBe(0);
		const { blocks, packed } = await loadFacts();
		expect(packed).toBe(customers.length);
		const entries = blocks.flatMap(unpackBlock);
		const referred = customers.filter((c) => c.referredBy);
		expect(referred.length).toBeGreaterThan(0);
		for (const c of referred) {
			expect(entries.find((e) => e.id === c.id)?.referredBy).toBe(c.referredBy);
		}
	});
});
