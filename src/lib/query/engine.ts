/**
 * The query engine: a compact in-memory index of the customers not in the trash, and the
 * evaluation of grid queries (sort, column filters, quick search) against it. Pure: no DOM, no
 * Dexie, so it runs in the query worker and in Node tests alike.
 *
 * Layout: one slot per customer, columns side by side (struct of arrays). Names and the short,
 * repetitive columns (city, source, tags…) are dictionary codes; the other text columns are folded
 * strings, multi-valued ones (phones, emails) their values joined by SEP, so one string per row
 * and no per-row arrays. Dates and sort keys live in typed arrays. For each column sorted on, a
 * permutation of the slots in that column's order is kept and patched after writes, so a query
 * walks it and filters: no sorting per query.
 */
import { RFM_SEGMENT_IDS, type RfmScore } from '$lib/domain/rfm';
import type { SegmentDefinition } from '$lib/domain/segments';
import { LEAD_TEMPERATURES, STAGE_IDS } from '$lib/domain/stages';
import { shownLeadTemperature } from '$lib/domain/lead-temperature';
import { hasConsent } from '$lib/privacy/consent';
import type { Customer, Gender, Phone } from '$lib/domain/types';
import type { CustomSpec } from '$lib/columns/definitions';
import { customProblem, formatCustomValue, yesNoLabel } from '$lib/columns/values';
import { customSearchText } from '$lib/columns/search';
import {
	endOfDay,
	parseBirthday,
	parseFilterDate,
	presetRange,
	startOfDay,
	ymdOfDate,
	ymdString
} from './dates';
import {
	foldFast,
	isPhoneLike,
	matchValues,
	parseSearch,
	phoneDigits,
	SEP,
	termsImply,
	type SearchTerm,
	type TextMode
} from './match';
import {
	rfmAt,
	segmentSlotPredicate,
	slotReferrers,
	slotRfm,
	type SlotRfm,
	type SlotSource
} from './segment-slots';
import {
	DATE_COLUMN_IDS,
	DATE_PRESETS,
	PROBLEMS_FILTER_KEY,
	PROBLEM_COLUMN_IDS,
	isColumnId,
	isCustomColumnId,
	type ColumnFilter,
	type ColumnId,
	type NumberCondition,
	type SortColumnId,
	type DateCondition,
	type DatePreset,
	type ProblemColumnId,
	type Query,
	type SortDirection,
	type TextCondition
} from './types';

export interface EngineOptions {
	/** The clock for relative date filters ("today", "last 7 days"). */
	now?: () => number;
	/** Words a gender text filter matches; Vietnamese and English by default. */
	genderLabels?: Record<Gender, string[]>;
	/** Names a stage text filter matches besides its id (the i18n `stage_<id>` texts). */
	stageLabels?: Record<string, string[]>;
	/** Names an RFM text filter matches besides the segment id (the i18n segment names). */
	rfmLabels?: Record<string, string[]>;
	/** Words a lead-temperature filter matches besides cold / warm / hot. */
	temperatureLabels?: Record<string, string[]>;
	/** How many query results to keep for paging (each is 4 bytes per row). */
	cacheSize?: number;
}

/**
 * A query's ordered result. Ids rather than a string[] of a million: it is kept as slot numbers,
 * 4 bytes a row, and only a page at a time is turned into ids. Valid until the next write.
 */
export interface QueryResult {
	readonly total: number;
	/** The ids of rows [start, end) of the result, in order. */
	ids(start?: number, end?: number): string[];
}

export interface QueryEngine {
	/** Customers in the index. */
	readonly size: number;
	has(id: string): boolean;
	/** Adds or replaces customers. Trashed ones (deletedAt set) are removed instead. */
	upsert(customers: readonly Customer[]): void;
	remove(ids: readonly string[]): void;
	clear(): void;
	/** Tag names by id: what the tags column sorts by and filters on, and quick search finds. */
	setTagNames(names: ReadonlyMap<string, string>): void;
	/** The owner's own stage names (Settings → Stages): a stage filter finds those too. */
	setStageNames(names: ReadonlyMap<string, string>): void;
	/**
	 * The custom columns' types by key: how `custom:<key>` sorts and filters. A key not listed
	 * (a deleted column's values) sorts and filters as text.
	 */
	setCustomColumns(specs: Readonly<Record<string, CustomSpec>>): void;
	/** The whole ordered result, cached until the next write so its pages cost nothing. */
	query(q: Query): QueryResult;
	page(q: Query, start: number, end: number): { total: number; ids: string[] };
	/**
	 * Sorts by these columns now rather than on first use (a million names take about a second):
	 * for idle time after loading.
	 */
	prepare(columns: readonly ColumnId[]): void;
	/** A customer's RFM among the customers in the index; null without purchases or unknown. */
	rfm(id: string): RfmScore | null;
	/** What each score stands for in this shop now (days, purchases, đồng), and how many have one. */
	rfmSummary(): { today: string; scored: number; ranges: SlotRfm['ranges'] };
}

/** A query the engine cannot answer: unknown column, filter type or malformed date. */
export class QueryError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'QueryError';
	}
}

export function createQueryEngine(options: EngineOptions): QueryEngine {
	return new Engine(options);
}

type Pred = (slot: number) => boolean;

interface Column {
	/** No value: sorts last in both directions. */
	empty(slot: number): boolean;
	/** Order of two non-empty values, ascending; 0 when they tie. */
	cmp(a: number, b: number): number;
	/** Whether two rows have the same value. */
	same(a: number, b: number): boolean;
	/** The folded text a text filter looks at: values joined by SEP. */
	text(slot: number): string;
	/** For sorting all rows at once: a key in `cmp`'s order, numbers or strings by UTF-16 unit. */
	key: SortKey;
}

type SortKey =
	| { kind: 'number'; of(slot: number): number }
	| { kind: 'string'; of(slot: number): string }
	/** Dictionary codes: only the distinct values are sorted, by `compare` on codes. */
	| {
			kind: 'code';
			codes(): Uint32Array;
			count(): number;
			compare(a: number, b: number): number;
			/** The folded text of a code, as `text` gives it for a row. */
			text(code: number): string;
	  };

/** Columns stored as dictionary codes: few distinct values, or sorted on often (names). */
type CodedColumn =
	'name' | 'salutation' | 'gender' | 'district' | 'city' | 'source' | 'tags' | 'stage';

const CODED_COLUMNS: readonly CodedColumn[] = [
	'name',
	'salutation',
	'gender',
	'district',
	'city',
	'source',
	'tags',
	'stage'
];

/**
 * Distinct values of a column, each with a small integer code (0 is the empty value). Rows hold
 * codes, so a value shared by many rows is stored once, equal values compare as equal integers,
 * and sorting a million rows sorts only the distinct values. Codes are never reused: values no
 * longer in any row stay until clear(), which bounds them by what one session has seen.
 */
class Dict {
	readonly values: string[] = [''];
	/** Raw value and stored value → code. */
	private readonly index = new Map<string, number>();

	constructor(private readonly normalise: (raw: string) => string = (raw) => raw) {}

	code(raw: string): number {
		if (raw === '') return 0;
		const known = this.index.get(raw);
		if (known !== undefined) return known;
		const value = this.normalise(raw);
		let code = value === '' ? 0 : this.index.get(value);
		if (code === undefined) {
			code = this.values.length;
			this.values.push(value);
			this.index.set(value, code);
		}
		this.index.set(raw, code);
		return code;
	}

	clear(): void {
		this.values.length = 1;
		this.index.clear();
	}
}

const CONSENT_CARE = 1;
const CONSENT_PROMOTIONS = 2;

const PROBLEM_BITS: Record<ProblemColumnId, number> = {
	phones: 1,
	emails: 2,
	birthday: 4,
	gender: 8
};

const ALL_PROBLEMS = PROBLEM_COLUMN_IDS.reduce((bits, c) => bits | PROBLEM_BITS[c], 0);

const DEFAULT_GENDER_LABELS: Record<Gender, string[]> = {
	male: ['Nam', 'Male'],
	female: ['Nữ', 'Female'],
	other: ['Khác', 'Other']
};

const PRESETS: ReadonlySet<string> = new Set(DATE_PRESETS);

function isPreset(type: string): type is DatePreset {
	return PRESETS.has(type);
}

