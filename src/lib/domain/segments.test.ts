import { describe, expect, it } from 'vitest';
import { buildCustomer, type CustomerInput } from './customer';
import type { RfmScore } from './rfm';
import {
	BUILT_IN_SEGMENTS,
	compileSegment,
	SEGMENT_MAX_CONDITIONS,
	summarizeSegment,
	validateSegment,
	type SegmentContext,
	type SegmentCondition,
	type SegmentDefinition,
	type SegmentNode
} from './segments';
import type { Customer } from './types';

const TODAY = '2026-03-12';

function person(id: string, input: CustomerInput = {}, extra: Partial<Customer> = {}): Customer {
	return {
		...buildCustomer({ name: id, ...input }, { id, now: 0, today: TODAY }),
		...extra
	};
}

function stats(count: number, total: number, first: string | null, last = first) {
	return { stats: { count, total, first, last } };
}

const book: Customer[] = [
	person(
		'lan',
		{ source: 'Facebook', district: 'Quận 3', birthday: '05/03/1990' },
		{
			stage: 'new',
			tags: ['vip'],
			referredBy: null,
			custom: { size: 'M', visits: 4, member: true },
			...stats(1, 500_000, '2026-03-01')
		}
	),
	person(
		'minh',
		{ source: 'Zalo OA', district: 'Thủ Đức', birthday: '20/04/1985' },
		{
			stage: 'loyal',
			tags: ['vip', 'spa'],
			referredBy: 'lan',
			custom: { size: 'XL', visits: '12' },
			...stats(3, 3_000_000, '2025-06-01', '2026-02-10')
		}
	),
	person(
		'hoa',
		{ source: '', district: '', birthday: '' },
		{
			stage: 'lead',
			tags: [],
			referredBy: 'lan',
			custom: {},
			...stats(0, 0, null)
		}
	),
	person(
		'tuan',
		{ source: 'facebook ads', district: 'quan 3', birthday: '31/12' },
		{
			stage: null,
			tags: ['spa'],
			referredBy: null,
			custom: { member: false },
			...stats(2, 800_000, '2025-01-10', '2025-08-01')
		}
	)
];

const rfm = new Map<string, RfmScore>([
	['lan', { r: 5, f: 1, m: 2, segment: 'new' }],
	['minh', { r: 4, f: 5, m: 5, segment: 'loyal' }],
	['tuan', { r: 1, f: 3, m: 3, segment: 'at-risk' }]
]);

const ctx: SegmentContext = { today: TODAY, rfm, referrers: new Set(['lan']) };

function def(...conditions: SegmentNode[]): SegmentDefinition {
	return { version: 1, match: 'all', conditions };
}

/** Validates (so every test also checks the definition is accepted), compiles, runs. */
function who(definition: SegmentDefinition, context: SegmentContext = ctx): string[] {
	const checked = validateSegment(definition);
	if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
	const segment = compileSegment(checked.definition);
	return book.filter((c) => segment.matches(c, context)).map((c) => c.id);
}

function one(condition: SegmentCondition, context?: SegmentContext): string[] {
	return who(def(condition), context);
}

