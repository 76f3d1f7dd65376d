/**
 * Segments: named, rule-based groups of customers that stay up to date because they are
 * evaluated, never stored as lists. A definition is plain JSON (saved in settings, exported,
 * restored from backups), so it is versioned and checked field by field before use; a
 * definition is compiled once into a predicate that the grid, the board, the care lists and
 * export run over every customer. See docs/lifecycle.md for the JSON format.
 */
import { fold } from './text';
import { isRfmSegmentId, type RfmScore, type RfmSegmentId } from './rfm';
import { hasConsent, isConsentPurpose } from '$lib/privacy/consent';
import { shownLeadTemperature } from './lead-temperature';
import {
	dayNumber,
	isoOfDayNumber,
	isStageId,
	LEAD_TEMPERATURES,
	type LeadTemperature,
	type StageId
} from './stages';
import type { ConsentPurpose, Customer, CustomerId } from './types';

export const SEGMENT_VERSION = 1;

export type SegmentMatch = 'all' | 'any';

export type NumberOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte';
export type PresenceOp = 'empty' | 'notEmpty';

export type StageCondition = { field: 'stage'; op: 'in' | 'notIn'; value: StageId[] };
/** Tag ids (the tags table), as on the customer. */
export type TagCondition = { field: 'tags'; op: 'hasAny' | 'hasAll' | 'hasNone'; value: string[] };
export type RfmSegmentCondition =
	| { field: 'rfmSegment'; op: 'in' | 'notIn'; value: RfmSegmentId[] }
	| { field: 'rfmSegment'; op: PresenceOp };
export type RfmScoreField = 'rfmR' | 'rfmF' | 'rfmM';
export type RfmScoreCondition =
	| { field: RfmScoreField; op: NumberOp; value: number }
	| { field: RfmScoreField; op: 'between'; value: [number, number] }
	| { field: RfmScoreField; op: PresenceOp };
/** totalSpent in whole đồng; both are 0 for a customer without purchases, never empty. */
export type AmountField = 'totalSpent' | 'purchaseCount';
export type AmountCondition =
	| { field: AmountField; op: NumberOp; value: number }
	| { field: AmountField; op: 'between'; value: [number, number] };
export type DateField = 'lastPurchase' | 'firstPurchase';
export type DateCondition =
	/** Strictly before / after an ISO day. */
	| { field: DateField; op: 'before' | 'after'; value: string }
	/** Both ends included. */
	| { field: DateField; op: 'between'; value: [string, string] }
	/** withinDays n: on or after today − n; moreThanDaysAgo n: before today − n. */
	| { field: DateField; op: 'withinDays' | 'moreThanDaysAgo'; value: number }
	| { field: DateField; op: PresenceOp };
export type BirthdayCondition =
	| { field: 'birthdayMonth'; op: 'in'; value: number[] }
	| { field: 'birthdayMonth'; op: 'thisMonth' | 'nextMonth' | PresenceOp };
export type TextField = 'source' | 'district';
export type TextOp = 'is' | 'isNot' | 'contains' | 'notContains' | 'startsWith';
export type TextCondition =
	| { field: TextField; op: TextOp; value: string }
	| { field: TextField; op: 'in' | 'notIn'; value: string[] }
	| { field: TextField; op: PresenceOp };
export type CustomCondition =
	| { field: 'custom'; key: string; op: 'contains' | 'notContains' | 'startsWith'; value: string }
	| { field: 'custom'; key: string; op: 'is' | 'isNot'; value: string | number | boolean }
	| { field: 'custom'; key: string; op: 'gt' | 'gte' | 'lt' | 'lte'; value: number }
	/** Date columns (ISO days): strictly before / after. */
	| { field: 'custom'; key: string; op: 'before' | 'after'; value: string }
	/** Both ends included: numbers, or ISO days for a date column. */
	| { field: 'custom'; key: string; op: 'between'; value: [number, number] | [string, string] }
	| { field: 'custom'; key: string; op: 'in' | 'notIn'; value: string[] }
	| { field: 'custom'; key: string; op: PresenceOp };
/** referredSomeone: the "đã giới thiệu" badge; wasReferred: has a referrer. */
export type FlagCondition = { field: 'referredSomeone' | 'wasReferred'; op: 'is'; value: boolean };
/** Consent in force for a purpose (a customer never asked has not given it). */
export type ConsentCondition = {
	field: 'consent';
	op: 'given' | 'notGiven';
	value: ConsentPurpose;
};
/** The temperature shown for a lead; a customer who is not a lead has none. */
export type LeadTemperatureCondition =
	| { field: 'leadTemperature'; op: 'in' | 'notIn'; value: LeadTemperature[] }
	| { field: 'leadTemperature'; op: PresenceOp };

