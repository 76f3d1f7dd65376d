/**
 * The owner passphrase: a guard against staff mistakes (restoring over the book, exporting it in
 * the clear, emptying the trash, erasing a customer), not encryption. The data stays readable to
 * anyone with the browser profile; see README → Owner lock.
 *
 * Only a slow hash is kept: scrypt (N = 2^15, r = 8, p = 1, 32 bytes) over the NFC passphrase
 * with a random 16-byte salt, ~0.1–0.3 s in a browser, so guessing from a copied profile costs
 * that much per try. The parameters are stored with the hash, so they can be raised later.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';

export const OWNER_LOCK_KEY = 'owner.lock';

export interface ScryptParams {
	N: number;
	r: number;
	p: number;
	dkLen: number;
}

export const OWNER_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1, dkLen: 32 };

/** Refused above this (a stored record could otherwise make the page hang for minutes). */
const MAX_N = 2 ** 20;

export interface OwnerLockRecord extends ScryptParams {
	algo: 'scrypt';
	/** Hex. */
	salt: string;
	/** Hex. */
	hash: string;
}

/** How long a correct entry keeps the owner's actions open. */
export const UNLOCK_MS = 5 * 60_000;

export const MIN_OWNER_PASSPHRASE = 6;

function derive(passphrase: string, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array> {
	return scryptAsync(passphrase.normalize('NFC'), salt, { ...params, maxmem: 2 ** 30 });
}

export function isOwnerLock(value: unknown): value is OwnerLockRecord {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as Record<string, unknown>;
	return (
		v.algo === 'scrypt' &&
		typeof v.salt === 'string' &&
		typeof v.hash === 'string' &&
		typeof v.N === 'number' &&
		v.N <= MAX_N &&
		typeof v.r === 'number' &&
		typeof v.p === 'number' &&
		typeof v.dkLen === 'number'
	);
}

export async function makeOwnerLock(
	passphrase: string,
	params: ScryptParams = OWNER_SCRYPT,
	salt: Uint8Array = randomBytes(16)
): Promise<OwnerLockRecord> {
	const hash = await derive(passphrase, salt, params);
	return { algo: 'scrypt', ...params, salt: bytesToHex(salt), hash: bytesToHex(hash) };
}

/** Compares in constant time, so the time taken says nothing about how much matched. */
export async function checkOwnerPassphrase(
	passphrase: string,
	lock: OwnerLockRecord
): Promise<boolean> {
	const { N, r, p, dkLen } = lock;
	const got = await derive(passphrase, hexToBytes(lock.salt), { N, r, p, dkLen });
	const want = hexToBytes(lock.hash);
	if (got.length !== want.length) return false;
	let diff = 0;
	for (let i = 0; i < got.length; i++) diff |= got[i] ^ want[i];
	return diff === 0;
}

/** The few minutes after a correct entry during which the owner is not asked again. */
export class UnlockWindow {
	#until = 0;

	isOpen(now: number): boolean {
		return now < this.#until;
	}

	open(now: number, ms: number = UNLOCK_MS): void {
		this.#until = now + ms;
	}

	close(): void {
		this.#until = 0;
	}
}
