import { describe, expect, it } from 'vitest';
import { DB_NAME } from '$lib/db/schema';
import {
	deleteDeviceValue,
	DEVICE_DB_NAME,
	DEVICE_KEYS,
	getDeviceValue,
	setDeviceValue
} from './device-store';

describe('the device store', () => {
	it('keeps values in its own database, apart from the book', async () => {
		expect(DEVICE_DB_NAME).not.toBe(DB_NAME);
		expect(await getDeviceValue(DEVICE_KEYS.autoStatus)).toBeNull();
		const status = { lastOkAt: 1, lastOkFile: 'so-khach-2026-11-26-0900.age', lastRun: null };
		await setDeviceValue(DEVICE_KEYS.autoStatus, status);
		expect(await getDeviceValue(DEVICE_KEYS.autoStatus)).toEqual(status);
		await setDeviceValue(DEVICE_KEYS.autoStatus, { ...status, lastOkAt: 2 });
		expect(await getDeviceValue(DEVICE_KEYS.autoStatus)).toMatchObject({ lastOkAt: 2 });
		await deleteDeviceValue(DEVICE_KEYS.autoStatus);
		expect(await getDeviceValue(DEVICE_KEYS.autoStatus)).toBeNull();
		const names = (await indexedDB.databases()).map((d) => d.name);
		expect(names).toContain(DEVICE_DB_NAME);
	});
});