/**
 * A fixed list of customers: what the reports link to when no rule describes the customers
 * behind a number ("buyers of March not cared for"). Not offered by the editor.
 */
export type CustomersCondition = { field: 'customers'; op: 'in'; value: string[] };

export type SegmentCondition =
	| CustomersCondition
	| StageCondition
	| TagCondition
	| RfmSegmentCondition
	| RfmScoreCondition
	| AmountCondition
	| DateCondition
	| BirthdayCondition
	| TextCondition
	| CustomCondition
	| FlagCondition
	| ConsentCondition
	| LeadTemperatureCondition;

export type SegmentField = SegmentCondition['field'];

/** A nested group: "stage is new AND (source is Facebook OR source is Zalo)". */
export interface SegmentGroup {
	match: SegmentMatch;
	conditions: SegmentNode[];
}

export type SegmentNode = SegmentCondition | SegmentGroup;

export interface SegmentDefinition {
	version: typeof SEGMENT_VERSION;
	match: SegmentMatch;
	/** Empty with match 'all': every customer; empty with 'any': none. */
	conditions: SegmentNode[];
}

/** A segment the owner made: its own name, as typed. */
export interface SavedSegment {
	id: string;
	name: string;
	definition: SegmentDefinition;
}

// ---------------------------------------------------------------------------------------------
// Operators per field

/** What the `value` of a condition must be, by operator. */
type ValueKind =
	| 'none'
	| 'ids'
	| 'stages'
	| 'tags'
	| 'rfmSegments'
	| 'score'
	| 'scoreRange'
	| 'amount'
	| 'amountRange'
	| 'count'
	| 'countRange'
	| 'date'
	| 'dateRange'
	| 'days'
	| 'months'
	| 'text'
	| 'texts'
	| 'scalar'
	| 'number'
	| 'numberRange'
	| 'customRange'
	| 'boolean'
	| 'purpose'
	| 'temperatures';

const scoreOps = {
	eq: 'score',
	neq: 'score',
	gt: 'score',
	gte: 'score',
	lt: 'score',
	lte: 'score',
	between: 'scoreRange',
	empty: 'none',
	notEmpty: 'none'
} as const;

function amountOps<K extends 'amount' | 'count'>(kind: K, range: `${K}Range`) {
	return { eq: kind, neq: kind, gt: kind, gte: kind, lt: kind, lte: kind, between: range };
}

const dateOps = {
	before: 'date',
	after: 'date',
	between: 'dateRange',
	withinDays: 'days',
	moreThanDaysAgo: 'days',
	empty: 'none',
	notEmpty: 'none'
} as const;

const textOps = {
	is: 'text',
	isNot: 'text',
	contains: 'text',
	notContains: 'text',
	startsWith: 'text',
	in: 'texts',
	notIn: 'texts',
	empty: 'none',
	notEmpty: 'none'
} as const;

/** Every field and the operators it takes: anything not here is refused. */
export const SEGMENT_OPERATORS: Readonly<
	Record<SegmentField, Readonly<Record<string, ValueKind>>>
> = {
	stage: { in: 'stages', notIn: 'stages' },
	customers: { in: 'ids' },
	tags: { hasAny: 'tags', hasAll: 'tags', hasNone: 'tags' },
	rfmSegment: { in: 'rfmSegments', notIn: 'rfmSegments', empty: 'none', notEmpty: 'none' },
	rfmR: scoreOps,
	rfmF: scoreOps,
	rfmM: scoreOps,
	totalSpent: amountOps('amount', 'amountRange'),
	purchaseCount: amountOps('count', 'countRange'),
	lastPurchase: dateOps,
	firstPurchase: dateOps,
	birthdayMonth: {
		in: 'months',
		thisMonth: 'none',
		nextMonth: 'none',
		empty: 'none',
		notEmpty: 'none'
	},
	source: textOps,
	district: textOps,
	custom: {
		is: 'scalar',
		isNot: 'scalar',
		contains: 'text',
		notContains: 'text',
		startsWith: 'text',
		in: 'texts',
		notIn: 'texts',
		gt: 'number',
		gte: 'number',
		lt: 'number',
		lte: 'number',
		before: 'date',
		after: 'date',
		between: 'customRange',
		empty: 'none',
		notEmpty: 'none'
	},
	consent: { given: 'purpose', notGiven: 'purpose' },
	leadTemperature: { in: 'temperatures', notIn: 'temperatures', empty: 'none', notEmpty: 'none' },
	referredSomeone: { is: 'boolean' },
	wasReferred: { is: 'boolean' }
};

export const SEGMENT_FIELDS = Object.keys(SEGMENT_OPERATORS) as SegmentField[];

// ---------------------------------------------------------------------------------------------
// Validation