const STAGE_RANK = new Map<string, number>(STAGE_IDS.map((id, i) => [id, i]));

/** Known stages in pipeline order, then any other id. */
function stageRank(id: string): number {
	return STAGE_RANK.get(id) ?? STAGE_IDS.length;
}

function compareStrings(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

const collator = new Intl.Collator('vi');

/** Marks the rank of an empty value in rank arrays. */
const EMPTY_RANK = 0xffffffff;

/** A sorted permutation of the live slots for one column, patched lazily after writes. */
interface Perm {
	order: Uint32Array;
	/** Slots written or removed since `order` was last brought up to date. */
	pending: Set<number>;
}

interface CachedResult {
	order: Uint32Array;
	/** The query but its search: results with the same base can narrow one another. */
	base: string;
	terms: SearchTerm[];
}

class Engine implements QueryEngine {
	private readonly now: () => number;
	private readonly genderText: Record<Gender, string>;
	private readonly stageLabels: Record<string, string[]>;
	private readonly cacheSize: number;

	// Slot storage. `capacity` is the typed arrays' length; slots below `high` have been used.
	private capacity = 0;
	private high = 0;
	private live = 0;
	private readonly free: number[] = [];
	private readonly slotOf = new Map<string, number>();
	private alive = new Uint8Array(0);
	/** PROBLEM_BITS of the row's invalid values. */
	private flags = new Uint8Array(0);
	/** yyyymmdd; year 0 when unknown; -1 when none. */
	private birthday = new Int32Array(0);
	private createdAt = new Float64Array(0);
	private updatedAt = new Float64Array(0);
	/** Purchase totals (customer.stats); dates as yyyymmdd, -1 without purchases. */
	private purchaseCount = new Int32Array(0);
	private purchaseTotal = new Float64Array(0);
	private firstPurchase = new Int32Array(0);
	private lastPurchase = new Int32Array(0);
	/** Consent in force: bit 1 care messages, bit 2 promotions. */
	private consentBits = new Uint8Array(0);
	/** The lead temperature shown: 0 none (or not a lead), 1 cold, 2 warm, 3 hot. */
	private temperature = new Uint8Array(0);
	/** The first phone's digits as a fraction (0.0912345678): sorts as the digit string does. */
	private phoneKey = new Float64Array(0);
	private codes: Record<CodedColumn, Uint32Array>;
	private readonly dicts: Record<CodedColumn, Dict>;
	/** The folded and the accented name of each name code. */
	private readonly nameKeys: string[] = [''];
	private readonly names: string[] = [''];
	private readonly ids: string[] = [];
	/**
	 * A slot's free texts in one string, each field after the last FIELD: phone forms (see
	 * phoneText), emails, address, notes, custom text values (TextField), all folded, values of
	 * one field joined by SEP. One string rather than five: a million strings fewer, and quick
	 * search looks in one place.
	 */
	private readonly texts: string[] = [];

	private tagNames = new Map<string, string>();
	/** Tag id list (as stored in `tags`) → folded names joined by SEP. */
	private readonly tagTexts = new Map<string, string>();
	private readonly stageTexts = new Map<string, string>();
	private stageNames: ReadonlyMap<string, string> = new Map();

	private readonly columns: Record<ColumnId, Column>;
	private customSpecs = new Map<string, CustomSpec>();
	/** Columns of `custom:<key>`, made on first use. */
	private readonly customColumns = new Map<string, Column>();
	private readonly perms = new Map<SortColumnId, Perm>();
	/** Per column, each slot's rank in its order (ties equal): for sorting on several columns. */
	private readonly ranks = new Map<SortColumnId, Uint32Array>();
	private readonly cache = new Map<string, CachedResult>();
	private mark = new Uint8Array(0);

	// For segments: what the columns above do not hold. Few customers have a referrer or custom
	// fields, so these are sparse.
	private readonly referrer = new Map<number, string>();
	private readonly customs = new Map<number, Customer['custom']>();
	/** Tag-list code → the tag ids. */
	private readonly tagIdLists = new Map<number, readonly string[]>();
	/** Derived from every row: dropped on any write. */
	private rfmCache: SlotRfm | null = null;
	private referrerCache: Set<string> | null = null;
	private readonly rfmLabels: Record<string, string[]>;
	private readonly temperatureLabels: Record<string, string[]>;
	private readonly rfmTexts = new Map<number, string>();

	constructor(options: EngineOptions) {
		this.now = options.now ?? Date.now;
		this.cacheSize = options.cacheSize ?? 6;
		const labels = options.genderLabels ?? DEFAULT_GENDER_LABELS;
		const genderText = (g: Gender) => labels[g].map(foldFast).join(SEP);
		this.genderText = {
			male: genderText('male'),
			female: genderText('female'),
			other: genderText('other')
		};
		this.stageLabels = options.stageLabels ?? {};
		this.rfmLabels = options.rfmLabels ?? {};
		this.temperatureLabels = options.temperatureLabels ?? {};
		this.codes = codeArrays(0);
		this.dicts = {
			name: new Dict(),
			salutation: new Dict(foldFast),
			gender: new Dict(),
			district: new Dict(foldFast),
			city: new Dict(foldFast),
			source: new Dict(foldFast),
			tags: new Dict(),
			stage: new Dict()
		};
		this.columns = this.makeColumns();
	}

	get size(): number {
		return this.live;
	}

	has(id: string): boolean {
		return this.slotOf.has(id);
	}

	upsert(customers: readonly Customer[]): void {
		const touched: number[] = [];
		for (const c of customers) {
			if (c.deletedAt != null) {
				const slot = this.release(c.id);
				if (slot !== -1) touched.push(slot);
				continue;
			}
			let slot = this.slotOf.get(c.id);
			if (slot === undefined) {
				slot = this.allocate();
				this.slotOf.set(c.id, slot);
				this.live++;
			}
			this.write(slot, c);
			touched.push(slot);
		}
		this.touched(touched);
	}

	remove(ids: readonly string[]): void {
		const touched: number[] = [];
		for (const id of ids) {
			const slot = this.release(id);
			if (slot !== -1) touched.push(slot);
		}
		this.touched(touched);
	}

	clear(): void {
		this.capacity = 0;
		this.high = 0;
		this.live = 0;
		this.free.length = 0;
		this.slotOf.clear();
		this.alive = new Uint8Array(0);
		this.flags = new Uint8Array(0);
		this.birthday = new Int32Array(0);
		this.createdAt = new Float64Array(0);
		this.updatedAt = new Float64Array(0);
		this.purchaseCount = new Int32Array(0);
		this.purchaseTotal = new Float64Array(0);
		this.firstPurchase = new Int32Array(0);
		this.lastPurchase = new Int32Array(0);
		this.consentBits = new Uint8Array(0);
		this.temperature = new Uint8Array(0);
		this.phoneKey = new Float64Array(0);
		this.codes = codeArrays(0);
		this.mark = new Uint8Array(0);
		for (const a of this.stringColumns()) a.length = 0;
		for (const d of Object.values(this.dicts)) d.clear();
		this.nameKeys.length = 1;
		this.names.length = 1;
		this.perms.clear();
		this.ranks.clear();
		this.cache.clear();
		this.referrer.clear();
		this.customs.clear();
		this.tagIdLists.clear();
		this.rfmCache = null;
		this.referrerCache = null;
	}

	setTagNames(names: ReadonlyMap<string, string>): void {
		this.tagNames = new Map([...names].map(([id, n]) => [id, foldFast(n)]));
		this.tagTexts.clear();
		// A renamed tag moves every row that has it: rebuild that order when it is next needed.
		this.perms.delete('tags');
		this.ranks.clear();
		this.cache.clear();
	}

	setStageNames(names: ReadonlyMap<string, string>): void {
		this.stageNames = new Map(names);
		this.stageTexts.clear();
		this.cache.clear();
	}

	setCustomColumns(specs: Readonly<Record<string, CustomSpec>>): void {
		this.customSpecs = new Map(Object.entries(specs));
		this.customColumns.clear();
		// A column's type decides its order: every custom order is made again when next needed.
		for (const id of [...this.perms.keys()]) if (isCustomColumnId(id)) this.perms.delete(id);
		this.ranks.clear();
		this.cache.clear();
	}

	prepare(columns: readonly ColumnId[]): void {
		for (const id of columns) this.perm(id);
	}

	page(q: Query, start: number, end: number): { total: number; ids: string[] } {
		const result = this.query(q);
		return { total: result.total, ids: result.ids(start, end) };
	}

	query(q: Query): QueryResult {
		const sort = this.normaliseSort(q);
		const filterKeys = Object.keys(q.filter).sort();
		const terms = parseSearch(q.search);
		// A segment's "this month" or "within 30 days" moves with the day: the day is in the key.
		const segment = q.segment ? [q.segment, this.today()] : null;
		const base = JSON.stringify([
			sort,
			filterKeys.map((k) => [k, q.filter[k]]),
			!!q.problemsOnly,
			segment,
			q.consent ?? null
		]);
		const key = base + JSON.stringify(terms);
		let hit = this.cache.get(key);
		if (hit) {
			// Re-inserted below: the most recently used last, the oldest first to go.
			this.cache.delete(key);
		} else {
			const filterPred = this.filterPredicate(q, filterKeys);
			const searchPred = this.searchPredicate(terms);
			const wider = this.narrowable(base, terms);
			let order: Uint32Array;
			if (wider) {
				order = select(wider.order, searchPred && this.inSlotOrder(searchPred, wider.order));
			} else {
				const pred = and(filterPred, searchPred);
				order = this.walk(sort[0].colId, sort[0].sort, pred && this.inSlotOrder(pred));
				if (sort.length > 1) this.sortTies(order, sort);
			}
			hit = { order, base, terms };
			if (this.cache.size >= this.cacheSize) {
				const oldest = this.cache.keys().next().value;
				if (oldest !== undefined) this.cache.delete(oldest);
			}
		}
		this.cache.set(key, hit);
		const { order } = hit;
		const ids = this.ids;
		return {
			total: order.length,
			ids(start = 0, end = order.length) {
				const out: string[] = [];
				for (let i = Math.max(0, start); i < Math.min(order.length, end); i++) {
					out.push(ids[order[i]]);
				}
				return out;
			}
		};
	}

	// --- Storage --------------------------------------------------------------------------------

	private stringColumns(): string[][] {
		return [this.ids, this.texts];
	}

	private allocate(): number {
		const reused = this.free.pop();
		if (reused !== undefined) return reused;
		const slot = this.high++;
		if (slot >= this.capacity) this.grow(Math.max(1024, this.capacity * 2));
		// Pushed, not assigned past the end, so the arrays stay packed (no holes) and compact.
		for (const a of this.stringColumns()) a.push('');
		return slot;
	}

	private grow(capacity: number): void {
		const grown = <T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(
			from: T,
			to: T
		): T => {
			to.set(from);
			return to;
		};
		this.alive = grown(this.alive, new Uint8Array(capacity));
		this.flags = grown(this.flags, new Uint8Array(capacity));
		this.birthday = grown(this.birthday, new Int32Array(capacity));
		this.createdAt = grown(this.createdAt, new Float64Array(capacity));
		this.updatedAt = grown(this.updatedAt, new Float64Array(capacity));
		this.purchaseCount = grown(this.purchaseCount, new Int32Array(capacity));
		this.purchaseTotal = grown(this.purchaseTotal, new Float64Array(capacity));
		this.firstPurchase = grown(this.firstPurchase, new Int32Array(capacity));
		this.lastPurchase = grown(this.lastPurchase, new Int32Array(capacity));
		this.consentBits = grown(this.consentBits, new Uint8Array(capacity));
		this.temperature = grown(this.temperature, new Uint8Array(capacity));
		this.phoneKey = grown(this.phoneKey, new Float64Array(capacity));
		const codes = codeArrays(capacity);
		for (const c of CODED_COLUMNS) codes[c].set(this.codes[c]);
		this.codes = codes;
		this.mark = new Uint8Array(capacity);
		this.capacity = capacity;
	}

	/** Frees the slot of a customer; -1 when it was not indexed. */
	private release(id: string): number {
		const slot = this.slotOf.get(id);
		if (slot === undefined) return -1;
		this.slotOf.delete(id);
		this.alive[slot] = 0;
		this.live--;
		// Let go of the strings now, so a purged customer's text does not linger in memory.
		for (const a of this.stringColumns()) a[slot] = '';
		this.referrer.delete(slot);
		this.customs.delete(slot);
		this.free.push(slot);
		return slot;
	}

	/** One of a slot's free texts (see `texts`). */
	private field(slot: number, field: TextField): string {
		const all = this.texts[slot];
		if (all === '') return '';
		let start = 0;
		for (let i = 0; i < field; i++) start = all.indexOf(FIELD, start) + 1;
		const end = all.indexOf(FIELD, start);
		return all.slice(start, end);
	}

	private nameCode(c: Customer): number {
		const nameKey = c.nameKey || foldFast(c.name);
		if (nameKey === '') return 0;
		const code = this.dicts.name.code(nameKey + '\u0000' + c.name);
		if (code === this.nameKeys.length) {
			this.nameKeys.push(nameKey);
			this.names.push(c.name);
		}
		return code;
	}

	private write(slot: number, c: Customer): void {
		const { codes, dicts } = this;
		this.alive[slot] = 1;
		this.ids[slot] = c.id;
		codes.name[slot] = this.nameCode(c);
		codes.salutation[slot] = dicts.salutation.code(c.salutation);
		codes.gender[slot] = c.gender ? dicts.gender.code(this.genderText[c.gender]) : 0;
		codes.district[slot] = dicts.district.code(c.district);
		codes.city[slot] = dicts.city.code(c.city);
		codes.source[slot] = dicts.source.code(c.source);
		codes.tags[slot] = c.tags.length === 0 ? 0 : dicts.tags.code(c.tags.join(SEP));
		codes.stage[slot] = dicts.stage.code(c.stage ?? '');
		const phones = phoneText(c.phones);
		this.phoneKey[slot] = phoneSortKey(phones);
		const emails =
			c.emails.length === 1
				? foldFast(c.emails[0].value)
				: c.emails.map((e) => foldFast(e.value)).join(SEP);
		this.birthday[slot] = parseBirthday(c.birthday);
		this.texts[slot] = joinFields(
			phones,
			emails,
			foldFast(c.address),
			foldFast(c.notes),
			customSearchText(c.custom)
		);
		this.createdAt[slot] = c.createdAt;
		this.updatedAt[slot] = c.updatedAt;
		this.purchaseCount[slot] = c.stats?.count ?? 0;
		this.purchaseTotal[slot] = c.stats?.total ?? 0;
		this.firstPurchase[slot] = isoToYmd(c.stats?.first ?? null);
		this.lastPurchase[slot] = isoToYmd(c.stats?.last ?? null);
		let f = 0;
		for (const p of c.phones) if (!p.e164 || p.problem) f |= PROBLEM_BITS.phones;
		for (const e of c.emails) if (!e.valid) f |= PROBLEM_BITS.emails;
		if (c.invalid?.birthday) f |= PROBLEM_BITS.birthday;
		if (c.invalid?.gender) f |= PROBLEM_BITS.gender;
		this.flags[slot] = f;
		this.consentBits[slot] =
			(hasConsent(c, 'care') ? CONSENT_CARE : 0) |
			(hasConsent(c, 'promotions') ? CONSENT_PROMOTIONS : 0);
		const t = shownLeadTemperature(c);
		this.temperature[slot] = t === null ? 0 : LEAD_TEMPERATURES.indexOf(t) + 1;
		if (c.referredBy) this.referrer.set(slot, c.referredBy);
		else this.referrer.delete(slot);
		if (c.custom && Object.keys(c.custom).length > 0) this.customs.set(slot, c.custom);
		else this.customs.delete(slot);
	}

	private touched(slots: number[]): void {
		if (slots.length === 0) return;
		for (const [id, perm] of this.perms) {
			// Past a quarter of the rows, building afresh costs less than patching, and an order
			// nobody sorts by must not collect a million pending slots during a bulk load.
			if (perm.pending.size + slots.length > Math.max(1024, perm.order.length / 4)) {
				this.perms.delete(id);
			} else {
				for (const s of slots) perm.pending.add(s);
			}
		}
		// Scores are ranks among everyone: one customer's purchase can move another's score.
		this.perms.delete('rfm');
		this.rfmCache = null;
		this.referrerCache = null;
		this.ranks.clear();
		this.cache.clear();
	}

	// --- Segments and RFM -----------------------------------------------------------------------

	private todayCache = { value: '', from: Infinity, until: -Infinity };

	/** The local day, worked out again only when the clock passes midnight (sorting asks often). */
	private today(): string {
		const now = this.now();
		const c = this.todayCache;
		if (now >= c.until || now < c.from) {
			const ymd = ymdOfDate(new Date(now));
			c.value = ymdString(ymd);
			c.from = startOfDay(ymd);
			c.until = endOfDay(ymd);
		}
		return c.value;
	}

	private currentRfm(): SlotRfm {
		const today = this.today();
		if (this.rfmCache === null || this.rfmCache.today !== today) {
			this.rfmCache = slotRfm(this.slotSource(), today);
		}
		return this.rfmCache;
	}

	rfm(id: string): RfmScore | null {
		const slot = this.slotOf.get(id);
		return slot === undefined ? null : rfmAt(this.currentRfm(), slot);
	}

	rfmSummary(): { today: string; scored: number; ranges: SlotRfm['ranges'] } {
		const { today, scored, ranges } = this.currentRfm();
		return { today, scored, ranges };
	}

	private tagIdsOf(code: number): readonly string[] {
		if (code === 0) return [];
		let ids = this.tagIdLists.get(code);
		if (ids === undefined) {
			ids = this.dicts.tags.values[code].split(SEP);
			this.tagIdLists.set(code, ids);
		}
		return ids;
	}

	private slotSource(): SlotSource {
		// Functions, not the arrays: the typed arrays are replaced when the index grows.
		return {
			high: () => this.high,
			alive: (s) => this.alive[s] === 1,
			ids: this.ids,
			stage: (s) => this.dicts.stage.values[this.codes.stage[s]] || null,
			tagIds: (s) => this.tagIdsOf(this.codes.tags[s]),
			source: (s) => this.dicts.source.values[this.codes.source[s]],
			district: (s) => this.dicts.district.values[this.codes.district[s]],
			birthday: (s) => this.birthday[s],
			purchaseCount: (s) => this.purchaseCount[s],
			purchaseTotal: (s) => this.purchaseTotal[s],
			firstPurchase: (s) => this.firstPurchase[s],
			lastPurchase: (s) => this.lastPurchase[s],
			custom: (s) => this.customs.get(s) ?? {},
			referredBy: (s) => this.referrer.get(s) ?? null,
			consent: (s, purpose) =>
				(this.consentBits[s] & (purpose === 'care' ? CONSENT_CARE : CONSENT_PROMOTIONS)) !== 0,
			temperature: (s) => LEAD_TEMPERATURES[this.temperature[s] - 1] ?? null,
			slotOf: (id) => this.slotOf.get(id)
		};
	}

	private segmentPredicate(definition: SegmentDefinition): Pred {
		return segmentSlotPredicate(definition, this.slotSource(), {
			today: this.today(),
			rfm: () => this.currentRfm(),
			referrers: () => (this.referrerCache ??= slotReferrers(this.slotSource()))
		});
	}

	private temperatureText(code: number): string {
		const id = LEAD_TEMPERATURES[code - 1];
		return id === undefined
			? ''
			: [id, ...(this.temperatureLabels[id] ?? [])].map(foldFast).join(SEP);
	}

	/** The RFM column's text: the three digits, the segment id and its names. */
	private rfmText(key: number, segment: number): string {
		const cacheKey = key * 16 + segment;
		let text = this.rfmTexts.get(cacheKey);
		if (text === undefined) {
			const id = RFM_SEGMENT_IDS[segment];
			text = [String(key), id, ...(this.rfmLabels[id] ?? [])].map(foldFast).join(SEP);
			this.rfmTexts.set(cacheKey, text);
		}
		return text;
	}

	// --- Columns --------------------------------------------------------------------------------

	private tagText(ids: string): string {
		if (ids === '') return '';
		let names = this.tagTexts.get(ids);
		if (names === undefined) {
			names = ids
				.split(SEP)
				.map((id) => this.tagNames.get(id) ?? '')
				.filter((n) => n !== '')
				.join(SEP);
			this.tagTexts.set(ids, names);
		}
		return names;
	}

	private stageText(id: string): string {
		if (id === '') return '';
		let text = this.stageTexts.get(id);
		if (text === undefined) {
			const own = this.stageNames.get(id);
			text = [id, ...(this.stageLabels[id] ?? []), ...(own ? [own] : [])].map(foldFast).join(SEP);
			this.stageTexts.set(id, text);
		}
		return text;
	}

	private makeColumns(): Record<ColumnId, Column> {
		// Getters, not the arrays: typed arrays are replaced when they grow.
		const text = (value: (s: number) => string): Column => ({
			empty: (s) => value(s) === '',
			cmp: (a, b) => compareStrings(value(a), value(b)),
			same: (a, b) => value(a) === value(b),
			text: value,
			key: { kind: 'string', of: value }
		});
		const numeric = (value: (s: number) => number, shown: (s: number) => string): Column => ({
			empty: (s) => value(s) < 0,
			cmp: (a, b) => value(a) - value(b),
			same: (a, b) => value(a) === value(b),
			text: (s) => (value(s) < 0 ? '' : shown(s)),
			key: { kind: 'number', of: value }
		});
		const coded = (
			id: CodedColumn,
			textOf: (code: number) => string,
			compare: (a: number, b: number) => number = (a, b) => compareStrings(textOf(a), textOf(b))
		): Column => ({
			empty: (s) => textOf(this.codes[id][s]) === '',
			cmp: (a, b) => compare(this.codes[id][a], this.codes[id][b]),
			same: (a, b) => this.codes[id][a] === this.codes[id][b],
			text: (s) => textOf(this.codes[id][s]),
			key: {
				kind: 'code',
				codes: () => this.codes[id],
				count: () => this.dicts[id].values.length,
				compare,
				text: textOf
			}
		});
		const value = (id: CodedColumn) => (code: number) => this.dicts[id].values[code];
		const day = (ms: number) => ymdString(ymdOfDate(new Date(ms)));
		// Month and day first, the year breaking ties: the order of a birthday calendar.
		const monthDay = (s: number) =>
			this.birthday[s] < 0
				? -1
				: (this.birthday[s] % 10000) * 10000 + Math.floor(this.birthday[s] / 10000);
		return {
			name: coded(
				'name',
				(code) => this.nameKeys[code],
				(a, b) =>
					compareStrings(this.nameKeys[a], this.nameKeys[b]) ||
					collator.compare(this.names[a], this.names[b])
			),
			salutation: coded('salutation', value('salutation')),
			phones: {
				...numeric(
					(s) => this.phoneKey[s],
					(s) => this.field(s, TextField.phones)
				),
				text: (s) => this.field(s, TextField.phones)
			},
			emails: text((s) => this.field(s, TextField.emails)),
			gender: coded('gender', value('gender')),
			birthday: numeric(
				(s) => this.birthday[s],
				(s) => ymdString(this.birthday[s])
			),
			birthdayMonthDay: numeric(monthDay, (s) => ymdString(this.birthday[s] % 10000)),
			address: text((s) => this.field(s, TextField.address)),
			district: coded('district', value('district')),
			city: coded('city', value('city')),
			source: coded('source', value('source')),
			tags: coded('tags', (code) => this.tagText(this.dicts.tags.values[code])),
			stage: coded(
				'stage',
				(code) => this.stageText(this.dicts.stage.values[code]),
				// Pipeline order (lead → lost) says more than the alphabet of the labels.
				(a, b) => {
					const x = this.dicts.stage.values[a];
					const y = this.dicts.stage.values[b];
					return stageRank(x) - stageRank(y) || compareStrings(x, y);
				}
			),
			notes: text((s) => this.field(s, TextField.notes)),
			createdAt: {
				empty: () => false,
				// Ties broken by id, so that newest-first is exactly IndexedDB's
				// `orderBy('createdAt').reverse()`: the first page, served from IndexedDB before the
				// index is ready, does not reshuffle when the index takes over.
				cmp: (a, b) =>
					this.createdAt[a] - this.createdAt[b] || compareStrings(this.ids[a], this.ids[b]),
				same: (a, b) => a === b,
				text: (s) => day(this.createdAt[s]),
				key: { kind: 'number', of: (s) => this.createdAt[s] }
			},
			updatedAt: numeric(
				(s) => this.updatedAt[s],
				(s) => day(this.updatedAt[s])
			),
			purchaseCount: numeric(
				(s) => this.purchaseCount[s],
				(s) => String(this.purchaseCount[s])
			),
			purchaseTotal: numeric(
				(s) => this.purchaseTotal[s],
				(s) => String(this.purchaseTotal[s])
			),
			firstPurchase: numeric(
				(s) => this.firstPurchase[s],
				(s) => ymdString(this.firstPurchase[s])
			),
			lastPurchase: numeric(
				(s) => this.lastPurchase[s],
				(s) => ymdString(this.lastPurchase[s])
			),
			// Cold, warm, hot in that order; customers who are not leads have none.
			leadTemperature: numeric(
				(s) => this.temperature[s] - 1,
				(s) => this.temperatureText(this.temperature[s])
			),
			// R, F and M as one number (5-4-3 → 543): best customers first when sorted descending.
			rfm: numeric(
				(s) => {
					const r = this.currentRfm();
					return r.r[s] === 0 ? -1 : r.r[s] * 100 + r.f[s] * 10 + r.m[s];
				},
				(s) => {
					const r = this.currentRfm();
					return this.rfmText(r.r[s] * 100 + r.f[s] * 10 + r.m[s], r.segment[s]);
				}
			)
		};
	}

	// --- Custom columns -------------------------------------------------------------------------

	private column(id: SortColumnId): Column {
		return isCustomColumnId(id) ? this.customColumn(this.customKey(id)) : this.columns[id];
	}

	private customKey(id: `custom:${string}`): string {
		return id.slice('custom:'.length);
	}

	/** A row's stored value of a custom key (own keys only), undefined when it has none. */
	private customValue(s: number, key: string): Customer['custom'][string] | undefined {
		const c = this.customs.get(s);
		if (c === undefined || !Object.hasOwn(c, key)) return undefined;
		const v = c[key];
		return v === null || v === '' ? undefined : v;
	}

	/**
	 * The sort number of a typed value: the number, the day as yyyymmdd, 0/1 for no/yes, the
	 * choice's place in the list. NaN when there is none or it does not fit the type: those rows
	 * sort last, with the empty ones.
	 */
	private customNumber(key: string): (s: number) => number {
		const spec = this.customSpecs.get(key);
		const value = (s: number) => this.customValue(s, key);
		switch (spec?.type) {
			case 'number':
				return (s) => {
					const v = value(s);
					return typeof v === 'number' ? v : NaN;
				};
			case 'date':
				return (s) => {
					const v = value(s);
					return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? isoToYmd(v) : NaN;
				};
			case 'yesno':
				return (s) => {
					const v = value(s);
					return typeof v === 'boolean' ? (v ? 1 : 0) : NaN;
				};
			case 'choice': {
				const place = new Map(spec.options.map((o, i) => [o, i]));
				return (s) => {
					const v = value(s);
					return typeof v === 'string' ? (place.get(v) ?? NaN) : NaN;
				};
			}
			default:
				return () => NaN;
		}
	}

	private customColumn(key: string): Column {
		let col = this.customColumns.get(key);
		if (col) return col;
		const spec: CustomSpec = this.customSpecs.get(key) ?? { type: 'text', options: [] };
		// What a text filter and a text sort look at: the value as shown, folded; yes/no in
		// both languages, so "có" and "yes" both find it.
		const text = (s: number): string => {
			const v = this.customValue(s, key);
			if (v === undefined) return '';
			if (typeof v === 'boolean')
				return foldFast(yesNoLabel(v, 'vi')) + SEP + foldFast(yesNoLabel(v, 'en'));
			return foldFast(formatCustomValue(spec, v));
		};
		if (spec.type === 'text') {
			col = {
				empty: (s) => text(s) === '',
				cmp: (a, b) => compareStrings(text(a), text(b)),
				same: (a, b) => text(a) === text(b),
				text,
				key: { kind: 'string', of: text }
			};
		} else {
			const num = this.customNumber(key);
			col = {
				empty: (s) => Number.isNaN(num(s)),
				cmp: (a, b) => num(a) - num(b),
				same: (a, b) => num(a) === num(b),
				text,
				key: { kind: 'number', of: num }
			};
		}
		this.customColumns.set(key, col);
		return col;
	}

	/** 1 for each slot with a custom value that does not fit its column's type. */
	private customProblems(): Uint8Array {
		const bad = new Uint8Array(this.high);
		for (const [slot, custom] of this.customs) {
			for (const key in custom) {
				const spec = this.customSpecs.get(key);
				if (spec && Object.hasOwn(custom, key) && customProblem(spec, custom[key]) !== null) {
					bad[slot] = 1;
					break;
				}
			}
		}
		return bad;
	}

	/** A custom number column's or a purchase figure's value (NaN: none that compares) and presence. */
	private numberOf(id: SortColumnId): { num: (s: number) => number; present: Pred } {
		if (id === 'purchaseCount' || id === 'purchaseTotal') {
			const values = id === 'purchaseCount' ? this.purchaseCount : this.purchaseTotal;
			// No purchases is 0 purchases and 0 đồng, as the grid shows it.
			return { num: (s) => values[s], present: () => true };
		}
		const key = isCustomColumnId(id) ? this.customKey(id) : null;
		if (key === null || this.customSpecs.get(key)?.type !== 'number') {
			throw new QueryError(`${id} is not a number column`);
		}
		return {
			num: this.customNumber(key),
			present: (s) => this.customValue(s, key) !== undefined
		};
	}

	/** AG Grid's number filter, on a custom number column or the purchase count or total. */
	private numberPredicate(id: SortColumnId, c: NumberCondition): Pred | null {
		const { num, present } = this.numberOf(id);
		if (c.type === 'empty') return null;
		if (c.type === 'blank') return (s) => !present(s);
		if (c.type === 'notBlank') return present;
		const a = c.filter;
		if (typeof a !== 'number' || Number.isNaN(a)) return null;
		const has = (s: number) => !Number.isNaN(num(s));
		switch (c.type) {
			case 'equals':
				return (s) => has(s) && num(s) === a;
			case 'notEqual':
				return (s) => has(s) && num(s) !== a;
			case 'lessThan':
				return (s) => has(s) && num(s) < a;
			case 'lessThanOrEqual':
				return (s) => has(s) && num(s) <= a;
			case 'greaterThan':
				return (s) => has(s) && num(s) > a;
			case 'greaterThanOrEqual':
				return (s) => has(s) && num(s) >= a;
			case 'inRange': {
				const b = c.filterTo;
				if (typeof b !== 'number' || Number.isNaN(b)) return null;
				const [lo, hi] = a <= b ? [a, b] : [b, a];
				return (s) => has(s) && num(s) >= lo && num(s) <= hi;
			}
		}
		throw new QueryError(`${id}: unknown number filter ${String(c.type)}`);
	}

	/** Newest first, then by id descending: the grid's order when nothing else decides. */
	private readonly defaultCmp = (a: number, b: number): number =>
		this.createdAt[b] - this.createdAt[a] || compareStrings(this.ids[b], this.ids[a]);

	/** A column's full ascending order: values, empties last, ties in the default order. */
	private permCmp(col: Column): (a: number, b: number) => number {
		return (a, b) => {
			const ea = col.empty(a);
			if (ea !== col.empty(b)) return ea ? 1 : -1;
			return (ea ? 0 : col.cmp(a, b)) || this.defaultCmp(a, b);
		};
	}

	/** The column's sorted permutation of live slots, built on first use and patched after writes. */
	private perm(id: SortColumnId): Uint32Array {
		let perm = this.perms.get(id);
		if (!perm) {
			perm = { order: this.build(id), pending: new Set() };
			this.perms.set(id, perm);
		} else if (perm.pending.size > 0) {
			perm.order = this.patch(perm.order, perm.pending, this.permCmp(this.column(id)));
			perm.pending.clear();
		}
		return perm.order;
	}

	/**
	 * Sorts all live slots for a column without a comparator: values are replaced by their rank
	 * among the distinct values, rank and tie-breaker are packed into one float, and a Float64Array
	 * is sorted natively. A comparator sort of a million rows takes seconds; this a fraction.
	 */
	private build(id: SortColumnId): Uint32Array {
		const n = this.live;
		const slots = new Uint32Array(n);
		let m = 0;
		for (let s = 0; s < this.high; s++) if (this.alive[s]) slots[m++] = s;
		const col = this.column(id);
		const rank = this.rankKeys(col, slots);
		const packed = new Float64Array(n);
		const order = new Uint32Array(n);
		if (id === 'createdAt') {
			const high = this.high;
			for (let i = 0; i < n; i++) packed[i] = rank[i] * high + slots[i];
			packed.sort();
			for (let i = 0; i < n; i++) order[i] = packed[i] % high;
			// Rows created in the same millisecond (a whole import shares one) go by id.
			const byId = (a: number, b: number) => compareStrings(this.ids[a], this.ids[b]);
			let i = 0;
			while (i < n) {
				let j = i + 1;
				while (j < n && this.createdAt[order[j]] === this.createdAt[order[i]]) j++;
				if (j - i > 1) order.subarray(i, j).sort(byId);
				i = j;
			}
			return order;
		}
		// Ties keep the default order: pack the position in it (newest first) as the tie-breaker.
		const byAge = this.perm('createdAt');
		const position = new Uint32Array(this.capacity);
		for (let i = 0; i < n; i++) position[byAge[i]] = n - 1 - i;
		for (let i = 0; i < n; i++) {
			const r = rank[i] === EMPTY_RANK ? n : rank[i];
			packed[i] = r * n + position[slots[i]];
		}
		packed.sort();
		for (let i = 0; i < n; i++) order[i] = byAge[n - 1 - (packed[i] % n)];
		return order;
	}

	/** Each slot's rank among the column's distinct values (ties share one); EMPTY_RANK if empty. */
	private rankKeys(col: Column, slots: Uint32Array): Uint32Array {
		const n = slots.length;
		const rank = new Uint32Array(n);
		const key = col.key;
		if (key.kind === 'code') {
			const count = key.count();
			const byValue = new Uint32Array(count - 1);
			for (let c = 1; c < count; c++) byValue[c - 1] = c;
			byValue.sort(key.compare);
			const codeRank = new Uint32Array(count);
			let r = 0;
			for (let j = 0; j < byValue.length; j++) {
				if (j > 0 && key.compare(byValue[j - 1], byValue[j]) !== 0) r++;
				codeRank[byValue[j]] = r;
			}
			const codes = key.codes();
			for (let i = 0; i < n; i++) {
				const s = slots[i];
				rank[i] = col.empty(s) ? EMPTY_RANK : codeRank[codes[s]];
			}
			return rank;
		}
		if (key.kind === 'number') {
			const values = new Float64Array(n);
			let m = 0;
			for (let i = 0; i < n; i++) if (!col.empty(slots[i])) values[m++] = key.of(slots[i]);
			values.subarray(0, m).sort();
			let d = 0;
			for (let i = 0; i < m; i++)
				if (d === 0 || values[i] !== values[d - 1]) values[d++] = values[i];
			const distinct = values.subarray(0, d);
			for (let i = 0; i < n; i++) {
				const s = slots[i];
				rank[i] = col.empty(s) ? EMPTY_RANK : lowerBound(distinct, key.of(s));
			}
			return rank;
		}
		const keys = new Array<string>(n);
		const ranks = new Map<string, number>();
		for (let i = 0; i < n; i++) {
			const s = slots[i];
			const k = col.empty(s) ? '' : key.of(s);
			keys[i] = k;
			if (k !== '' && !ranks.has(k)) ranks.set(k, 0);
		}
		const sorted = [...ranks.keys()].sort();
		for (let r = 0; r < sorted.length; r++) ranks.set(sorted[r], r);
		for (let i = 0; i < n; i++) rank[i] = keys[i] === '' ? EMPTY_RANK : (ranks.get(keys[i]) ?? 0);
		return rank;
	}

	/**
	 * Brings an order up to date after writes: drops the touched slots, then inserts those still
	 * alive at their places found by binary search. O(n) copying plus O(k log n) comparisons, so
	 * editing one customer does not re-sort a million.
	 */
	private patch(
		order: Uint32Array,
		pending: Set<number>,
		cmp: (a: number, b: number) => number
	): Uint32Array {
		const mark = this.mark;
		for (const s of pending) mark[s] = 1;
		let kept = 0;
		for (let i = 0; i < order.length; i++) {
			const s = order[i];
			if (!mark[s]) order[kept++] = s;
		}
		for (const s of pending) mark[s] = 0;
		const added = Uint32Array.from([...pending].filter((s) => this.alive[s] === 1)).sort(cmp);
		const out = new Uint32Array(kept + added.length);
		let from = 0;
		let to = 0;
		for (let j = 0; j < added.length; j++) {
			const s = added[j];
			let lo = from;
			let hi = kept;
			while (lo < hi) {
				const mid = (lo + hi) >>> 1;
				if (cmp(order[mid], s) <= 0) lo = mid + 1;
				else hi = mid;
			}
			out.set(order.subarray(from, lo), to);
			to += lo - from;
			out[to++] = s;
			from = lo;
		}
		out.set(order.subarray(from, kept), to);
		return out;
	}

	/** Each live slot's rank in the column's order, ties sharing a rank, empties EMPTY_RANK. */
	private slotRanks(id: SortColumnId): Uint32Array {
		let ranks = this.ranks.get(id);
		if (!ranks) {
			const order = this.perm(id);
			const col = this.column(id);
			ranks = new Uint32Array(this.capacity);
			let r = 0;
			for (let i = 0; i < order.length; i++) {
				const s = order[i];
				if (col.empty(s)) {
					ranks[s] = EMPTY_RANK;
					continue;
				}
				if (i > 0 && !col.same(order[i - 1], s)) r++;
				ranks[s] = r;
			}
			this.ranks.set(id, ranks);
		}
		return ranks;
	}

	// --- Queries --------------------------------------------------------------------------------

	private normaliseSort(q: Query): { colId: SortColumnId; sort: SortDirection }[] {
		const sort = q.sort.map((s) => {
			if (!isColumnId(s.colId) && !isCustomColumnId(s.colId)) {
				throw new QueryError(`Cannot sort by ${s.colId}`);
			}
			if (s.sort !== 'asc' && s.sort !== 'desc') throw new QueryError(`Bad sort ${String(s.sort)}`);
			return { colId: s.colId, sort: s.sort };
		});
		return sort.length > 0 ? sort : [{ colId: 'createdAt', sort: 'desc' }];
	}

	/**
	 * The rows passing `pred` in the column's order. Descending reverses the values but keeps
	 * rows with equal values in the default order, and keeps empty values last.
	 */
	private walk(id: SortColumnId, dir: SortDirection, pred: Pred | null): Uint32Array {
		const order = this.perm(id);
		if (dir === 'asc') return select(order, pred);
		const col = this.column(id);
		const n = order.length;
		let lo = 0;
		let hi = n;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (col.empty(order[mid])) hi = mid;
			else lo = mid + 1;
		}
		const emptyStart = lo;
		const out = new Uint32Array(n);
		let m = 0;
		let i = emptyStart - 1;
		while (i >= 0) {
			const last = order[i];
			let j = i;
			while (j > 0 && col.same(order[j - 1], last)) j--;
			for (let k = j; k <= i; k++) {
				const s = order[k];
				if (pred === null || pred(s)) out[m++] = s;
			}
			i = j - 1;
		}
		for (let k = emptyStart; k < n; k++) {
			const s = order[k];
			if (pred === null || pred(s)) out[m++] = s;
		}
		return m === n ? out : out.slice(0, m);
	}

	/**
	 * Evaluates a predicate over the slots in storage order (of `within`, or of all live slots)
	 * and returns a lookup of the result. Walking a sorted order and testing each row on the way
	 * reads the rows' strings in random order; at a million rows the cache misses alone made a
	 * name-sorted search several times slower than the same search in storage order.
	 */
	private inSlotOrder(pred: Pred, within?: Uint32Array): Pred {
		const pass = new Uint8Array(this.high);
		if (within) {
			for (let i = 0; i < within.length; i++) pass[within[i]] = 1;
			for (let s = 0; s < this.high; s++) if (pass[s] && !pred(s)) pass[s] = 0;
		} else {
			const alive = this.alive;
			for (let s = 0; s < this.high; s++) if (alive[s] && pred(s)) pass[s] = 1;
		}
		return (s) => pass[s] === 1;
	}

	/** Second and later sort columns: reorders each run of rows that tie on the first. */
	private sortTies(order: Uint32Array, sort: { colId: SortColumnId; sort: SortDirection }[]): void {
		const first = this.slotRanks(sort[0].colId);
		const rest = sort.slice(1).map((s) => ({
			ranks: this.slotRanks(s.colId),
			sign: s.sort === 'asc' ? 1 : -1
		}));
		const cmp = (a: number, b: number): number => {
			for (const { ranks, sign } of rest) {
				const ra = ranks[a];
				const rb = ranks[b];
				if (ra !== rb) {
					if (ra === EMPTY_RANK) return 1;
					if (rb === EMPTY_RANK) return -1;
					return (ra - rb) * sign;
				}
			}
			return this.defaultCmp(a, b);
		};
		let i = 0;
		while (i < order.length) {
			let j = i + 1;
			while (j < order.length && first[order[j]] === first[order[i]]) j++;
			if (j - i > 1) order.subarray(i, j).sort(cmp);
			i = j;
		}
	}

	/** A cached result with the same sort and filters, whose search this one only narrows. */
	private narrowable(base: string, terms: SearchTerm[]): CachedResult | null {
		let best: CachedResult | null = null;
		for (const c of this.cache.values()) {
			if (c.base !== base || !termsImply(terms, c.terms)) continue;
			if (!best || c.order.length < best.order.length) best = c;
		}
		return best;
	}

	/**
	 * Quick search: every word must be in one of the customer's texts — name, salutation, phones
	 * (each in its stored forms: 0912…, 84912…, 912…), emails, address, district, city, source,
	 * notes, custom text values, tag names. The columns are searched where they are: a coded
	 * column's distinct values once per word (100,000 sample customers share 33,000 names), the
	 * others row by row. No per-row copy of all of it is kept: at a million customers that copy
	 * was about 140 MB and a third of the time to load the index.
	 */
	private searchPredicate(terms: SearchTerm[]): Pred | null {
		if (terms.length === 0) return null;
		const checks = terms.map((t): Pred => {
			const { text, digits } = t;
			if (digits === null) return this.wordPredicate(text);
			// "0912 345 678" can only be a phone; "12/3" may also be a house number as typed.
			const asDigits = this.wordPredicate(digits);
			if (/^[\d +().-]+$/.test(text)) return asDigits;
			const asTyped = this.wordPredicate(text);
			return (s) => asDigits(s) || asTyped(s);
		});
		if (checks.length === 1) return checks[0];
		return (s) => {
			for (const check of checks) if (!check(s)) return false;
			return true;
		};
	}

	/** Rows with `word` in any of their texts (see searchPredicate). */
	private wordPredicate(word: string): Pred {
		const { codes } = this;
		/** Per coded column, which codes hold the word; left out when none does. */
		const coded: Array<{ codes: Uint32Array; hit: Uint8Array }> = [];
		const addCoded = (column: CodedColumn, texts: readonly string[]) => {
			const hit = new Uint8Array(texts.length);
			let any = false;
			for (let code = 1; code < texts.length; code++) {
				if (texts[code].includes(word)) {
					hit[code] = 1;
					any = true;
				}
			}
			if (any) coded.push({ codes: codes[column], hit });
		};
		addCoded('name', this.nameKeys);
		for (const column of ['salutation', 'district', 'city', 'source'] as const) {
			addCoded(column, this.dicts[column].values);
		}
		// Tag names are looked at only when some tag's name has the word.
		if ([...this.tagNames.values()].some((n) => n.includes(word))) {
			addCoded(
				'tags',
				this.dicts.tags.values.map((ids) => this.tagText(ids))
			);
		}
		const { texts } = this;
		// The usual cases written out: a loop over `coded` for every row costs more than the rest.
		if (coded.length === 0) return (s) => texts[s].includes(word);
		if (coded.length === 1) {
			const [{ codes: a, hit: ha }] = coded;
			return (s) => ha[a[s]] === 1 || texts[s].includes(word);
		}
		if (coded.length === 2) {
			const [{ codes: a, hit: ha }, { codes: b, hit: hb }] = coded;
			return (s) => ha[a[s]] === 1 || hb[b[s]] === 1 || texts[s].includes(word);
		}
		return (s) => {
			for (let i = 0; i < coded.length; i++) if (coded[i].hit[coded[i].codes[s]] === 1) return true;
			return texts[s].includes(word);
		};
	}

	private filterPredicate(q: Query, keys: string[]): Pred | null {
		const preds: Pred[] = [];
		let problems = q.problemsOnly ? ALL_PROBLEMS : 0;
		for (const key of keys) {
			const f = q.filter[key];
			if (key === PROBLEMS_FILTER_KEY) {
				if (f.filterType !== 'problems')
					throw new QueryError('The problems filter is not a column');
				const cols = f.columns ?? [];
				problems |=
					cols.length === 0 ? ALL_PROBLEMS : cols.reduce((b, c) => b | PROBLEM_BITS[c], 0);
				continue;
			}
			if (!isColumnId(key) && !isCustomColumnId(key)) {
				throw new QueryError(`Cannot filter by ${key}`);
			}
			const p = this.columnPredicate(key, f);
			if (p) preds.push(p);
		}
		if (problems !== 0) {
			const flags = this.flags;
			// "Any problem" also means a custom value kept as typed because it does not fit.
			const custom = problems === ALL_PROBLEMS ? this.customProblems() : null;
			preds.push(
				custom
					? (s) => (flags[s] & problems) !== 0 || custom[s] === 1
					: (s) => (flags[s] & problems) !== 0
			);
		}
		if (q.segment) preds.push(this.segmentPredicate(q.segment));
		if (q.consent) {
			const bit = q.consent === 'care' ? CONSENT_CARE : CONSENT_PROMOTIONS;
			const bits = this.consentBits;
			preds.push((s) => (bits[s] & bit) !== 0);
		}
		if (preds.length === 0) return null;
		if (preds.length === 1) return preds[0];
		return (s) => {
			for (const p of preds) if (!p(s)) return false;
			return true;
		};
	}

	private columnPredicate(id: SortColumnId, f: ColumnFilter): Pred | null {
		if (f.filterType === 'problems') throw new QueryError(`${id}: a problems filter has no column`);
		if ('operator' in f) {
			const parts =
				f.filterType === 'text'
					? f.conditions.map((c) => this.textPredicate(id, c))
					: f.filterType === 'number'
						? f.conditions.map((c) => this.numberPredicate(id, c))
						: f.conditions.map((c) => this.datePredicate(id, c));
			const active = parts.filter((p): p is Pred => p !== null);
			if (active.length === 0) return null;
			if (f.operator === 'OR') {
				// A condition that lets everything through lets the whole OR through.
				if (active.length < parts.length) return null;
				return (s) => active.some((p) => p(s));
			}
			return (s) => active.every((p) => p(s));
		}
		if (f.filterType === 'number') return this.numberPredicate(id, f);
		return f.filterType === 'text' ? this.textPredicate(id, f) : this.datePredicate(id, f);
	}

	private textPredicate(id: SortColumnId, c: TextCondition): Pred | null {
		const test = this.textTest(id, c);
		if (test === null) return null;
		const col = this.column(id);
		const key = col.key;
		if (key.kind !== 'code') return (s) => test(col.text(s));
		// A coded column has few distinct values: test each once, then look rows up by code.
		const count = key.count();
		const pass = new Uint8Array(count);
		for (let code = 0; code < count; code++) pass[code] = test(key.text(code)) ? 1 : 0;
		const codes = key.codes();
		return (s) => pass[codes[s]] === 1;
	}

	/** The test a text condition applies to a column's folded text; null when it lets all through. */
	private textTest(id: SortColumnId, c: TextCondition): ((text: string) => boolean) | null {
		if (c.type === 'blank') return (text) => text === '';
		if (c.type === 'notBlank') return (text) => text !== '';
		if (c.type === 'empty') return null;
		let needle = foldFast(c.filter ?? '');
		if (needle === '') return null;
		if (id === 'phones' && isPhoneLike(needle)) needle = phoneDigits(needle);
		const modes: Partial<Record<string, [TextMode, boolean]>> = {
			contains: ['contains', true],
			notContains: ['contains', false],
			equals: ['equals', true],
			notEqual: ['equals', false],
			startsWith: ['startsWith', true],
			endsWith: ['endsWith', true]
		};
		const mode = modes[c.type];
		if (!mode) throw new QueryError(`${id}: unknown text filter ${c.type}`);
		const [m, want] = mode;
		return (text) => matchValues(text, needle, m) === want;
	}

	private datePredicate(id: SortColumnId, c: DateCondition): Pred | null {
		const custom = isCustomColumnId(id) ? this.customKey(id) : null;
		if (custom !== null && this.customSpecs.get(custom)?.type !== 'date') {
			throw new QueryError(`${id} is not a date column`);
		}
		if (custom === null && !(DATE_COLUMN_IDS as readonly string[]).includes(id)) {
			throw new QueryError(`${id} is not a date column`);
		}
		let type: string = c.type;
		if (type === 'empty') return null;
		let from = 0;
		let to = 0;
		if (isPreset(type)) {
			[from, to] = presetRange(type, this.now());
			type = 'inRange';
		} else if (type !== 'blank' && type !== 'notBlank') {
			from = parseFilterDate(c.dateFrom);
			to = type === 'inRange' ? parseFilterDate(c.dateTo) : from;
			if (Number.isNaN(from) || Number.isNaN(to)) {
				throw new QueryError(`${id}: not a date: ${String(c.dateFrom)} / ${String(c.dateTo)}`);
			}
			if (to < from) [from, to] = [to, from];
		}
		if (custom !== null) {
			const day = this.customNumber(custom);
			const has = (s: number) => !Number.isNaN(day(s));
			const present = (s: number) => this.customValue(s, custom) !== undefined;
			return dayRange(type, from, to + 1, day, has, present);
		}
		if (id === 'createdAt' || id === 'updatedAt') {
			const values = id === 'createdAt' ? this.createdAt : this.updatedAt;
			return dayRange(
				type,
				startOfDay(from),
				endOfDay(to),
				(s) => values[s],
				() => true
			);
		}
		if (id === 'firstPurchase' || id === 'lastPurchase') {
			const values = id === 'firstPurchase' ? this.firstPurchase : this.lastPurchase;
			const has = (s: number) => values[s] >= 0;
			return dayRange(type, from, to + 1, (s) => values[s], has, has);
		}
		const birthday = this.birthday;
		const present = (s: number) => birthday[s] >= 0;
		if (id === 'birthday') {
			// A birthday without its year is on no particular date: only blank/notBlank see it.
			const dated = (s: number) => birthday[s] >= 10000;
			return dayRange(type, from, to + 1, (s) => birthday[s], dated, present);
		}
		// Month and day only: a range crossing the new year wraps, a year or longer takes all.
		const md = (s: number) => birthday[s] % 10000;
		const a = from % 10000;
		const b = to % 10000;
		switch (type) {
			case 'blank':
				return (s) => !present(s);
			case 'notBlank':
				return present;
			case 'equals':
				return (s) => present(s) && md(s) === a;
			case 'notEqual':
				return (s) => present(s) && md(s) !== a;
			case 'lessThan':
				return (s) => present(s) && md(s) < a;
			case 'lessThanOrEqual':
				return (s) => present(s) && md(s) <= a;
			case 'greaterThan':
				return (s) => present(s) && md(s) > a;
			case 'greaterThanOrEqual':
				return (s) => present(s) && md(s) >= a;
			case 'inRange':
				if (to - from >= 9999) return present;
				return a <= b
					? (s) => present(s) && md(s) >= a && md(s) <= b
					: (s) => present(s) && (md(s) >= a || md(s) <= b);
		}
		throw new QueryError(`${id}: unknown date filter ${type}`);
	}
}

