/**
 * The segment editor's model: a condition as the form holds it (text as typed, lists as picked)
 * and its conversion to and from a segment condition. Values are read the Vietnamese way, as
 * everywhere else: dates dd/mm/yyyy, money "1tr2" or "500k". Kept apart from the .svelte file so
 * every field and operator is tested without a browser.
 */
import { parseDate, formatDate } from '$lib/domain/date';
import { parseMoney } from '$lib/domain/money';
import type { CustomColumn, CustomType } from '$lib/columns/definitions';
import { formatNumber, parseNumber } from '$lib/columns/values';
import {
	SEGMENT_MAX_TEXT,
	SEGMENT_OPERATORS,
	SEGMENT_VERSION,
	validateSegment,
	type SegmentCondition,
	type SegmentDefinition,
	type SegmentField,
	type SegmentGroup,
	type SegmentMatch,
	type SegmentNode
} from '$lib/domain/segments';

/** The fields in the order the editor offers them: the ones shops use most first. */
export const EDITOR_FIELDS: readonly SegmentField[] = [
	'stage',
	'tags',
	'purchaseCount',
	'totalSpent',
	'lastPurchase',
	'firstPurchase',
	'birthdayMonth',
	'rfmSegment',
	'rfmR',
	'rfmF',
	'rfmM',
	'source',
	'district',
	'leadTemperature',
	'consent',
	'referredSomeone',
	'wasReferred',
	'custom'
];

/** How the value of an operator is entered. */
export type InputKind =
	| 'none'
	| 'stages'
	| 'tags'
	| 'rfmSegments'
	| 'months'
	| 'score'
	| 'scoreRange'
	| 'money'
	| 'moneyRange'
	| 'count'
	| 'countRange'
	| 'date'
	| 'dateRange'
	| 'days'
	| 'text'
	| 'texts'
	| 'number'
	| 'numberRange'
	| 'boolean'
	/** One of a choice column's options. */
	| 'choice'
	/** Some of a choice column's options (`list`). */
	| 'choices'
	| 'purpose'
	| 'temperatures';

const KIND: Record<string, InputKind> = {
	none: 'none',
	stages: 'stages',
	tags: 'tags',
	rfmSegments: 'rfmSegments',
	months: 'months',
	score: 'score',
	scoreRange: 'scoreRange',
	amount: 'money',
	amountRange: 'moneyRange',
	count: 'count',
	countRange: 'countRange',
	date: 'date',
	dateRange: 'dateRange',
	days: 'days',
	text: 'text',
	texts: 'texts',
	scalar: 'text',
	number: 'number',
	numberRange: 'numberRange',
	// Without the column's type (a column deleted since), a range is read as numbers.
	customRange: 'numberRange',
	boolean: 'boolean',
	purpose: 'purpose',
	temperatures: 'temperatures'
};

export function operatorsOf(field: SegmentField): string[] {
	return Object.keys(SEGMENT_OPERATORS[field]);
}

export function inputKind(field: SegmentField, op: string): InputKind {
	const kind = SEGMENT_OPERATORS[field][op];
	return kind === undefined ? 'none' : KIND[kind];
}

/**
 * The operators that make sense for a custom column of each type, in the order the editor lists
 * them. The query engine takes any of the domain's custom operators; these are the ones an owner
 * means (a number is not "contains", a date is "before", a yes/no is "is").
 */
export const CUSTOM_OPERATORS: Readonly<Record<CustomType, readonly string[]>> = {
	text: [
		'contains',
		'notContains',
		'is',
		'isNot',
		'startsWith',
		'in',
		'notIn',
		'empty',
		'notEmpty'
	],
	number: ['gte', 'lte', 'gt', 'lt', 'between', 'is', 'isNot', 'empty', 'notEmpty'],
	date: ['after', 'before', 'between', 'is', 'isNot', 'empty', 'notEmpty'],
	yesno: ['is', 'isNot', 'empty', 'notEmpty'],
	choice: ['is', 'isNot', 'in', 'notIn', 'empty', 'notEmpty']
};

const NO_VALUE = new Set(['empty', 'notEmpty']);

