/**
 * The packs (db/packs.ts) in memory: turning customers' facts, purchases and contacts into
 * packs, and the blocks into one set of columns the measures run over. The measures join
 * purchases and contacts to customers through ordinals and an Int32Array, not a Map of ids:
 * hashing a few hundred thousand freshly read id strings alone would take a fifth of the
 * dashboard's time budget.
 */
import {
	contactShopDay,
	isoDay,
	NO_DAY,
	shopDay,
	type ContactDay,
	type FactsBlock,
	type PurchaseDay,
	type TextBlock
} from '$lib/db/packs';
import type { CustomerFacts } from '$lib/db/facts';
import type { DedupText } from '$lib/dedup/adapter';
import type { Interaction, Purchase } from '$lib/domain/types';

/** One customer in a facts block, unpacked: what a patch reads and writes. */
export interface FactsEntry {
	id: string;
	ord: number;
	stage: string | null;
	first: number;
	last: number;
	count: number;
	total: number;
	referred: boolean;
	referredBy: string | null;
	manual: boolean;
	created: number;
	gaps: number;
	deleted: boolean;
	/** Valid phones as numbers (see FactsBlock.phones). */
	phones: number[];
	/** What the duplicate engine reads of the customer (TextBlock); absent in the reports' tests. */
	text?: DedupText;
}

type FactsLike = Pick<
	CustomerFacts,
	'id' | 'stage' | 'stats' | 'referredBy' | 'createdAt' | 'phoneKeys' | 'gaps'
> & { deletedAt?: number; stageManual?: boolean; text?: DedupText };

const dayOr = (iso: string | null | undefined): number => {
	const d = isoDay(iso);
	return Number.isFinite(d) ? d : NO_DAY;
};

/** E.164 keys as numbers, each once; anything else is not a valid phone and is left out. */
export function phoneNumbers(keys: unknown): number[] {
	if (!Array.isArray(keys)) return [];
	const out = new Set<number>();
	for (const k of keys)
		if (typeof k === 'string' && /^\+\d{1,15}$/.test(k)) out.add(Number(k.slice(1)));
	return [...out];
}

export function entryOf(f: FactsLike, ord: number): FactsEntry {
	const bought = f.stats !== undefined && f.stats.count > 0;
	return {
		id: f.id,
		ord,
		stage: f.stage ?? null,
		first: bought ? dayOr(f.stats.first) : NO_DAY,
		last: bought ? dayOr(f.stats.last) : NO_DAY,
		count: bought ? f.stats.count : 0,
		total: bought ? f.stats.total : 0,
		referred: Boolean(f.referredBy),
		referredBy: f.referredBy || null,
		manual: f.stageManual === true,
		created: shopDay(f.createdAt),
		gaps: f.gaps,
		deleted: f.deletedAt !== undefined,
		phones: phoneNumbers(f.phoneKeys),
		...(f.text === undefined ? {} : { text: f.text })
	};
}

/** The text of a customer whose record is gone (or of an entry without any). */
export const NO_TEXT: DedupText = {
	name: '',
	salutation: '',
	phones: [],
	emails: [],
	address: '',
	birthday: ''
};

/** The text block beside facts block n, from the same entries in the same order. */
export function packText(
	n: number,
	entries: readonly Pick<FactsEntry, 'id' | 'deleted' | 'text'>[]
): TextBlock {
	const len = entries.length;
	const block: TextBlock = {
		key: ['t', n],
		ids: new Array<string>(len),
		deleted: new Uint8Array(len),
		name: new Array<string>(len),
		salutation: new Array<string>(len),
		phones: [],
		phoneEnd: new Int32Array(len),
		emails: [],
		emailEnd: new Int32Array(len),
		address: new Array<string>(len),
		birthday: new Array<string>(len)
	};
	entries.forEach((e, i) => {
		const t = e.text ?? NO_TEXT;
		block.ids[i] = e.id;
		block.deleted[i] = e.deleted ? 1 : 0;
		block.name[i] = t.name;
		block.salutation[i] = t.salutation;
		for (const p of t.phones) block.phones.push(p);
		block.phoneEnd[i] = block.phones.length;
		for (const m of t.emails) block.emails.push(m);
		block.emailEnd[i] = block.emails.length;
		block.address[i] = t.address;
		block.birthday[i] = t.birthday;
	});
	return block;
}

/** Entry i of a text block. */
export function textAt(t: TextBlock, i: number): DedupText {
	return {
		name: t.name[i],
		salutation: t.salutation[i],
		phones: t.phones.slice(i === 0 ? 0 : t.phoneEnd[i - 1], t.phoneEnd[i]),
		emails: t.emails.slice(i === 0 ? 0 : t.emailEnd[i - 1], t.emailEnd[i]),
		address: t.address[i],
		birthday: t.birthday[i]
	};
}

