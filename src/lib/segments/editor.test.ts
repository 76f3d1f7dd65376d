import { describe, expect, it } from 'vitest';
import {
	SEGMENT_FIELDS,
	SEGMENT_VERSION,
	validateSegment,
	type SegmentCondition
} from '$lib/domain/segments';
import {
	buildDefinition,
	EDITOR_FIELDS,
	editorState,
	fromCondition,
	inputKind,
	newDraft,
	operatorsOf,
	splitItems,
	toCondition,
	withField,
	type DraftCondition
} from './editor';

function draft(partial: Partial<DraftCondition>): DraftCondition {
	return { ...newDraft(partial.field), ...partial };
}

describe('segment editor model', () => {
	it('offers every segment field', () => {
		expect([...EDITOR_FIELDS].sort()).toEqual([...SEGMENT_FIELDS].sort());
	});

	it('reads values the Vietnamese way', () => {
		expect(toCondition(draft({ field: 'totalSpent', op: 'gte', a: '1tr2' }))).toEqual({
			ok: true,
			condition: { field: 'totalSpent', op: 'gte', value: 1_200_000 }
		});
		expect(
			toCondition(draft({ field: 'totalSpent', op: 'between', a: '500k', b: '2.000.000' }))
		).toEqual({
			ok: true,
			condition: { field: 'totalSpent', op: 'between', value: [500_000, 2_000_000] }
		});
		expect(toCondition(draft({ field: 'lastPurchase', op: 'before', a: '05/03/2026' }))).toEqual({
			ok: true,
			condition: { field: 'lastPurchase', op: 'before', value: '2026-03-05' }
		});
		expect(toCondition(draft({ field: 'custom', key: ' Điểm ', op: 'gt', a: '3,5' }))).toEqual({
			ok: true,
			condition: { field: 'custom', key: 'Điểm', op: 'gt', value: 3.5 }
		});
		expect(toCondition(draft({ field: 'source', op: 'in', a: 'Facebook, Zalo;Facebook' }))).toEqual(
			{
				ok: true,
				condition: { field: 'source', op: 'in', value: ['Facebook', 'Zalo'] }
			}
		);
		expect(toCondition(draft({ field: 'birthdayMonth', op: 'in', list: ['12', '3'] }))).toEqual({
			ok: true,
			condition: { field: 'birthdayMonth', op: 'in', value: [3, 12] }
		});
		expect(toCondition(draft({ field: 'referredSomeone', op: 'is', a: 'false' }))).toEqual({
			ok: true,
			condition: { field: 'referredSomeone', op: 'is', value: false }
		});
		expect(toCondition(draft({ field: 'birthdayMonth', op: 'thisMonth' }))).toEqual({
			ok: true,
			condition: { field: 'birthdayMonth', op: 'thisMonth' }
		});
	});

	it('says what is wrong with a value', () => {
		expect(toCondition(draft({ field: 'totalSpent', op: 'gte', a: '' }))).toEqual({
			ok: false,
			error: 'missing-value'
		});
		expect(toCondition(draft({ field: 'totalSpent', op: 'gte', a: 'nhiều' }))).toEqual({
			ok: false,
			error: 'bad-money'
		});
		expect(toCondition(draft({ field: 'rfmR', op: 'eq', a: '6' }))).toEqual({
			ok: false,
			error: 'bad-number'
		});
		expect(toCondition(draft({ field: 'lastPurchase', op: 'after', a: '31/02/2026' }))).toEqual({
			ok: false,
			error: 'bad-date'
		});
		expect(toCondition(draft({ field: 'purchaseCount', op: 'between', a: '5', b: '2' }))).toEqual({
			ok: false,
			error: 'bad-range'
		});
		expect(toCondition(draft({ field: 'stage', op: 'in', list: [] }))).toEqual({
			ok: false,
			error: 'missing-value'
		});
		expect(toCondition(draft({ field: 'custom', key: ' ', op: 'empty' }))).toEqual({
			ok: false,
			error: 'missing-key'
		});
		expect(toCondition(draft({ field: 'source', op: 'is', a: 'x'.repeat(201) }))).toEqual({
			ok: false,
			error: 'too-long'
		});
	});

	it('round-trips every field and operator: condition → form → the same condition', () => {
		const samples: Record<string, unknown> = {
			stages: ['new', 'loyal'],
			tags: ['t1'],
			rfmSegments: ['champions'],
			months: [1, 12],
			score: 4,
			scoreRange: [2, 4],
			money: 1_500_000,
			moneyRange: [100_000, 2_000_000],
			count: 3,
			countRange: [1, 3],
			date: '2026-02-28',
			dateRange: ['2026-01-01', '2026-01-31'],
			days: 30,
			text: 'Quận 3',
			texts: ['Facebook', 'Zalo'],
			number: 2.5,
			numberRange: [1, 9],
			boolean: true,
			purpose: 'promotions',
			temperatures: ['warm', 'hot']
		};
		let n = 0;
		for (const field of EDITOR_FIELDS) {
			for (const op of operatorsOf(field)) {
				const kind = inputKind(field, op);
				const cond = { field, op, ...(field === 'custom' ? { key: 'Hạng' } : {}) } as Record<
					string,
					unknown
				>;
				if (kind !== 'none') cond.value = samples[kind];
				const full = { version: SEGMENT_VERSION, match: 'all', conditions: [cond] };
				expect(validateSegment(full).ok, JSON.stringify(cond)).toBe(true);
				expect(toCondition(fromCondition(cond as SegmentCondition)), JSON.stringify(cond)).toEqual({
					ok: true,
					condition: cond
				});
				n++;
			}
		}
		expect(n).toBeGreaterThan(80);
	});

	it('keeps the operator when switching to a field that has it, else starts over', () => {
		const d = draft({ field: 'source', op: 'in', a: 'Zalo' });
		expect(withField(d, 'district')).toMatchObject({ field: 'district', op: 'in', a: 'Zalo' });
		expect(withField(d, 'stage')).toMatchObject({ field: 'stage', op: 'in', a: '', list: [] });
		expect(withField(d, 'purchaseCount')).toMatchObject({
			field: 'purchaseCount',
			op: 'eq',
			a: ''
		});
	});

	it('builds a valid definition, keeping groups made elsewhere, and names the faulty row', () => {
		const group = {
			match: 'any' as const,
			conditions: [{ field: 'source', op: 'is', value: 'Zalo' } as SegmentCondition]
		};
		const state = editorState({
			version: SEGMENT_VERSION,
			match: 'any',
			conditions: [{ field: 'purchaseCount', op: 'gt', value: 1 }, group]
		});
		expect(state.drafts).toHaveLength(1);
		expect(state.groups).toEqual([group]);
		const built = buildDefinition(state);
		expect(built).toEqual({
			ok: true,
			definition: {
				version: SEGMENT_VERSION,
				match: 'any',
				conditions: [{ field: 'purchaseCount', op: 'gt', value: 1 }, group]
			}
		});
		state.drafts.push(draft({ field: 'totalSpent', op: 'gt', a: '' }));
		expect(buildDefinition(state)).toEqual({ ok: false, index: 1, error: 'missing-value' });
	});

	it('splits lists on commas, semicolons and lines', () => {
		expect(splitItems(' a, b;\nc ,, a ')).toEqual(['a', 'b', 'c']);
	});
});
