/**
 * Packs: the reports' copy of the book, columnar and in few records. Chromium reads an
 * IndexedDB record at 10–50 µs, so a dashboard that reads 100,000 customers' facts and a
 * hundred thousand purchases record by record cannot answer in half a second, whatever it then
 * computes. Packed, the same numbers are a hundred-odd records of typed arrays:
 *
 * - `['f', n]`: a block of up to FACTS_BLOCK customers' facts, column by column, each customer
 *   with an ordinal that stays its own while it exists (day packs name customers by it);
 * - `['t', n]`: the same customers' text as the duplicate engine reads it (name, phones, emails,
 *   address, birthday), in the same order; apart, since the reports never read it;
 * - `['p', day]`: one shop day's live purchases (customer ordinal, amount, staff);
 * - `['i', day]`: one shop day's live contacts, notes left out (customer ordinal, staff, whether
 *   it answered a reminder);
 * - `['m']`: the next ordinal and the number of blocks;
 * - `['d', kind, id]`: dirty marks, appended by the middleware below.
 *
 * Packs are derived and rebuilt lazily: a write never rewrites a pack (an import of purchases
 * spread over three years would rewrite every day's pack once per page). It only appends a
 * mark naming what changed (customer ids, or shop days of purchases and contacts, old and new),
 * in the same transaction; the reports worker rebuilds what its request needs and is marked
 * (reports/packs-read.ts). Not in the change log, not in backups.
 */
import type {
	DBCore,
	DBCoreMutateRequest,
	DBCoreMutateResponse,
	DBCoreKeyRange,
	DBCoreTable,
	DBCoreTransaction,
	Middleware
} from 'dexie';
import { newId } from './ids';

export const PACKS_TABLE = 'packs';

/** Customers per facts block: large enough to read few records, small enough to rewrite. */
export const FACTS_BLOCK = 4000;
/** Purchases or contacts written at once beyond which a mark names only their days. */
export const MARK_IDS_MAX = 500;
/** More changed customers than this and the facts packs are rebuilt whole. */
export const DIRTY_IDS_MAX = 20_000;
/** "No day": a customer without purchases, in Int32Array columns. */
export const NO_DAY = -0x80000000;

export type PackKind = 'f' | 'p' | 'i';

export interface FactsBlock {
	key: ['f', number];
	ids: string[];
	ord: Int32Array;
	/** Each customer's stage as an index into stageNames (few names, many customers). */
	stageNames: (string | null)[];
	stage: Uint16Array;
	/** Shop day numbers of the first and last purchase, NO_DAY for none. */
	first: Int32Array;
	last: Int32Array;
	count: Float64Array;
	total: Float64Array;
	referred: Uint8Array;
	/**
	 * Who referred each customer, null for none (the stage recompute's referrer badges); kept
	 * beside `referred`, which the measures read in their loops.
	 */
	referredBy: (string | null)[];
	/** 1 for a stage set by hand. */
	manual: Uint8Array;
	/** The shop day the customer was added. */
	created: Int32Array;
	gaps: Uint8Array;
	/** 1 for a customer in the trash. */
	deleted: Uint8Array;
	/**
	 * Valid phones of every customer in turn, as numbers (E.164 has at most 15 digits, which a
	 * double holds exactly, and numbers compare faster than strings); phoneEnd[i] is where
	 * customer i's end.
	 */
	phones: Float64Array;
	phoneEnd: Int32Array;
}

/**
 * The duplicate engine's text of the customers of block ['f', n], in the same order when in
 * step (dedup/book.ts): a full scan reads a few dozen of these instead of every customer record,
 * which costs Chromium 15–20 µs a record whatever its size. Built with the facts blocks from
 * nothing, purged with them, otherwise brought up to date only when the engine asks
 * (reports/packs-text.ts, from the 't' marks), so the reports' patches do not pay for them.
 */
export interface TextBlock {
	key: ['t', number];
	ids: string[];
	/** 1 for a customer in the trash. */
	deleted: Uint8Array;
	name: string[];
	salutation: string[];
	/** Every customer's phones in turn (E.164, or as typed when invalid); phoneEnd[i] ends i's. */
	phones: string[];
	phoneEnd: Int32Array;
	emails: string[];
	emailEnd: Int32Array;
	/** Street, district and city in one line. */
	address: string[];
	birthday: string[];
}

