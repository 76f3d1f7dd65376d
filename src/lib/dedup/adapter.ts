/**
 * From the app's stored customer to the engine's record. Phones are handed over in E.164 (the
 * engine then skips parsing); an invalid phone goes as typed, so its digits can still match.
 */
import type { Customer } from '$lib/domain/types';
import type { DedupRecord } from './types';

export type CustomerForDedup = Pick<
	Customer,
	'id' | 'name' | 'salutation' | 'phones' | 'emails' | 'birthday' | 'address' | 'district' | 'city'
>;

export function customerToDedupRecord(c: CustomerForDedup): DedupRecord {
	return {
		id: c.id,
		name: c.name,
		salutation: c.salutation,
		phones: c.phones.map((p) => p.e164 ?? p.raw),
		emails: c.emails.map((e) => e.value),
		address: [c.address, c.district, c.city].filter((s) => s.trim() !== '').join(', '),
		birthday: c.birthday ?? ''
	};
}
