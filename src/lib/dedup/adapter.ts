/**
 * From the app's stored customer to the engine's record. Phones are handed over in E.164 (the
 * engine then skips parsing); an invalid phone goes as typed, so its digits can still match.
 * Defensive, since an old or restored record may lack a field: the facts blocks keep this text
 * for every customer (db/packs.ts, TextBlock), and one bad record must not stop a rebuild.
 */
import type { Customer } from '$lib/domain/types';
import type { DedupRecord } from './types';

export type CustomerForDedup = Pick<
	Customer,
	'id' | 'name' | 'salutation' | 'phones' | 'emails' | 'birthday' | 'address' | 'district' | 'city'
>;

/** A record's text without its id: what the facts blocks keep of each customer for the engine. */
export type DedupText = Required<Pick<DedupRecord, 'name' | 'salutation' | 'phones' | 'emails'>> &
	Pick<DedupRecord, 'address' | 'birthday'>;

const text = (s: unknown): string => (typeof s === 'string' ? s : '');
const list = <T>(xs: unknown): T[] => (Array.isArray(xs) ? (xs as T[]) : []);

export function dedupTextOf(c: Omit<CustomerForDedup, 'id'>): DedupText {
	return {
		name: text(c.name),
		salutation: text(c.salutation),
		phones: list<Customer['phones'][number] | null>(c.phones).map((p) => text(p?.e164 ?? p?.raw)),
		emails: list<Customer['emails'][number] | null>(c.emails).map((e) => text(e?.value)),
		address: [c.address, c.district, c.city]
			.map(text)
			.filter((s) => s.trim() !== '')
			.join(', '),
		birthday: text(c.birthday)
	};
}

export function customerToDedupRecord(c: CustomerForDedup): DedupRecord {
	return { id: c.id, ...dedupTextOf(c) };
}