/** The shape of the text blocks; a meta of another (or none) has them built again. */
export const TEXT_VERSION = 1;

/** Whether the text blocks and the 't' marks together account for every change. */
export function textsCurrent(meta: PacksMeta | undefined): boolean {
	return meta !== undefined && meta.text === TEXT_VERSION && meta.textRev === meta.rev;
}

export interface PurchaseDay {
	key: ['p', number];
	cust: Int32Array;
	amount: Float64Array;
	staffNames: string[];
	staff: Uint16Array;
}

export interface ContactDay {
	key: ['i', number];
	cust: Int32Array;
	staffNames: string[];
	staff: Uint16Array;
	/** 1 when the contact answered a reminder. */
	reminder: Uint8Array;
}

/** The record ids of a day pack's entries, in order: read only to patch the pack. */
export interface DayIds {
	key: ['x', 'p' | 'i', number];
	ids: string[];
}

export interface PacksMeta {
	key: ['m'];
	nextOrdinal: number;
	blocks: number;
	/**
	 * Which numbering of customers the ordinals are: new each time the blocks are built from
	 * nothing. A request that loaded blocks of another numbering (another tab cleared and rebuilt
	 * them meanwhile) must not pack days with its ordinals (reports/packs-read.ts).
	 */
	epoch?: string;
	/**
	 * Counts every patch and rebuild of the blocks, so a rebuild that read the book meanwhile
	 * knows its look is out of date even when no customer was added (reports/packs-facts.ts).
	 */
	rev?: number;
	/** TEXT_VERSION when the text blocks have this shape… */
	text?: number;
	/**
	 * …and every change to the customers since they were built is in them or named by a 't'
	 * mark, as of this `rev`. An app of an earlier version, in another tab, writes no 't' marks
	 * and counts `rev` on when it patches: the text blocks are then built again (textsCurrent).
	 */
	textRev?: number;
}

export interface DirtyMark {
	/** 't': the same customers as the 'f' mark of the same id, for the text blocks. */
	key: ['d', PackKind | 't', string];
	/**
	 * Customer ids ('f'); for 'p' and 'i', the shop days, and the records written when they are
	 * few (MARK_IDS_MAX), so a day pack can be patched instead of read again; `all` when
	 * everything changed.
	 */
	ids?: string[];
	days?: number[];
	all?: true;
	/** On an 'f' mark: a 't' mark of the same id was written with it (not by earlier versions). */
	text?: true;
}

export type PackRow =
	FactsBlock | TextBlock | PurchaseDay | ContactDay | DayIds | PacksMeta | DirtyMark;

export const META_KEY: ['m'] = ['m'];

/** Key bounds of one kind's rows: [kind] sorts before [kind, anything], [kind, []] after. */
export function kindRange(kind: string, sub?: string): [unknown[], unknown[]] {
	const head = sub === undefined ? [kind] : [kind, sub];
	return [head, [...head, []]];
}

/** Epoch ms to the shop's day number: Việt Nam is UTC+7 all year (see reports/measures.ts). */
export function shopDay(at: number): number {
	return Math.floor((at + 7 * 3_600_000) / 86_400_000);
}

/** The largest |epoch ms| a Date can hold: beyond it a time is no moment. */
const MAX_MOMENT = 8.64e15;

/**
 * The shop day of a contact's `at`, NaN when it is no moment (not a number, or beyond any
 * Date: its day would not fit the Int32Array day lists the measures keep).
 */
export function contactShopDay(at: unknown): number {
	return typeof at === 'number' && Math.abs(at) <= MAX_MOMENT ? shopDay(at) : NaN;
}

/**
 * An ISO day to its day number (days since 1970-01-01), NaN when it is not a real day. Strict,
 * like dayNumber (domain/stages.ts): Date.UTC would read 2026-02-30 as 2 March (and years 0–99
 * as 1900–1999), a day whose pack, built from the `date` index between '2026-03-02' and
 * '2026-03-02', would never find that record.
 */
