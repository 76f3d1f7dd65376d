import { describe, expect, it } from 'vitest';
import { StorageFullError } from '$lib/db/errors';
import {
	altered,
	damaged,
	incomplete,
	needsKey,
	needsPassphrase,
	newerVersion,
	notABackup,
	workFactorTooHigh,
	wrongKey,
	wrongPassphrase
} from './errors';
import { autoFailureText, backupFailureText, isCancel } from './messages';

describe('what the owner is told when a backup cannot be read', () => {
	it('gives each failure its own message', () => {
		const texts = [
			notABackup('x'),
			wrongPassphrase(),
			altered('x', 'customers'),
			damaged('x'),
			incomplete('customers', 10, 7),
			newerVersion({ appVersion: '9.0.0', formatVersion: 2, schemaVersion: 9 }),
			workFactorTooHigh(23, 20),
			wrongKey(),
			needsKey(),
			needsPassphrase()
		].map(backupFailureText);
		expect(new Set(texts).size).toBe(texts.length);
		expect(texts[1]).toMatch(/Sai mật khẩu/);
		expect(texts[4]).toMatch(/Khách hàng.*7.*10/);
		expect(texts[5]).toContain('9.0.0');
		expect(texts[7]).toMatch(/Tệp khóa này không mở được/);
		expect(texts[8]).toMatch(/chọn “Tệp khóa”/);
	});

	it('says why an automatic backup failed, each reason its own way', () => {
		const texts = (['permission', 'folder-gone', 'disk-full'] as const).map((kind) =>
			autoFailureText({ kind, message: 'x' })
		);
		expect(new Set(texts).size).toBe(3);
		expect(texts[1]).toContain('USB');
		expect(autoFailureText({ kind: 'other', message: 'Lỗi lạ.' })).toBe('Lỗi lạ.');
	});

	it('says the storage is full in the app’s own words, and tells a cancel apart', () => {
		expect(backupFailureText(new StorageFullError())).not.toBe(backupFailureText(damaged('x')));
		expect(isCancel(new DOMException('stop', 'AbortError'))).toBe(true);
		expect(isCancel(damaged('x'))).toBe(false);
	});
});