/** How the value of an operator on a custom column of this type is entered. */
export function customInputKind(type: CustomType, op: string): InputKind {
	if (NO_VALUE.has(op)) return 'none';
	switch (type) {
		case 'text':
			return op === 'in' || op === 'notIn' ? 'texts' : 'text';
		case 'number':
			return op === 'between' ? 'numberRange' : 'number';
		case 'date':
			return op === 'between' ? 'dateRange' : 'date';
		case 'yesno':
			return 'boolean';
		case 'choice':
			return op === 'in' || op === 'notIn' ? 'choices' : 'choice';
	}
}

/** A condition while it is being edited. */
export interface DraftCondition {
	field: SegmentField;
	/** The custom field's name. */
	key: string;
	/** The custom column's type, when the key names a column the shop has; null otherwise. */
	type: CustomType | null;
	op: string;
	/** One value, or the lower end of a range, as typed. */
	a: string;
	/** The upper end of a range. */
	b: string;
	/** Picked stages, tags, RFM segments or months (as strings). */
	list: string[];
}

export function newDraft(field: SegmentField = 'stage'): DraftCondition {
	return { field, key: '', type: null, op: operatorsOf(field)[0], a: '', b: '', list: [] };
}

/** The operators the form offers for a draft: a custom column's by its type. */
export function draftOperators(draft: DraftCondition): readonly string[] {
	return draft.field === 'custom' && draft.type !== null
		? CUSTOM_OPERATORS[draft.type]
		: operatorsOf(draft.field);
}

/** How the draft's value is entered. */
export function draftInputKind(draft: DraftCondition): InputKind {
	if (draft.field === 'custom' && draft.type !== null) {
		return SEGMENT_OPERATORS.custom[draft.op] === undefined
			? 'none'
			: customInputKind(draft.type, draft.op);
	}
	return inputKind(draft.field, draft.op);
}

/**
 * Picking a custom column: the operator stays when the column's type has it and reads its
 * value the same way (so does the value), otherwise the form starts over at the first one.
 */
export function withColumn(draft: DraftCondition, column: CustomColumn): DraftCondition {
	const next: DraftCondition = { ...draft, field: 'custom', key: column.id, type: column.type };
	const ops = CUSTOM_OPERATORS[column.type];
	// A first pick starts at the type's most used operator.
	if (draft.type === null || !ops.includes(draft.op)) next.op = ops[0];
	if (draftInputKind(draft) === draftInputKind(next)) return next;
	const fresh = { ...next, a: '', b: '', list: [] };
	return draftInputKind(fresh) === 'boolean' ? { ...fresh, a: 'true' } : fresh;
}

/** Picking another operator: the value stays while it is read the same way. */
export function withOp(draft: DraftCondition, op: string): DraftCondition {
	const next = { ...draft, op };
	if (draftInputKind(draft) === draftInputKind(next)) return next;
	const fresh = { ...next, a: '', b: '', list: [] };
	return draftInputKind(fresh) === 'boolean' ? { ...fresh, a: 'true' } : fresh;
}

/** Switching field keeps the operator when the new field has it (e.g. "in" to "in"). */
export function withField(draft: DraftCondition, field: SegmentField): DraftCondition {
	if (field === draft.field) return draft;
	const ops = operatorsOf(field);
	const op = ops.includes(draft.op) ? draft.op : ops[0];
	const next: DraftCondition = { ...draft, field, op, key: '', type: null };
	return draftInputKind(draft) !== draftInputKind(next) ? { ...newDraft(field), op } : next;
}

export type DraftError =
	| 'missing-key'
	| 'missing-value'
	| 'bad-number'
	| 'bad-money'
	| 'bad-date'
	| 'bad-range'
	| 'too-long';

export type DraftResult =
	{ ok: true; condition: SegmentCondition } | { ok: false; error: DraftError };

function wholeNumber(text: string): number | null {
	const t = text.trim().replace(/[.\s]/g, '');
	return /^\d+$/.test(t) ? Number(t) : null;
}

/** As custom number cells read them: "3,5", "1.234,5", "-2". */
function decimal(text: string): number | null {
	return parseNumber(text);
}

function money(text: string): number | null {
	const { amount } = parseMoney(text);
	return amount === null || amount < 0 ? null : amount;
}

function day(text: string): string | null {
	const { iso } = parseDate(text, { allowFuture: true });
	// A day without its year ("05/03") is no day to compare with.
	return iso === null || iso.startsWith('--') ? null : iso;
}

