import Dexie from 'dexie';
import { forceCloseDatabase as forceCloseUntyped } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { customerRecord } from '../../../tests/fixtures/db/records';
import { getDbStatus, onDbStatus, resetDbForTests, withDb, type DbStatus } from './db';
import { DbClosedForUpgradeError } from './errors';
import { SCHEMA_VERSION } from './schema';

// fake-indexeddb 6 declares the parameter as the FDBDatabase class instead of an instance.
const forceCloseDatabase = forceCloseUntyped as unknown as (db: IDBDatabase) => void;

/** Waits until `check` holds, polling; IndexedDB events arrive on later tasks. */
async function until(check: () => boolean, what: string): Promise<void> {
	for (let i = 0; i < 200; i++) {
		if (check()) return;
		await new Promise((r) => setTimeout(r, 5));
	}
	throw new Error(`Timed out waiting for ${what}`);
}

/** Another tab, running a newer version of the app: the same database at the next version. */
function newerTab(name: string): Dexie {
	const other = new Dexie(name);
	other.version(SCHEMA_VERSION + 1).stores({ customers: 'id, nameKey, city' });
	return other;
}

const others: Dexie[] = [];
afterEach(() => {
	for (const o of others.splice(0)) o.close();
});

describe('database status', () => {
	it('reports open once the database is ready, to new and existing subscribers', async () => {
		const seen: DbStatus[] = [];
		await resetDbForTests();
		const stop = onDbStatus((s) => seen.push(s));
		expect(seen).toEqual(['open']);
		stop();
		expect(getDbStatus()).toBe('open');
	});

	it('closes for good and tells the UI when another tab upgrades the schema', async () => {
		const db = await resetDbForTests();
		const seen: DbStatus[] = [];
		onDbStatus((s) => seen.push(s));
		const other = newerTab(db.name);
		others.push(other);
		// The other tab's upgrade must not stay blocked by this tab.
		await other.open();
		expect(other.verno).toBe(SCHEMA_VERSION + 1);
		expect(seen).toEqual(['open', 'upgrade-elsewhere']);
		expect(db.isOpen()).toBe(false);
		await expect(withDb((d) => d.customers.put(customerRecord('a')))).rejects.toBeInstanceOf(
			DbClosedForUpgradeError
		);
		await expect(withDb((d) => d.customers.count())).rejects.toMatchObject({
			code: 'db-upgraded-elsewhere'
		});
	});

	it('refuses to work on a database that a newer version of the app already upgraded', async () => {
		const name = `so-khach-newer-${Math.random()}`;
		const other = newerTab(name);
		await other.open();
		other.close();
		// Dexie 4 would open it anyway, at the newer version, with this tab's older code.
		await resetDbForTests(name).catch(() => undefined);
		expect(getDbStatus()).toBe('upgrade-elsewhere');
		await expect(withDb((d) => d.customers.count())).rejects.toBeInstanceOf(
			DbClosedForUpgradeError
		);
	});

	it('reports blocked while an older tab holds the database open, then open once it lets go', async () => {
		const name = `so-khach-blocked-${Math.random()}`;
		const older = new Dexie(name);
		older.version(0.5).stores({ customers: 'id' });
		// An old tab that does not close when asked to.
		older.on('versionchange', () => false);
		others.push(older);
		await older.open();

		const seen: DbStatus[] = [];
		const opening = resetDbForTests(name);
		const stop = onDbStatus((s) => seen.push(s));
		await until(() => seen.includes('blocked'), 'blocked status');
		older.close();
		await opening;
		expect(getDbStatus()).toBe('open');
		stop();
		expect(seen).toContain('blocked');
	});
});

describe('withDb when the browser drops the connection', () => {
	it('reopens on the next operation after the connection was closed under it', async () => {
		const db = await resetDbForTests();
		await withDb((d) => d.customers.put(customerRecord('a')));
		const seen: DbStatus[] = [];
		onDbStatus((s) => seen.push(s));

		const idb = db.backendDB();
		forceCloseDatabase(idb);
		await until(() => getDbStatus() === 'closed', 'closed status');

		await withDb((d) => d.customers.put(customerRecord('b')));
		expect(await withDb((d) => d.customers.count())).toBe(2);
		expect(db.backendDB()).not.toBe(idb);
		expect(seen).toEqual(['open', 'closed', 'open']);
	});

	it('retries once an operation that failed because the connection was lost', async () => {
		await resetDbForTests();
		let attempts = 0;
		const result = await withDb(async (d) => {
			attempts++;
			if (attempts === 1) {
				// What a transaction sees when the browser closes the connection under it.
				d.close({ disableAutoOpen: false });
				throw new Dexie.DatabaseClosedError();
			}
			await d.customers.put(customerRecord('a'));
			return d.customers.count();
		});
		expect(attempts).toBe(2);
		expect(result).toBe(1);
	});

	it('gives up after one retry', async () => {
		await resetDbForTests();
		let attempts = 0;
		await expect(
			withDb(async () => {
				attempts++;
				throw new Dexie.DatabaseClosedError();
			})
		).rejects.toMatchObject({ code: 'unknown' });
		expect(attempts).toBe(2);
	});

	it('does not retry other failures', async () => {
		await resetDbForTests();
		let attempts = 0;
		await expect(
			withDb(async () => {
				attempts++;
				throw new Dexie.AbortError('aborted', new DOMException('full', 'QuotaExceededError'));
			})
		).rejects.toMatchObject({ code: 'storage-full' });
		expect(attempts).toBe(1);
	});
});
