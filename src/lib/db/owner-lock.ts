/** Where the owner passphrase's hash is kept: one setting (see privacy/owner-lock.ts). */
import {
	checkOwnerPassphrase,
	isOwnerLock,
	makeOwnerLock,
	MIN_OWNER_PASSPHRASE,
	OWNER_LOCK_KEY,
	OWNER_SCRYPT,
	type OwnerLockRecord,
	type ScryptParams
} from '$lib/privacy/owner-lock';
import { InputError } from './input';
import { getSetting, setSetting } from './settings';

/** The lock in force, or null when the owner has set none. */
export async function getOwnerLock(): Promise<OwnerLockRecord | null> {
	const value = await getSetting<unknown>(OWNER_LOCK_KEY, null);
	return isOwnerLock(value) ? value : null;
}

/**
 * Sets or changes the owner passphrase. Changing it needs the current one.
 *
 * @throws InputError('current', 'value-invalid') when the current passphrase is wrong;
 *   InputError('passphrase', 'text-empty') when the new one is shorter than MIN_OWNER_PASSPHRASE
 */
export async function setOwnerPassphrase(
	passphrase: string,
	current: string | null,
	params: ScryptParams = OWNER_SCRYPT
): Promise<void> {
	if (passphrase.trim().length < MIN_OWNER_PASSPHRASE) {
		throw new InputError('passphrase', 'text-empty');
	}
	const lock = await getOwnerLock();
	if (lock && !(await checkOwnerPassphrase(current ?? '', lock))) {
		throw new InputError('current', 'value-invalid');
	}
	await setSetting(OWNER_LOCK_KEY, await makeOwnerLock(passphrase, params));
}

/** Removes the lock; needs the current passphrase. */
export async function removeOwnerPassphrase(current: string): Promise<void> {
	const lock = await getOwnerLock();
	if (!lock) return;
	if (!(await checkOwnerPassphrase(current, lock))) {
		throw new InputError('current', 'value-invalid');
	}
	await setSetting(OWNER_LOCK_KEY, null);
}

/** True when no lock is set, or the passphrase opens it. */
export async function ownerPassphraseOpens(passphrase: string): Promise<boolean> {
	const lock = await getOwnerLock();
	return lock === null || (await checkOwnerPassphrase(passphrase, lock));
}
