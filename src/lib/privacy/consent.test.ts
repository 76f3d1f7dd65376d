import { describe, expect, it } from 'vitest';
import type { ConsentRecord } from '$lib/domain/types';
import { customerRecord } from '../../../tests/fixtures/db/records';
import {
	consentingOnly,
	consentProblem,
	consentState,
	hasConsent,
	latestConsent,
	withConsent
} from './consent';

const entry = (over: Partial<ConsentRecord>): ConsentRecord => ({
	id: 'x',
	purpose: 'promotions',
	given: true,
	at: 1000,
	method: 'store',
	note: '',
	recordedAt: 1000,
	...over
});

describe('consentState', () => {
	it('is the latest entry of the purpose, whatever order they were recorded in', () => {
		const consents = [
			entry({ id: 'b', given: false, at: 2000, recordedAt: 2000 }),
			entry({ id: 'a', given: true, at: 1000, recordedAt: 3000 })
		];
		expect(consentState({ consent: null, consents }, 'promotions')).toBe('withdrawn');
		expect(latestConsent({ consents }, 'promotions')?.id).toBe('b');
	});

	it('reads the old single flag for care messages only, never for promotions', () => {
		expect(consentState({ consent: true }, 'care')).toBe('given');
		expect(consentState({ consent: false }, 'care')).toBe('withdrawn');
		expect(consentState({ consent: true }, 'promotions')).toBeNull();
		expect(hasConsent({ consent: true }, 'promotions')).toBe(false);
	});

	it('lets a recorded entry win over the old flag', () => {
		const consents = [entry({ purpose: 'care', given: false })];
		expect(consentState({ consent: true, consents }, 'care')).toBe('withdrawn');
	});

	it('counts a customer never asked as not consenting', () => {
		expect(hasConsent({ consent: null }, 'care')).toBe(false);
		expect(hasConsent({ consent: null, consents: [entry({})] }, 'promotions')).toBe(true);
	});
});

describe('consentProblem and withConsent', () => {
	it('refuses a date in the future and an unknown purpose', () => {
		const now = 10_000_000;
		const ok = { purpose: 'care', given: true, at: now, method: 'zalo' } as const;
		expect(consentProblem(ok, now)).toBeNull();
		expect(consentProblem({ ...ok, at: now + 3_600_000 }, now)).toEqual({
			field: 'at',
			problem: 'date-future'
		});
		expect(consentProblem({ ...ok, purpose: 'sms' as 'care' }, now)?.field).toBe('purpose');
	});

	it('keeps the history in date order without changing the earlier entries', () => {
		const first = entry({ id: 'a', at: 2000 });
		const history = withConsent([first], entry({ id: 'b', at: 1000 }));
		expect(history.map((e) => e.id)).toEqual(['b', 'a']);
		expect(history[1]).toBe(first);
	});
});

describe('consentingOnly', () => {
	it('keeps, batch by batch, only the customers who said yes to the purpose', async () => {
		const yes = customerRecord('a', { consents: [entry({ purpose: 'care' })] });
		const legacy = customerRecord('b', { consent: true });
		const no = customerRecord('c', { consents: [entry({ purpose: 'care', given: false })] });
		const out: string[][] = [];
		for await (const batch of consentingOnly([[yes, no], [no], [legacy]], 'care')) {
			out.push(batch.map((c) => c.id));
		}
		expect(out).toEqual([['a'], ['b']]);
	});
});
