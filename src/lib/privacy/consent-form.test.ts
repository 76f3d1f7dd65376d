import { describe, expect, it } from 'vitest';
import { isoToday } from '$lib/domain/date';
import { consentMoment } from './consent-form';

describe('consentMoment', () => {
	it('is now for today and noon in Vietnam for an earlier day', () => {
		expect(consentMoment('2026-11-26', '2026-11-26', 123)).toBe(123);
		const at = consentMoment('2026-03-01', '2026-11-26', 0);
		expect(at).toBe(Date.UTC(2026, 2, 1, 5));
		expect(isoToday('Asia/Ho_Chi_Minh', new Date(at!))).toBe('2026-03-01');
	});

	it('refuses what is not a real date', () => {
		expect(consentMoment('2026-02-30', '2026-11-26', 0)).toBeNull();
		expect(consentMoment('01/03/2026', '2026-11-26', 0)).toBeNull();
	});
});