/** Comma- or semicolon-separated items, trimmed, without empties or repeats. */
export function splitItems(text: string): string[] {
	return [
		...new Set(
			text
				.split(/[,;\n]/)
				.map((s) => s.trim())
				.filter((s) => s !== '')
		)
	];
}

type One<T> = { ok: true; value: T } | { ok: false; error: DraftError };

function read<T>(text: string, parse: (t: string) => T | null, bad: DraftError): One<T> {
	if (text.trim() === '') return { ok: false, error: 'missing-value' };
	const value = parse(text);
	return value === null ? { ok: false, error: bad } : { ok: true, value };
}

function range<T extends number | string>(
	draft: DraftCondition,
	parse: (t: string) => T | null,
	bad: DraftError
): One<[T, T]> {
	const lo = read(draft.a, parse, bad);
	if (!lo.ok) return lo;
	const hi = read(draft.b, parse, bad);
	if (!hi.ok) return hi;
	return lo.value <= hi.value
		? { ok: true, value: [lo.value, hi.value] }
		: { ok: false, error: 'bad-range' };
}

function valueOf(draft: DraftCondition, kind: InputKind): One<unknown> {
	const score = (t: string) => {
		const n = wholeNumber(t);
		return n !== null && n >= 1 && n <= 5 ? n : null;
	};
	switch (kind) {
		case 'none':
			return { ok: true, value: undefined };
		case 'stages':
		case 'tags':
		case 'rfmSegments':
		case 'temperatures':
		case 'choices':
			return draft.list.length === 0
				? { ok: false, error: 'missing-value' }
				: { ok: true, value: [...draft.list] };
		case 'months':
			return draft.list.length === 0
				? { ok: false, error: 'missing-value' }
				: { ok: true, value: draft.list.map(Number).sort((x, y) => x - y) };
		case 'score':
			return read(draft.a, score, 'bad-number');
		case 'scoreRange':
			return range(draft, score, 'bad-number');
		case 'money':
			return read(draft.a, money, 'bad-money');
		case 'moneyRange':
			return range(draft, money, 'bad-money');
		case 'count':
		case 'days':
			return read(draft.a, wholeNumber, 'bad-number');
		case 'countRange':
			return range(draft, wholeNumber, 'bad-number');
		case 'date':
			return read(draft.a, day, 'bad-date');
		case 'dateRange':
			return range(draft, day, 'bad-date');
		case 'choice':
		case 'text': {
			const t = draft.a.trim();
			if (t === '') return { ok: false, error: 'missing-value' };
			return t.length > SEGMENT_MAX_TEXT
				? { ok: false, error: 'too-long' }
				: { ok: true, value: t };
		}
		case 'texts': {
			const items = splitItems(draft.a);
			if (items.length === 0) return { ok: false, error: 'missing-value' };
			if (items.some((s) => s.length > SEGMENT_MAX_TEXT)) return { ok: false, error: 'too-long' };
			return { ok: true, value: items };
		}
		case 'number':
			return read(draft.a, decimal, 'bad-number');
		case 'numberRange':
			return range(draft, decimal, 'bad-number');
		case 'boolean':
			return { ok: true, value: draft.a !== 'false' };
		case 'purpose':
			return { ok: true, value: draft.a === 'promotions' ? 'promotions' : 'care' };
	}
}

export function toCondition(draft: DraftCondition): DraftResult {
	if (draft.field === 'custom' && draft.key.trim() === '')
		return { ok: false, error: 'missing-key' };
	const kind = draftInputKind(draft);
	const value = valueOf(draft, kind);
	if (!value.ok) return value;
	const cond: Record<string, unknown> = { field: draft.field, op: draft.op };
	if (draft.field === 'custom') cond.key = draft.key.trim();
	if (kind !== 'none') cond.value = value.value;
	return { ok: true, condition: cond as SegmentCondition };
}

function moneyText(n: number): string {
	return new Intl.NumberFormat('vi-VN').format(n);
}

/** The type a custom condition's value shows, for a column the shop no longer has. */
function typeFromValue(cond: SegmentCondition): CustomType | null {
	if (cond.field !== 'custom' || !('value' in cond)) return null;
	const v: unknown = cond.value;
	const first = Array.isArray(v) ? v[0] : v;
	if (typeof first === 'boolean') return 'yesno';
	if (typeof first === 'number') return 'number';
	const dated = cond.op === 'before' || cond.op === 'after' || cond.op === 'between';
	return dated && typeof first === 'string' && day(first) === first ? 'date' : null;
}