/** Ends each field of `texts`; taken out of the values themselves (joinFields). */
const FIELD = '\u0002';

/** The fields of `texts`, in their order there. */
const TextField = { phones: 0, emails: 1, address: 2, notes: 3, custom: 4 } as const;
type TextField = (typeof TextField)[keyof typeof TextField];

/**
 * The free texts of a slot as `texts` keeps them: each field ends with FIELD; '' when none.
 * Joined, not concatenated: `+` would leave a tree of pieces that every search walks.
 */
function joinFields(...fields: string[]): string {
	if (fields.every((f) => f === '')) return '';
	const parts = fields.map((f) => (f.includes(FIELD) ? f.replaceAll(FIELD, ' ') : f));
	parts.push('');
	return parts.join(FIELD);
}

/**
 * Every form a phone is searched and filtered by, the shown number's digits first (the sort
 * key): national "0912345678", international "84912345678", subscriber "912345678", and the text
 * as typed when it is not a number.
 */
function phoneText(phones: readonly Phone[]): string {
	let out = '';
	for (const p of phones) {
		const forms: string[] = [];
		const add = (f: string) => {
			if (f !== '' && !forms.includes(f)) forms.push(f);
		};
		if (p.e164) {
			const intl = p.e164.slice(1);
			if (intl.startsWith('84')) {
				add('0' + intl.slice(2));
				add(intl);
				add(intl.slice(2));
			} else {
				add(intl);
			}
		}
		const raw = foldFast(p.raw);
		add(phoneDigits(raw));
		if (!isPhoneLike(raw)) add(raw);
		for (const f of forms) out = out === '' ? f : out + SEP + f;
	}
	return out;
}

