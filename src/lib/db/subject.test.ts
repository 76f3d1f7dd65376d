import { beforeEach, describe, expect, it } from 'vitest';
import { recordConsent } from './consents';
import { createCustomer, editCustomerField } from './customers';
import { resetDbForTests } from './db';
import { logInteraction } from './interactions';
import { createPurchase } from './purchases';
import { readSubjectRecord } from './subject';

beforeEach(async () => {
	await resetDbForTests();
});

describe('readSubjectRecord', () => {
	it('gathers the customer, their purchases, interactions, reminders, consents and changes', async () => {
		const c = await createCustomer({ name: 'Lê Thu Trang', phones: '0912345678' });
		const other = await createCustomer({ name: 'Người khác' });
		await editCustomerField(c.id, 'city', 'Huế');
		await recordConsent(c.id, { purpose: 'care', given: true, at: Date.now(), method: 'store' });
		await createPurchase({
			customerId: c.id,
			date: '2026-01-10',
			items: 'Son',
			amount: 100_000,
			channel: '',
			staff: '',
			note: ''
		});
		await createPurchase({
			customerId: other.id,
			date: '2026-01-10',
			items: 'Kem',
			amount: 1,
			channel: '',
			staff: '',
			note: ''
		});
		await logInteraction({
			customerId: c.id,
			kind: 'call',
			channel: 'phone',
			sentiment: null,
			summary: 'Hỏi giá',
			staff: ''
		});
		const record = await readSubjectRecord(c.id, 'Spa Hoa Mai', new Date('2026-11-26T00:00:00Z'));
		expect(record.customer.city).toBe('Huế');
		expect(record.customer.consents).toHaveLength(1);
		expect(record.purchases.map((p) => p.items)).toEqual(['Son']);
		expect(record.interactions.map((i) => i.summary)).toEqual(['Hỏi giá']);
		expect(record.reminders.length).toBeGreaterThan(0);
		expect(record.reminders.every((r) => r.customerId === c.id)).toBe(true);
		const tables = new Set(record.changes.map((ch) => ch.table));
		expect(tables).toEqual(new Set(['customers', 'purchases', 'interactions', 'reminders']));
		expect(record.changes.every((ch) => ch.rowId !== other.id)).toBe(true);
		expect(record.exportedAt).toBe('2026-11-26T00:00:00.000Z');
	});
});
