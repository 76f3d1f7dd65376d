/**
 * Records of a book sent to another worker to prepare (helper.ts): their texts in a few flat
 * arrays, which structured clone copies as strings, where half a million record objects with
 * arrays inside would each be walked as objects on both sides.
 */
import type { RecordSource } from './engine';
import type { DedupRecord } from './types';

export interface RecordSlice {
	name: string[];
	salutation: (string | undefined)[];
	/** Every record's phones in turn; phoneEnd[i] ends record i's. Emails the same. */
	phones: string[];
	phoneEnd: Int32Array<ArrayBuffer>;
	emails: string[];
	emailEnd: Int32Array<ArrayBuffer>;
	address: string[];
	birthday: string[];
	extraId: (string | undefined)[];
}

/** Records from…to-1 of a book as one message, and their ids (which stay here). */
export function sliceRecords(
	source: RecordSource,
	from: number,
	to: number
): { slice: RecordSlice; ids: string[] } {
	const n = to - from;
	const ids = new Array<string>(n);
	const slice: RecordSlice = {
		name: new Array<string>(n),
		salutation: new Array<string | undefined>(n),
		phones: [],
		phoneEnd: new Int32Array(n),
		emails: [],
		emailEnd: new Int32Array(n),
		address: new Array<string>(n),
		birthday: new Array<string>(n),
		extraId: new Array<string | undefined>(n)
	};
	for (let k = 0; k < n; k++) {
		const r = source.at(from + k)!;
		ids[k] = r.id;
		slice.name[k] = r.name;
		slice.salutation[k] = r.salutation;
		for (const p of r.phones) slice.phones.push(p);
		slice.phoneEnd[k] = slice.phones.length;
		for (const e of r.emails) slice.emails.push(e);
		slice.emailEnd[k] = slice.emails.length;
		slice.address[k] = r.address;
		slice.birthday[k] = r.birthday;
		slice.extraId[k] = r.extraId;
	}
	return { slice, ids };
}

/** The records of a slice, one made when asked for, without their ids (the sender keeps them). */
export function recordsOfSlice(slice: RecordSlice): RecordSource {
	const length = slice.name.length;
	return {
		length,
		at(k: number): DedupRecord | undefined {
			if (k < 0 || k >= length) return undefined;
			const record: DedupRecord = {
				id: '',
				name: slice.name[k],
				phones: slice.phones.slice(k === 0 ? 0 : slice.phoneEnd[k - 1], slice.phoneEnd[k]),
				emails: slice.emails.slice(k === 0 ? 0 : slice.emailEnd[k - 1], slice.emailEnd[k]),
				address: slice.address[k],
				birthday: slice.birthday[k]
			};
			if (slice.salutation[k] !== undefined) record.salutation = slice.salutation[k];
			if (slice.extraId[k] !== undefined) record.extraId = slice.extraId[k];
			return record;
		}
	};
}
