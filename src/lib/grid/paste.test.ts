import { describe, expect, it } from 'vitest';
import { inputOf, planPaste } from './paste';

describe('planning a paste', () => {
	const columns = ['name', 'phones', 'purchaseCount', 'tags', 'stage'];

	it('puts block cells in the displayed columns and rows from the focused cell', () => {
		const plan = planPaste(
			[
				['Hương', '0912345678'],
				['Bình', '0987654321']
			],
			columns,
			['a', 'b', 'c']
		);
		expect(plan.edits).toEqual([
			{ id: 'a', values: { name: 'Hương', phones: '0912345678' } },
			{ id: 'b', values: { name: 'Bình', phones: '0987654321' } }
		]);
		expect(plan.newRows).toEqual([]);
		expect(plan.cells).toBe(4);
	});

	it('skips columns that cannot be typed into, and says which took cells', () => {
		const plan = planPaste([['Hương', '0912', '7', 'VIP, Sỉ', 'Khách quen']], columns, ['a']);
		expect(plan.edits[0].values).toEqual({
			name: 'Hương',
			phones: '0912',
			tags: 'VIP, Sỉ',
			stage: 'Khách quen'
		});
		expect(plan.ignoredColumns).toEqual(['purchaseCount']);
		expect(plan.cells).toBe(4);
	});

	it('turns rows past the last customer into new ones, leaving out blank lines', () => {
		const plan = planPaste([['Hương'], ['Lan'], [''], ['Mai']], ['name'], ['a']);
		expect(plan.edits).toEqual([{ id: 'a', values: { name: 'Hương' } }]);
		expect(plan.newRows).toEqual([{ name: 'Lan' }, { name: 'Mai' }]);
		expect(plan.cells).toBe(3);
	});

	it('drops block columns wider than the grid, and counts them', () => {
		const plan = planPaste([['Hương', '0912', 'x', 'y']], ['name', 'phones'], ['a']);
		expect(plan.droppedColumns).toBe(2);
		expect(plan.edits[0].values).toEqual({ name: 'Hương', phones: '0912' });
	});

	it('pastes an empty cell as an empty value: clearing is a paste too', () => {
		const plan = planPaste([['', '0912']], ['name', 'phones'], ['a']);
		expect(plan.edits[0].values).toEqual({ name: '', phones: '0912' });
	});

	it('builds a new customer’s input from the typed fields only', () => {
		expect(inputOf({ name: 'Lan', phones: '0912', tags: 'VIP', stage: 'Khách mới' })).toEqual({
			name: 'Lan',
			phones: '0912'
		});
	});
});
