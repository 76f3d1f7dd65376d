/**
 * Hostile and broken files through the real Import page: each is refused with a message that
 * says what happened (or read as plain data), the page stays usable, and nothing is written.
 * Every file is made here, in the test; none is a committed binary.
 */
import { expect, test, type Page } from './fixtures';
import { Zip, ZipDeflate, strToU8, unzipSync, strFromU8 } from 'fflate';
import { open, readFile } from 'node:fs/promises';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { startEmpty } from './helpers';

interface Upload {
	name: string;
	mimeType: string;
	buffer: Buffer;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const csv = (text: string, name = 'khach.csv'): Upload => ({
	name,
	mimeType: 'text/csv',
	buffer: Buffer.from(text, 'utf8')
});

const xlsx = (bytes: Uint8Array, name = 'khach.xlsx'): Upload => ({
	name,
	mimeType: XLSX_TYPE,
	buffer: Buffer.from(bytes)
});

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const WORKBOOK = `<?xml version="1.0"?><workbook xmlns="${MAIN_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Khách" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const RELS =
	'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

const sheetOf = (rows: string) =>
	`<?xml version="1.0"?><worksheet xmlns="${MAIN_NS}"><sheetData>${rows}</sheetData></worksheet>`;
const inline = (ref: string, text: string) =>
	`<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const HEADER_ROW = `<row r="1">${inline('A1', 'Họ và tên')}${inline('B1', 'Số điện thoại')}</row>`;

/**
 * A workbook written entry by entry with fflate's streaming zip: an entry is text, or chunks
 * made on demand (so a test can write tens of megabytes without holding them as one string).
 */
function workbook(entries: Record<string, string | (() => Iterable<string>)>): Uint8Array {
	const parts: Uint8Array[] = [];
	const zip = new Zip((err, data) => {
		if (err) throw err;
		parts.push(data);
	});
	const all: Record<string, string | (() => Iterable<string>)> = {
		'[Content_Types].xml': '<?xml version="1.0"?><Types/>',
		'xl/workbook.xml': WORKBOOK,
		'xl/_rels/workbook.xml.rels': RELS,
		...entries
	};
	for (const [name, content] of Object.entries(all)) {
		const file = new ZipDeflate(name, { level: 6 });
		zip.add(file);
		if (typeof content === 'string') file.push(strToU8(content), true);
		else {
			for (const chunk of content()) file.push(strToU8(chunk));
			file.push(new Uint8Array(0), true);
		}
	}
	zip.end();
	return Buffer.concat(parts);
}

/** Makes an entry claim `size` uncompressed bytes, in its local header and central record. */
function lieAboutSize(zip: Uint8Array, name: string, size: number): void {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	const encoded = strToU8(name);
	const nameAt = (at: number) =>
		zip.subarray(at, at + encoded.length).every((b, i) => b === encoded[i]);
	let patched = 0;
	for (let i = 0; i + 46 < zip.length; i++) {
		const sig = view.getUint32(i, true);
		if (sig === 0x04034b50 && nameAt(i + 30)) {
			view.setUint32(i + 22, size, true);
			patched++;
		} else if (sig === 0x02014b50 && nameAt(i + 46)) {
			view.setUint32(i + 24, size, true);
			patched++;
		}
	}
	expect(patched).toBe(2);
}

async function openImport(page: Page): Promise<void> {
	await page.goto('/import');
	await expect(page.getByTestId('import-file')).toBeAttached();
}

/** Chooses a file and waits for the refusal; returns how long the refusal took. */
async function refused(page: Page, file: Upload | string, message: string | RegExp) {
	// A fresh page each time, so the message awaited cannot be the previous file's.
	await openImport(page);
	const started = Date.now();
	await page.getByTestId('import-file').setInputFiles(file);
	await expect(page.getByTestId('import-error')).toContainText(message, { timeout: 30_000 });
	// Back at the start: nothing was read into a session, the picker takes the next file.
	await expect(page.getByTestId('import-file')).toBeAttached();
	await expect(page.getByTestId('import-check')).toHaveCount(0);
	return Date.now() - started;
}

async function importFile(page: Page, file: Upload): Promise<void> {
	await openImport(page);
	await page.getByTestId('import-file').setInputFiles(file);
	await page.getByTestId('import-check').click();
	await expect(page.getByTestId('import-report')).toBeVisible();
	await page.getByTestId('import-run').click();
	await expect(page.getByTestId('import-done')).toBeVisible();
}

async function exportAll(page: Page, kind: 'csv' | 'xlsx'): Promise<string> {
	await page.goto('/');
	await expect(page.locator('.ag-row').first()).toBeVisible();
	await page.getByTestId('export-menu').click();
	await page.getByTestId('export-all').check();
	const download = page.waitForEvent('download');
	await page.getByTestId(`export-${kind}`).click();
	return (await download).path();
}

/** The book is still empty, and still works: a good file imports after the bad ones. */
async function stillWorks(page: Page): Promise<void> {
	await page.goto('/');
	await expect(page.getByTestId('customers-empty')).toBeVisible();
	await importFile(page, csv('Họ và tên,Số điện thoại\nNguyễn Thị Hương,0912345678'));
	await expect(page.getByTestId('import-summary')).toContainText('Đã tạo 1 khách');
}

test.beforeEach(async ({ page }) => {
	await startEmpty(page);
});

test('refuses zip bombs: an entry inflating past its declared size, and one far beyond any sheet', async ({
	page
}) => {
	await openImport(page);
	// 24 MB of real-looking rows that claim to be 2 KB once inflated.
	const rows = function* () {
		for (let r = 2; r < 200_000; r++) {
			yield `<row r="${r}">${inline(`A${r}`, `Khách ${r}`)}${inline(`B${r}`, `09${String(10_000_000 + r).slice(-8)}`)}</row>`;
		}
	};
	const liar = workbook({
		'xl/worksheets/sheet1.xml': function* () {
			yield sheetOf('').replace('</sheetData></worksheet>', '');
			yield HEADER_ROW;
			yield* rows();
			yield '</sheetData></worksheet>';
		}
	});
	lieAboutSize(liar, 'xl/worksheets/sheet1.xml', 2048);
	await refused(page, xlsx(liar, 'noi-doi.xlsx'), 'có thể là tệp độc hại');

	// 300 MB of zeros declared honestly: refused by its compression ratio after 16 MiB, long
	// before 300 MB are inflated.
	const zeros = function* () {
		yield sheetOf(HEADER_ROW).replace('</sheetData></worksheet>', '');
		const block = '0'.repeat(1 << 20);
		for (let i = 0; i < 300; i++) yield block;
		yield '</sheetData></worksheet>';
	};
	const bomb = workbook({ 'xl/worksheets/sheet1.xml': zeros });
	expect(bomb.length).toBeLessThan(1 << 20);
	await refused(page, xlsx(bomb, 'bom.xlsx'), 'có thể là tệp độc hại');
	await stillWorks(page);
});

test('refuses a shared-strings table over the limit, whether it says so or lies about it', async ({
	page
}) => {
	test.setTimeout(120_000);
	await openImport(page);
	const sheet = sheetOf(`${HEADER_ROW}<row r="2"><c r="A2" t="s"><v>0</v></c></row>`);
	const declared = workbook({
		'xl/worksheets/sheet1.xml': sheet,
		'xl/sharedStrings.xml': `<?xml version="1.0"?><sst xmlns="${MAIN_NS}" count="3000000" uniqueCount="3000000"><si><t>Lan</t></si></sst>`
	});
	await refused(page, xlsx(declared, 'nhieu-chuoi.xlsx'), 'quá nhiều chuỗi văn bản');

	// Says 3 strings, holds 2,000,001 different ones (over 40 MB of XML).
	const strings = function* () {
		yield `<?xml version="1.0"?><sst xmlns="${MAIN_NS}" count="3" uniqueCount="3">`;
		for (let i = 0; i <= 2_000_000; i += 1000) {
			let block = '';
			for (let k = i; k < Math.min(i + 1000, 2_000_001); k++)
				block += `<si><t>Khách số ${k}</t></si>`;
			yield block;
		}
		yield '</sst>';
	};
	const lying = workbook({ 'xl/worksheets/sheet1.xml': sheet, 'xl/sharedStrings.xml': strings });
	await refused(page, xlsx(lying, 'chuoi-noi-doi.xlsx'), 'quá nhiều chuỗi văn bản');
	await stillWorks(page);
});

test('refuses a 100 MB field after reading about a megabyte of it, and an unclosed quote', async ({
	page
}, testInfo) => {
	test.setTimeout(120_000);
	await openImport(page);
	// An opening quote never closed: the rest of a 100 MB file would be one field.
	const path = testInfo.outputPath('truong-100mb.csv');
	const out = await open(path, 'w');
	await out.write('Họ và tên,Số điện thoại,Ghi chú\nNguyễn Thị Hương,0912345678,"');
	const block = Buffer.alloc(1 << 20, 'a');
	for (let i = 0; i < 100; i++) await out.write(block);
	await out.close();
	const ms = await refused(page, path, /dòng 2, cột 3 quá dài \(hơn 1\.048\.576 ký tự\)/);
	testInfo.annotations.push({ type: 'refused 100 MB field after', description: `${ms} ms` });

	await refused(
		page,
		csv('Họ và tên,Số điện thoại\n"Nguyễn Thị Hương,0912345678\nTrần Văn Đức,0987654321\n'),
		'dấu ngoặc kép mở ở dòng 2 không được đóng'
	);
	await stillWorks(page);
});

test('refuses malformed workbooks and binary files: entities, a cut archive, stray bytes', async ({
	page
}) => {
	await openImport(page);
	// "Billion laughs": entity declarations are refused before anything is expanded.
	const laughs = workbook({
		'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><worksheet xmlns="${MAIN_NS}"><sheetData>${HEADER_ROW}<row r="2">${inline('A2', '&lol2;')}</row></sheetData></worksheet>`
	});
	await refused(page, xlsx(laughs, 'cuoi.xlsx'), 'khai báo không an toàn');

	const good = await writeXlsxFile([
		['Họ và tên', 'Số điện thoại'],
		['Nguyễn Thị Hương', '0912345678']
	]).toBuffer();
	const cut = good.subarray(0, Math.floor(good.length * 0.6));
	await refused(page, xlsx(cut, 'cut.xlsx'), 'Tệp Excel bị hỏng');

	const binary = Buffer.from('Họ và tên,Số điện thoại\nLan\u0000\u0000\u0001,09\u0000');
	await refused(
		page,
		{ name: 'khach.csv', mimeType: 'text/csv', buffer: binary },
		'Không đọc được loại tệp này'
	);
	await stillWorks(page);
});

test('reads __proto__, constructor and prototype headers and JSON-looking cells as plain data', async ({
	page
}) => {
	const polluting = '{"__proto__":{"polluted":"yes"}}';
	const header = ['Họ và tên', 'Số điện thoại', '__proto__', 'constructor', 'prototype', 'Ghi chú'];
	const row = [
		'Nguyễn Thị Hương',
		'0912345678',
		polluting,
		'{"prototype":{"polluted":"yes"}}',
		'toString',
		polluting
	];
	// Written by hand: write-excel-file itself cannot write such headers (it keeps its shared
	// strings in a plain object). Headers as shared strings, cells as inline strings.
	const escape = (t: string) =>
		t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
	const cols = 'ABCDEF';
	const file = workbook({
		'xl/sharedStrings.xml': `<?xml version="1.0"?><sst xmlns="${MAIN_NS}">${header.map((h) => `<si><t>${escape(h)}</t></si>`).join('')}</sst>`,
		'xl/worksheets/sheet1.xml': sheetOf(
			`<row r="1">${header.map((_, i) => `<c r="${cols[i]}1" t="s"><v>${i}</v></c>`).join('')}</row>` +
				`<row r="2">${row.map((v, i) => inline(`${cols[i]}2`, escape(v))).join('')}</row>`
		)
	});
	await openImport(page);
	await page.getByTestId('import-file').setInputFiles(xlsx(file, 'proto.xlsx'));
	const targets = page.getByTestId('import-target');
	await expect(targets).toHaveCount(6);
	// Reserved names are never custom columns: proposed as "skip".
	for (const i of [2, 3, 4]) await expect(targets.nth(i)).toHaveValue('skip');
	await page.getByTestId('import-check').click();
	await expect(page.getByTestId('import-report')).toBeVisible();
	await page.getByTestId('import-run').click();
	await expect(page.getByTestId('import-summary')).toContainText('Đã tạo 1 khách');

	const polluted = await page.evaluate(() => {
		const probe: Record<string, unknown> = {};
		return [probe.polluted, (Object.prototype as Record<string, unknown>).polluted];
	});
	expect(polluted).toEqual([undefined, undefined]);
	// The JSON-looking note is kept exactly as typed.
	const exported = await readFile(await exportAll(page, 'csv'), 'utf8');
	expect(exported).toContain('"{""__proto__"":{""polluted"":""yes""}}"');
	expect(exported).not.toContain('toString');
});

test('formula and script strings round trip harmlessly through CSV and .xlsx', async ({
	page,
	browser
}) => {
	const dialogs: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	const notes = [
		'=1+2',
		'@SUM(A1:A9)',
		'-2+3',
		'+84 cmd|/C calc',
		'<script>window.__pwned = 1</script>',
		'<img src=x onerror="window.__pwned = 2">'
	];
	const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
	const lines = [
		'Họ và tên,Số điện thoại,Ghi chú',
		...notes.map((n, i) => `Khách ${i + 1},09${String(12_345_670 + i)},${quote(n)}`)
	];
	// A workbook's formula is never evaluated: its cached value is what is imported.
	const withFormula = workbook({
		'xl/worksheets/sheet1.xml': sheetOf(
			`<row r="1">${inline('A1', 'Họ và tên')}${inline('B1', 'Số điện thoại')}${inline('C1', 'Ghi chú')}</row><row r="2">${inline('A2', 'Khách công thức')}${inline('B2', '0987000111')}<c r="C2" t="str"><f>HYPERLINK("http://evil.example","bấm")</f><v>bấm</v></c></row>`
		)
	});
	await importFile(page, xlsx(withFormula, 'cong-thuc.xlsx'));
	await importFile(page, csv(lines.join('\n')));
	await page.goto('/');
	await expect(page.locator('.ag-cell[col-id="name"]')).toHaveCount(notes.length + 1);
	expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

	const first = await readFile(await exportAll(page, 'csv'), 'utf8');
	// In CSV a cell a spreadsheet would run gets a leading apostrophe; the rest is as typed.
	for (const n of ['=1+2', '@SUM(A1:A9)', '-2+3', '+84 cmd|/C calc']) {
		expect(first).toContain(`'${n}`);
	}
	expect(first).toContain('"<img src=x onerror=""window.__pwned = 2"">"');
	expect(first).toContain('bấm');
	expect(first).not.toContain('HYPERLINK');

	// In .xlsx every text is an inline string and no formula is written at all.
	const book = await readFile(await exportAll(page, 'xlsx'));
	const sheetXml = strFromU8(unzipSync(new Uint8Array(book))['xl/worksheets/sheet1.xml']);
	expect(sheetXml).not.toMatch(/<f[ >]/);
	expect(sheetXml).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
	const [sheet] = await readXlsxFile(book);
	const cells = sheet.data.flat().map((c) => String(c ?? ''));
	for (const n of notes) expect(cells).toContain(n);

	// The exported workbook, imported in another browser profile, gives back the same book.
	const other = await (await browser.newContext()).newPage();
	await startEmpty(other);
	await importFile(other, xlsx(book, 'xuat.xlsx'));
	const second = await readFile(await exportAll(other, 'csv'), 'utf8');
	const sorted = (text: string) =>
		text
			.trim()
			.split(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/)
			.sort();
	expect(sorted(second)).toEqual(sorted(first));
	expect(await other.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
	await other.context().close();
	expect(dialogs).toEqual([]);
});
