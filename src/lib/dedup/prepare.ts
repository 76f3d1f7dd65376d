/**
 * A record turned into the keys the engine compares, once, before any pair is looked at.
 */
import { addressKey, type AddressKey } from './address';
import { birthdayKey, emailKeys, extraIdKey } from './keys';
import { parseName, type ParsedName } from './names';
import { phoneKeys } from './phone-keys';
import type { DedupRecord } from './types';

export interface PreparedRecord {
	id: string;
	name: ParsedName;
	/** E.164 keys. */
	phones: string[];
	/** Numbers the same text may also mean (old landlines). */
	phonesPossible: string[];
	emails: string[];
	/** yyyymmdd (year 0 when unknown), -1 when none. */
	birthday: number;
	address: AddressKey;
	extraId: string;
}

export function prepareRecord(record: DedupRecord): PreparedRecord {
	const phones = phoneKeys(record.phones);
	return {
		id: record.id,
		name: parseName(record.name, record.salutation),
		phones: phones.exact,
		phonesPossible: phones.possible,
		emails: emailKeys(record.emails),
		birthday: birthdayKey(record.birthday),
		address: addressKey(record.address),
		extraId: extraIdKey(record.extraId)
	};
}
