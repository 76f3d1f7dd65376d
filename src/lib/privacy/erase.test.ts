import { describe, expect, it } from 'vitest';
import type { Tombstone } from '$lib/domain/types';
import { customerRecord, purchaseRecord } from '../../../tests/fixtures/db/records';
import { anonymisedCustomer, ANONYMOUS_NAME, applyTombstones } from './erase';

const richer = customerRecord('c1', {
	emails: [{ value: 'lan@example.com', valid: true }],
	emailKeys: ['lan@example.com'],
	birthday: '1990-05-06',
	birthdayMD: '05-06',
	address: '3 Trần Phú',
	notes: 'Khách quen',
	custom: { Size: 'M' },
	consent: true,
	consents: [
		{ id: 'k', purpose: 'care', given: true, at: 1, method: 'store', note: '', recordedAt: 1 }
	],
	tags: ['vip'],
	stats: { count: 2, total: 900_000, first: '2026-01-01', last: '2026-02-01' }
});

describe('anonymisedCustomer', () => {
	it('removes every field that says who the customer is and keeps the totals and tags', () => {
		const a = anonymisedCustomer(richer, 42);
		expect(a).toMatchObject({
			id: 'c1',
			name: ANONYMOUS_NAME,
			nameKey: '',
			phones: [],
			phoneKeys: [],
			emails: [],
			emailKeys: [],
			birthday: null,
			address: '',
			notes: '',
			custom: {},
			consent: null,
			tags: ['vip'],
			stats: richer.stats,
			anonymisedAt: 42
		});
		expect(a.birthdayMD).toBeUndefined();
		expect(a.consents).toBeUndefined();
		expect(JSON.stringify(a)).not.toMatch(/Hương|0912|lan@|Trần Phú|Khách quen|1990/);
	});
});

describe('applyTombstones', () => {
	const erased: Tombstone = { id: 'c1', at: 9, kind: 'erased', reason: 'other' };
	const anonymised: Tombstone = { id: 'c1', at: 9, kind: 'anonymised', reason: 'other' };
	const purchase = purchaseRecord('p1', 'c1', { note: 'gói quà' });

	it('skips every record of an erased customer', () => {
		const map = new Map([['c1', erased]]);
		expect(applyTombstones('customers', { ...richer }, map)).toBeNull();
		expect(applyTombstones('purchases', { ...purchase }, map)).toBeNull();
		expect(applyTombstones('reminders', { id: 'r', customerId: 'c1' }, map)).toBeNull();
	});

	it('anonymises an anonymised customer again, keeps their sales without notes, drops reminders', () => {
		const map = new Map([['c1', anonymised]]);
		expect(applyTombstones('customers', { ...richer }, map)).toMatchObject({
			name: ANONYMOUS_NAME,
			anonymisedAt: 9
		});
		expect(applyTombstones('purchases', { ...purchase }, map)).toMatchObject({
			amount: purchase.amount,
			note: ''
		});
		expect(
			applyTombstones('interactions', { id: 'i', customerId: 'c1', summary: 'gọi' }, map)
		).toMatchObject({ summary: '' });
		expect(applyTombstones('reminders', { id: 'r', customerId: 'c1' }, map)).toBeNull();
	});

	it('unlinks a customer referred by an erased one and leaves others as they are', () => {
		const map = new Map([['c1', erased]]);
		const friend = customerRecord('c2', { referredBy: 'c1' });
		expect(applyTombstones('customers', { ...friend }, map)).toMatchObject({ referredBy: null });
		const other = { ...customerRecord('c3') };
		expect(applyTombstones('customers', other, map)).toBe(other);
		expect(applyTombstones('tags', { id: 't' }, map)).toEqual({ id: 't' });
	});
});
