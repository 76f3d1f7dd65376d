import Dexie from 'dexie';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Batch, Customer } from '$lib/domain/types';
import { countCustomers, countTrash, findByPhone } from './customers';
import { getDbStatus, resetDbForTests } from './db';
import { customerHistory, peekRedo, peekUndo, redo, undo } from './history';
import { createDatabase, SCHEMA_VERSION } from './schema';

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

/**
 * What a record of version `from` must look like once the current code has opened it. Records
 * survive unchanged today; when a version's upgrade function rewrites records, describe the
 * rewrite here so the test still checks every field.
 */
function expectedAfterUpgrade(
	from: number,
	store: string,
	record: Record<string, unknown>
): Record<string, unknown> {
	void from;
	void store;
	return record;
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
	(version, fixture) => {
		it('opens with the current code and keeps every record of every store', async () => {
			const name = await writeFixture(fixture);
			const db = await resetDbForTests(name);
			expect(getDbStatus()).toBe('open');
			expect(db.verno).toBe(SCHEMA_VERSION);
			for (const [store, records] of Object.entries(fixture.stores)) {
				const key = keyPath(fixture.schema[store]);
				const table = db.table<Record<string, unknown>, string | number>(store);
				expect(await table.count(), store).toBe(records.length);
				for (const record of records) {
					const stored = await table.get(record[key] as string | number);
					expect(stored, `${store} ${String(record[key])}`).toEqual(
						expectedAfterUpgrade(version, store, record)
					);
				}
			}
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
