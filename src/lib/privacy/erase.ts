/**
 * What erasing or anonymising a customer leaves, as pure functions over records, so the
 * repository (db/erase.ts) and a restore of an older backup (backup/restore.ts) apply the same
 * rules. Anonymising keeps the sales (amounts, dates, items) so the shop's totals stay true, and
 * removes who the customer is; erasing removes everything.
 */
import type { Customer, Interaction, Purchase, Tombstone } from '$lib/domain/types';

export type TombstoneReason = Tombstone['reason'];
export const TOMBSTONE_REASONS: readonly TombstoneReason[] = [
	'customer-request',
	'no-longer-needed',
	'other'
];

/**
 * The name an anonymised customer keeps: a label, not a person. Stored in Vietnamese like the
 * rest of the shop's data; the panel shows its own translation from `anonymisedAt`.
 */
export const ANONYMOUS_NAME = 'Khách ẩn danh';

/** The tables whose records belong to one customer through `customerId`. */
export const OWNED_BY_CUSTOMER = ['purchases', 'interactions', 'reminders'] as const;

/**
 * The customer with nothing that says who they are: name (replaced by ANONYMOUS_NAME), phones, emails, birthday, gender, address, notes, custom fields,
 * consents, who referred them and where they came from. Kept: the id, purchase stats, stage and
 * tags (the shop's own categories), dates of the record.
 */
export function anonymisedCustomer(customer: Customer, now: number): Customer {
	const {
		birthdayMD: _birthdayMD,
		consents: _consents,
		leadTemperature: _lead,
		stageReason,
		...rest
	} = customer;
	return {
		...rest,
		stageReason: stageReason ?? null,
		name: ANONYMOUS_NAME,
		nameKey: '',
		salutation: '',
		phones: [],
		phoneKeys: [],
		emails: [],
		emailKeys: [],
		gender: null,
		birthday: null,
		address: '',
		district: '',
		city: '',
		source: '',
		referredBy: null,
		consent: null,
		notes: '',
		custom: {},
		invalid: {},
		anonymisedAt: now,
		updatedAt: now
	};
}

/** A sale of an anonymised customer: the amount, date and items stay; the note goes. */
export function anonymisedPurchase(purchase: Purchase, now: number): Purchase {
	return purchase.note === '' ? purchase : { ...purchase, note: '', updatedAt: now };
}

/** An interaction of an anonymised customer: that it happened stays, what was said goes. */
export function anonymisedInteraction(interaction: Interaction, now: number): Interaction {
	return interaction.summary === '' ? interaction : { ...interaction, summary: '', updatedAt: now };
}

type StoredRecord = Record<string, unknown>;

/**
 * A record read from a backup, as it may enter a book holding these tombstones: unchanged,
 * anonymised again, or null (skipped) — so restoring an older backup does not bring an erased or
 * anonymised customer back. Reminders of a tombstoned customer are skipped: there is no one to
 * contact.
 */
export function applyTombstones(
	table: string,
	record: StoredRecord,
	tombstones: ReadonlyMap<string, Tombstone>
): StoredRecord | null {
	if (tombstones.size === 0) return record;
	const owner =
		table === 'customers'
			? (record.id as string)
			: typeof record.customerId === 'string'
				? record.customerId
				: null;
	if (table === 'customers' && typeof record.referredBy === 'string') {
		if (tombstones.get(record.referredBy)?.kind === 'erased') {
			record = { ...record, referredBy: null };
		}
	}
	if (owner === null) return record;
	const tombstone = tombstones.get(owner);
	if (tombstone === undefined) return record;
	if (tombstone.kind === 'erased') return null;
	const at = typeof record.updatedAt === 'number' ? record.updatedAt : 0;
	switch (table) {
		case 'customers': {
			const again = anonymisedCustomer(record as unknown as Customer, tombstone.at);
			return { ...again, updatedAt: at } as unknown as StoredRecord;
		}
		case 'purchases':
			return { ...anonymisedPurchase(record as unknown as Purchase, at) } as StoredRecord;
		case 'interactions':
			return { ...anonymisedInteraction(record as unknown as Interaction, at) } as StoredRecord;
		default:
			return null;
	}
}
