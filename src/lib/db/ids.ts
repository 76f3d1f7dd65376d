/**
 * Record ids: 26 characters of Crockford base32, 10 for the millisecond time and 16 for 80 random
 * bits (the ULID layout). Sorting ids as strings sorts records by creation time, which the change
 * log relies on to find the latest batch without a separate counter.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_LEN = 10;
const RANDOM_LEN = 16;
const MAX_TIME = 2 ** 48 - 1;

let lastTime = -1;
let lastRandom: number[] = [];

function randomDigits(): number[] {
	const bytes = new Uint8Array(RANDOM_LEN);
	globalThis.crypto.getRandomValues(bytes);
	// 256 is a multiple of 32, so masking keeps every digit uniform.
	return Array.from(bytes, (b) => b & 31);
}

/** Adds one to the random part; false when it was already all ones. */
function increment(digits: number[]): boolean {
	for (let i = digits.length - 1; i >= 0; i--) {
		if (digits[i] < 31) {
			digits[i]++;
			return true;
		}
		digits[i] = 0;
	}
	return false;
}

function encodeTime(time: number): string {
	let out = '';
	let t = time;
	for (let i = 0; i < TIME_LEN; i++) {
		out = ALPHABET[t % 32] + out;
		t = Math.floor(t / 32);
	}
	return out;
}

/**
 * A new unique id, greater than every id made before it in this page or worker, even within the
 * same millisecond or when the system clock steps back (the last time is reused and the random
 * part counts up, so order never breaks).
 */
export function newId(): string {
	let time = Math.min(Date.now(), MAX_TIME);
	if (time <= lastTime) {
		time = lastTime;
		if (!increment(lastRandom)) {
			time = lastTime + 1;
			lastRandom = randomDigits();
		}
	} else {
		lastRandom = randomDigits();
	}
	lastTime = time;
	return encodeTime(time) + lastRandom.map((d) => ALPHABET[d]).join('');
}

/** The creation time (epoch ms) encoded in an id made by newId. */
export function idTime(id: string): number {
	let t = 0;
	for (let i = 0; i < TIME_LEN; i++) {
		const d = ALPHABET.indexOf(id[i]);
		if (d < 0) throw new RangeError(`Not an id: ${id}`);
		t = t * 32 + d;
	}
	return t;
}
