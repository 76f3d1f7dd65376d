import { expect, test, type Page } from './fixtures';
import { readFile } from 'node:fs/promises';
import writeXlsxFile from 'write-excel-file/node';
import { encodeLegacy } from '../../src/lib/io/testing';
import { startEmpty } from './helpers';

const VI_HEADER = 'Họ và tên,Số điện thoại,Email,Tỉnh/Thành phố,Nhóm khách hàng';
const VI_ROWS = [
	'Nguyễn Thị Hương,0912 345 678,huong@example.com,Hà Nội,VIP',
	'Trần Văn Đức,0987654321,,Đà Nẵng,',
	'Lê Mai,0912 34,,Huế,'
];

interface Upload {
	name: string;
	mimeType: string;
	buffer: Buffer;
}

function csv(text: string): Upload {
	return { name: 'khach.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

async function openImport(page: Page): Promise<void> {
	await startEmpty(page);
	await page.getByTestId('import-link').click();
	await page.waitForURL('**/import');
}

async function choose(page: Page, file: Upload): Promise<void> {
	await page.getByTestId('import-file').setInputFiles(file);
}

function groupCount(page: Page, group: string) {
	return page.getByTestId(`import-group-${group}`).getByTestId('import-group-count');
}

/** From the mapping screen: check the rows, import, and wait for the summary. */
async function checkAndImport(page: Page): Promise<void> {
	await page.getByTestId('import-check').click();
	await expect(page.getByTestId('import-report')).toBeVisible();
	await page.getByTestId('import-run').click();
	await expect(page.getByTestId('import-done')).toBeVisible();
}

async function customerNames(page: Page): Promise<string[]> {
	await page.goto('/');
	const names = page.locator('.ag-cell[col-id="name"]');
	// The grid draws its rows before their data arrives: wait until every drawn name is filled
	// (a full run once read a single empty row).
	await expect
		.poll(async () => {
			const texts = await names.allInnerTexts();
			return texts.length > 0 && texts.every((t) => t.trim() !== '');
		})
		.toBe(true);
	return names.allInnerTexts();
}

test('imports a UTF-8 CSV with Vietnamese headers: mapping, report, then the grid', async ({
	page
}) => {
	await openImport(page);
	await choose(page, csv([VI_HEADER, ...VI_ROWS].join('\n')));
	const mapping = page.getByTestId('import-mapping');
	await expect(mapping).toContainText('Họ và tên');
	await expect(mapping.getByTestId('import-target').first()).toHaveValue('name');
	await expect(page.getByTestId('import-preview')).toContainText('Nguyễn Thị Hương');
	await page.getByTestId('import-check').click();
	await expect(groupCount(page, 'new')).toHaveText('2');
	await expect(groupCount(page, 'invalid')).toHaveText('1');
	await page.getByTestId('import-run').click();
	await expect(page.getByTestId('import-summary')).toContainText('Đã tạo 3 khách');
	await expect(page.getByTestId('import-history')).toContainText('khach.csv');
	const names = await customerNames(page);
	expect(names.sort()).toEqual(['Lê Mai', 'Nguyễn Thị Hương', 'Trần Văn Đức']);
});

test('reads a Windows-1258 CSV and shows the detected encoding', async ({ page }) => {
	await openImport(page);
	// Letters with two marks whose middle form has no byte (ệ, ộ) cannot be written by the test
	// encoder: this file uses the others, as old Windows software did.
	const text = [
		'Họ và tên,SĐT,Tỉnh/Thành phố',
		'Nguyễn Thị Hương,0912 345 678,Huế',
		'Trần Văn Đức,0987654321,Đà Nẵng'
	].join('\r\n');
	const bytes = encodeLegacy(text, 'windows-1258');
	await choose(page, { name: 'cu.csv', mimeType: 'text/csv', buffer: Buffer.from(bytes) });
	await expect(page.getByTestId('import-encoding')).toHaveValue('windows-1258');
	await expect(page.getByTestId('import-preview')).toContainText('Trần Văn Đức');
	await checkAndImport(page);
	expect(await customerNames(page)).toContain('Nguyễn Thị Hương');
});

test('imports a Google Contacts CSV, a vCard and an .xlsx workbook', async ({ page }) => {
	await openImport(page);
	const google = [
		'Name,Given Name,Family Name,Phone 1 - Type,Phone 1 - Value,E-mail 1 - Value,Group Membership',
		'Phạm Thu Trang,Trang,Phạm,Mobile,+84 903 111 222,trang@example.com,* myContacts ::: Khách quen'
	].join('\n');
	await choose(page, { name: 'google.csv', mimeType: 'text/csv', buffer: Buffer.from(google) });
	await expect(page.getByTestId('import-source')).toHaveText('Google Danh bạ');
	await checkAndImport(page);
	await page.getByRole('button', { name: 'Nhập tệp khác' }).click();

	const vcard = [
		'BEGIN:VCARD',
		'VERSION:3.0',
		'FN:Võ Minh Khoa',
		'N:Võ;Khoa;Minh;;',
		'TEL;TYPE=CELL:0905 222 333',
		'EMAIL:khoa@example.com',
		'END:VCARD'
	].join('\r\n');
	await choose(page, { name: 'danhba.vcf', mimeType: 'text/vcard', buffer: Buffer.from(vcard) });
	await expect(page.getByTestId('import-source')).toHaveText('Danh bạ vCard');
	await checkAndImport(page);
	await page.getByRole('button', { name: 'Nhập tệp khác' }).click();

	const xlsx = await writeXlsxFile([
		[{ value: 'Tên khách' }, { value: 'Điện thoại' }, { value: 'Ghi chú' }],
		[{ value: 'Đặng Thị Yến' }, { value: '0938444555' }, { value: 'Thích màu hồng' }]
	]).toBuffer();
	await choose(page, {
		name: 'so.xlsx',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: Buffer.from(xlsx)
	});
	await expect(page.getByTestId('import-preview')).toContainText('Đặng Thị Yến');
	await checkAndImport(page);

	const names = await customerNames(page);
	expect(names.sort()).toEqual(['Phạm Thu Trang', 'Võ Minh Khoa', 'Đặng Thị Yến'].sort());
});

test('refuses a PDF, an old .xls and a broken workbook with a message saying what to do', async ({
	page
}) => {
	await openImport(page);
	const error = page.getByTestId('import-error');
	await choose(page, {
		name: 'khach.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n')
	});
	await expect(error).toContainText('Không đọc được loại tệp này (pdf)');
	const ole = Buffer.alloc(2048);
	Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
	await choose(page, { name: 'cu.xls', mimeType: 'application/vnd.ms-excel', buffer: ole });
	await expect(error).toContainText('Đây là tệp Excel cũ (.xls)');
	const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
	await choose(page, { name: 'hong.xlsx', mimeType: 'application/zip', buffer: zip });
	await expect(error).toContainText('Tệp Excel bị hỏng');
});

test('cancelling an import midway leaves the book unchanged', async ({ page }) => {
	await openImport(page);
	const rows = Array.from(
		{ length: 40_000 },
		(_, i) => `Khách ${i},09${String(10_000_000 + i).slice(-8)},,Hà Nội,`
	);
	await choose(page, csv([VI_HEADER, ...rows].join('\n')));
	await page.getByTestId('import-check').click();
	await expect(groupCount(page, 'new')).toHaveText('40.000', { timeout: 30_000 });
	await page.getByTestId('import-run').click();
	await expect(page.getByTestId('import-progress')).toBeVisible();
	await page.getByTestId('import-cancel').click();
	await expect(page.getByTestId('import-cancelled')).toBeVisible({ timeout: 30_000 });
	await page.goto('/');
	await expect(page.getByTestId('customers-empty')).toBeVisible();
});

test('undoes an import from its summary', async ({ page }) => {
	await openImport(page);
	await choose(page, csv([VI_HEADER, ...VI_ROWS].join('\n')));
	await checkAndImport(page);
	await page.getByTestId('import-undo').click();
	await expect(page.getByTestId('import-undone')).toBeVisible();
	await expect(page.getByTestId('import-history')).toContainText('đã hoàn tác');
	await page.goto('/');
	await expect(page.getByTestId('customers-empty')).toBeVisible();
});

async function exportCsv(page: Page): Promise<string> {
	await page.goto('/');
	await expect(page.locator('.ag-row').first()).toBeVisible();
	await page.getByTestId('export-menu').click();
	await page.getByTestId('export-all').check();
	const download = page.waitForEvent('download');
	await page.getByTestId('export-csv').click();
	const file = await download;
	return readFile(await file.path(), 'utf8');
}

test('exports CSV that imports back losing nothing, with a formula-looking name neutralised', async ({
	page,
	browser
}) => {
	await openImport(page);
	const header =
		'Họ và tên,Xưng hô,Số điện thoại,Email,Giới tính,Ngày sinh,Địa chỉ,Quận/Huyện,Tỉnh/Thành phố,Nguồn,Nhóm khách hàng,Ghi chú,Size áo';
	const rows = [
		'Nguyễn Thị Hương,chị,0912 345 678,huong@example.com,nữ,05/03/1990,"12 Lê Lợi, P. Bến Nghé",Quận 1,TP Hồ Chí Minh,Facebook,"VIP, Quen","Thích trà\nKhông đường",M',
		'"=HYPERLINK(""http://evil.example"",""bấm"")",anh,0987654321,,nam,,,,Hà Nội,,,,L'
	];
	await choose(page, csv([header, ...rows].join('\n')));
	await checkAndImport(page);
	const first = await exportCsv(page);
	// Names are title-cased by the domain ("=Hyperlink"); the apostrophe is what disarms it.
	expect(first).toMatch(/\n"'=HYPERLINK\(/i);
	expect(first).toContain('Size áo');

	const other = await (await browser.newContext()).newPage();
	await openImport(other);
	await choose(other, {
		name: 'xuat.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(first, 'utf8')
	});
	await expect(other.getByTestId('import-source')).toHaveText('Sổ Khách');
	await checkAndImport(other);
	const second = await exportCsv(other);
	const sorted = (text: string) =>
		text
			.trim()
			.split(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/)
			.sort();
	expect(sorted(second)).toEqual(sorted(first));
	await other.context().close();
});
