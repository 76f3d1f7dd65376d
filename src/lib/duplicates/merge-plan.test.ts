import { describe, expect, it } from 'vitest';
import { buildCustomer } from '$lib/domain/customer';
import type { Customer } from '$lib/domain/types';
import { defaultChoices, defaultKeep, mergedFields } from './merge-plan';

function customer(
	id: string,
	input: Parameters<typeof buildCustomer>[0],
	at: number,
	extra: Partial<Customer> = {}
): Customer {
	return { ...buildCustomer(input, { id, now: at }), ...extra };
}

const old = customer(
	'a',
	{ name: 'Nguyễn Thị Hương', phones: '0912345678', city: 'Hà Nội' },
	1000,
	{
		stats: { count: 3, total: 900_000, first: '2025-01-01', last: '2025-06-01' }
	}
);
const recent = customer(
	'b',
	{ name: 'Hương Nguyễn', phones: '+84 912 345 678', emails: 'h@example.com', notes: 'Mới' },
	5000
);

describe('merge plan', () => {
	it('keeps, by default, the customer with the most purchases, then the oldest', () => {
		expect(defaultKeep([recent, old])).toBe('a');
		const twin = customer('c', { name: 'Hương' }, 500);
		expect(defaultKeep([recent, twin])).toBe('c');
	});

	it('defaults each field to the most recently updated customer that has a value', () => {
		const choices = defaultChoices([old, recent], 'a');
		expect(choices.name).toBe('b');
		expect(choices.city).toBe('a');
		expect(choices.notes).toBe('b');
		expect(choices.birthday).toBe('a');
	});

	it('unites phones without repeating the same number typed another way', () => {
		const patch = mergedFields(old, [recent], {});
		expect(patch.phones).toHaveLength(1);
		expect(patch.phoneKeys).toEqual(['+84912345678']);
		expect(patch.emailKeys).toEqual(['h@example.com']);
	});

	it('takes a chosen field with the fields derived from it', () => {
		const patch = mergedFields(old, [recent], { name: 'b', city: 'a' });
		expect(patch.name).toBe('Hương Nguyễn');
		expect(patch.nameKey).toBe(recent.nameKey);
		expect(patch.city).toBe('Hà Nội');
		expect(patch.createdAt).toBe(1000);
	});
});
