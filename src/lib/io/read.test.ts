import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError } from './errors';
import { readTable } from './read';
import { encodeLegacy, encodeUtf16, GeneratedBlob, repeatedFile } from './testing';

const FIXTURES = new URL('../../../tests/fixtures/io/', import.meta.url);

function fixture(name: string): Blob {
	return new Blob([readFileSync(new URL(name, FIXTURES))]);
}

async function failure(p: Promise<unknown>): Promise<ImportError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof ImportError) return e;
		throw e;
	}
	throw new Error('expected a failure');
}

const TEXT =
	'Họ và tên;Địa chỉ;Ghi chú\r\nNguyễn Thị Hương;12 Hàng Bông;"Khách quen; hay mua\r\nson đỏ"\r\nTrần Văn Đức;Phường Bến Nghé;\r\n';
const EXPECTED = [
	['Nguyễn Thị Hương', '12 Hàng Bông', 'Khách quen; hay mua\r\nson đỏ'],
	['Trần Văn Đức', 'Phường Bến Nghé']
];

describe('reading a CSV', () => {
	it.each([
		['UTF-8', new TextEncoder().encode(TEXT), 'utf-8'],
		[
			'UTF-8 with BOM',
			new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(TEXT)]),
			'utf-8'
		],
		['UTF-16LE with BOM', encodeUtf16(TEXT, 'le'), 'utf-16le'],
		['UTF-16BE with BOM', encodeUtf16(TEXT, 'be'), 'utf-16be'],
		['Windows-1258', encodeLegacy(TEXT, 'windows-1258'), 'windows-1258']
	])('in %s gives the same header and NFC rows', async (_name, bytes, encoding) => {
		// Small reads cut characters, BOMs and CRLFs across reads.
		const result = await readTable(new Blob([bytes as Uint8Array<ArrayBuffer>]), { chunkBytes: 7 });
		expect(result.encoding).toBe(encoding);
		expect(result.delimiter).toBe(';');
		expect(result.header).toEqual(['Họ và tên', 'Địa chỉ', 'Ghi chú']);
		expect([...result.rows.rows()].map((r) => r.cells)).toEqual(EXPECTED);
		expect([...result.rows.rows()].map((r) => r.row)).toEqual([2, 3]);
	});

	it('in Windows-1252 (old Western Excel) reads its accented letters', async () => {
		const text = 'Name,City\r\nJosé Müller,Zürich\r\nFrançoise Lefèvre,Besançon\r\n';
		const result = await readTable(
			new Blob([encodeLegacy(text, 'windows-1252') as Uint8Array<ArrayBuffer>])
		);
		expect(result.encoding).toBe('windows-1252');
		expect(result.rows.row(1).cells).toEqual(['Françoise Lefèvre', 'Besançon']);
	});

	it('finds a legacy encoding even when the first MiB is plain ASCII', async () => {
		const ascii = 'Tên,Ghi chú\n'.normalize('NFC');
		const filler = 'An,ok\n'.repeat(200_000);
		const bytes = new Uint8Array([
			...encodeLegacy(ascii, 'windows-1258'),
			...new TextEncoder().encode(filler),
			...encodeLegacy('Hương,Khách quen thích đồ mới\n', 'windows-1258')
		]);
		const result = await readTable(new Blob([bytes]));
		expect(result.encoding).toBe('windows-1258');
		expect(result.rows.row(result.rows.rowCount - 1).cells).toEqual([
			'Hương',
			'Khách quen thích đồ mới'
		]);
	});

	it('leaves blank lines out and counts them', async () => {
		const result = await readTable(new Blob(['\n\nTên,SĐT\n\nAn,0912\n,\n\n']));
		expect(result.header).toEqual(['Tên', 'SĐT']);
		expect(result.rows.rowCount).toBe(1);
		expect(result.blankRows).toBe(5);
	});

	it('takes a first row of phone numbers as data, not as a header', async () => {
		const result = await readTable(new Blob(['An,0912345678\nBình,0987654321\n']));
		expect(result.hasHeader).toBe(false);
		expect(result.header).toEqual(['Cột 1', 'Cột 2']);
		expect(result.rows.rowCount).toBe(2);
	});

	it('widens the header to the widest row', async () => {
		const result = await readTable(new Blob(['Tên\nAn,0912,x\n']));
		expect(result.header).toEqual(['Tên', '', '']);
	});

	it('reports a malformed file (a quote never closed) with its row', async () => {
		const err = await failure(readTable(fixture('malformed.csv')));
		expect(err.code).toBe('not-csv');
		expect(err.params).toEqual({ row: 2 });
	});

	it('parses 100,000 generated rows in bounded chunks', async () => {
		const lines = ['Họ và tên,Số điện thoại,Email,Ghi chú'];
		for (let i = 0; i < 100_000; i++) {
			lines.push(
				`Khách ${i},09${String(i).padStart(8, '0')},k${i}@example.com,"ghi chú ${i}, dòng"`
			);
		}
		const file = new Blob([lines.join('\r\n')]);
		let reads = 0;
		const result = await readTable(file, { chunkBytes: 256 << 10, onProgress: () => reads++ });
		expect(result.rows.rowCount).toBe(100_000);
		expect(result.rows.chunks.length).toBe(Math.ceil(100_000 / 4096));
		expect(reads).toBeGreaterThan(10);
		expect(result.rows.row(99_999).cells).toEqual([
			'Khách 99999',
			'0900099999',
			'k99999@example.com',
			'ghi chú 99999, dòng'
		]);
	});

	it('stops with `cancelled` when cancelled midway', async () => {
		const controller = new AbortController();
		const file = repeatedFile('Tên,SĐT\n', 'An,0912345678\n', 20 << 20, '');
		let progress = 0;
		const err = await failure(
			readTable(file, {
				signal: controller.signal,
				onProgress: (done) => {
					progress = done;
					if (done > 2 << 20) controller.abort();
				}
			})
		);
		expect(err.code).toBe('cancelled');
		expect(progress).toBeLessThan(10 << 20);
	});
});

