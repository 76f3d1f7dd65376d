/**
 * What belongs to this device and not to the book: the folder the automatic backups go into (a
 * FileSystemDirectoryHandle, which only this browser profile can use) and how the last automatic
 * backup went. A tiny IndexedDB database of its own (`sokhach-device`), NOT the Dexie book, so
 * none of it is in backups, in the change log, or brought back by a restore.
 */

export const DEVICE_DB_NAME = 'sokhach-device';
const STORE = 'kv';

export const DEVICE_KEYS = {
	autoFolder: 'autoBackup.folder',
	autoStatus: 'autoBackup.status'
} as const;

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

function open(): Promise<IDBDatabase> {
	const req = indexedDB.open(DEVICE_DB_NAME, 1);
	req.onupgradeneeded = () => req.result.createObjectStore(STORE);
	return request(req);
}

async function run<T>(
	mode: IDBTransactionMode,
	fn: (store: IDBObjectStore) => IDBRequest<T>
): Promise<T> {
	const db = await open();
	try {
		const tx = db.transaction(STORE, mode);
		const result = await request(fn(tx.objectStore(STORE)));
		await new Promise<void>((resolve, reject) => {
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
			tx.onabort = () => reject(tx.error ?? new DOMException('Aborted', 'AbortError'));
		});
		return result;
	} finally {
		db.close();
	}
}

export async function getDeviceValue<T>(key: string): Promise<T | null> {
	const value = await run('readonly', (s) => s.get(key));
	return value === undefined ? null : (value as T);
}

export async function setDeviceValue(key: string, value: unknown): Promise<void> {
	await run('readwrite', (s) => s.put(value, key));
}

export async function deleteDeviceValue(key: string): Promise<void> {
	await run('readwrite', (s) => s.delete(key));
}