export function packBlock(n: number, entries: readonly FactsEntry[]): FactsBlock {
	const len = entries.length;
	const block: FactsBlock = {
		key: ['f', n],
		ids: new Array<string>(len),
		ord: new Int32Array(len),
		stageNames: [],
		stage: new Uint16Array(len),
		first: new Int32Array(len),
		last: new Int32Array(len),
		count: new Float64Array(len),
		total: new Float64Array(len),
		referred: new Uint8Array(len),
		referredBy: new Array<string | null>(len),
		manual: new Uint8Array(len),
		created: new Int32Array(len),
		gaps: new Uint8Array(len),
		deleted: new Uint8Array(len),
		phones: new Float64Array(entries.reduce((n, e) => n + e.phones.length, 0)),
		phoneEnd: new Int32Array(len)
	};
	const codes = new Map<string | null, number>();
	let phone = 0;
	entries.forEach((e, i) => {
		block.ids[i] = e.id;
		block.ord[i] = e.ord;
		let code = codes.get(e.stage);
		if (code === undefined) {
			code = block.stageNames.length;
			block.stageNames.push(e.stage);
			codes.set(e.stage, code);
		}
		block.stage[i] = code;
		block.first[i] = e.first;
		block.last[i] = e.last;
		block.count[i] = e.count;
		block.total[i] = e.total;
		block.referred[i] = e.referred ? 1 : 0;
		block.referredBy[i] = e.referredBy;
		block.manual[i] = e.manual ? 1 : 0;
		block.created[i] = e.created;
		block.gaps[i] = e.gaps;
		block.deleted[i] = e.deleted ? 1 : 0;
		for (const p of e.phones) block.phones[phone++] = p;
		block.phoneEnd[i] = phone;
	});
	return block;
}

/** A block's entries. */
export function unpackBlock(b: FactsBlock): FactsEntry[] {
	return unpackWithText(b, undefined);
}

/** A block's entries, each with its text when `t` holds the same customers. */
export function unpackWithText(b: FactsBlock, t: TextBlock | undefined): FactsEntry[] {
	const out: FactsEntry[] = [];
	const texts = t !== undefined && t.ids.length === b.ids.length ? t : undefined;
	let p = 0;
	for (let i = 0; i < b.ids.length; i++) {
		out.push({
			id: b.ids[i],
			ord: b.ord[i],
			stage: b.stageNames[b.stage[i]],
			first: b.first[i],
			last: b.last[i],
			count: b.count[i],
			total: b.total[i],
			referred: b.referred[i] === 1,
			referredBy: b.referredBy[i],
			manual: b.manual[i] === 1,
			created: b.created[i],
			gaps: b.gaps[i],
			deleted: b.deleted[i] === 1,
			phones: Array.from(b.phones.subarray(p, b.phoneEnd[i])),
			...(texts === undefined || texts.ids[i] !== b.ids[i] ? {} : { text: textAt(texts, i) })
		});
		p = b.phoneEnd[i];
	}
	return out;
}

/**
 * Every block's columns end to end, with ordinal → position. Left out: ids (only patches need
 * them), and who referred whom and manual stages (only the stage recompute reads those).
 */
export type PackedBook = Omit<FactsBlock, 'key' | 'ids' | 'referredBy' | 'manual'> & {
	n: number;
	/** Position of an ordinal, -1 for none (a customer no longer in the book). */
	index: Int32Array;
};

