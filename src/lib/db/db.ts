import type Dexie from 'dexie';
import { createDatabase, SCHEMA_VERSION, type SoKhachDB } from './schema';
import { DbClosedForUpgradeError, isConnectionLostError, isQuotaError, toAppError } from './errors';
import { newId } from './ids';

export type { SoKhachDB } from './schema';

/**
 * - open: connected, or will connect on the next use.
 * - closed: the connection was dropped (by the browser, or while reconnecting); the next use
 *   reopens it, so the UI need not say anything unless it stays closed.
 * - blocked: this tab must upgrade the database but an older tab keeps it open; the UI asks the
 *   user to close the other Sổ Khách tabs.
 * - upgrade-elsewhere: another tab runs a newer version of the app (it upgraded or deleted the
 *   database). Final for this page: every read and write fails with DbClosedForUpgradeError and
 *   the UI must offer a reload.
 * - error: the database could not be opened (see getDbError).
 */
export type DbStatus = 'open' | 'closed' | 'blocked' | 'upgrade-elsewhere' | 'error';

export type DbStatusListener = (status: DbStatus) => void;

let current: SoKhachDB | null = null;
let status: DbStatus = 'closed';
let lastError: unknown = null;
const listeners = new Set<DbStatusListener>();

function setStatus(next: DbStatus): void {
	// Once another tab owns a newer schema nothing this page does can make it usable again.
	if (status === 'upgrade-elsewhere' || status === next) return;
	status = next;
	for (const listener of [...listeners]) {
		try {
			listener(next);
		} catch (e) {
			console.error(e);
		}
	}
}

function attach(db: SoKhachDB): SoKhachDB {
	const isCurrent = () => db === current;

	db.on('versionchange', () => {
		// Dexie's default closes with auto-reopen, which would later reopen this old schema over
		// the newer database. Close for good instead, and let the UI ask for a reload.
		if (isCurrent()) setStatus('upgrade-elsewhere');
		db.close();
		return false;
	});
	db.on('blocked', () => {
		if (isCurrent()) setStatus('blocked');
	});
	db.on('close', () => {
		if (isCurrent() && status !== 'error') setStatus('closed');
	});
	db.on(
		'ready',
		(vipDb: Dexie) => {
			if (!isCurrent()) return;
			// Dexie 4 opens a database whose version is higher than ours instead of failing, so a
			// tab still running old code would write old-shaped records into the new schema.
			const stored = Math.floor((vipDb.backendDB()?.version ?? 0) / 10);
			if (stored > SCHEMA_VERSION) {
				setStatus('upgrade-elsewhere');
				throw new DbClosedForUpgradeError();
			}
			lastError = null;
			setStatus('open');
		},
		true
	);
	return db;
}

function open(db: SoKhachDB): Promise<void> {
	return db.open().then(
		() => undefined,
		(e: unknown) => {
			if (db !== current || status === 'upgrade-elsewhere') return;
			const err = toAppError(e);
			if (err.code === 'db-upgraded-elsewhere') {
				setStatus('upgrade-elsewhere');
			} else if (!db.hasBeenClosed()) {
				lastError = e;
				setStatus('error');
			}
		}
	);
}

/** The app's database, opened on first use. Every repository goes through this one connection. */
export function getDb(): SoKhachDB {
	if (!current) {
		current = attach(createDatabase());
		void open(current);
	}
	return current;
}

export function getDbStatus(): DbStatus {
	return status;
}

/** Why the database could not be opened, when the status is 'error'. */
export function getDbError(): unknown {
	return lastError;
}

/**
 * Calls `listener` now with the current status and again on every change. Returns the
 * unsubscribe function (the Svelte store contract, so `{ subscribe: onDbStatus }` is a store).
 */
export function onDbStatus(listener: DbStatusListener): () => void {
	listeners.add(listener);
	listener(status);
	return () => {
		listeners.delete(listener);
	};
}

/**
 * Runs a read or write against the database and maps what it throws to an AppError. When the
 * browser dropped the connection under it (the operation did not commit: IndexedDB transactions
 * are all-or-nothing), the connection is reopened and the operation retried once.
 */
export async function withDb<T>(fn: (db: SoKhachDB) => PromiseLike<T>): Promise<T> {
	const db = getDb();
	for (let attempt = 0; ; attempt++) {
		if (getDbStatus() === 'upgrade-elsewhere') throw new DbClosedForUpgradeError();
		try {
			return await fn(db);
		} catch (e) {
			// Read again: the versionchange event may have arrived while fn ran.
			if (getDbStatus() === 'upgrade-elsewhere') throw new DbClosedForUpgradeError(e);
			const reopenable = db === current && !db.hasBeenClosed() && !isQuotaError(e);
			if (attempt === 0 && reopenable && isConnectionLostError(e)) {
				// A half-closed connection throws InvalidStateError on every new transaction.
				if (db.isOpen()) db.close({ disableAutoOpen: false });
				continue;
			}
			throw toAppError(e);
		}
	}
}

/**
 * Makes the app use another database and opens it: by default a new, empty one (fake-indexeddb
 * in unit tests); with `name`, that database as it is, for tests that prepared it beforehand.
 * Status listeners are dropped so that one test's subscriptions cannot see the next one's events.
 */
export async function resetDbForTests(name?: string): Promise<SoKhachDB> {
	const previous = current;
	current = null;
	previous?.close();
	listeners.clear();
	status = 'closed';
	lastError = null;
	current = attach(createDatabase(name ?? `so-khach-test-${newId()}`));
	await open(current);
	return current;
}