describe('hostile or wrong files', () => {
	it('refuses a 100 MB single field with field-too-long, reading no more than it must', async () => {
		let largestRead = 0;
		const head = new TextEncoder().encode('Tên,Ghi chú\nAn,"');
		const size = head.length + 100 * (1 << 20);
		const file = new GeneratedBlob(size, (offset, length) => {
			largestRead = Math.max(largestRead, length);
			const out = new Uint8Array(length).fill(0x78);
			for (let i = 0; i < length && offset + i < head.length; i++) out[i] = head[offset + i];
			return out;
		}).asBlob();
		let lastProgress = 0;
		const err = await failure(readTable(file, { onProgress: (done) => (lastProgress = done) }));
		expect(err.code).toBe('field-too-long');
		expect(err.params).toEqual({ row: 2, column: 2, limit: 1 << 20 });
		expect(lastProgress).toBeLessThan(4 << 20);
		expect(largestRead).toBeLessThanOrEqual(1 << 20);
	});

	it('refuses too many columns', async () => {
		const err = await failure(readTable(new Blob([Array(1200).fill('x').join(',')])));
		expect(err.code).toBe('too-many-columns');
	});

	it('refuses more rows than the limit', async () => {
		const err = await failure(
			readTable(new Blob(['Tên\n' + 'An\n'.repeat(11)]), { limits: { maxRows: 10 } })
		);
		expect(err).toMatchObject({ code: 'too-many-rows', params: { limit: 10 } });
	});

	it('refuses an old binary .xls with advice, and tells an encrypted workbook apart', async () => {
		const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
		const xls = new Blob([new Uint8Array([...ole, ...new Uint8Array(600)])]);
		expect((await failure(readTable(xls))).code).toBe('xls-unsupported');
		const name = Array.from('EncryptedPackage').flatMap((c) => [c.charCodeAt(0), 0]);
		const encrypted = new Blob([new Uint8Array([...ole, ...new Uint8Array(100), ...name])]);
		expect((await failure(readTable(encrypted))).code).toBe('encrypted-xlsx');
	});

	it('refuses files whose bytes are not a table, whatever their name says', async () => {
		const pdf = new File(['%PDF-1.7 ...'], 'khach.csv');
		expect(await failure(readTable(pdf))).toMatchObject({
			code: 'unsupported-file',
			params: { detected: 'pdf' }
		});
		const html = new File(['<html><table><tr><td>x</td></tr></table></html>'], 'khach.xls');
		expect((await failure(readTable(html))).params).toEqual({ detected: 'html' });
		const binary = new Blob([new Uint8Array([1, 0, 2, 0, 0, 0, 3, 0, 65, 66, 67, 0, 0, 0])]);
		expect((await failure(readTable(binary))).code).toBe('unsupported-file');
	});

	it('refuses an empty file and a file of blank lines', async () => {
		expect((await failure(readTable(new Blob([])))).code).toBe('empty-file');
		expect((await failure(readTable(new Blob(['\r\n \r\n'])))).code).toBe('empty-file');
	});

	it('keeps __proto__ and constructor headers as plain data', async () => {
		const result = await readTable(new Blob(['__proto__,constructor,Tên\n{"x":1},y,An\n']));
		expect(result.header).toEqual(['__proto__', 'constructor', 'Tên']);
		expect(result.rows.row(0).cells).toEqual(['{"x":1}', 'y', 'An']);
		expect(({} as Record<string, unknown>).x).toBeUndefined();
	});
});
