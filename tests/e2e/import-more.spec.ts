import { expect, test, type Page } from './fixtures';
import { strToU8, zipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import readXlsxFile from 'read-excel-file/node';
import { startEmpty } from './helpers';

interface Upload {
	name: string;
	mimeType: string;
	buffer: Buffer;
}

const csv = (text: string, name = 'khach.csv'): Upload => ({
	name,
	mimeType: 'text/csv',
	buffer: Buffer.from(text, 'utf8')
});

async function openImport(page: Page): Promise<void> {
	await page.goto('/import');
	await expect(page.getByTestId('import-file')).toBeAttached();
}

async function importFile(page: Page, file: Upload, beforeRun?: () => Promise<void>) {
	await openImport(page);
	await page.getByTestId('import-file').setInputFiles(file);
	await page.getByTestId('import-check').click();
	await expect(page.getByTestId('import-report')).toBeVisible();
	if (beforeRun) await beforeRun();
	await page.getByTestId('import-run').click();
	await expect(page.getByTestId('import-done')).toBeVisible();
}

function group(page: Page, name: string) {
	return page.getByTestId(`import-group-${name}`);
}

async function exportAll(page: Page, kind: 'csv' | 'xlsx' | 'vcf'): Promise<string> {
	await page.goto('/');
	await expect(page.locator('.ag-row').first()).toBeVisible();
	await page.getByTestId('export-menu').click();
	await page.getByTestId('export-all').check();
	const download = page.waitForEvent('download');
	await page.getByTestId(`export-${kind}`).click();
	return (await download).path();
}

test.beforeEach(async ({ page }) => {
	await startEmpty(page);
});

test('skips the invalid rows and gives them back as a CSV of the original cells to fix', async ({
	page
}) => {
	const rows = [
		'Họ và tên,Số điện thoại,Email',
		'Nguyễn Thị Hương,0912 345 678,huong@example.com',
		'Lê Mai,0912 34,mai@@example',
		'Trần Văn Đức,0987654321,'
	];
	await importFile(page, csv(rows.join('\n')), async () => {
		await expect(group(page, 'invalid').getByTestId('import-group-count')).toHaveText('1');
		await group(page, 'invalid').getByTestId('import-group-decision').selectOption('skip');
	});
	await expect(page.getByTestId('import-summary')).toContainText('Đã tạo 2 khách');
	const download = page.waitForEvent('download');
	await page.getByTestId('import-rejects').click();
	const text = await readFile(await (await download).path(), 'utf8');
	// The original cells as typed, not the normalised values, so the file can be fixed and re-imported.
	expect(text).toContain('Lê Mai');
	expect(text).toContain('0912 34');
	expect(text).toContain('mai@@example');
	expect(text).not.toContain('Nguyễn Thị Hương');
});

test('decides row by row: a row matching a customer is skipped while its neighbour merges', async ({
	page
}) => {
	await importFile(
		page,
		csv('Họ và tên,Số điện thoại\nNguyễn Thị Hương,0912345678\nLê Văn Nam,0987000111')
	);
	const second = [
		'Họ và tên,Số điện thoại,Ghi chú',
		'Hương,0912 345 678,Khách quen',
		'Nam,0987 000 111,Nhầm số'
	].join('\n');
	await importFile(page, csv(second, 'lan2.csv'), async () => {
		await expect(group(page, 'match').getByTestId('import-group-count')).toHaveText('2');
		await group(page, 'match').getByRole('button', { name: 'Xem từng dòng' }).click();
		const rows = page.getByTestId('import-rows');
		await rows
			.locator('li', { hasText: 'Nam' })
			.getByTestId('import-row-decision')
			.selectOption('skip');
	});
	await expect(page.getByTestId('import-summary')).toContainText('gộp 1 dòng');
	const exported = await readFile(await exportAll(page, 'csv'), 'utf8');
	expect(exported).toContain('Khách quen');
	expect(exported).not.toContain('Nhầm số');
});

test('exports the book to .xlsx that another library reads, and to vCard for a phone', async ({
	page
}) => {
	await importFile(
		page,
		csv(
			'Họ và tên,Số điện thoại,Email,Ngày sinh\nNguyễn Thị Hương,0912 345 678,huong@example.com,05/03/1990\nĐặng Văn Long,0987654321,,'
		)
	);
	const sheets = await readXlsxFile(await exportAll(page, 'xlsx'));
	expect(sheets).toHaveLength(1);
	const cells = sheets[0].data.flat().map((c) => String(c ?? ''));
	expect(cells).toContain('Nguyễn Thị Hương');
	expect(cells).toContain('Đặng Văn Long');
	expect(cells.some((c) => c.includes('0912 345 678'))).toBe(true);

	const vcf = await readFile(await exportAll(page, 'vcf'), 'utf8');
	expect(vcf.match(/BEGIN:VCARD/g)).toHaveLength(2);
	expect(vcf).toContain('FN:Nguyễn Thị Hương');
	expect(vcf).toMatch(/TEL[^:]*:\+84912345678/);
	expect(vcf).toContain('EMAIL');
});

test('refuses a workbook that inflates far beyond its size, and reads __proto__ headers as data', async ({
	page
}) => {
	const bomb = zipSync({
		'[Content_Types].xml': strToU8('<?xml version="1.0"?><Types/>'),
		'xl/workbook.xml': strToU8(
			'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
		),
		'xl/_rels/workbook.xml.rels': strToU8(
			'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
		),
		// 40 MB of zeros: a few tens of kilobytes once compressed.
		'xl/worksheets/sheet1.xml': new Uint8Array(40 << 20)
	});
	expect(bomb.length).toBeLessThan(1 << 20);
	await openImport(page);
	await page.getByTestId('import-file').setInputFiles({
		name: 'bom.xlsx',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: Buffer.from(bomb)
	});
	await expect(page.getByTestId('import-error')).toContainText('có thể là tệp độc hại');

	await importFile(
		page,
		csv('Họ và tên,__proto__,constructor,Số điện thoại\nNguyễn Thị Hương,x,y,0912345678')
	);
	await expect(page.getByTestId('import-summary')).toContainText('Đã tạo 1 khách');
	const exported = await readFile(await exportAll(page, 'csv'), 'utf8');
	expect(exported).toContain('Nguyễn Thị Hương');
});
