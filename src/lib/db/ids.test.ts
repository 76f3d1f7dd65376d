import { afterEach, describe, expect, it, vi } from 'vitest';
import { idTime, newId } from './ids';

describe('newId', () => {
	afterEach(() => {
		vi.restoreAllMocks();
	});

	it('makes 26-character Crockford base32 ids', () => {
		expect(newId()).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
	});

	it('encodes the creation time so ids can be dated', () => {
		// Later than any id made so far in this file, which would otherwise hold the time back.
		vi.spyOn(Date, 'now').mockReturnValue(4_102_444_800_123);
		expect(idTime(newId())).toBe(4_102_444_800_123);
	});

	it('keeps ids made in the same millisecond unique and in creation order', () => {
		vi.spyOn(Date, 'now').mockReturnValue(1_750_000_000_000);
		const ids = Array.from({ length: 5000 }, () => newId());
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual(ids);
	});

	it('sorts later ids after earlier ones across milliseconds', () => {
		const now = vi.spyOn(Date, 'now');
		now.mockReturnValue(1_750_000_000_000);
		const a = newId();
		now.mockReturnValue(1_750_000_000_001);
		const b = newId();
		expect(a < b).toBe(true);
	});

	it('never goes backwards when the clock steps back', () => {
		const now = vi.spyOn(Date, 'now');
		now.mockReturnValue(1_760_000_000_000);
		const before = newId();
		now.mockReturnValue(1_700_000_000_000);
		const after = newId();
		expect(after > before).toBe(true);
	});

	it('rejects strings that are not ids when decoding the time', () => {
		expect(() => idTime('not-an-id-at-all-xxxxxxxxxx')).toThrow(RangeError);
	});
});