/**
 * Levels of conditions, the definition's own counting as the first: a group within a group
 * within the definition, no deeper. More is no longer something an owner can read back.
 */
export const SEGMENT_MAX_DEPTH = 3;
export const SEGMENT_MAX_CONDITIONS = 100;
export const SEGMENT_MAX_LIST = 1000;
/** A report's list of customers: as many as a book may hold. */
export const SEGMENT_MAX_IDS = 1_000_000;
export const SEGMENT_MAX_TEXT = 200;

export type SegmentProblemCode =
	| 'not-object'
	| 'unsupported-version'
	| 'unknown-key'
	| 'bad-match'
	| 'bad-conditions'
	| 'unknown-field'
	| 'unknown-operator'
	| 'bad-key'
	| 'missing-value'
	| 'unexpected-value'
	| 'bad-value'
	| 'too-deep'
	| 'too-many';

export interface SegmentProblem {
	code: SegmentProblemCode;
	/** Where: `conditions.2.value`, `conditions.0.conditions.1.op`; '' for the whole definition. */
	path: string;
}

export type SegmentValidation =
	{ ok: true; definition: SegmentDefinition } | { ok: false; problems: SegmentProblem[] };

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIsoDay(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	try {
		dayNumber(value);
		return true;
	} catch {
		return false;
	}
}

const isWhole = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isScore = (v: unknown): v is number =>
	Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isText = (v: unknown): v is string =>
	typeof v === 'string' && v.trim() !== '' && v.length <= SEGMENT_MAX_TEXT;

function isList<T>(value: unknown, item: (v: unknown) => v is T): value is T[] {
	return (
		Array.isArray(value) &&
		value.length > 0 &&
		value.length <= SEGMENT_MAX_LIST &&
		value.every((v) => item(v))
	);
}

function isRange<T>(value: unknown, item: (v: unknown) => v is T): value is [T, T] {
	return Array.isArray(value) && value.length === 2 && item(value[0]) && item(value[1]);
}

/** Whether `value` suits the kind; ranges must not be backwards. */
function valueFits(kind: ValueKind, value: unknown): boolean {
	switch (kind) {
		case 'none':
			return true;
		case 'ids':
			return (
				Array.isArray(value) &&
				value.length <= SEGMENT_MAX_IDS &&
				value.every((v) => typeof v === 'string')
			);
		case 'stages':
			return isList(value, (v): v is StageId => typeof v === 'string' && isStageId(v));
		case 'tags':
		case 'texts':
			return isList(value, isText);
		case 'rfmSegments':
			return isList(value, isRfmSegmentId);
		case 'score':
			return isScore(value);
		case 'scoreRange':
			return isRange(value, isScore) && value[0] <= value[1];
		case 'amount':
		case 'count':
			return isWhole(value);
		case 'amountRange':
		case 'countRange':
			return isRange(value, isWhole) && value[0] <= value[1];
		case 'date':
			return isIsoDay(value);
		case 'dateRange':
			return isRange(value, isIsoDay) && value[0] <= value[1];
		case 'days':
			return isWhole(value) && value <= 36500;
		case 'months':
			return isList(
				value,
				(v): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 12
			);
		case 'text':
			return isText(value);
		case 'scalar':
			return isText(value) || isNumber(value) || typeof value === 'boolean';
		case 'number':
			return isNumber(value);
		case 'numberRange':
			return isRange(value, isNumber) && value[0] <= value[1];
		case 'customRange':
			return (
				(isRange(value, isNumber) || isRange(value, isIsoDay)) &&
				(value as [number, number])[0] <= (value as [number, number])[1]
			);
		case 'boolean':
			return typeof value === 'boolean';
		case 'purpose':
			return isConsentPurpose(value);
		case 'temperatures':
			return isList(value, (v): v is LeadTemperature =>
				(LEAD_TEMPERATURES as readonly unknown[]).includes(v)
			);
	}
}

interface Counter {
	conditions: number;
}