/** A condition as text, its keys in one order, to compare two of them. */
function canonical(cond: SegmentCondition): string {
	return JSON.stringify(cond, Object.keys(cond).sort());
}

function draftOf(cond: SegmentCondition, type: CustomType | null): DraftCondition {
	const draft = newDraft(cond.field);
	draft.op = cond.op;
	if (cond.field === 'custom') {
		draft.key = cond.key;
		draft.type = type;
	}
	if (!('value' in cond)) return draft;
	const kind = draftInputKind(draft);
	const v = cond.value as unknown;
	const text = (x: unknown): string =>
		kind === 'money' || kind === 'moneyRange'
			? moneyText(x as number)
			: kind === 'date' || kind === 'dateRange'
				? formatDate(x as string)
				: (kind === 'number' || kind === 'numberRange') && typeof x === 'number'
					? formatNumber(x, 'vi')
					: String(x);
	switch (kind) {
		case 'stages':
		case 'tags':
		case 'rfmSegments':
		case 'months':
		case 'temperatures':
		case 'choices':
			draft.list = (v as unknown[]).map(String);
			break;
		case 'texts':
			draft.a = (v as string[]).join(', ');
			break;
		case 'boolean':
		case 'purpose':
			draft.a = String(v);
			break;
		default:
			if (Array.isArray(v)) {
				draft.a = text(v[0]);
				draft.b = text(v[1]);
			} else {
				draft.a = text(v);
			}
	}
	return draft;
}

/**
 * A stored condition back into the form, as the owner would type it. `typeOf` gives a custom
 * column's type; when the condition does not fit it (the column was retyped since) or the
 * column is gone, the type its value shows is used, and failing that the form edits it as text.
 */
export function fromCondition(
	cond: SegmentCondition,
	typeOf: (key: string) => CustomType | undefined = () => undefined
): DraftCondition {
	if (cond.field !== 'custom') return draftOf(cond, null);
	const tries = [typeOf(cond.key) ?? null, typeFromValue(cond)];
	for (const type of tries) {
		if (type === null || !CUSTOM_OPERATORS[type].includes(cond.op)) continue;
		const draft = draftOf(cond, type);
		const back = toCondition(draft);
		if (back.ok && canonical(back.condition) === canonical(cond)) return draft;
	}
	return draftOf(cond, null);
}

function isGroup(node: SegmentNode): node is SegmentGroup {
	return 'conditions' in node;
}

/** What the editor shows: the top-level conditions as drafts; nested groups are kept as they are. */
export interface EditorState {
	match: SegmentMatch;
	drafts: DraftCondition[];
	/** Groups made elsewhere (a backup, a newer version's editor): kept unless removed. */
	groups: SegmentGroup[];
}

export function editorState(
	definition: SegmentDefinition | null,
	columns: readonly CustomColumn[] = []
): EditorState {
	if (definition === null) return { match: 'all', drafts: [newDraft()], groups: [] };
	const typeOf = (key: string) => columns.find((c) => c.id === key)?.type;
	return {
		match: definition.match,
		drafts: definition.conditions
			.filter((n) => !isGroup(n))
			.map((n) => fromCondition(n as SegmentCondition, typeOf)),
		groups: definition.conditions.filter(isGroup)
	};
}

export type BuildResult =
	| { ok: true; definition: SegmentDefinition }
	/** `index`: the draft at fault. */
	| { ok: false; index: number; error: DraftError };

/** The definition the form describes, checked by the same validation as anything stored. */
export function buildDefinition(state: EditorState): BuildResult {
	const conditions: SegmentNode[] = [];
	for (let i = 0; i < state.drafts.length; i++) {
		const r = toCondition(state.drafts[i]);
		if (!r.ok) return { ok: false, index: i, error: r.error };
		conditions.push(r.condition);
	}
	conditions.push(...state.groups);
	const definition = { version: SEGMENT_VERSION, match: state.match, conditions };
	const checked = validateSegment(definition);
	// The drafts are built to validate; a failure here is a bug in this file, shown as such.
	if (!checked.ok) return { ok: false, index: -1, error: 'missing-value' };
	return { ok: true, definition: checked.definition };
}
