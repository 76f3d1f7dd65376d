import { describe, expect, it } from 'vitest';
import {
	altered,
	BackupError,
	damaged,
	incomplete,
	isBackupError,
	newerVersion,
	notABackup,
	workFactorTooHigh,
	wrongPassphrase,
	type BackupErrorCode
} from './errors';

describe('backup errors', () => {
	it('give each situation its own code with what the message needs', () => {
		const errors: [BackupError, BackupErrorCode, object][] = [
			[notABackup('x'), 'not-a-backup', {}],
			[wrongPassphrase(), 'wrong-passphrase', {}],
			[altered('x', 'customers'), 'altered', { table: 'customers' }],
			[damaged('x'), 'damaged', {}],
			[incomplete('tags', 3, 1), 'incomplete', { table: 'tags', expected: 3, found: 1 }],
			[
				newerVersion({ appVersion: '2.0.0', formatVersion: 2, schemaVersion: 9 }),
				'newer-version',
				{ appVersion: '2.0.0', formatVersion: 2, schemaVersion: 9 }
			],
			[workFactorTooHigh(23, 20), 'work-factor-too-high', { workFactor: 23, max: 20 }]
		];
		expect(new Set(errors.map(([, code]) => code)).size).toBe(errors.length);
		for (const [error, code, params] of errors) {
			expect(error).toBeInstanceOf(Error);
			expect(isBackupError(error)).toBe(true);
			expect(error.name).toBe('BackupError');
			expect(error.code).toBe(code);
			expect(error.params).toEqual(params);
			expect(error.message).not.toBe('');
		}
		expect(isBackupError(new Error('x'))).toBe(false);
	});

	it('keep the underlying error as the cause', () => {
		const cause = new Error('invalid header HMAC');
		expect(damaged('x', undefined, cause).cause).toBe(cause);
	});
});
