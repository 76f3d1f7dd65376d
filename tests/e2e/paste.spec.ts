import { expect, test, type Page } from './fixtures';
import { toast } from './care-helpers';
import { addCustomer, cellOf, startEmpty } from './helpers';
import { readBlock, spreadsheetHtml, spreadsheetTsv } from '../fixtures/paste/sheet-block';

/**
 * Puts a block on the clipboard as a spreadsheet program does, in both flavours (tab-separated
 * text and an HTML table), for a real Ctrl+V to paste.
 */
async function copyToClipboard(page: Page, block: string[][]): Promise<void> {
	const flavours = { text: spreadsheetTsv(block), html: spreadsheetHtml(block) };
	await page.evaluate(async ({ text, html }) => {
		await navigator.clipboard.write([
			new ClipboardItem({
				'text/plain': new Blob([text], { type: 'text/plain' }),
				'text/html': new Blob([html], { type: 'text/html' })
			})
		]);
	}, flavours);
}

/** The customers as stored in IndexedDB, by name: what the paste really wrote. */
async function stored(page: Page): Promise<Record<string, Record<string, unknown>>> {
	return page.evaluate(
		() =>
			new Promise((resolve, reject) => {
				const req = indexedDB.open('so-khach');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const db = req.result;
					const all = db.transaction('customers').objectStore('customers').getAll();
					all.onsuccess = () => {
						db.close();
						const out: Record<string, Record<string, unknown>> = {};
						for (const c of all.result) if (c.deletedAt === undefined) out[c.name] = c;
						resolve(out);
					};
				};
			})
	);
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

test('a block copied from a real spreadsheet file pastes with Ctrl+V normalised, adds rows after asking, and undoes in one step', async ({
	page
}) => {
	// shop-sheet.xlsx was written by LibreOffice Calc (tests/fixtures/paste/make-xlsx.sh). The block
	// B2:H4 is name, salutation, phone, email, gender, birthday, address: the grid's columns from
	// the name on. Its rows go onto Bình (newest first), Hương, then one new customer.
	const block = readBlock('tests/fixtures/paste/shop-sheet.xlsx', 'B2:H4');
	expect(block[0]).toEqual([
		'Trần Văn Bình',
		'anh',
		'0162 9123 456',
		'BINH@Example.com',
		'Nam',
		'20/11/1990',
		'Chung cư "Hoa Sen"\n5 Nguyễn Trãi, Q.5'
	]);
	expect(block[1][2]).toBe('12345');
	await copyToClipboard(page, block);

	await (await cellOf(page, 'Bình', 'name')).click();
	page.once('dialog', async (d) => {
		expect(d.message()).toContain('thêm 1 khách mới');
		await d.accept();
	});
	await page.keyboard.press('Control+V');
	await expect(toast(page, 'Đã dán: sửa 2 khách, thêm 1 khách')).toBeVisible();
	await expect(names(page)).toHaveCount(3);

	// What the grid shows: the old 11-digit mobile number is today's 10-digit one, the date cell
	// dd/mm/yyyy, an invalid phone and an impossible date kept as typed and flagged.
	await expect(await cellOf(page, 'Trần Văn Bình', 'phones')).toHaveText('0329 123 456');
	await expect(await cellOf(page, 'Trần Văn Bình', 'birthday')).toHaveText('20/11/1990');
	await expect(await cellOf(page, 'Trần Văn Bình', 'emails')).toHaveText('binh@example.com');
	await expect(await cellOf(page, 'Trần Văn Bình', 'address')).toHaveText(
		'Chung cư "Hoa Sen" 5 Nguyễn Trãi, Q.5'
	);
	await expect(await cellOf(page, 'Nguyễn Thị Hương', 'phones')).toHaveText('12345');
	await expect(await cellOf(page, 'Nguyễn Thị Hương', 'phones')).toHaveClass(/cell-invalid/);
	await expect(await cellOf(page, 'Nguyễn Thị Hương', 'birthday')).toHaveText('31/02/1995');
	await expect(await cellOf(page, 'Nguyễn Thị Hương', 'birthday')).toHaveClass(/cell-invalid/);
	await expect(await cellOf(page, 'Lê Thị Lan', 'phones')).toHaveText('0987 654 321');
	await expect(await cellOf(page, 'Lê Thị Lan', 'birthday')).toHaveText('05/03/1992');

	// What IndexedDB holds: E.164 phones, ISO dates, the invalid values with their reasons.
	const rows = await stored(page);
	expect(rows['Trần Văn Bình']).toMatchObject({
		salutation: 'anh',
		gender: 'male',
		phoneKeys: ['+84329123456'],
		emailKeys: ['binh@example.com'],
		birthday: '1990-11-20'
	});
	expect(rows['Nguyễn Thị Hương']).toMatchObject({
		salutation: 'chị',
		gender: 'female',
		phoneKeys: [],
		phones: [{ raw: '12345', e164: null }],
		birthday: null,
		invalid: { birthday: { raw: '31/02/1995' } }
	});
	expect(rows['Lê Thị Lan']).toMatchObject({
		phoneKeys: ['+84987654321'],
		birthday: '1992-03-05',
		gender: 'female'
	});

	// One undo takes the whole paste back: the new customer goes, the two are as they were.
	await page.keyboard.press('Escape');
	await page.getByTestId('undo').click();
	await expect(names(page)).toHaveCount(2);
	await expect(await cellOf(page, 'Bình', 'phones')).toHaveText('');
	await expect(await cellOf(page, 'Hương', 'birthday')).toHaveText('');
	const after = await stored(page);
	expect(Object.keys(after).sort()).toEqual(['Bình', 'Hương']);
	expect(after['Bình']).toMatchObject({ phones: [], birthday: null, address: '' });
});

test('Shift+arrows choose a block, Ctrl+C copies it as tab-separated text, Ctrl+D fills down', async ({
	page
}) => {
	await (await cellOf(page, 'Bình', 'address')).dblclick();
	await page.keyboard.type('12 Lê Lợi');
	await page.keyboard.press('Enter');
	await expect(await cellOf(page, 'Bình', 'address')).toHaveText('12 Lê Lợi');

	// The saved address reloads the rows shortly after; on a busy machine that can land between
	// the click and the keys and take the keyboard focus with the old cell (noticed in a full
	// run, 27/11/2026): the selection is made again until the block stands.
	await expect(async () => {
		await (await cellOf(page, 'Bình', 'name')).click();
		await page.keyboard.press('Shift+ArrowRight');
		await page.keyboard.press('Shift+ArrowDown');
		await expect(page.locator('.ag-cell.cell-in-range')).toHaveCount(4, { timeout: 2000 });
	}).toPass({ timeout: 15_000 });
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
