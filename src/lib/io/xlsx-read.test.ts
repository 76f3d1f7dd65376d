import { Deflate, Zip, ZipDeflate, deflateSync, strToU8, zipSync } from 'fflate';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { ImportError } from './errors';
import { proposeMapping } from './mapping';
import { readTable } from './read';
import { isDateFormat, numberText, serialToIso } from './xlsx-read';

async function failure(p: Promise<unknown>): Promise<ImportError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof ImportError) return e;
		throw e;
	}
	throw new Error('expected a failure');
}

async function excel(data: SheetData): Promise<Blob> {
	const buffer = await writeXlsxFile(data).toBuffer();
	return new Blob([new Uint8Array(buffer)]);
}

const WORKBOOK =
	'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>';
const RELS =
	'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const SHEET =
	'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Tên</t></is></c></row><row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>';

/** A workbook zip whose entries are given as text or as a stream of chunks. */
function workbookZip(
	entries: Record<string, string | (() => Iterable<Uint8Array>)>
): Uint8Array<ArrayBuffer> {
	const parts: Uint8Array[] = [];
	const zip = new Zip((err, data) => {
		if (err) throw err;
		parts.push(data);
	});
	for (const [name, content] of Object.entries(entries)) {
		const file = new ZipDeflate(name, { level: 1 });
		zip.add(file);
		if (typeof content === 'string') file.push(strToU8(content), true);
		else {
			for (const chunk of content()) file.push(chunk);
			file.push(new Uint8Array(0), true);
		}
	}
	zip.end();
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** Rewrites a central-directory field of an entry (offset within the 46-byte record). */
function patchCentral(zip: Uint8Array, name: string, field: number, value: number, bytes = 4) {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	for (let i = 0; i + 46 < zip.length; i++) {
		if (view.getUint32(i, true) !== 0x02014b50) continue;
		const nameLength = view.getUint16(i + 28, true);
		const entry = new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength));
		if (entry !== name) continue;
		if (bytes === 4) view.setUint32(i + field, value, true);
		else view.setUint16(i + field, value, true);
		return;
	}
	throw new Error(`no entry ${name}`);
}

describe('reading an .xlsx written by another library', () => {
	it('reads diacritics, numbers, dates, booleans and empty cells as typed text', async () => {
		const file = await excel([
			['Họ và tên', 'SĐT', 'Ngày sinh', 'Tổng tiền', 'Ghi chú', 'VIP'],
			[
				'Nguyễn Thị Hương',
				912345678,
				{ value: new Date(Date.UTC(1990, 2, 5)), format: 'dd/mm/yyyy' },
				1250000,
				null,
				true
			],
			['Trần Đức', '0987 654 321', null, 3.14, 'Thích "son" <đỏ> & hồng', false]
		]);
		const result = await readTable(file);
		expect(result.kind).toBe('xlsx');
		expect(result.header).toEqual(['Họ và tên', 'SĐT', 'Ngày sinh', 'Tổng tiền', 'Ghi chú', 'VIP']);
		expect(result.rows.row(0).cells).toEqual([
			'Nguyễn Thị Hương',
			'912345678',
			'1990-03-05',
			'1250000',
			'',
			'TRUE'
		]);
		expect(result.rows.row(1).cells).toEqual([
			'Trần Đức',
			'0987 654 321',
			'',
			'3.14',
			'Thích "son" <đỏ> & hồng',
			'FALSE'
		]);
		expect(result.rows.row(1).row).toBe(3);
	});

	it('reads many rows', async () => {
		const data: SheetData = [['Tên', 'SĐT']];
		for (let i = 0; i < 10_000; i++) data.push([`Khách ${i}`, `09${String(i).padStart(8, '0')}`]);
		const result = await readTable(await excel(data));
		expect(result.rows.rowCount).toBe(10_000);
		expect(result.rows.row(9_999).cells).toEqual(['Khách 9999', '0900009999']);
	});

	it('recognises a KiotViet customer export', async () => {
		const file = await excel([
			[
				'Mã khách hàng',
				'Tên khách hàng',
				'Điện thoại',
				'Khu vực giao hàng',
				'Phường/Xã',
				'Tổng bán',
				'Nợ cần thu hiện tại'
			],
			[
				'KH000001',
				'Lê Thị Mai',
				'0912345678',
				'Hà Nội - Quận Thanh Xuân',
				'Phường Thượng Đình',
				2450000,
				0
			]
		]);
		const result = await readTable(file);
		const sample = [...result.rows.rows()].map((r) => r.cells);
		const { source, mapping } = proposeMapping(result.header, sample);
		expect(source).toBe('kiotviet');
		expect(mapping.columns.map((c) => c.target)).toEqual([
			'custom:Mã khách hàng',
			'name',
			'phones',
			'area',
			'ward',
			'custom:Tổng bán',
			'custom:Nợ cần thu hiện tại'
		]);
	});

	it('reads a sheet with inline strings, escapes and rows without r', async () => {
		const zip = workbookZip({
			'xl/workbook.xml': WORKBOOK,
			'xl/_rels/workbook.xml.rels': RELS,
			'xl/sharedStrings.xml':
				'<sst><si><r><t>Hồ </t></r><r><t xml:space="preserve">Xuân</t></r><rPh><t>ほ</t></rPh></si></sst>',
			'xl/worksheets/sheet1.xml':
				'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>Tên</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Ghi chú</x:t></x:is></x:c></x:row><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="str"><x:v>dòng 1_x000D_&#10;dòng 2</x:v></x:c></x:row></x:sheetData></x:worksheet>'
		});
		const result = await readTable(new Blob([zip]));
		expect(result.header).toEqual(['Tên', 'Ghi chú']);
		expect(result.rows.row(0).cells).toEqual(['Hồ Xuân', 'dòng 1\r\ndòng 2']);
	});
});

