import { describe, expect, it } from 'vitest';
import { parseTsv, toTsv } from './tsv';

describe('tab-separated clipboard text', () => {
	it('reads rows and cells, ignoring the block’s last line break', () => {
		expect(parseTsv('Hương\t0912 345 678\r\nBình\t\r\n')).toEqual([
			['Hương', '0912 345 678'],
			['Bình', '']
		]);
		expect(parseTsv('a\tb\nc\td')).toEqual([
			['a', 'b'],
			['c', 'd']
		]);
		expect(parseTsv('one cell')).toEqual([['one cell']]);
		expect(parseTsv('')).toEqual([]);
	});

	it('reads quoted cells with tabs, line breaks and quotes, as Excel writes them', () => {
		expect(parseTsv('"12 Lê Lợi\nQuận 1"\t"say ""hi"""\t"a\tb"\r\n')).toEqual([
			['12 Lê Lợi\nQuận 1', 'say "hi"', 'a\tb']
		]);
	});

	it('keeps a quote that does not open a quoted cell as text', () => {
		expect(parseTsv('màn hình 5" \t"x\n')).toEqual([['màn hình 5" ', '"x']]);
		expect(parseTsv('"5" inch\tb')).toEqual([['"5" inch', 'b']]);
	});

	it('keeps empty cells and pads short rows', () => {
		expect(parseTsv('\t\tc\nd\n')).toEqual([
			['', '', 'c'],
			['d', '', '']
		]);
		expect(parseTsv('\n\n')).toEqual([[''], ['']]);
	});

	it('writes what it reads back, cell for cell', () => {
		const rows = [
			['Nguyễn Thị Hương', '+84912345678', 'a\tb'],
			['', 'dòng 1\ndòng 2', 'nói "chào"']
		];
		expect(toTsv(rows)).toBe(
			'Nguyễn Thị Hương\t+84912345678\t"a\tb"\r\n\t"dòng 1\ndòng 2"\t"nói ""chào"""\r\n'
		);
		expect(parseTsv(toTsv(rows))).toEqual(rows);
	});
});