/**
 * A value against the days [lo, hi): equals is "within that day", lessThan "before it",
 * greaterThan "after it", inRange "from the first day through the last" (both included). As in
 * AG Grid, a row without a comparable value passes none of these, not even notEqual.
 */
function dayRange(
	type: string,
	lo: number,
	hi: number,
	value: (s: number) => number,
	comparable: (s: number) => boolean,
	present: (s: number) => boolean = comparable
): Pred {
	switch (type) {
		case 'blank':
			return (s) => !present(s);
		case 'notBlank':
			return present;
		case 'equals':
		case 'inRange':
			return (s) => comparable(s) && value(s) >= lo && value(s) < hi;
		case 'notEqual':
			return (s) => comparable(s) && (value(s) < lo || value(s) >= hi);
		case 'lessThan':
			return (s) => comparable(s) && value(s) < lo;
		case 'lessThanOrEqual':
			return (s) => comparable(s) && value(s) < hi;
		case 'greaterThan':
			return (s) => comparable(s) && value(s) >= hi;
		case 'greaterThanOrEqual':
			return (s) => comparable(s) && value(s) >= lo;
	}
	throw new QueryError(`Unknown date filter ${type}`);
}

/**
 * The first phone's digits read as a fraction ("0912345678" → 0.0912345678), which orders as the
 * digit strings do; -1 without phones; 2 when the first phone has no digits at all.
 */
