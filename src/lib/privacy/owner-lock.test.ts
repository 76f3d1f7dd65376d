import { describe, expect, it } from 'vitest';
import {
	checkOwnerPassphrase,
	isOwnerLock,
	makeOwnerLock,
	OWNER_SCRYPT,
	UnlockWindow
} from './owner-lock';

// A fast work factor for tests; the app uses OWNER_SCRYPT.
const FAST = { N: 2 ** 4, r: 8, p: 1, dkLen: 32 };

describe('the owner passphrase hash', () => {
	it('opens with the passphrase, whatever its Unicode form, and with nothing else', async () => {
		const lock = await makeOwnerLock('Chủ tiệm 2026', FAST);
		expect(await checkOwnerPassphrase('Chủ tiệm 2026', lock)).toBe(true);
		expect(await checkOwnerPassphrase('Chủ tiệm 2026'.normalize('NFD'), lock)).toBe(true);
		expect(await checkOwnerPassphrase('chủ tiệm 2026', lock)).toBe(false);
		expect(await checkOwnerPassphrase('', lock)).toBe(false);
	});

	it('keeps no trace of the passphrase, only a salted hash with its parameters', async () => {
		const a = await makeOwnerLock('Chủ tiệm 2026', FAST);
		const b = await makeOwnerLock('Chủ tiệm 2026', FAST);
		expect(a.salt).not.toBe(b.salt);
		expect(a.hash).not.toBe(b.hash);
		expect(a.salt).toHaveLength(32);
		expect(JSON.stringify(a)).not.toContain('Chủ');
		expect(isOwnerLock(a)).toBe(true);
	});

	it('matches scrypt with the documented parameters', async () => {
		expect(OWNER_SCRYPT).toEqual({ N: 32768, r: 8, p: 1, dkLen: 32 });
		// RFC 7914's test vector (N = 16, r = 1, p = 1, 64 bytes) for the empty password.
		const salt = new Uint8Array(0);
		const lock = await makeOwnerLock('', { N: 16, r: 1, p: 1, dkLen: 64 }, salt);
		expect(lock.hash.slice(0, 32)).toBe('77d6576238657b203b19ca42c18a0497');
	});

	it('refuses a stored record asking for an unreasonable work factor', () => {
		expect(
			isOwnerLock({ algo: 'scrypt', N: 2 ** 24, r: 8, p: 1, dkLen: 32, salt: '', hash: '' })
		).toBe(false);
		expect(isOwnerLock(null)).toBe(false);
	});
});

describe('UnlockWindow', () => {
	it('stays open for the given time after a correct entry, then closes', () => {
		const w = new UnlockWindow();
		expect(w.isOpen(0)).toBe(false);
		w.open(1000, 5000);
		expect(w.isOpen(5999)).toBe(true);
		expect(w.isOpen(6000)).toBe(false);
		w.open(1000, 5000);
		w.close();
		expect(w.isOpen(2000)).toBe(false);
	});
});
