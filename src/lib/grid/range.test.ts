import { describe, expect, it } from 'vitest';
import { boxOf, extend, fillDownBlock, inBox, isBlock, type CellRange } from './range';

const cols = ['name', 'phones', 'emails', 'tags'];
const at = (row: number, col: string) => ({ row, col });

describe('cell ranges', () => {
	it('spans anchor to focus in any direction', () => {
		const box = boxOf({ anchor: at(5, 'emails'), focus: at(2, 'phones') }, cols);
		expect(box).toEqual({ top: 2, bottom: 5, cols: ['phones', 'emails'] });
		expect(inBox(box, 3, 'emails')).toBe(true);
		expect(inBox(box, 3, 'tags')).toBe(false);
		expect(inBox(box, 6, 'phones')).toBe(false);
		expect(isBlock(box)).toBe(true);
		expect(isBlock(boxOf({ anchor: at(1, 'name'), focus: at(1, 'name') }, cols))).toBe(false);
	});

	it('has no box when a column is hidden', () => {
		expect(boxOf({ anchor: at(0, 'gone'), focus: at(1, 'name') }, cols)).toBeNull();
	});

	it('moves the focus with Shift+arrows, inside the grid', () => {
		let r: CellRange = { anchor: at(0, 'name'), focus: at(0, 'name') };
		r = extend(r, 'ArrowUp', cols, 10);
		expect(r.focus).toEqual(at(0, 'name'));
		r = extend(extend(r, 'ArrowDown', cols, 10), 'ArrowDown', cols, 10);
		r = extend(r, 'ArrowRight', cols, 10);
		expect(r).toEqual({ anchor: at(0, 'name'), focus: at(2, 'phones') });
		r = extend(
			extend(extend(r, 'ArrowRight', cols, 10), 'ArrowRight', cols, 10),
			'ArrowRight',
			cols,
			10
		);
		expect(r.focus.col).toBe('tags');
		expect(
			extend({ anchor: at(9, 'name'), focus: at(9, 'name') }, 'ArrowDown', cols, 10).focus.row
		).toBe(9);
	});

	it('fills the top row down the rest of the block', () => {
		expect(fillDownBlock(['VIP', 'Zalo'], 3)).toEqual([
			['VIP', 'Zalo'],
			['VIP', 'Zalo']
		]);
		expect(fillDownBlock(['x'], 1)).toEqual([]);
	});
});