export function isoDay(iso: unknown): number {
	if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return NaN;
	const y = +iso.slice(0, 4);
	const m = +iso.slice(5, 7);
	const d = +iso.slice(8, 10);
	const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
	const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
	if (m < 1 || m > 12 || d < 1 || d > days) return NaN;
	// Howard Hinnant's days_from_civil, as dayNumber: exact for every year 0–9999.
	const yy = m <= 2 ? y - 1 : y;
	const era = Math.floor(yy / 400);
	const yoe = yy - era * 400;
	const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
	return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

type Stored = Record<string, unknown>;

/** The shop days a stored purchase or contact counts on (none when it is not one). */
function daysOf(kind: 'p' | 'i', row: Stored | undefined): number[] {
	if (!row) return [];
	const day = kind === 'p' ? isoDay(row.date) : contactShopDay(row.at);
	return Number.isFinite(day) ? [day] : [];
}

const WATCHED: Record<string, PackKind> = { customers: 'f', purchases: 'p', interactions: 'i' };

/** DBCoreRangeType.Any (a const enum Dexie's types do not let an isolated module import). */
const RANGE_ANY = 3;

const EVERYTHING = { type: RANGE_ANY } as DBCoreKeyRange;
/** DBCoreRangeType.Range. */
const RANGE = 2;

function hasPacks(down: DBCore): boolean {
	return down.schema.tables.some((t) => t.name === PACKS_TABLE);
}

function mark(
	packs: DBCoreTable,
	trans: DBCoreTransaction,
	kind: PackKind,
	what: Omit<DirtyMark, 'key'>
): Promise<unknown> {
	const id = newId();
	const row: DirtyMark = { key: ['d', kind, id], ...what, ...(kind === 'f' ? { text: true } : {}) };
	// The text blocks are brought up to date apart from the facts blocks (reports/packs-text.ts),
	// so a customer write marks both: the facts' mark is gone once the reports have patched them.
	const values = kind === 'f' ? [row, { ...what, key: ['d', 't', id] }] : [row];
	return packs.mutate({ type: 'add', trans, values });
}

/** Which of a block's entries are among `ids`, and which stay; null when none are. */
function hitsOf(
	blockIds: readonly string[],
	ids: ReadonlySet<string>,
	what: 'entries' | 'phones'
): { hit: boolean[]; keep: boolean[] } | null {
	const hit = blockIds.map((id) => ids.has(id));
	if (!hit.some(Boolean)) return null;
	return { hit, keep: what === 'entries' ? hit.map((h) => !h) : hit.map(() => true) };
}

/**
 * A block without the entries of `ids` ('entries'), or with their phones gone ('phones'),
 * column by column; null when it holds none of them.
 */
export function withoutIds(
	block: FactsBlock,
	ids: ReadonlySet<string>,
	what: 'entries' | 'phones' = 'entries'
): FactsBlock | null {
	const hits = hitsOf(block.ids, ids, what);
	if (hits === null) return null;
	const { hit, keep } = hits;
	const kept = (_: unknown, i: number) => keep[i];
	const phones: number[] = [];
	const phoneEnd: number[] = [];
	let start = 0;
	block.ids.forEach((_, i) => {
		const end = block.phoneEnd[i];
		if (keep[i]) {
			if (!hit[i]) for (let k = start; k < end; k++) phones.push(block.phones[k]);
			phoneEnd.push(phones.length);
		}
		start = end;
	});
	return {
		key: block.key,
		ids: block.ids.filter(kept),
		ord: block.ord.filter(kept),
		stageNames: block.stageNames,
		stage: block.stage.filter(kept),
		first: block.first.filter(kept),
		last: block.last.filter(kept),
		count: block.count.filter(kept),
		total: block.total.filter(kept),
		referred: block.referred.filter(kept),
		referredBy: block.referredBy.filter(kept),
		manual: block.manual.filter(kept),
		created: block.created.filter(kept),
		gaps: block.gaps.filter(kept),
		deleted: block.deleted.filter(kept),
		phones: Float64Array.from(phones),
		phoneEnd: Int32Array.from(phoneEnd)
	};
}

/**
 * A text block without the entries of `ids` ('entries'), or with their text blanked ('phones':
 * an anonymised customer keeps their place, and none of what identified them); null when it
 * holds none of them.
 */
export function textWithoutIds(
	block: TextBlock,
	ids: ReadonlySet<string>,
	what: 'entries' | 'phones' = 'entries'
): TextBlock | null {
	const hits = hitsOf(block.ids, ids, what);
	if (hits === null) return null;
	const { hit, keep } = hits;
	const out: TextBlock = {
		key: block.key,
		ids: [],
		deleted: block.deleted.filter((_, i) => keep[i]),
		name: [],
		salutation: [],
		phones: [],
		phoneEnd: new Int32Array(keep.filter(Boolean).length),
		emails: [],
		emailEnd: new Int32Array(keep.filter(Boolean).length),
		address: [],
		birthday: []
	};
	let phone = 0;
	let email = 0;
	block.ids.forEach((id, i) => {
		const phones = block.phones.slice(phone, block.phoneEnd[i]);
		const emails = block.emails.slice(email, block.emailEnd[i]);
		phone = block.phoneEnd[i];
		email = block.emailEnd[i];
		if (!keep[i]) return;
		const blank = hit[i];
		const at = out.ids.length;
		out.ids.push(id);
		out.name.push(blank ? '' : block.name[i]);
		out.salutation.push(blank ? '' : block.salutation[i]);
		if (!blank) out.phones.push(...phones);
		if (!blank) out.emails.push(...emails);
		out.phoneEnd[at] = out.phones.length;
		out.emailEnd[at] = out.emails.length;
		out.address.push(blank ? '' : block.address[i]);
		out.birthday.push(blank ? '' : block.birthday[i]);
	});
	return out;
}

/** Every row of one kind of pack, in the transaction `trans`. */
function rowsOfKind(
	packs: DBCoreTable,
	trans: DBCoreTransaction,
	kind: string
): Promise<unknown[]> {
	const [lower, upper] = kindRange(kind);
	const range = { type: RANGE, lower, upper, lowerOpen: false, upperOpen: true } as DBCoreKeyRange;
	return packs
		.query({ trans, values: true, query: { index: packs.schema.primaryKey, range } })
		.then(({ result }) => result);
}

/**
 * The entries of `ids` (or their phones) out of every facts block, and out of (or blanked in)
 * every text block, in the transaction `trans`.
 */
function purge(
	packs: DBCoreTable,
	trans: DBCoreTransaction,
	ids: ReadonlySet<string>,
	what: 'entries' | 'phones' = 'entries'
): Promise<unknown> {
	if (ids.size === 0) return Promise.resolve();
	const rewrite = <B extends { key: unknown; ids: string[] }>(
		kind: string,
		without: (b: B) => B | null
	) =>
		rowsOfKind(packs, trans, kind).then((result) => {
			const changed = (result as B[]).map(without).filter((b): b is B => b !== null);
			const empty = changed.filter((b) => b.ids.length === 0).map((b) => b.key);
			const values = changed.filter((b) => b.ids.length > 0);
			return Promise.all([
				values.length > 0 ? packs.mutate({ type: 'put', trans, values }) : null,
				empty.length > 0 ? packs.mutate({ type: 'delete', trans, keys: empty }) : null
			]);
		});
	return rewrite<FactsBlock>('f', (b) => withoutIds(b, ids, what)).then(() =>
		rewrite<TextBlock>('t', (b) => textWithoutIds(b, ids, what))
	);
}

/** The old rows a write replaces or deletes, read first: their days may differ from the new. */
function before(
	table: DBCoreTable,
	trans: DBCoreTransaction,
	req: DBCoreMutateRequest
): Promise<(Stored | undefined)[]> {
	if (req.type === 'delete') return table.getMany({ trans, keys: req.keys });
	if (req.type === 'put' && req.keys) return table.getMany({ trans, keys: req.keys });
	if (req.type === 'put') {
		const path = table.schema.primaryKey.keyPath as string;
		const keys = (req.values as Stored[]).map((v) => v[path]);
		return table.getMany({ trans, keys });
	}
	return Promise.resolve([]);
}

/**
 * Writes below Dexie's hooks, marked. Promise chains, not async/await: Dexie's lower layers
 * find their transaction in a zone its own promises carry (see agenda.ts).
 */
function marked(
	kind: PackKind,
	table: DBCoreTable,
	packs: DBCoreTable,
	req: DBCoreMutateRequest
): Promise<DBCoreMutateResponse> {
	const trans = req.trans;
	if (req.type === 'deleteRange') {
		// Every customer gone: no pack may keep them, and day packs name customers by ordinals
		// the next blocks will not share; the mark left tells a rebuild reading meanwhile that
		// what it read is gone (reports/packs-facts.ts). Purchases and contacts: their day packs
		// are all stale.
		const after =
			kind === 'f'
				? () =>
						packs
							.mutate({ type: 'deleteRange', trans, range: EVERYTHING })
							.then(() => mark(packs, trans, kind, { all: true }))
				: () => mark(packs, trans, kind, { all: true });
		return table.mutate(req).then((res) => after().then(() => res));
	}
	if (kind === 'f' && req.type === 'delete') {
		// A customer deleted for good (erased, the trash emptied) leaves no copy behind, not even
		// until the next report: their entries leave the blocks in the same transaction. The mark
		// reaches blocks being rebuilt from records read before the delete (packs-facts.ts).
		const ids = req.keys as string[];
		return table.mutate(req).then((res) =>
			purge(packs, trans, new Set(ids))
				.then(() =>
					ids.length === 0
						? null
						: mark(packs, trans, kind, ids.length > DIRTY_IDS_MAX ? { all: true } : { ids })
				)
				.then(() => res)
		);
	}
	if (kind === 'f' && req.type !== 'delete') {
		const values = req.values as Stored[];
		const ids = values.map((v) => String(v.id));
		// An anonymised customer keeps their place (and ordinal) but not their phones, from now.
		const anonymised = new Set(
			values.filter((v) => typeof v.anonymisedAt === 'number').map((v) => String(v.id))
		);
		return table.mutate(req).then((res) =>
			ids.length === 0
				? res
				: mark(packs, trans, kind, ids.length > DIRTY_IDS_MAX ? { all: true } : { ids })
						.then(() => purge(packs, trans, anonymised, 'phones'))
						.then(() => res)
		);
	}
	const dayKind = kind === 'p' ? 'p' : 'i';
	const many = req.type === 'delete' ? req.keys.length : req.values.length;
	if (req.type !== 'add' && many > MARK_IDS_MAX) {
		// A bulk replace or delete (a restore, an undone import): reading every old record for
		// its day would cost more than rebuilding the days a report needs from scratch.
		return table.mutate(req).then((res) => mark(packs, trans, kind, { all: true }).then(() => res));
	}
	return before(table, trans, req).then((old) =>
		table.mutate(req).then((res) => {
			const days = new Set<number>();
			for (const row of old) for (const d of daysOf(dayKind, row)) days.add(d);
			if (req.type !== 'delete') {
				for (const row of req.values as Stored[]) for (const d of daysOf(dayKind, row)) days.add(d);
			}
			if (days.size === 0) return res;
			const path = table.schema.primaryKey.keyPath as string;
			const ids =
				req.type === 'delete'
					? (req.keys as string[])
					: (req.values as Stored[]).map((v) => String(v[path]));
			const what = ids.length <= MARK_IDS_MAX ? { days: [...days], ids } : { days: [...days] };
			return mark(packs, trans, kind, what).then(() => res);
		})
	);
}

function withPacks(down: DBCore): DBCore {
	return {
		...down,
		transaction(stores, mode, options) {
			// Whoever writes what the packs copy marks it in the same transaction.
			const scope =
				mode === 'readwrite' &&
				stores.some((s) => s in WATCHED) &&
				!stores.includes(PACKS_TABLE) &&
				hasPacks(down)
					? [...stores, PACKS_TABLE]
					: stores;
			return down.transaction(scope, mode, options);
		},
		table(name) {
			const table = down.table(name);
			const kind = WATCHED[name];
			// Before v6 (an upgrade passing through older versions) there are no packs to mark.
			if (kind === undefined || !hasPacks(down)) return table;
			const packs = down.table(PACKS_TABLE);
			return { ...table, mutate: (req) => marked(kind, table, packs, req) };
		}
	};
}

export const packsMiddleware: Middleware<DBCore> = {
	stack: 'dbcore',
	name: 'packs',
	level: 1,
	create: withPacks
};