describe('hostile workbooks', () => {
	/** A raw-deflate stream of `mib` MiB of zeros, made from one MiB compressed once. */
	function zeroStream(mib: number): Uint8Array {
		const parts: Uint8Array[] = [];
		const deflate = new Deflate({ level: 1 });
		deflate.ondata = (chunk) => parts.push(chunk);
		deflate.push(new Uint8Array(1 << 20));
		deflate.flush(true);
		const block = concat(parts.splice(0));
		deflate.push(new Uint8Array(0), true);
		return concat([...Array<Uint8Array>(mib).fill(block), ...parts]);
	}

	function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
		const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
		let at = 0;
		for (const p of parts) {
			out.set(p, at);
			at += p.length;
		}
		return out;
	}

	/** A zip written by hand, so that an entry can declare any size. */
	function rawZip(
		entries: { name: string; data: Uint8Array; size: number }[]
	): Uint8Array<ArrayBuffer> {
		const local: Uint8Array[] = [];
		const central: Uint8Array[] = [];
		let offset = 0;
		for (const e of entries) {
			const name = strToU8(e.name);
			const header = new Uint8Array(30 + name.length);
			const h = new DataView(header.buffer);
			h.setUint32(0, 0x04034b50, true);
			h.setUint16(4, 20, true);
			h.setUint16(8, 8, true);
			h.setUint32(18, e.data.length, true);
			h.setUint32(22, e.size, true);
			h.setUint16(26, name.length, true);
			header.set(name, 30);
			const record = new Uint8Array(46 + name.length);
			const c = new DataView(record.buffer);
			c.setUint32(0, 0x02014b50, true);
			c.setUint16(4, 20, true);
			c.setUint16(6, 20, true);
			c.setUint16(10, 8, true);
			c.setUint32(20, e.data.length, true);
			c.setUint32(24, e.size, true);
			c.setUint16(28, name.length, true);
			c.setUint32(42, offset, true);
			record.set(name, 46);
			local.push(header, e.data);
			central.push(record);
			offset += header.length + e.data.length;
		}
		const cd = concat(central);
		const end = new Uint8Array(22);
		const v = new DataView(end.buffer);
		v.setUint32(0, 0x06054b50, true);
		v.setUint16(8, entries.length, true);
		v.setUint16(10, entries.length, true);
		v.setUint32(12, cd.length, true);
		v.setUint32(16, offset, true);
		return concat([...local, cd, end]);
	}

	function deflated(name: string, text: string) {
		const data = strToU8(text);
		return { name, data: deflateSync(data), size: data.length };
	}

	it.each([
		['declaring its true size', 220 * (1 << 20)],
		['declaring a small size', 4096]
	])('refuses a zip bomb (1 MB of zeros inflating to 220 MB) %s, early', async (_how, size) => {
		const zip = rawZip([
			deflated('xl/workbook.xml', WORKBOOK),
			deflated('xl/_rels/workbook.xml.rels', RELS),
			{ name: 'xl/worksheets/sheet1.xml', data: zeroStream(220), size }
		]);
		expect(zip.length).toBeLessThan(1 << 20);
		let progress = 0;
		const err = await failure(
			readTable(new Blob([zip]), { onProgress: (done) => (progress = done) })
		);
		expect(err.code).toBe('zip-bomb');
		expect(err.params).toMatchObject({ entry: 'xl/worksheets/sheet1.xml' });
		expect(progress).toBeLessThan(zip.length);
	});

	it('refuses an entry that expands past the size it declares', async () => {
		const zip = workbookZip({
			'xl/workbook.xml': WORKBOOK,
			'xl/_rels/workbook.xml.rels': RELS,
			'xl/worksheets/sheet1.xml': SHEET + ' '.repeat(5000)
		});
		patchCentral(zip, 'xl/worksheets/sheet1.xml', 24, 100);
		expect((await failure(readTable(new Blob([zip])))).code).toBe('zip-bomb');
	});

	it('refuses an entry that declares more than the total limit before inflating it', async () => {
		const zip = workbookZip({
			'xl/workbook.xml': WORKBOOK,
			'xl/_rels/workbook.xml.rels': RELS,
			'xl/worksheets/sheet1.xml': SHEET
		});
		patchCentral(zip, 'xl/worksheets/sheet1.xml', 24, 0xf0000000);
		expect((await failure(readTable(new Blob([zip])))).code).toBe('zip-bomb');
	});

	it('refuses a shared-strings table over the count limit, declared or real', async () => {
		const declared = workbookZip({
			'xl/workbook.xml': WORKBOOK,
			'xl/_rels/workbook.xml.rels': RELS,
			'xl/sharedStrings.xml':
				'<sst uniqueCount="50000000" count="50000000"><si><t>a</t></si></sst>',
			'xl/worksheets/sheet1.xml': SHEET
		});
		expect((await failure(readTable(new Blob([declared])))).code).toBe('too-many-strings');
		const strings = '<si><t>khách</t></si>'.repeat(5001);
		const real = workbookZip({
			'xl/workbook.xml': WORKBOOK,
			'xl/_rels/workbook.xml.rels': RELS,
			'xl/sharedStrings.xml': `<sst>${strings}</sst>`,
			'xl/worksheets/sheet1.xml': SHEET
		});
		const err = await failure(readTable(new Blob([real]), { limits: { maxSharedStrings: 5000 } }));
		expect(err).toMatchObject({ code: 'too-many-strings', params: { limit: 5000 } });
		const chars = await failure(
			readTable(new Blob([real]), { limits: { maxSharedStringChars: 10_000 } })
		);
		expect(chars.code).toBe('too-many-strings');
	});

	it('refuses DTDs and entity declarations (no entity expansion)', async () => {
		const zip = workbookZip({
			'xl/workbook.xml':
				'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><workbook><sheets><sheet r:id="rId1"/></sheets></workbook>',
			'xl/_rels/workbook.xml.rels': RELS,
			'xl/worksheets/sheet1.xml': SHEET
		});
		const err = await failure(readTable(new Blob([zip])));
		expect(err).toMatchObject({ code: 'bad-xml', params: { reason: 'doctype' } });
	});

	it('refuses undeclared entities in a sheet', async () => {
		const zip = workbookZip({
			'xl/workbook.xml': WORKBOOK,
			'xl/_rels/workbook.xml.rels': RELS,
			'xl/worksheets/sheet1.xml': SHEET.replace('Tên', '&xxe;')
		});
		expect((await failure(readTable(new Blob([zip])))).code).toBe('bad-xml');
	});

	it('refuses an encrypted entry, a zip that is not a workbook, and a cut zip', async () => {
		const zip = workbookZip({
			'xl/workbook.xml': WORKBOOK,
			'xl/_rels/workbook.xml.rels': RELS,
			'xl/worksheets/sheet1.xml': SHEET
		});
		const encrypted = zip.slice();
		patchCentral(encrypted, 'xl/worksheets/sheet1.xml', 8, 1, 2);
		expect((await failure(readTable(new Blob([encrypted])))).code).toBe('encrypted-xlsx');
		const other = zipSync({ 'hello.txt': strToU8('xin chào') });
		expect((await failure(readTable(new Blob([other])))).code).toBe('bad-zip');
		expect((await failure(readTable(new Blob([zip.slice(0, zip.length - 30)])))).code).toBe(
			'bad-zip'
		);
	});

	it('refuses a cell longer than the field limit', async () => {
		const zip = workbookZip({
			'xl/workbook.xml': WORKBOOK,
			'xl/_rels/workbook.xml.rels': RELS,
			'xl/worksheets/sheet1.xml': SHEET.replace('Tên', 'x'.repeat(3000))
		});
		const err = await failure(readTable(new Blob([zip]), { limits: { maxFieldChars: 1000 } }));
		expect(err).toMatchObject({ code: 'field-too-long', params: { row: 1, column: 1 } });
	});
});

describe('cell values', () => {
	it('turns Excel serials into ISO dates in both date systems', () => {
		expect(serialToIso(32937, false)).toBe('1990-03-05');
		expect(serialToIso(31475, true)).toBe('1990-03-05');
		expect(serialToIso(45000.5, false)).toBe('2023-03-15 12:00:00');
		expect(serialToIso(60, false)).toBeNull();
	});

	it('writes numbers as typed: no exponent, no float noise', () => {
		expect(numberText('8.4912345678E10')).toBe('84912345678');
		expect(numberText('0.30000000000000004')).toBe('0.3');
		expect(numberText('1250000')).toBe('1250000');
	});

	it('knows date formats from number formats', () => {
		expect(isDateFormat('dd/mm/yyyy')).toBe(true);
		expect(isDateFormat('[$-42A]d mmmm yyyy')).toBe(true);
		expect(isDateFormat('#,##0 "₫"')).toBe(false);
		expect(isDateFormat('0.00%')).toBe(false);
	});
});
