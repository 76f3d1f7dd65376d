import { beforeEach, describe, expect, it } from 'vitest';
import { resetDbForTests } from './db';
import {
	getOwnerLock,
	ownerPassphraseOpens,
	removeOwnerPassphrase,
	setOwnerPassphrase
} from './owner-lock';

const FAST = { N: 2 ** 4, r: 8, p: 1, dkLen: 32 };

beforeEach(async () => {
	await resetDbForTests();
});

describe('the owner passphrase setting', () => {
	it('is off until set; then opens only with the passphrase', async () => {
		expect(await getOwnerLock()).toBeNull();
		expect(await ownerPassphraseOpens('anything')).toBe(true);
		await setOwnerPassphrase('mật khẩu chủ', null, FAST);
		expect(await ownerPassphraseOpens('mật khẩu chủ')).toBe(true);
		expect(await ownerPassphraseOpens('sai rồi')).toBe(false);
	});

	it('changes or removes only with the current passphrase', async () => {
		await setOwnerPassphrase('mật khẩu chủ', null, FAST);
		await expect(setOwnerPassphrase('mới hơn nữa', 'sai rồi', FAST)).rejects.toMatchObject({
			field: 'current'
		});
		await setOwnerPassphrase('mới hơn nữa', 'mật khẩu chủ', FAST);
		expect(await ownerPassphraseOpens('mới hơn nữa')).toBe(true);
		await expect(removeOwnerPassphrase('mật khẩu chủ')).rejects.toMatchObject({
			field: 'current'
		});
		await removeOwnerPassphrase('mới hơn nữa');
		expect(await getOwnerLock()).toBeNull();
	});

	it('refuses a passphrase shorter than six characters', async () => {
		await expect(setOwnerPassphrase('  abc ', null, FAST)).rejects.toMatchObject({
			field: 'passphrase'
		});
	});
});