function checkNode(
	node: unknown,
	path: string,
	depth: number,
	counter: Counter,
	problems: SegmentProblem[]
): void {
	const at = (key: string): string => (path === '' ? key : `${path}.${key}`);
	if (!isRecord(node)) {
		problems.push({ code: 'not-object', path });
		return;
	}
	if ('conditions' in node) {
		// depth 0 is the definition's own list, so this group would be level depth + 2.
		if (depth + 2 > SEGMENT_MAX_DEPTH) {
			problems.push({ code: 'too-deep', path });
			return;
		}
		for (const key of Object.keys(node)) {
			if (key !== 'match' && key !== 'conditions')
				problems.push({ code: 'unknown-key', path: at(key) });
		}
		checkGroup(node, path, depth + 1, counter, problems);
		return;
	}
	counter.conditions += 1;
	const field = node.field;
	if (typeof field !== 'string' || !Object.hasOwn(SEGMENT_OPERATORS, field)) {
		problems.push({ code: 'unknown-field', path: at('field') });
		return;
	}
	const ops = SEGMENT_OPERATORS[field as SegmentField];
	const allowed = new Set(['field', 'op', 'value', ...(field === 'custom' ? ['key'] : [])]);
	for (const key of Object.keys(node)) {
		if (!allowed.has(key)) problems.push({ code: 'unknown-key', path: at(key) });
	}
	if (field === 'custom' && !isText(node.key)) problems.push({ code: 'bad-key', path: at('key') });
	const op = node.op;
	if (typeof op !== 'string' || !Object.hasOwn(ops, op)) {
		problems.push({ code: 'unknown-operator', path: at('op') });
		return;
	}
	const kind = ops[op];
	if (kind === 'none') {
		if ('value' in node) problems.push({ code: 'unexpected-value', path: at('value') });
	} else if (!('value' in node)) {
		problems.push({ code: 'missing-value', path: at('value') });
	} else if (!valueFits(kind, node.value)) {
		problems.push({ code: 'bad-value', path: at('value') });
	}
}

function checkGroup(
	group: Record<string, unknown>,
	path: string,
	depth: number,
	counter: Counter,
	problems: SegmentProblem[]
): void {
	const at = (key: string): string => (path === '' ? key : `${path}.${key}`);
	if (group.match !== 'all' && group.match !== 'any') {
		problems.push({ code: 'bad-match', path: at('match') });
	}
	if (!Array.isArray(group.conditions)) {
		problems.push({ code: 'bad-conditions', path: at('conditions') });
		return;
	}
	group.conditions.forEach((node: unknown, i) => {
		if (counter.conditions <= SEGMENT_MAX_CONDITIONS) {
			checkNode(node, at(`conditions.${i}`), depth, counter, problems);
		}
	});
}

/**
 * Checks a definition from anywhere (the editor, settings, a backup, an import) and returns a
 * clean copy to keep. Unknown fields, operators and keys are refused rather than ignored: a
 * condition silently dropped would put the wrong customers in a message campaign.
 */