function joined<T extends Int32Array | Float64Array | Uint8Array>(
	parts: readonly T[],
	make: (n: number) => T,
	n: number
): T {
	const out = make(n);
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

export function bookOf(blocks: readonly FactsBlock[]): PackedBook {
	const n = blocks.reduce((s, b) => s + b.ids.length, 0);
	const i32 = (k: 'ord' | 'first' | 'last' | 'created') =>
		joined(
			blocks.map((b) => b[k]),
			(m) => new Int32Array(m),
			n
		);
	const f64 = (k: 'count' | 'total') =>
		joined(
			blocks.map((b) => b[k]),
			(m) => new Float64Array(m),
			n
		);
	const u8 = (k: 'referred' | 'gaps' | 'deleted') =>
		joined(
			blocks.map((b) => b[k]),
			(m) => new Uint8Array(m),
			n
		);
	const stageNames: (string | null)[] = [];
	const codes = new Map<string | null, number>();
	const stage = new Uint16Array(n);
	const phones = joined(
		blocks.map((b) => b.phones),
		(m) => new Float64Array(m),
		blocks.reduce((s, b) => s + b.phones.length, 0)
	);
	const phoneEnd = new Int32Array(n);
	let at = 0;
	let base = 0;
	for (const b of blocks) {
		// Each block's stage codes mapped onto one dictionary for the book.
		const local = b.stageNames.map((name) => {
			let code = codes.get(name);
			if (code === undefined) {
				code = stageNames.length;
				stageNames.push(name);
				codes.set(name, code);
			}
			return code;
		});
		for (let i = 0; i < b.stage.length; i++) stage[at + i] = local[b.stage[i]];
		for (let i = 0; i < b.phoneEnd.length; i++) phoneEnd[at + i] = base + b.phoneEnd[i];
		at += b.ids.length;
		base += b.phones.length;
	}
	const ord = i32('ord');
	let maxOrd = -1;
	for (let i = 0; i < n; i++) if (ord[i] > maxOrd) maxOrd = ord[i];
	const index = new Int32Array(maxOrd + 1).fill(-1);
	for (let i = 0; i < n; i++) index[ord[i]] = i;
	return {
		n,
		ord,
		stageNames,
		stage,
		first: i32('first'),
		last: i32('last'),
		count: f64('count'),
		total: f64('total'),
		referred: u8('referred'),
		created: i32('created'),
		gaps: u8('gaps'),
		deleted: u8('deleted'),
		phones,
		phoneEnd,
		index
	};
}

/** Staff names as a small dictionary per pack: most days have a handful of staff. */
function dictionary(names: readonly string[]): { staffNames: string[]; staff: Uint16Array } {
	const staffNames: string[] = [];
	const at = new Map<string, number>();
	const staff = new Uint16Array(names.length);
	names.forEach((raw, i) => {
		const name = typeof raw === 'string' ? raw.trim() : '';
		let k = at.get(name);
		if (k === undefined) {
			k = staffNames.length;
			staffNames.push(name);
			at.set(name, k);
		}
		staff[i] = k;
	});
	return { staffNames, staff };
}

type PurchaseLike = Pick<Purchase, 'customerId' | 'date' | 'amount' | 'staff'> & {
	id?: string;
	deletedAt?: number;
};
type InteractionLike = Pick<Interaction, 'customerId' | 'at' | 'kind' | 'staff'> & {
	id?: string;
	reminderId?: string | null;
	deletedAt?: number;
};

/** One purchase or contact in a day pack, unpacked, with its record id. */
export interface DayEntry {
	id: string;
	cust: number;
	staff: string;
	amount: number;
	reminder: boolean;
}

/** A purchase's entry; null for one in the trash. */
export function purchaseEntry(p: PurchaseLike, ordOf: (id: string) => number): DayEntry | null {
	if (p.deletedAt !== undefined) return null;
	return {
		id: p.id ?? '',
		cust: ordOf(p.customerId),
		staff: p.staff,
		amount: Number.isFinite(p.amount) ? p.amount : 0,
		reminder: false
	};
}

/** A contact's entry; null for a note or one in the trash. */
export function contactEntry(i: InteractionLike, ordOf: (id: string) => number): DayEntry | null {
	if (i.deletedAt !== undefined || i.kind === 'note') return null;
	return {
		id: i.id ?? '',
		cust: ordOf(i.customerId),
		staff: i.staff,
		amount: 0,
		reminder: !!i.reminderId
	};
}

export function packPurchases(day: number, entries: readonly DayEntry[]): PurchaseDay {
	return {
		key: ['p', day],
		cust: Int32Array.from(entries, (e) => e.cust),
		amount: Float64Array.from(entries, (e) => e.amount),
		...dictionary(entries.map((e) => e.staff))
	};
}

export function packContacts(day: number, entries: readonly DayEntry[]): ContactDay {
	return {
		key: ['i', day],
		cust: Int32Array.from(entries, (e) => e.cust),
		reminder: Uint8Array.from(entries, (e) => (e.reminder ? 1 : 0)),
		...dictionary(entries.map((e) => e.staff))
	};
}

/** A day pack's entries again, given the record ids kept beside it in the same order. */
export function unpackDay(pack: PurchaseDay | ContactDay, ids: readonly string[]): DayEntry[] {
	return Array.from(pack.cust, (cust, k) => ({
		id: ids[k],
		cust,
		staff: pack.staffNames[pack.staff[k]],
		amount: 'amount' in pack ? pack.amount[k] : 0,
		reminder: 'reminder' in pack ? pack.reminder[k] === 1 : false
	}));
}

/** The purchase pack of one day from its purchases; those in the trash are left out. */
export function purchaseDay(
	day: number,
	rows: readonly PurchaseLike[],
	ordOf: (id: string) => number
): PurchaseDay {
	const entries = rows.map((p) => purchaseEntry(p, ordOf));
	return packPurchases(
		day,
		entries.filter((e): e is DayEntry => e !== null)
	);
}

/** The contact pack of one day; notes and contacts in the trash are left out. */
export function contactDay(
	day: number,
	rows: readonly InteractionLike[],
	ordOf: (id: string) => number
): ContactDay {
	const entries = rows.map((i) => contactEntry(i, ordOf));
	return packContacts(
		day,
		entries.filter((e): e is DayEntry => e !== null)
	);
}

/** Rows grouped by their day number, days in order. */
export function byDay<T>(rows: readonly T[], dayOf: (row: T) => number): Map<number, T[]> {
	const out = new Map<number, T[]>();
	for (const r of rows) {
		const d = dayOf(r);
		if (!Number.isFinite(d)) continue;
		const list = out.get(d);
		if (list === undefined) out.set(d, [r]);
		else list.push(r);
	}
	return new Map([...out].sort((a, b) => a[0] - b[0]));
}

export const purchaseDayOf = (p: { date: string }): number => isoDay(p.date);
/** NaN for a time that is no moment (contactShopDay): such a contact counts on no day. */
export const contactDayOf = (i: { at: number }): number => contactShopDay(i.at);
