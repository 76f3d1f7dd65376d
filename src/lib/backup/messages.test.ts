import { describe, expect, it } from 'vitest';
import { StorageFullError } from '$lib/db/errors';
import {
	altered,
	damaged,
	incomplete,
	newerVersion,
	notABackup,
	workFactorTooHigh,
	wrongPassphrase
} from './errors';
import { backupFailureText, isCancel } from './messages';

describe('what the owner is told when a backup cannot be read', () => {
	it('gives each failure its own message', () => {
		const texts = [
			notABackup('x'),
			wrongPassphrase(),
			altered('x', 'customers'),
			damaged('x'),
			incomplete('customers', 10, 7),
			newerVersion({ appVersion: '9.0.0', formatVersion: 2, schemaVersion: 9 }),
			workFactorTooHigh(23, 20)
		].map(backupFailureText);
		expect(new Set(texts).size).toBe(texts.length);
		expect(texts[1]).toMatch(/Sai mật khẩu/);
		expect(texts[4]).toMatch(/Khách hàng.*7.*10/);
		expect(texts[5]).toContain('9.0.0');
	});

	it('says the storage is full in the app’s own words, and tells a cancel apart', () => {
		expect(backupFailureText(new StorageFullError())).not.toBe(backupFailureText(damaged('x')));
		expect(isCancel(new DOMException('stop', 'AbortError'))).toBe(true);
		expect(isCancel(damaged('x'))).toBe(false);
	});
});
