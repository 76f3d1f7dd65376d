import { describe, expect, it } from 'vitest';
import { CsvParser, detectDelimiter, parseCsvText, type Delimiter } from './csv-parse';
import { ImportError } from './errors';

function parseInPieces(text: string, size: number, delimiter: Delimiter = ','): string[][] {
	const rows: string[][] = [];
	const parser = new CsvParser({
		delimiter,
		maxFieldChars: 1e6,
		maxColumns: 100,
		onRow: (cells) => rows.push(cells)
	});
	for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
	parser.end();
	return rows;
}

const TRICKY =
	'Tên,Ghi chú,SĐT\r\n"Nguyễn, Hương","Dòng 1\r\nDòng 2 ""trích""",0912\r\nAn,,\r\n"",x"y,"a""b"\nlast,no,newline';

describe('the CSV parser', () => {
	it('reads quoted commas, quoted line breaks, doubled quotes and CRLF', () => {
		expect(parseCsvText(TRICKY, ',')).toEqual([
			['Tên', 'Ghi chú', 'SĐT'],
			['Nguyễn, Hương', 'Dòng 1\r\nDòng 2 "trích"', '0912'],
			['An', '', ''],
			['', 'x"y', 'a"b'],
			['last', 'no', 'newline']
		]);
	});

	it('gives the same rows whatever the size of the pieces the text arrives in', () => {
		const whole = parseCsvText(TRICKY, ',');
		for (const size of [1, 2, 3, 5, 7, 13]) expect(parseInPieces(TRICKY, size)).toEqual(whole);
	});

	it('numbers records, not lines, so a quoted line break does not shift row numbers', () => {
		const numbers: number[] = [];
		const parser = new CsvParser({
			delimiter: ',',
			maxFieldChars: 100,
			maxColumns: 10,
			onRow: (_cells, row) => numbers.push(row)
		});
		parser.push('a,b\n"x\ny",z\nq,r');
		parser.end();
		expect(numbers).toEqual([1, 2, 3]);
	});

	it('reads CR-only line ends (old Mac Excel)', () => {
		expect(parseCsvText('a;b\rc;d\r', ';')).toEqual([
			['a', 'b'],
			['c', 'd']
		]);
	});

	it('refuses a field longer than the limit with its row and column', () => {
		const text = 'a,b\nok,' + 'x'.repeat(50) + '\n';
		const err = (() => {
			try {
				parseCsvText(text, ',', { maxFieldChars: 20 });
			} catch (e) {
				return e;
			}
		})();
		expect(err).toBeInstanceOf(ImportError);
		expect(err).toMatchObject({ code: 'field-too-long', params: { row: 2, column: 2, limit: 20 } });
	});

	it('refuses a row with too many columns', () => {
		expect(() => parseCsvText('a,b,c,d\n', ',', { maxColumns: 3 })).toThrow(
			expect.objectContaining({ code: 'too-many-columns', params: { row: 1, limit: 3 } })
		);
	});

	it('reports a quote that is never closed with the row where it opened', () => {
		expect(() => parseCsvText('a,b\n1,"open\n2,3\n', ',')).toThrow(
			expect.objectContaining({ code: 'not-csv', params: { row: 2 } })
		);
	});
});

describe('delimiter detection', () => {
	it.each([
		[',', 'Tên,SĐT,Địa chỉ\nAn,0912,"1, Lê Lợi"\nBình,0987,"2, Trần Phú"\n'],
		[';', 'Tên;SĐT;Địa chỉ\nAn;0912;1, Lê Lợi, Q1\nBình;0987;2, Trần Phú\n'],
		['\t', 'Tên\tSĐT\tĐịa chỉ\nAn\t0912\t1, Lê Lợi\nBình\t0987\t2 Trần Phú\n'],
		['|', 'Tên|SĐT|Ghi chú\nAn|0912|a, b; c\nBình|0987|x\n']
	] as const)('finds %j', (delimiter, text) => {
		expect(detectDelimiter(text)).toBe(delimiter);
	});

	it('follows an Excel "sep=" line', () => {
		expect(detectDelimiter('sep=;\nTên,SĐT;x\n')).toBe(';');
	});
});