describe('segment evaluation', () => {
	it('matches stages, a customer without a stage being in none', () => {
		expect(one({ field: 'stage', op: 'in', value: ['new', 'loyal'] })).toEqual(['lan', 'minh']);
		expect(one({ field: 'stage', op: 'notIn', value: ['new', 'loyal'] })).toEqual(['hoa', 'tuan']);
	});

	it('matches any, all or none of a set of tags', () => {
		expect(one({ field: 'tags', op: 'hasAny', value: ['spa', 'x'] })).toEqual(['minh', 'tuan']);
		expect(one({ field: 'tags', op: 'hasAll', value: ['vip', 'spa'] })).toEqual(['minh']);
		expect(one({ field: 'tags', op: 'hasNone', value: ['vip'] })).toEqual(['hoa', 'tuan']);
	});

	it('matches RFM segments; a customer without RFM is in none and has none', () => {
		expect(one({ field: 'rfmSegment', op: 'in', value: ['loyal', 'at-risk'] })).toEqual([
			'minh',
			'tuan'
		]);
		expect(one({ field: 'rfmSegment', op: 'notIn', value: ['new'] })).toEqual([
			'minh',
			'hoa',
			'tuan'
		]);
		expect(one({ field: 'rfmSegment', op: 'empty' })).toEqual(['hoa']);
		expect(one({ field: 'rfmSegment', op: 'notEmpty' })).toEqual(['lan', 'minh', 'tuan']);
	});

	it('compares R, F and M scores; "not 5" includes customers without RFM', () => {
		expect(one({ field: 'rfmR', op: 'gte', value: 4 })).toEqual(['lan', 'minh']);
		expect(one({ field: 'rfmF', op: 'between', value: [2, 3] })).toEqual(['tuan']);
		expect(one({ field: 'rfmM', op: 'eq', value: 5 })).toEqual(['minh']);
		expect(one({ field: 'rfmM', op: 'neq', value: 5 })).toEqual(['lan', 'hoa', 'tuan']);
		expect(one({ field: 'rfmR', op: 'lt', value: 2 })).toEqual(['tuan']);
		expect(one({ field: 'rfmR', op: 'empty' })).toEqual(['hoa']);
	});

	it('compares total spent and number of purchases, 0 for a lead', () => {
		expect(one({ field: 'totalSpent', op: 'gte', value: 800_000 })).toEqual(['minh', 'tuan']);
		expect(one({ field: 'totalSpent', op: 'between', value: [0, 500_000] })).toEqual([
			'lan',
			'hoa'
		]);
		expect(one({ field: 'purchaseCount', op: 'eq', value: 0 })).toEqual(['hoa']);
		expect(one({ field: 'purchaseCount', op: 'gt', value: 1 })).toEqual(['minh', 'tuan']);
		expect(one({ field: 'purchaseCount', op: 'lte', value: 1 })).toEqual(['lan', 'hoa']);
		expect(one({ field: 'purchaseCount', op: 'neq', value: 3 })).toEqual(['lan', 'hoa', 'tuan']);
	});

	it('compares purchase dates strictly before and after, and between both ends included', () => {
		expect(one({ field: 'lastPurchase', op: 'before', value: '2026-02-10' })).toEqual(['tuan']);
		expect(one({ field: 'lastPurchase', op: 'after', value: '2026-02-10' })).toEqual(['lan']);
		expect(
			one({ field: 'lastPurchase', op: 'between', value: ['2026-02-10', '2026-03-01'] })
		).toEqual(['lan', 'minh']);
		expect(one({ field: 'firstPurchase', op: 'before', value: '2025-06-01' })).toEqual(['tuan']);
		expect(one({ field: 'lastPurchase', op: 'empty' })).toEqual(['hoa']);
		expect(one({ field: 'firstPurchase', op: 'notEmpty' })).toEqual(['lan', 'minh', 'tuan']);
	});

	it('counts "within n days" back from today, across a month end, never for no purchases', () => {
		// 12 Mar − 30 days = 10 Feb: on that day is within.
		expect(one({ field: 'lastPurchase', op: 'withinDays', value: 30 })).toEqual(['lan', 'minh']);
		expect(one({ field: 'lastPurchase', op: 'withinDays', value: 29 })).toEqual(['lan']);
		expect(one({ field: 'lastPurchase', op: 'moreThanDaysAgo', value: 30 })).toEqual(['tuan']);
		expect(one({ field: 'lastPurchase', op: 'moreThanDaysAgo', value: 29 })).toEqual([
			'minh',
			'tuan'
		]);
		// Another day, same compiled definition: 31 Mar − 30 days = 1 Mar.
		const later = { ...ctx, today: '2026-03-31' };
		expect(one({ field: 'lastPurchase', op: 'withinDays', value: 30 }, later)).toEqual(['lan']);
	});

	it('follows today when one compiled segment is run on different days', () => {
		const segment = compileSegment(def({ field: 'lastPurchase', op: 'withinDays', value: 0 }));
		const lan = book[0];
		expect(segment.matches(lan, { ...ctx, today: '2026-03-01' })).toBe(true);
		expect(segment.matches(lan, { ...ctx, today: '2026-03-02' })).toBe(false);
		expect(segment.matches(lan, { ...ctx, today: '2026-03-01' })).toBe(true);
	});

	it('matches birthday months, also year-less birthdays and records without birthdayMD', () => {
		expect(one({ field: 'birthdayMonth', op: 'in', value: [3, 12] })).toEqual(['lan', 'tuan']);
		expect(one({ field: 'birthdayMonth', op: 'thisMonth' })).toEqual(['lan']);
		expect(one({ field: 'birthdayMonth', op: 'nextMonth' })).toEqual(['minh']);
		expect(
			one({ field: 'birthdayMonth', op: 'nextMonth' }, { ...ctx, today: '2025-12-31' })
		).toEqual([]);
		expect(
			one({ field: 'birthdayMonth', op: 'thisMonth' }, { ...ctx, today: '2025-12-31' })
		).toEqual(['tuan']);
		expect(one({ field: 'birthdayMonth', op: 'empty' })).toEqual(['hoa']);
		const old = { ...book[1], birthdayMD: undefined };
		const april = compileSegment(def({ field: 'birthdayMonth', op: 'in', value: [4] }));
		expect(april.matches(old, ctx)).toBe(true);
	});

	it('compares source and district without diacritics or case', () => {
		expect(one({ field: 'source', op: 'is', value: 'FACEBOOK' })).toEqual(['lan']);
		expect(one({ field: 'source', op: 'contains', value: 'face' })).toEqual(['lan', 'tuan']);
		expect(one({ field: 'source', op: 'startsWith', value: 'zalo' })).toEqual(['minh']);
		expect(one({ field: 'source', op: 'notContains', value: 'facebook' })).toEqual(['minh', 'hoa']);
		expect(one({ field: 'source', op: 'isNot', value: 'facebook' })).toEqual([
			'minh',
			'hoa',
			'tuan'
		]);
		expect(one({ field: 'district', op: 'is', value: 'quận 3' })).toEqual(['lan', 'tuan']);
		expect(one({ field: 'district', op: 'in', value: ['Thu Duc', 'Quan 1'] })).toEqual(['minh']);
		expect(one({ field: 'district', op: 'notIn', value: ['Quan 3'] })).toEqual(['minh', 'hoa']);
		expect(one({ field: 'district', op: 'empty' })).toEqual(['hoa']);
		expect(one({ field: 'source', op: 'notEmpty' })).toEqual(['lan', 'minh', 'tuan']);
	});

	it('compares custom fields as text, numbers or yes/no, by what the condition holds', () => {
		expect(one({ field: 'custom', key: 'size', op: 'is', value: 'm' })).toEqual(['lan']);
		expect(one({ field: 'custom', key: 'size', op: 'in', value: ['M', 'XL'] })).toEqual([
			'lan',
			'minh'
		]);
		expect(one({ field: 'custom', key: 'size', op: 'contains', value: 'x' })).toEqual(['minh']);
		// "12" typed as text is still a number.
		expect(one({ field: 'custom', key: 'visits', op: 'gt', value: 5 })).toEqual(['minh']);
		expect(one({ field: 'custom', key: 'visits', op: 'between', value: [1, 4] })).toEqual(['lan']);
		expect(one({ field: 'custom', key: 'visits', op: 'is', value: 12 })).toEqual(['minh']);
		expect(one({ field: 'custom', key: 'member', op: 'is', value: true })).toEqual(['lan']);
		expect(one({ field: 'custom', key: 'member', op: 'isNot', value: true })).toEqual([
			'minh',
			'hoa',
			'tuan'
		]);
		expect(one({ field: 'custom', key: 'size', op: 'empty' })).toEqual(['hoa', 'tuan']);
		expect(one({ field: 'custom', key: 'member', op: 'notEmpty' })).toEqual(['lan', 'tuan']);
	});

	it('compares custom date columns by day; a date kept as typed is before and after nothing', () => {
		const dated = [
			person('a', {}, { custom: { cuoi: '2024-01-31' } }),
			person('b', {}, { custom: { cuoi: '2024-06-01' } }),
			person('c', {}, { custom: { cuoi: '31/02/2024' } }),
			person('d')
		];
		const run = (condition: SegmentCondition) => {
			const checked = validateSegment(def(condition));
			if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
			const segment = compileSegment(checked.definition);
			return dated.filter((c) => segment.matches(c, ctx)).map((c) => c.id);
		};
		expect(run({ field: 'custom', key: 'cuoi', op: 'before', value: '2024-06-01' })).toEqual(['a']);
		expect(run({ field: 'custom', key: 'cuoi', op: 'after', value: '2024-01-31' })).toEqual(['b']);
		expect(
			run({ field: 'custom', key: 'cuoi', op: 'between', value: ['2024-01-31', '2024-06-01'] })
		).toEqual(['a', 'b']);
		expect(run({ field: 'custom', key: 'cuoi', op: 'is', value: '2024-06-01' })).toEqual(['b']);
		expect(
			validateSegment(
				def({ field: 'custom', key: 'cuoi', op: 'between', value: ['2024-06-01', 3] } as never)
			).ok
		).toBe(false);
		expect(
			validateSegment(
				def({ field: 'custom', key: 'cuoi', op: 'between', value: ['2024-06-01', '2024-01-01'] })
			).ok
		).toBe(false);
	});

	it('does not read inherited properties as custom fields', () => {
		expect(one({ field: 'custom', key: 'constructor', op: 'notEmpty' })).toEqual([]);
	});

	it('matches customers who referred someone and customers who were referred', () => {
		expect(one({ field: 'referredSomeone', op: 'is', value: true })).toEqual(['lan']);
		expect(one({ field: 'referredSomeone', op: 'is', value: false })).toEqual([
			'minh',
			'hoa',
			'tuan'
		]);
		expect(one({ field: 'wasReferred', op: 'is', value: true })).toEqual(['minh', 'hoa']);
	});

	it('combines conditions with all, any and nested groups', () => {
		const vipOrFacebook: SegmentNode = {
			match: 'any',
			conditions: [
				{ field: 'tags', op: 'hasAny', value: ['vip'] },
				{ field: 'source', op: 'contains', value: 'facebook' }
			]
		};
		expect(who(def(vipOrFacebook, { field: 'purchaseCount', op: 'gte', value: 2 }))).toEqual([
			'minh',
			'tuan'
		]);
		expect(
			who({
				version: 1,
				match: 'any',
				conditions: [
					{ field: 'stage', op: 'in', value: ['lead'] },
					{ field: 'rfmSegment', op: 'in', value: ['at-risk'] }
				]
			})
		).toEqual(['hoa', 'tuan']);
	});

	it('matches everyone with no conditions under all, and no one under any', () => {
		expect(who(def())).toEqual(['lan', 'minh', 'hoa', 'tuan']);
		expect(who({ version: 1, match: 'any', conditions: [] })).toEqual([]);
	});

	it('says what the context must hold', () => {
		expect(compileSegment(def({ field: 'stage', op: 'in', value: ['new'] })).needs).toEqual({
			rfm: false,
			referrers: false,
			today: false
		});
		const all = compileSegment(
			def(
				{ field: 'rfmR', op: 'eq', value: 5 },
				{
					match: 'any',
					conditions: [
						{ field: 'referredSomeone', op: 'is', value: true },
						{ field: 'birthdayMonth', op: 'thisMonth' }
					]
				}
			)
		);
		expect(all.needs).toEqual({ rfm: true, referrers: true, today: true });
	});
});

