import { beforeEach, describe, expect, it } from 'vitest';
import { consentState } from '$lib/privacy/consent';
import { recordConsent } from './consents';
import { createCustomer, getCustomer, trashCustomers } from './customers';
import { resetDbForTests } from './db';
import { anonymiseCustomer } from './erase';
import { customerHistory, peekUndo, undo } from './history';

beforeEach(async () => {
	await resetDbForTests();
});

const DAY = 86_400_000;

describe('recordConsent', () => {
	it('keeps every change of mind as its own entry, the latest in force', async () => {
		const c = await createCustomer({ name: 'Lê Thu Trang', phones: '0912345678' });
		const now = Date.now();
		await recordConsent(c.id, {
			purpose: 'promotions',
			given: true,
			at: now - 2 * DAY,
			method: 'zalo'
		});
		await recordConsent(c.id, {
			purpose: 'promotions',
			given: false,
			at: now - DAY,
			method: 'phone',
			note: ' gọi điện xin dừng '
		});
		await recordConsent(c.id, { purpose: 'care', given: true, at: now, method: 'store' });
		const stored = await getCustomer(c.id);
		expect(stored?.consents?.map((r) => [r.purpose, r.given, r.method])).toEqual([
			['promotions', true, 'zalo'],
			['promotions', false, 'phone'],
			['care', true, 'store']
		]);
		expect(stored?.consents?.[1].note).toBe('gọi điện xin dừng');
		expect(consentState(stored!, 'promotions')).toBe('withdrawn');
		expect(consentState(stored!, 'care')).toBe('given');
	});

	it('is one undoable step in the change log, named for the customer', async () => {
		const c = await createCustomer({ name: 'Lê Thu Trang' });
		await recordConsent(c.id, { purpose: 'care', given: true, at: Date.now(), method: 'form' });
		expect(await peekUndo()).toMatchObject({
			label: 'change_consent_given',
			params: { name: 'Lê Thu Trang', purpose: 'care' }
		});
		const history = await customerHistory(c.id);
		expect(history[0]).toMatchObject({ op: 'update', fields: ['consents'] });
		await undo();
		expect((await getCustomer(c.id))?.consents).toBeUndefined();
	});

	it('refuses a date in the future, an unknown method and a customer in the trash', async () => {
		const c = await createCustomer({ name: 'Lê Thu Trang' });
		await expect(
			recordConsent(c.id, {
				purpose: 'care',
				given: true,
				at: Date.now() + 2 * DAY,
				method: 'store'
			})
		).rejects.toMatchObject({ field: 'at', problem: 'date-future' });
		await expect(
			recordConsent(c.id, {
				purpose: 'care',
				given: true,
				at: Date.now(),
				method: 'fax' as unknown as 'store'
			})
		).rejects.toMatchObject({ field: 'method', problem: 'value-invalid' });
		await trashCustomers([c.id]);
		await expect(
			recordConsent(c.id, { purpose: 'care', given: true, at: Date.now(), method: 'store' })
		).rejects.toMatchObject({ problem: 'customer-trashed' });
	});

	it('refuses an anonymised customer', async () => {
		const c = await createCustomer({ name: 'Lê Thu Trang' });
		await anonymiseCustomer(c.id, 'customer-request');
		await expect(
			recordConsent(c.id, { purpose: 'care', given: true, at: Date.now(), method: 'store' })
		).rejects.toMatchObject({ field: 'customerId', problem: 'value-invalid' });
	});
});
