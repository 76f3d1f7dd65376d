import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { toast } from './care-helpers';
import { addCustomer, cellOf, startEmpty } from './helpers';

/** Pastes text into the grid as a spreadsheet's clipboard would hand it over. */
async function paste(page: Page, text: string): Promise<void> {
	await page.evaluate((t) => {
		const data = new DataTransfer();
		data.setData('text/plain', t);
		const target = document.activeElement ?? document.body;
		target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
	}, text);
}

function names(page: Page) {
	return page.locator('.ag-row .ag-cell[col-id="name"]');
}

test.beforeEach(async ({ page, context }) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await startEmpty(page);
	await addCustomer(page, { name: 'Hương' });
	await addCustomer(page, { name: 'Bình' });
	await expect(names(page)).toHaveCount(2);
});

test('a block copied from a spreadsheet pastes normalised, adds rows after asking, and undoes in one step', async ({
	page
}) => {
	// A block as Excel puts it on the clipboard (the test's own .tsv fixture), newest customer first.
	const block = await readFile('tests/fixtures/paste/excel-block.tsv', 'utf8');
	await (await cellOf(page, 'Bình', 'phones')).click();
	page.once('dialog', async (d) => {
		expect(d.message()).toContain('thêm 1 khách mới');
		await d.accept();
	});
	await paste(page, block);
	await expect(toast(page, 'Đã dán: sửa 2 khách, thêm 1 khách')).toBeVisible();
	await expect(names(page)).toHaveCount(3);
	// The old 11-digit mobile number is today's 10-digit one; an invalid one is kept and flagged.
	await expect(await cellOf(page, 'Bình', 'phones')).toHaveText('0329 123 456');
	await expect(await cellOf(page, 'Bình', 'birthday')).toHaveText('20/11/1990');
	await expect(await cellOf(page, 'Hương', 'phones')).toHaveText('12345');
	await expect(await cellOf(page, 'Hương', 'phones')).toHaveClass(/cell-invalid/);
	await expect(await cellOf(page, 'Bình', 'emails')).toHaveText('binh@example.com');
	await expect(page.locator('.ag-cell[col-id="phones"]', { hasText: '0987 654 321' })).toHaveCount(
		1
	);

	await page.keyboard.press('Escape');
	await page.getByTestId('undo').click();
	await expect(names(page)).toHaveCount(2);
	await expect(await cellOf(page, 'Bình', 'phones')).toHaveText('');
});

test('Shift+arrows choose a block, Ctrl+C copies it as tab-separated text, Ctrl+D fills down', async ({
	page
}) => {
	await (await cellOf(page, 'Bình', 'address')).dblclick();
	await page.keyboard.type('12 Lê Lợi');
	await page.keyboard.press('Enter');
	await expect(await cellOf(page, 'Bình', 'address')).toHaveText('12 Lê Lợi');

	await (await cellOf(page, 'Bình', 'name')).click();
	await page.keyboard.press('Shift+ArrowRight');
	await page.keyboard.press('Shift+ArrowDown');
	await expect(page.locator('.ag-cell.cell-in-range')).toHaveCount(4);
	await page.keyboard.press('Control+c');
	await expect(toast(page, 'Đã chép 4 ô')).toBeVisible();
	const copied = await page.evaluate(() => navigator.clipboard.readText());
	expect(copied).toBe('Bình\t\r\nHương\t\r\n');

	// Fill the address of Bình down onto Hương.
	await page.keyboard.press('Escape');
	await (await cellOf(page, 'Bình', 'address')).click();
	await page.keyboard.press('Shift+ArrowDown');
	await page.keyboard.press('Control+d');
	await expect(await cellOf(page, 'Hương', 'address')).toHaveText('12 Lê Lợi');
	await page.keyboard.press('Control+z');
	await expect(await cellOf(page, 'Hương', 'address')).toHaveText('');
});
