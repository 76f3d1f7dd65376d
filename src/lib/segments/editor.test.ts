import { describe, expect, it } from 'vitest';
import {
	SEGMENT_FIELDS,
	SEGMENT_VERSION,
	validateSegment,
	type SegmentCondition
} from '$lib/domain/segments';
import type { CustomColumn } from '$lib/columns/definitions';
import {
	buildDefinition,
	CUSTOM_OPERATORS,
	customInputKind,
	draftInputKind,
	EDITOR_FIELDS,
	editorState,
	fromCondition,
	inputKind,
	newDraft,
	operatorsOf,
	splitItems,
	toCondition,
	withColumn,
	withField,
	withOp,
	type DraftCondition
} from './editor';

function draft(partial: Partial<DraftCondition>): DraftCondition {
	return { ...newDraft(partial.field), ...partial };
}

describe('segment editor model', () => {
	it('offers every segment field a person can type', () => {
		// A report's fixed list of customers is made by the reports, never typed.
		expect([...EDITOR_FIELDS].sort()).toEqual(
			SEGMENT_FIELDS.filter((f) => f !== 'customers').sort()
		);
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

describe('segment editor on custom columns', () => {
	const col = (id: string, type: CustomColumn['type'], options: string[] = []): CustomColumn => ({
		id,
		label: id,
		type,
		options,
		hidden: false
	});
	const columns = [
		col('hang', 'choice', ['Vàng', 'Bạc']),
		col('so-do', 'number'),
		col('ngay-cuoi', 'date'),
		col('vip', 'yesno'),
		col('so-thich', 'text')
	];
	const typeOf = (key: string) => columns.find((c) => c.id === key)?.type;
	const on = (id: string, partial: Partial<DraftCondition>): DraftCondition => ({
		...withColumn(
			newDraft('custom'),
			columns.find((c) => c.id === id)!
		),
		...partial
	});

	it('offers operators and inputs fitting each type, every one known to the query engine', () => {
		expect(withColumn(newDraft('custom'), columns[1])).toMatchObject({
			key: 'so-do',
			type: 'number',
			op: 'gte'
		});
		expect(customInputKind('date', 'before')).toBe('date');
		expect(customInputKind('date', 'between')).toBe('dateRange');
		expect(customInputKind('yesno', 'is')).toBe('boolean');
		expect(customInputKind('choice', 'in')).toBe('choices');
		expect(customInputKind('choice', 'is')).toBe('choice');
		expect(customInputKind('number', 'empty')).toBe('none');
		for (const ops of Object.values(CUSTOM_OPERATORS)) {
			for (const op of ops) expect(operatorsOf('custom')).toContain(op);
		}
		expect(CUSTOM_OPERATORS.number).not.toContain('contains');
		expect(CUSTOM_OPERATORS.yesno).toEqual(['is', 'isNot', 'empty', 'notEmpty']);
	});

	it('reads values as the grid reads them: 1.234,5, dd/mm/yyyy, Có/Không, the choices', () => {
		expect(toCondition(on('so-do', { op: 'gte', a: '1.234,5' }))).toEqual({
			ok: true,
			condition: { field: 'custom', key: 'so-do', op: 'gte', value: 1234.5 }
		});
		expect(toCondition(on('so-do', { op: 'between', a: '10', b: '1.500' }))).toEqual({
			ok: true,
			condition: { field: 'custom', key: 'so-do', op: 'between', value: [10, 1500] }
		});
		expect(toCondition(on('ngay-cuoi', { op: 'between', a: '1/1/2024', b: '31/12/2024' }))).toEqual(
			{
				ok: true,
				condition: {
					field: 'custom',
					key: 'ngay-cuoi',
					op: 'between',
					value: ['2024-01-01', '2024-12-31']
				}
			}
		);
		expect(toCondition(on('ngay-cuoi', { op: 'before', a: '31/02/2024' }))).toEqual({
			ok: false,
			error: 'bad-date'
		});
		expect(toCondition(on('vip', {}))).toEqual({
			ok: true,
			condition: { field: 'custom', key: 'vip', op: 'is', value: true }
		});
		expect(toCondition(on('vip', { a: 'false' }))).toEqual({
			ok: true,
			condition: { field: 'custom', key: 'vip', op: 'is', value: false }
		});
		expect(toCondition(on('hang', { op: 'in', list: ['Bạc', 'Vàng'] }))).toEqual({
			ok: true,
			condition: { field: 'custom', key: 'hang', op: 'in', value: ['Bạc', 'Vàng'] }
		});
		expect(toCondition(on('hang', { op: 'in', list: [] }))).toEqual({
			ok: false,
			error: 'missing-value'
		});
		expect(toCondition(on('so-do', { op: 'lt', a: 'mười' }))).toEqual({
			ok: false,
			error: 'bad-number'
		});
	});

	it('round-trips every type and operator: condition → form → the same condition', () => {
		const samples: Record<string, unknown> = {
			text: 'Áo dài',
			texts: ['Áo', 'Quần'],
			number: 1234.5,
			numberRange: [1.5, 1000],
			date: '2024-02-29',
			dateRange: ['2024-01-01', '2024-12-31'],
			boolean: false,
			choice: 'Bạc',
			choices: ['Vàng', 'Bạc']
		};
		let n = 0;
		for (const column of columns) {
			for (const op of CUSTOM_OPERATORS[column.type]) {
				const kind = customInputKind(column.type, op);
				const cond = { field: 'custom', key: column.id, op } as Record<string, unknown>;
				if (kind !== 'none') cond.value = samples[kind];
				const full = { version: SEGMENT_VERSION, match: 'all', conditions: [cond] };
				expect(validateSegment(full).ok, JSON.stringify(cond)).toBe(true);
				const back = fromCondition(cond as SegmentCondition, typeOf);
				expect(back.type, JSON.stringify(cond)).toBe(column.type);
				expect(draftInputKind(back)).toBe(kind);
				expect(toCondition(back), JSON.stringify(cond)).toEqual({ ok: true, condition: cond });
				n++;
			}
		}
		expect(n).toBe(35);
	});

	it('shows stored values the Vietnamese way in the form', () => {
		const d = fromCondition(
			{ field: 'custom', key: 'ngay-cuoi', op: 'between', value: ['2024-01-01', '2024-12-31'] },
			typeOf
		);
		expect([d.a, d.b]).toEqual(['01/01/2024', '31/12/2024']);
		expect(
			fromCondition({ field: 'custom', key: 'so-do', op: 'gt', value: 1234.5 }, typeOf).a
		).toBe('1.234,5');
	});

	it('edits a condition on a column gone or retyped since by what its value shows', () => {
		const gone = fromCondition({
			field: 'custom',
			key: 'cu',
			op: 'after',
			value: '2024-03-05'
		});
		expect(gone).toMatchObject({ key: 'cu', type: 'date', a: '05/03/2024' });
		// "contains" is no number operator: the form keeps it as a text condition.
		const retyped = fromCondition(
			{ field: 'custom', key: 'so-do', op: 'contains', value: 'x' },
			typeOf
		);
		expect(retyped).toMatchObject({ type: null, op: 'contains', a: 'x' });
		expect(toCondition(retyped)).toEqual({
			ok: true,
			condition: { field: 'custom', key: 'so-do', op: 'contains', value: 'x' }
		});
		const state = editorState(
			{
				version: SEGMENT_VERSION,
				match: 'all',
				conditions: [{ field: 'custom', key: 'vip', op: 'is', value: true }]
			},
			columns
		);
		expect(state.drafts[0]).toMatchObject({ type: 'yesno', a: 'true' });
	});

	it('keeps the operator and value while the new column reads them the same way', () => {
		const d = on('so-do', { op: 'between', a: '1', b: '5' });
		expect(withColumn(d, columns[2])).toMatchObject({ type: 'date', op: 'between', a: '', b: '' });
		const t = on('so-thich', { op: 'is', a: 'Bạc' });
		expect(withColumn(t, columns[0])).toMatchObject({ type: 'choice', op: 'is', a: '' });
		expect(withColumn(on('so-do', { op: 'gt', a: '5' }), columns[1])).toMatchObject({ a: '5' });
		expect(withColumn(t, columns[3])).toMatchObject({ type: 'yesno', op: 'is', a: 'true' });
		expect(withOp(on('hang', { op: 'is', a: 'Vàng' }), 'isNot')).toMatchObject({ a: 'Vàng' });
		expect(withOp(on('hang', { op: 'is', a: 'Vàng' }), 'in')).toMatchObject({ a: '', list: [] });
		expect(withField(on('so-do', {}), 'source')).toMatchObject({ key: '', type: null });
	});
});