function phoneSortKey(phones: string): number {
	if (phones === '') return -1;
	const end = phones.indexOf(SEP);
	const first = end === -1 ? phones : phones.slice(0, end);
	return /^\d+$/.test(first) ? Number('0.' + first) : 2;
}

function codeArrays(capacity: number): Record<CodedColumn, Uint32Array> {
	const codes = {} as Record<CodedColumn, Uint32Array>;
	for (const c of CODED_COLUMNS) codes[c] = new Uint32Array(capacity);
	return codes;
}

function lowerBound(sorted: Float64Array, v: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid] < v) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

function and(a: Pred | null, b: Pred | null): Pred | null {
	if (a === null) return b;
	if (b === null) return a;
	return (s) => a(s) && b(s);
}

function select(order: Uint32Array, pred: Pred | null): Uint32Array {
	if (pred === null) return order.slice();
	const out = new Uint32Array(order.length);
	let m = 0;
	for (let i = 0; i < order.length; i++) {
		const s = order[i];
		if (pred(s)) out[m++] = s;
	}
	return out.slice(0, m);
}

/** `yyyy-mm-dd` → yyyymmdd; -1 for none. */
function isoToYmd(iso: string | null): number {
	if (!iso || iso.length < 10) return -1;
	const n = Number(iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10));
	return Number.isFinite(n) ? n : -1;
}
