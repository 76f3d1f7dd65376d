import { describe, expect, it } from 'vitest';
import { buildCustomer } from '$lib/domain/customer';
import type { Customer } from '$lib/domain/types';
import { bulkPatch, isBulkField, isValidBulkEdit, type BulkEdit } from './bulk-edit';

const NOW = 1_800_000_000_000;

function customer(over: Partial<Customer> = {}): Customer {
	return { ...buildCustomer({ name: 'Hương' }, { id: 'c1', now: 1 }), ...over };
}

describe('bulkPatch', () => {
	it('tidies text as typing it would and stamps the write', () => {
		expect(bulkPatch(customer(), { field: 'source', value: '  Facebook   shop ' }, NOW)).toEqual({
			source: 'Facebook shop',
			updatedAt: NOW
		});
		expect(bulkPatch(customer(), { field: 'salutation', value: 'C.' }, NOW)).toMatchObject({
			salutation: 'chị'
		});
	});

	it('keeps an unknown gender word as typed and flags it', () => {
		const patch = bulkPatch(customer(), { field: 'gender', value: 'hmm' }, NOW);
		expect(patch).toMatchObject({
			invalid: { gender: { raw: 'hmm', problem: 'gender-unknown' } }
		});
		const fixed = bulkPatch({ ...customer(), ...patch }, { field: 'gender', value: 'nữ' }, NOW);
		expect(fixed).toMatchObject({ gender: 'female', invalid: {} });
	});

	it('changes nothing when the value is already stored', () => {
		expect(bulkPatch(customer({ city: 'Huế' }), { field: 'city', value: ' Huế ' }, NOW)).toEqual(
			{}
		);
	});

	it('adds a line to the notes instead of replacing them, once', () => {
		const edit: BulkEdit = { field: 'notes', value: 'Đã gửi thiệp Tết' };
		expect(bulkPatch(customer({ notes: 'Thích hoa cúc' }), edit, NOW)).toMatchObject({
			notes: 'Thích hoa cúc\nĐã gửi thiệp Tết'
		});
		expect(bulkPatch(customer(), edit, NOW)).toMatchObject({ notes: 'Đã gửi thiệp Tết' });
		expect(bulkPatch(customer({ notes: 'a\nĐã gửi thiệp Tết' }), edit, NOW)).toEqual({});
	});

	it('rates only leads, and clearing removes the rating', () => {
		const lead = customer({ stage: 'lead' });
		expect(bulkPatch(lead, { field: 'leadTemperature', value: 'hot' }, NOW)).toEqual({
			leadTemperature: 'hot',
			updatedAt: NOW
		});
		const bought = customer({
			stage: 'loyal',
			stats: { count: 3, total: 1, first: null, last: null }
		});
		expect(bulkPatch(bought, { field: 'leadTemperature', value: 'hot' }, NOW)).toBeNull();
		const rated = customer({ stage: 'lead', leadTemperature: 'warm' });
		const cleared = bulkPatch(rated, { field: 'leadTemperature', value: null }, NOW);
		expect(cleared).toHaveProperty('leadTemperature', undefined);
		expect(bulkPatch(rated, { field: 'leadTemperature', value: 'warm' }, NOW)).toEqual({});
	});
});

describe('isValidBulkEdit', () => {
	it('accepts the shared fields only, and known temperatures', () => {
		expect(isBulkField('city')).toBe(true);
		expect(isBulkField('phones')).toBe(false);
		expect(isValidBulkEdit({ field: 'leadTemperature', value: 'warm' })).toBe(true);
		expect(isValidBulkEdit({ field: 'leadTemperature', value: 'boiling' } as never)).toBe(false);
		expect(isValidBulkEdit({ field: 'name', value: 'x' } as never)).toBe(false);
	});
});