export function validateSegment(value: unknown): SegmentValidation {
	if (!isRecord(value)) return { ok: false, problems: [{ code: 'not-object', path: '' }] };
	const problems: SegmentProblem[] = [];
	if (value.version !== SEGMENT_VERSION)
		problems.push({ code: 'unsupported-version', path: 'version' });
	for (const key of Object.keys(value)) {
		if (key !== 'version' && key !== 'match' && key !== 'conditions') {
			problems.push({ code: 'unknown-key', path: key });
		}
	}
	const counter: Counter = { conditions: 0 };
	checkGroup(value, '', 0, counter, problems);
	if (counter.conditions > SEGMENT_MAX_CONDITIONS) problems.push({ code: 'too-many', path: '' });
	if (problems.length > 0) return { ok: false, problems };
	return { ok: true, definition: structuredClone(value) as unknown as SegmentDefinition };
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export type SegmentCustomer = Pick<
	Customer,
	| 'id'
	| 'stage'
	| 'tags'
	| 'stats'
	| 'birthday'
	| 'source'
	| 'district'
	| 'custom'
	| 'referredBy'
	| 'birthdayMD'
	| 'consents'
	| 'consent'
	| 'leadTemperature'
> & {
	/**
	 * Worked out ahead by a caller that keeps no records (the query index): consent in force per
	 * purpose, and the temperature shown. Left out, they are worked out from the fields above.
	 */
	consentGiven?: Readonly<Record<ConsentPurpose, boolean>>;
	shownTemperature?: LeadTemperature | null;
};

/** What a segment asks of the RFM scores: a Map from `rfmLookup`, or the query index's own. */
export interface RfmSource {
	get(id: CustomerId): RfmScore | undefined;
	has(id: CustomerId): boolean;
}

export interface SegmentContext {
	/** ISO day in the shop's time zone. */
	today: string;
	/** RFM by customer id (`rfmLookup`); a customer not in it has no RFM. */
	rfm: RfmSource;
	/** Customers who referred someone (`referrerSet`). */
	referrers: { has(id: CustomerId): boolean };
}

type Predicate = (c: SegmentCustomer, ctx: SegmentContext) => boolean;

export interface CompiledSegment {
	matches(customer: SegmentCustomer, ctx: SegmentContext): boolean;
	/** What the context must hold for this segment: the caller can skip computing RFM. */
	needs: { rfm: boolean; referrers: boolean; today: boolean };
}

// Sources and districts repeat a lot ("Facebook", "Quận 3"): folding each distinct text once
// keeps a scan of 100,000 customers from folding the same few strings 100,000 times.
const foldCache = new Map<string, string>();
function folded(s: string): string {
	let f = foldCache.get(s);
	if (f === undefined) {
		if (foldCache.size >= 50_000) foldCache.clear();
		f = fold(s);
		foldCache.set(s, f);
	}
	return f;
}

function compareNumber(op: NumberOp, a: number, b: number): boolean {
	switch (op) {
		case 'eq':
			return a === b;
		case 'neq':
			return a !== b;
		case 'gt':
			return a > b;
		case 'gte':
			return a >= b;
		case 'lt':
			return a < b;
		case 'lte':
			return a <= b;
	}
}

/** A number from a custom field: numbers as they are, numeric text ("42", " 3.5 ") too. */
function numberOf(v: string | number | boolean | null | undefined): number | null {
	if (typeof v === 'number') return Number.isFinite(v) ? v : null;
	if (typeof v !== 'string' || v.trim() === '') return null;
	const n = Number(v.trim());
	return Number.isFinite(n) ? n : null;
}

/** An ISO day from a date column; a value kept as typed ("31/02") is no day. */
function dayOf(v: string | number | boolean | null | undefined): string | null {
	return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
}

function textOf(v: string | number | boolean | null | undefined): string {
	return v === null || v === undefined ? '' : folded(String(v));
}

/** Text tests on folded text; the negative forms are exact negations (true for an empty value). */
function textPredicate(
	op: TextOp | 'in' | 'notIn' | PresenceOp,
	value: string | string[] | undefined,
	get: (c: SegmentCustomer) => string
): Predicate {
	const wanted = typeof value === 'string' ? fold(value) : '';
	const set = new Set(Array.isArray(value) ? value.map((v) => fold(v)) : []);
	switch (op) {
		case 'is':
			return (c) => get(c) === wanted;
		case 'isNot':
			return (c) => get(c) !== wanted;
		case 'contains':
			return (c) => get(c).includes(wanted);
		case 'notContains':
			return (c) => !get(c).includes(wanted);
		case 'startsWith':
			return (c) => get(c).startsWith(wanted);
		case 'in':
			return (c) => set.has(get(c));
		case 'notIn':
			return (c) => !set.has(get(c));
		case 'empty':
			return (c) => get(c) === '';
		case 'notEmpty':
			return (c) => get(c) !== '';
	}
}

/** `today` changes at most once a day: derived days are worked out once per today. */
function perToday<T>(derive: (today: string) => T): (today: string) => T {
	let key = '';
	let value: T | undefined;
	return (today) => {
		if (today !== key || value === undefined) {
			value = derive(today);
			key = today;
		}
		return value;
	};
}

function birthMonth(c: SegmentCustomer): number {
	const md = c.birthdayMD ?? (c.birthday === null ? null : c.birthday.slice(-5));
	if (md === null || md.length !== 5 || md[2] !== '-') return 0;
	const m = Number(md.slice(0, 2));
	return Number.isInteger(m) && m >= 1 && m <= 12 ? m : 0;
}

function compileCondition(cond: SegmentCondition): Predicate {
	switch (cond.field) {
		case 'stage': {
			const set = new Set<string>(cond.value);
			return cond.op === 'in'
				? (c) => c.stage !== null && set.has(c.stage)
				: (c) => c.stage === null || !set.has(c.stage);
		}
		case 'tags': {
			const wanted = cond.value;
			const set = new Set(wanted);
			if (cond.op === 'hasAny') return (c) => c.tags.some((t) => set.has(t));
			if (cond.op === 'hasNone') return (c) => !c.tags.some((t) => set.has(t));
			return (c) => wanted.every((t) => c.tags.includes(t));
		}
		case 'rfmSegment': {
			if (!('value' in cond)) {
				const has = cond.op === 'notEmpty';
				return (c, ctx) => ctx.rfm.has(c.id) === has;
			}
			const set = new Set<string>(cond.value);
			const negate = cond.op === 'notIn';
			return (c, ctx) => {
				const s = ctx.rfm.get(c.id);
				return (s !== undefined && set.has(s.segment)) !== negate;
			};
		}
		case 'rfmR':
		case 'rfmF':
		case 'rfmM': {
			const key = cond.field === 'rfmR' ? 'r' : cond.field === 'rfmF' ? 'f' : 'm';
			if (!('value' in cond)) {
				const has = cond.op === 'notEmpty';
				return (c, ctx) => ctx.rfm.has(c.id) === has;
			}
			if (cond.op === 'between') {
				const [lo, hi] = cond.value;
				return (c, ctx) => {
					const s = ctx.rfm.get(c.id);
					return s !== undefined && s[key] >= lo && s[key] <= hi;
				};
			}
			const { op, value } = cond;
			// neq is the negation of eq, so a customer without RFM is "not 5".
			if (op === 'neq') return (c, ctx) => ctx.rfm.get(c.id)?.[key] !== value;
			return (c, ctx) => {
				const s = ctx.rfm.get(c.id);
				return s !== undefined && compareNumber(op, s[key], value);
			};
		}
		case 'totalSpent':
		case 'purchaseCount': {
			const get =
				cond.field === 'totalSpent'
					? (c: SegmentCustomer) => c.stats.total
					: (c: SegmentCustomer) => c.stats.count;
			if (cond.op === 'between') {
				const [lo, hi] = cond.value;
				return (c) => get(c) >= lo && get(c) <= hi;
			}
			const { op, value } = cond;
			return (c) => compareNumber(op, get(c), value);
		}
		case 'lastPurchase':
		case 'firstPurchase': {
			const get =
				cond.field === 'lastPurchase'
					? (c: SegmentCustomer) => c.stats.last
					: (c: SegmentCustomer) => c.stats.first;
			switch (cond.op) {
				case 'empty':
					return (c) => get(c) === null;
				case 'notEmpty':
					return (c) => get(c) !== null;
				case 'before': {
					const v = cond.value;
					return (c) => {
						const d = get(c);
						return d !== null && d < v;
					};
				}
				case 'after': {
					const v = cond.value;
					return (c) => {
						const d = get(c);
						return d !== null && d > v;
					};
				}
				case 'between': {
					const [lo, hi] = cond.value;
					return (c) => {
						const d = get(c);
						return d !== null && d >= lo && d <= hi;
					};
				}
				case 'withinDays':
				case 'moreThanDaysAgo': {
					const days = cond.value;
					const cutoff = perToday((today) => isoOfDayNumber(dayNumber(today) - days));
					// ISO days compare as strings; "never bought" is neither recent nor long ago.
					return cond.op === 'withinDays'
						? (c, ctx) => {
								const d = get(c);
								return d !== null && d >= cutoff(ctx.today);
							}
						: (c, ctx) => {
								const d = get(c);
								return d !== null && d < cutoff(ctx.today);
							};
				}
			}
			break;
		}
		case 'birthdayMonth': {
			switch (cond.op) {
				case 'in': {
					const months = new Set(cond.value);
					return (c) => months.has(birthMonth(c));
				}
				case 'thisMonth':
				case 'nextMonth': {
					const ahead = cond.op === 'nextMonth' ? 1 : 0;
					const month = perToday((today) => ((Number(today.slice(5, 7)) - 1 + ahead) % 12) + 1);
					return (c, ctx) => birthMonth(c) === month(ctx.today);
				}
				case 'empty':
					return (c) => birthMonth(c) === 0;
				case 'notEmpty':
					return (c) => birthMonth(c) !== 0;
			}
			break;
		}
		case 'source':
		case 'district': {
			const field = cond.field;
			const value = 'value' in cond ? cond.value : undefined;
			return textPredicate(cond.op, value, (c) => folded(c[field]));
		}
		case 'custom': {
			const key = cond.key;
			const get = (c: SegmentCustomer) => (Object.hasOwn(c.custom, key) ? c.custom[key] : null);
			switch (cond.op) {
				case 'is':
				case 'isNot': {
					const v = cond.value;
					const negate = cond.op === 'isNot';
					if (typeof v === 'boolean') return (c) => (get(c) === v) !== negate;
					if (typeof v === 'number') return (c) => (numberOf(get(c)) === v) !== negate;
					const wanted = fold(v);
					return (c) => (textOf(get(c)) === wanted) !== negate;
				}
				case 'gt':
				case 'gte':
				case 'lt':
				case 'lte': {
					const { op, value } = cond;
					return (c) => {
						const n = numberOf(get(c));
						return n !== null && compareNumber(op, n, value);
					};
				}
				case 'before':
				case 'after': {
					const { op, value } = cond;
					return (c) => {
						const d = dayOf(get(c));
						return d !== null && (op === 'before' ? d < value : d > value);
					};
				}
				case 'between': {
					const [lo, hi] = cond.value;
					if (typeof lo === 'string' && typeof hi === 'string') {
						return (c) => {
							const d = dayOf(get(c));
							return d !== null && d >= lo && d <= hi;
						};
					}
					return (c) => {
						const n = numberOf(get(c));
						return n !== null && n >= (lo as number) && n <= (hi as number);
					};
				}
				default: {
					const value = 'value' in cond ? cond.value : undefined;
					return textPredicate(cond.op, value, (c) => textOf(get(c)));
				}
			}
		}
		case 'referredSomeone': {
			const want = cond.value;
			return (c, ctx) => ctx.referrers.has(c.id) === want;
		}
		case 'customers': {
			const ids = new Set(cond.value);
			return (c) => ids.has(c.id);
		}
		case 'consent': {
			const purpose = cond.value;
			const want = cond.op === 'given';
			return (c) => (c.consentGiven?.[purpose] ?? hasConsent(c, purpose)) === want;
		}
		case 'leadTemperature': {
			const shown = (c: SegmentCustomer) =>
				c.shownTemperature !== undefined ? c.shownTemperature : shownLeadTemperature(c);
			if (!('value' in cond)) {
				const has = cond.op === 'notEmpty';
				return (c) => (shown(c) !== null) === has;
			}
			const set = new Set<string>(cond.value);
			const negate = cond.op === 'notIn';
			return (c) => {
				const t = shown(c);
				return (t !== null && set.has(t)) !== negate;
			};
		}
		case 'wasReferred': {
			const want = cond.value;
			return (c) => (c.referredBy !== null) === want;
		}
	}
	// Unreachable for a validated definition; refuse loudly rather than match everyone.
	throw new TypeError(`Unknown segment condition: ${JSON.stringify(cond)}`);
}

function isGroup(node: SegmentNode): node is SegmentGroup {
	return 'conditions' in node;
}

function compileGroup(match: SegmentMatch, nodes: readonly SegmentNode[]): Predicate {
	const parts = nodes.map((n) =>
		isGroup(n) ? compileGroup(n.match, n.conditions) : compileCondition(n)
	);
	if (parts.length === 1) return parts[0];
	if (match === 'all') {
		return (c, ctx) => {
			for (let i = 0; i < parts.length; i++) if (!parts[i](c, ctx)) return false;
			return true;
		};
	}
	return (c, ctx) => {
		for (let i = 0; i < parts.length; i++) if (parts[i](c, ctx)) return true;
		return false;
	};
}

function collectNeeds(nodes: readonly SegmentNode[], needs: CompiledSegment['needs']): void {
	for (const n of nodes) {
		if (isGroup(n)) {
			collectNeeds(n.conditions, needs);
			continue;
		}
		if (
			n.field === 'rfmSegment' ||
			n.field === 'rfmR' ||
			n.field === 'rfmF' ||
			n.field === 'rfmM'
		) {
			needs.rfm = true;
		}
		if (n.field === 'referredSomeone') needs.referrers = true;
		if (
			n.op === 'withinDays' ||
			n.op === 'moreThanDaysAgo' ||
			n.op === 'thisMonth' ||
			n.op === 'nextMonth'
		) {
			needs.today = true;
		}
	}
}

/**
 * Compiles a definition once into a predicate. The definition must have passed
 * validateSegment (or be a built-in): compiling an unchecked one throws on what it cannot read.
 */
export function compileSegment(definition: SegmentDefinition): CompiledSegment {
	const predicate = compileGroup(definition.match, definition.conditions);
	const needs = { rfm: false, referrers: false, today: false };
	collectNeeds(definition.conditions, needs);
	return { matches: predicate, needs };
}

// ---------------------------------------------------------------------------------------------
// Built-ins

export const BUILT_IN_SEGMENT_IDS = [
	'builtin:new',
	'builtin:bought-once',
	'builtin:repeat',
	'builtin:reactivate',
	'builtin:referrers',
	'builtin:birthday-this-month'
] as const;
export type BuiltInSegmentId = (typeof BUILT_IN_SEGMENT_IDS)[number];

export interface BuiltInSegment {
	id: BuiltInSegmentId;
	/** i18n key of the name. */
	nameKey: string;
	definition: SegmentDefinition;
}

function only(condition: SegmentCondition): SegmentDefinition {
	return { version: SEGMENT_VERSION, match: 'all', conditions: [condition] };
}

/**
 * The segments every shop has. New customers and those needing reactivation follow the stage
 * (so the owner's day counts apply); "bought once" and "loyal" count purchases, whatever the
 * stage, as the owners phrase them ("đã mua 1 lần", "trung thành (> 1 lần)").
 */
export const BUILT_IN_SEGMENTS: readonly BuiltInSegment[] = [
	{
		id: 'builtin:new',
		nameKey: 'segment_builtin_new',
		definition: only({ field: 'stage', op: 'in', value: ['new'] })
	},
	{
		id: 'builtin:bought-once',
		nameKey: 'segment_builtin_bought_once',
		definition: only({ field: 'purchaseCount', op: 'eq', value: 1 })
	},
	{
		id: 'builtin:repeat',
		nameKey: 'segment_builtin_repeat',
		definition: only({ field: 'purchaseCount', op: 'gt', value: 1 })
	},
	{
		id: 'builtin:reactivate',
		nameKey: 'segment_builtin_reactivate',
		definition: only({ field: 'stage', op: 'in', value: ['reactivate'] })
	},
	{
		id: 'builtin:referrers',
		nameKey: 'segment_builtin_referrers',
		definition: only({ field: 'referredSomeone', op: 'is', value: true })
	},
	{
		id: 'builtin:birthday-this-month',
		nameKey: 'segment_builtin_birthday_this_month',
		definition: only({ field: 'birthdayMonth', op: 'thisMonth' })
	}
];

// ---------------------------------------------------------------------------------------------
// Summary

/** A value as the UI must show it: each kind has its own formatter or label lookup. */
export type SummaryValue =
	| { kind: 'stage'; id: StageId }
	| { kind: 'tag'; id: string }
	| { kind: 'rfmSegment'; id: RfmSegmentId }
	| { kind: 'score'; value: number }
	| { kind: 'money'; value: number }
	| { kind: 'number'; value: number }
	| { kind: 'date'; iso: string }
	| { kind: 'days'; value: number }
	| { kind: 'month'; value: number }
	| { kind: 'text'; value: string }
	| { kind: 'boolean'; value: boolean }
	| { kind: 'purpose'; id: ConsentPurpose }
	| { kind: 'temperature'; id: LeadTemperature };

export interface SummaryCondition {
	type: 'condition';
	field: SegmentField;
	/** The custom field's name (field 'custom'). */
	key?: string;
	op: string;
	/** i18n keys: `segment_field_last_purchase`, `segment_op_within_days`. */
	fieldKey: string;
	opKey: string;
	/** One value, a list ("is one of"), or two ends (between). */
	values: SummaryValue[];
}

export interface SummaryGroup {
	type: 'group';
	match: SegmentMatch;
	/** `segment_match_all` / `segment_match_any`. */
	matchKey: string;
	items: Array<SummaryCondition | SummaryGroup>;
}

function snake(s: string): string {
	return s.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
}

function summaryValues(cond: SegmentCondition): SummaryValue[] {
	if (!('value' in cond)) return [];
	// How many, not who: the list may hold tens of thousands.
	if (cond.field === 'customers') return [{ kind: 'number', value: cond.value.length }];
	const list = Array.isArray(cond.value) ? cond.value : [cond.value];
	return list.map((v): SummaryValue => {
		switch (cond.field) {
			case 'stage':
				return { kind: 'stage', id: v as StageId };
			case 'tags':
				return { kind: 'tag', id: v as string };
			case 'rfmSegment':
				return { kind: 'rfmSegment', id: v as RfmSegmentId };
			case 'rfmR':
			case 'rfmF':
			case 'rfmM':
				return { kind: 'score', value: v as number };
			case 'totalSpent':
				return { kind: 'money', value: v as number };
			case 'purchaseCount':
				return { kind: 'number', value: v as number };
			case 'lastPurchase':
			case 'firstPurchase':
				return cond.op === 'withinDays' || cond.op === 'moreThanDaysAgo'
					? { kind: 'days', value: v as number }
					: { kind: 'date', iso: v as string };
			case 'birthdayMonth':
				return { kind: 'month', value: v as number };
			case 'consent':
				return { kind: 'purpose', id: v as ConsentPurpose };
			case 'leadTemperature':
				return { kind: 'temperature', id: v as LeadTemperature };
			case 'referredSomeone':
			case 'wasReferred':
				return { kind: 'boolean', value: v as boolean };
			default:
				return typeof v === 'number'
					? { kind: 'number', value: v }
					: typeof v === 'string' && isIsoDay(v)
						? { kind: 'date', iso: v }
						: typeof v === 'boolean'
							? { kind: 'boolean', value: v }
							: { kind: 'text', value: String(v) };
		}
	});
}

function summarizeNodes(match: SegmentMatch, nodes: readonly SegmentNode[]): SummaryGroup {
	return {
		type: 'group',
		match,
		matchKey: `segment_match_${match}`,
		items: nodes.map((n) => {
			if (isGroup(n)) return summarizeNodes(n.match, n.conditions);
			const item: SummaryCondition = {
				type: 'condition',
				field: n.field,
				op: n.op,
				fieldKey: `segment_field_${snake(n.field)}`,
				opKey: `segment_op_${snake(n.op)}`,
				values: summaryValues(n)
			};
			if (n.field === 'custom') item.key = n.key;
			return item;
		})
	};
}

/**
 * The definition as a structure the UI translates and formats ("Giai đoạn là một trong: Khách
 * mới · Mua lần cuối trong 30 ngày qua"): message keys for fields, operators and the match, and
 * typed values for the formatters (dates dd/mm/yyyy, money in đồng, stage and tag names).
 */
export function summarizeSegment(definition: SegmentDefinition): SummaryGroup {
	return summarizeNodes(definition.match, definition.conditions);
}