describe('built-in segments', () => {
	it('are valid definitions', () => {
		for (const s of BUILT_IN_SEGMENTS)
			expect(validateSegment(s.definition)).toMatchObject({ ok: true });
	});

	it('find new customers, one-time and repeat buyers, reactivation, referrers, birthdays', () => {
		const extra = person(
			'cu',
			{},
			{ stage: 'reactivate', ...stats(4, 1, '2024-01-01', '2025-01-01') }
		);
		const run = (id: string) => {
			const s = BUILT_IN_SEGMENTS.find((b) => b.id === id);
			if (s === undefined) throw new Error(id);
			const compiled = compileSegment(s.definition);
			return [...book, extra].filter((c) => compiled.matches(c, ctx)).map((c) => c.id);
		};
		expect(run('builtin:new')).toEqual(['lan']);
		expect(run('builtin:bought-once')).toEqual(['lan']);
		expect(run('builtin:repeat')).toEqual(['minh', 'tuan', 'cu']);
		expect(run('builtin:reactivate')).toEqual(['cu']);
		expect(run('builtin:referrers')).toEqual(['lan']);
		expect(run('builtin:birthday-this-month')).toEqual(['lan']);
	});
});

describe('segment validation', () => {
	it('accepts a valid definition and returns a copy to keep', () => {
		const input = def(
			{ field: 'stage', op: 'in', value: ['new'] },
			{ match: 'any', conditions: [{ field: 'custom', key: 'size', op: 'is', value: 'M' }] }
		);
		const result = validateSegment(input);
		expect(result).toEqual({ ok: true, definition: input });
		if (result.ok) expect(result.definition).not.toBe(input);
	});

	it('refuses what is not a definition, or of another version, or with keys it does not know', () => {
		expect(validateSegment('x')).toEqual({
			ok: false,
			problems: [{ code: 'not-object', path: '' }]
		});
		expect(validateSegment({ version: 2, match: 'all', conditions: [], name: 'x' })).toEqual({
			ok: false,
			problems: [
				{ code: 'unsupported-version', path: 'version' },
				{ code: 'unknown-key', path: 'name' }
			]
		});
		expect(validateSegment({ version: 1, match: 'some', conditions: {} })).toEqual({
			ok: false,
			problems: [
				{ code: 'bad-match', path: 'match' },
				{ code: 'bad-conditions', path: 'conditions' }
			]
		});
	});

	it('refuses unknown fields and operators, naming where they are', () => {
		const result = validateSegment({
			version: 1,
			match: 'all',
			conditions: [
				{ field: 'mood', op: 'is', value: 'happy' },
				{ field: 'stage', op: 'gt', value: ['new'] },
				{ field: 'tags', op: 'in', value: ['vip'] },
				{ field: 'referredSomeone', op: 'is', value: true, note: 'x' },
				{ match: 'any', conditions: [{ field: 'source', op: 'regex', value: '.*' }], not: true },
				{ field: 'toString', op: 'is' }
			]
		});
		expect(result).toEqual({
			ok: false,
			problems: [
				{ code: 'unknown-field', path: 'conditions.0.field' },
				{ code: 'unknown-operator', path: 'conditions.1.op' },
				{ code: 'unknown-operator', path: 'conditions.2.op' },
				{ code: 'unknown-key', path: 'conditions.3.note' },
				{ code: 'unknown-key', path: 'conditions.4.not' },
				{ code: 'unknown-operator', path: 'conditions.4.conditions.0.op' },
				{ code: 'unknown-field', path: 'conditions.5.field' }
			]
		});
	});

	it('refuses values that do not suit the operator', () => {
		const bad: unknown[] = [
			{ field: 'stage', op: 'in', value: ['vip'] },
			{ field: 'stage', op: 'in', value: [] },
			{ field: 'tags', op: 'hasAny', value: [''] },
			{ field: 'rfmSegment', op: 'in', value: ['whales'] },
			{ field: 'rfmR', op: 'gte', value: 6 },
			{ field: 'rfmF', op: 'between', value: [4, 2] },
			{ field: 'totalSpent', op: 'gte', value: -1 },
			{ field: 'purchaseCount', op: 'eq', value: 1.5 },
			{ field: 'lastPurchase', op: 'before', value: '2026-02-30' },
			{ field: 'lastPurchase', op: 'between', value: ['2026-03-01', '2026-02-01'] },
			{ field: 'lastPurchase', op: 'withinDays', value: -3 },
			{ field: 'birthdayMonth', op: 'in', value: [13] },
			{ field: 'source', op: 'is', value: '   ' },
			{ field: 'district', op: 'in', value: 'Quận 3' },
			{ field: 'custom', key: 'size', op: 'gt', value: '5' },
			{ field: 'custom', key: 'size', op: 'is', value: null },
			{ field: 'wasReferred', op: 'is', value: 'yes' }
		];
		const result = validateSegment({ version: 1, match: 'all', conditions: bad });
		expect(result).toEqual({
			ok: false,
			problems: bad.map((_, i) => ({ code: 'bad-value', path: `conditions.${i}.value` }))
		});
	});

	it('refuses a missing value, a value where none belongs, and a custom field without a name', () => {
		expect(
			validateSegment(
				def(
					{ field: 'stage', op: 'in' } as unknown as SegmentCondition,
					{ field: 'birthdayMonth', op: 'thisMonth', value: 3 } as unknown as SegmentCondition,
					{ field: 'custom', key: '', op: 'empty' }
				)
			)
		).toEqual({
			ok: false,
			problems: [
				{ code: 'missing-value', path: 'conditions.0.value' },
				{ code: 'unexpected-value', path: 'conditions.1.value' },
				{ code: 'bad-key', path: 'conditions.2.key' }
			]
		});
	});

	it('refuses groups nested too deep and definitions with too many conditions', () => {
		const leaf: SegmentCondition = { field: 'stage', op: 'in', value: ['new'] };
		const deep = def({
			match: 'all',
			conditions: [{ match: 'all', conditions: [{ match: 'all', conditions: [leaf] }] }]
		});
		expect(validateSegment(deep)).toEqual({
			ok: false,
			problems: [{ code: 'too-deep', path: 'conditions.0.conditions.0.conditions.0' }]
		});
		const many = def(...Array.from({ length: SEGMENT_MAX_CONDITIONS + 1 }, () => leaf));
		expect(validateSegment(many)).toEqual({
			ok: false,
			problems: [{ code: 'too-many', path: '' }]
		});
		const enough = def(...Array.from({ length: SEGMENT_MAX_CONDITIONS }, () => leaf));
		expect(validateSegment(enough).ok).toBe(true);
	});

	it('survives a JSON round trip unchanged', () => {
		const d = def(
			{ field: 'lastPurchase', op: 'between', value: ['2026-01-01', '2026-03-31'] },
			{ field: 'custom', key: 'visits', op: 'between', value: [1, 3] }
		);
		expect(validateSegment(JSON.parse(JSON.stringify(d)))).toEqual({ ok: true, definition: d });
	});
});

