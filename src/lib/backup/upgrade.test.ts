import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_TABLES } from '$lib/db/changes';
import { newId } from '$lib/db/ids';
import { createDatabase, DB_NAME, SCHEMA_VERSION, type SoKhachDB } from '$lib/db/schema';
import { customerRecord } from '../../../tests/fixtures/db/records';
import { restoreBackup } from './restore';
import { storesUpTo, upgradeBackup } from './upgrade';
import { dumpBook, freshDb } from './testing';

interface DbFixture {
	schemaVersion: number;
	schema: Record<string, string>;
	stores: Record<string, Record<string, unknown>[]>;
}

const fixtures = fileURLToPath(new URL('../../../tests/fixtures/', import.meta.url));

/** tests/fixtures/backup/v<N>.age, a backup of tests/fixtures/db/v<N>.json: see the README there. */
const OLD_BACKUPS = readdirSync(join(fixtures, 'backup'))
	.map((f) => /^v(\d+)\.age$/.exec(f))
	.filter((m) => m !== null)
	.map((m) => ({
		version: Number(m[1]),
		file: new Uint8Array(readFileSync(join(fixtures, 'backup', m[0]))),
		passphrase: `mật khẩu thử v${m[1]}`,
		db: JSON.parse(readFileSync(join(fixtures, `db/v${m[1]}.json`), 'utf8')) as DbFixture
	}))
	.filter((b) => b.version < SCHEMA_VERSION);

const V1 = OLD_BACKUPS.find((b) => b.version === 1)!;
const V1_DB = V1.db;

const opened: SoKhachDB[] = [];

async function db(): Promise<SoKhachDB> {
	const d = await freshDb();
	opened.push(d);
	return d;
}

afterEach(async () => {
	for (const d of opened.splice(0)) await d.delete();
});

async function scratchNames(): Promise<string[]> {
	return (await Dexie.getDatabaseNames()).filter((n) => n.startsWith(`${DB_NAME}-restore-`));
}

/** A database fixture's data as this device has it once the app has upgraded it. */
async function upgradedOnDevice(
	fixture: DbFixture
): Promise<Record<string, Record<string, unknown>[]>> {
	const name = `backup-upgrade-reference-${newId()}`;
	const old = new Dexie(name);
	old.version(fixture.schemaVersion).stores(fixture.schema);
	for (const table of DATA_TABLES) await old.table(table).bulkAdd(fixture.stores[table]);
	old.close();
	const current = createDatabase(name);
	const book = await dumpBook(current);
	await current.delete();
	return book;
}

describe('bringing an older backup to the current schema', () => {
	it('reads each version’s stores from schema.ts, as the frozen fixture recorded them', () => {
		const versions = storesUpTo(1);
		expect(versions).toEqual([[1, V1_DB.schema]]);
		expect(storesUpTo(2).map(([v]) => v)).toEqual([1, 2]);
	});

	for (const backup of OLD_BACKUPS) {
		it(`restores a backup of schema version ${backup.version} as this device upgrades that book`, async () => {
			const target = await db();
			const result = await restoreBackup(target, backup.file, backup.passphrase, {
				mode: 'replace'
			});
			expect(result.upgradedFrom).toBe(backup.version);
			expect(result.manifest.schemaVersion).toBe(backup.version);
			expect(await dumpBook(target)).toEqual(await upgradedOnDevice(backup.db));
			expect(await scratchNames()).toEqual([]);
		});
	}

	it('brings a version 1 backup’s records to version 2', async () => {
		const target = await db();
		await restoreBackup(target, V1.file, V1.passphrase, { mode: 'replace' });
		const restored = await dumpBook(target);
		// What the v1 → v2 upgrade adds is there.
		expect(restored.customers.length).toBe(V1_DB.stores.customers.length);
		for (const c of restored.customers)
			expect(c.stats).toMatchObject({ count: expect.any(Number) });
		for (const p of restored.purchases) expect(p.aftercare).toEqual({ done: {}, chance: null });
		expect(restored.interactions.map((i) => i.channel)).toEqual(['phone']);
	});

	it('deletes its scratch database when cancelled, and leaves the book as it was', async () => {
		const target = await db();
		await target.customers.add(customerRecord('kept'));
		const before = await dumpBook(target);
		const controller = new AbortController();
		const failed = restoreBackup(target, V1.file, V1.passphrase, {
			mode: 'replace',
			chunkSize: 1,
			signal: controller.signal,
			onProgress: (p) => {
				if (p.phase === 'upgrade' && p.done >= 2) controller.abort();
			}
		});
		await expect(failed).rejects.toMatchObject({ name: 'AbortError' });
		expect(await scratchNames()).toEqual([]);
		expect(await dumpBook(target)).toEqual(before);
	});

	it('removes a scratch database a closed tab left behind, not one a running restore uses', async () => {
		const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
		let t = Date.now() - 2 * 60 * 60 * 1000;
		let time = '';
		for (let i = 0; i < 10; i++) {
			time = alphabet[t % 32] + time;
			t = Math.floor(t / 32);
		}
		const stale = `${DB_NAME}-restore-${time}${newId().slice(10)}`;
		const running = `${DB_NAME}-restore-${newId()}`;
		for (const name of [stale, running]) {
			const d = new Dexie(name);
			d.version(1).stores({ customers: 'id' });
			await d.open();
			d.close();
		}
		const upgraded = await upgradeBackup({
			manifest: {
				format: 'so-khach-backup',
				formatVersion: 1,
				appVersion: '0.1.0',
				schemaVersion: 1,
				createdAt: '',
				shopName: '',
				tables: []
			},
			async *chunks() {}
		});
		expect(await scratchNames()).not.toContain(stale);
		expect(await scratchNames()).toContain(running);
		await upgraded.dispose();
		await Dexie.delete(running);
		expect(await scratchNames()).toEqual([]);
	});
});