describe('summarizeSegment', () => {
	it('gives message keys and typed values for the UI to translate and format', () => {
		const summary = summarizeSegment(
			def(
				{ field: 'stage', op: 'in', value: ['new', 'care'] },
				{
					match: 'any',
					conditions: [
						{ field: 'lastPurchase', op: 'withinDays', value: 30 },
						{ field: 'totalSpent', op: 'between', value: [1_000_000, 5_000_000] }
					]
				},
				{ field: 'custom', key: 'size', op: 'is', value: 'M' },
				{ field: 'birthdayMonth', op: 'thisMonth' }
			)
		);
		expect(summary).toEqual({
			type: 'group',
			match: 'all',
			matchKey: 'segment_match_all',
			items: [
				{
					type: 'condition',
					field: 'stage',
					op: 'in',
					fieldKey: 'segment_field_stage',
					opKey: 'segment_op_in',
					values: [
						{ kind: 'stage', id: 'new' },
						{ kind: 'stage', id: 'care' }
					]
				},
				{
					type: 'group',
					match: 'any',
					matchKey: 'segment_match_any',
					items: [
						{
							type: 'condition',
							field: 'lastPurchase',
							op: 'withinDays',
							fieldKey: 'segment_field_last_purchase',
							opKey: 'segment_op_within_days',
							values: [{ kind: 'days', value: 30 }]
						},
						{
							type: 'condition',
							field: 'totalSpent',
							op: 'between',
							fieldKey: 'segment_field_total_spent',
							opKey: 'segment_op_between',
							values: [
								{ kind: 'money', value: 1_000_000 },
								{ kind: 'money', value: 5_000_000 }
							]
						}
					]
				},
				{
					type: 'condition',
					field: 'custom',
					key: 'size',
					op: 'is',
					fieldKey: 'segment_field_custom',
					opKey: 'segment_op_is',
					values: [{ kind: 'text', value: 'M' }]
				},
				{
					type: 'condition',
					field: 'birthdayMonth',
					op: 'thisMonth',
					fieldKey: 'segment_field_birthday_month',
					opKey: 'segment_op_this_month',
					values: []
				}
			]
		});
	});
});
