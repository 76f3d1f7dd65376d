import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from './fixtures';
import {
	addCustomer,
	cell,
	cellOf,
	chooseFilterType,
	editCell,
	openFilter,
	openPanel,
	showColumn,
	startEmpty
} from './helpers';

async function openColumnSettings(page: Page): Promise<void> {
	await page.goto('/settings');
	await page.getByTestId('column-settings-link').click();
	await page.waitForURL('**/settings/columns');
	// The columns are read after the page shows: counting rows before that counts none.
	await expect(page.getByTestId('columns-none').or(page.getByTestId('column-list'))).toBeVisible();
}

async function addColumn(page: Page, label: string, type: string, options = ''): Promise<void> {
	const rows = page.getByTestId('column-row');
	const before = await rows.count();
	await page.getByTestId('column-new-label').fill(label);
	await page.getByTestId('column-new-type').selectOption(type);
	if (options) await page.getByTestId('column-new-options').fill(options);
	await page.getByTestId('column-new-add').click();
	await expect(rows).toHaveCount(before + 1);
	await expect(rows.last()).toHaveAttribute('data-column', label);
}

function columnRow(page: Page, label: string): Locator {
	return page.locator(`[data-testid="column-row"][data-column="${label}"]`);
}

async function openGrid(page: Page): Promise<void> {
	await page.goto('/');
	await expect(page.locator('.ag-row').first()).toBeVisible();
}

/** Picks a value in a select cell editor (yes/no, choice). */
async function pick(page: Page, target: Locator, label: string): Promise<void> {
	await target.dblclick();
	const item = page.locator('.ag-select-list-item', { hasText: label }).first();
	// The editor opens closed: open its list, as a mouse user would.
	if (!(await item.isVisible())) {
		await page.locator('.ag-cell-inline-editing [role="combobox"]').first().click();
	}
	await item.click();
	if ((await page.locator('.ag-cell-inline-editing').count()) > 0) {
		await page.keyboard.press('Enter');
	}
	await expect(page.locator('.ag-cell-inline-editing')).toHaveCount(0);
}

/** The names of the first `n` rows, in display order. */
async function namesInOrder(page: Page, n: number): Promise<string[]> {
	const out: string[] = [];
	for (let i = 0; i < n; i++) out.push(await cell(page, i, 'name').innerText());
	return out;
}

async function headerIndex(page: Page, colId: string): Promise<number> {
	await showColumn(page, colId);
	const header = page.locator(`.ag-header-cell[col-id="${colId}"]`);
	return Number(await header.getAttribute('aria-colindex'));
}

test('custom columns: each type in the grid, flagged when invalid, sorted, filtered, searched, renamed, hidden, reordered and undone', async ({
	page
}) => {
	// One long journey through five columns: about 50 s on a quiet machine, more beside other work.
	test.setTimeout(120_000);
	await startEmpty(page);
	await addCustomer(page, { name: 'Hương', phones: '0912 000 001' });
	await addCustomer(page, { name: 'Bình', phones: '0912 000 002' });
	await addCustomer(page, { name: 'Tùng', phones: '0912 000 003' });

	await openColumnSettings(page);
	await expect(page.getByTestId('columns-none')).toBeVisible();
	await addColumn(page, 'Hạng thẻ', 'choice', 'Vàng, Bạc');
	await addColumn(page, 'Số đo', 'number');
	await addColumn(page, 'Ngày cưới', 'date');
	await addColumn(page, 'VIP', 'yesno');
	await addColumn(page, 'Sở thích', 'text');
	// A second column of the same name (accents aside) is refused with a reason.
	await page.getByTestId('column-new-label').fill('so thich');
	await page.getByTestId('column-new-type').selectOption('text');
	await page.getByTestId('column-new-add').click();
	await expect(page.getByTestId('column-error')).toContainText('Đã có cột tên này');
	await expect(page.getByTestId('column-row')).toHaveCount(5);

	await openGrid(page);
	const size = (name: string) => cellOf(page, name, 'custom:so-do');
	await editCell(page, await size('Hương'), '1.234,5');
	await expect(await size('Hương')).toHaveText('1.234,5');
	await editCell(page, await size('Bình'), '12');
	await expect(await size('Bình')).toHaveText('12');
	await editCell(page, await size('Tùng'), 'mười');
	await expect(await size('Tùng')).toHaveText('mười');
	await expect(await size('Tùng')).toHaveClass(/cell-invalid/);
	await expect(await size('Hương')).not.toHaveClass(/cell-invalid/);

	const wed = (name: string) => cellOf(page, name, 'custom:ngay-cuoi');
	await editCell(page, await wed('Hương'), '31/1/2024');
	await expect(await wed('Hương')).toHaveText('31/01/2024');
	await editCell(page, await wed('Bình'), '31/02/2024');
	await expect(await wed('Bình')).toHaveClass(/cell-invalid/);

	await editCell(page, await cellOf(page, 'Hương', 'custom:so-thich'), 'Áo dài lụa');
	await pick(page, await cellOf(page, 'Hương', 'custom:hang-the'), 'Vàng');
	await expect(await cellOf(page, 'Hương', 'custom:hang-the')).toHaveText('Vàng');
	await pick(page, await cellOf(page, 'Bình', 'custom:hang-the'), 'Bạc');
	await pick(page, await cellOf(page, 'Hương', 'custom:vip'), 'Có');
	await expect(await cellOf(page, 'Hương', 'custom:vip')).toHaveText('Có');

	const names = page.locator('.ag-row .ag-cell[col-id="name"]');
	// Undo takes back the last cell only.
	await page.getByTestId('undo').click();
	await expect(await cellOf(page, 'Hương', 'custom:vip')).toHaveText('');
	await expect(await cellOf(page, 'Bình', 'custom:hang-the')).toHaveText('Bạc');

	// Values kept as typed count as problems: Bình (31/02) and Tùng ("mười").
	await page.getByLabel('Chỉ khách có dữ liệu lỗi').check();
	await expect(names).toHaveCount(2);
	await expect(names.filter({ hasText: 'Hương' })).toHaveCount(0);
	await page.getByLabel('Chỉ khách có dữ liệu lỗi').uncheck();
	await expect(names).toHaveCount(3);

	// The column chooser lists the custom columns.
	await page.getByRole('button', { name: 'Cột ▾' }).click();
	const chooser = page.getByRole('group', { name: 'Cột' });
	await chooser.getByLabel('Số đo').uncheck();
	await showColumn(page, 'custom:so-do');
	await expect(page.locator('.ag-header-cell[col-id="custom:so-do"]')).toHaveCount(0);
	await chooser.getByLabel('Số đo').check();
	await showColumn(page, 'custom:so-do');
	await expect(page.locator('.ag-header-cell[col-id="custom:so-do"]')).toHaveCount(1);
	await page.getByRole('button', { name: 'Cột ▾' }).click();

	// Quick search finds a custom text without its accents.
	await page.getByTestId('quick-search').fill('ao dai');
	await expect(names).toHaveCount(1);
	await expect(names.first()).toHaveText('Hương');
	await page.getByTestId('quick-search').fill('');
	await expect(names).toHaveCount(3);

	// Sorted as numbers (12 before 1.234,5), the invalid value last.
	await showColumn(page, 'custom:so-do');
	await page.locator('.ag-header-cell[col-id="custom:so-do"] .ag-header-cell-label').click();
	await expect.poll(() => namesInOrder(page, 3)).toEqual(['Bình', 'Hương', 'Tùng']);
	await page.locator('.ag-header-cell[col-id="custom:so-do"] .ag-header-cell-label').click();
	await expect.poll(() => namesInOrder(page, 3)).toEqual(['Hương', 'Bình', 'Tùng']);

	// Filtered by the choice, accents aside.
	const filter = await openFilter(page, 'custom:hang-the');
	await filter.locator('input[type="text"]').first().fill('bac');
	await expect(names).toHaveCount(1);
	await expect(names.first()).toHaveText('Bình');
	await filter.locator('input[type="text"]').first().fill('');
	await page.keyboard.press('Escape');
	await expect(names).toHaveCount(3);

	// Filtered by the number, typed the Vietnamese way (1.000 is a thousand).
	const numbers = await openFilter(page, 'custom:so-do');
	await chooseFilterType(page, numbers, 'Lớn hơn');
	await numbers.locator('input').first().fill('1.000');
	await expect(names).toHaveCount(1);
	await expect(names.first()).toHaveText('Hương');
	await numbers.locator('input').first().fill('10');
	await expect(names).toHaveCount(2);
	await numbers.getByRole('button', { name: /Đặt lại|Reset/ }).click();
	await page.keyboard.press('Escape');
	await expect(names).toHaveCount(3);

	// The settings change the grid: rename, hide, move.
	await openColumnSettings(page);
	const label = columnRow(page, 'Số đo').getByTestId('column-label');
	await label.fill('Cân nặng');
	await label.press('Enter');
	await expect(columnRow(page, 'Cân nặng')).toHaveCount(1);
	await columnRow(page, 'Sở thích').getByTestId('column-shown').uncheck();
	await columnRow(page, 'VIP').getByTestId('column-up').click();
	await expect(page.getByTestId('column-row').nth(2)).toHaveAttribute('data-column', 'VIP');

	await openGrid(page);
	await showColumn(page, 'custom:so-do');
	await expect(page.locator('.ag-header-cell[col-id="custom:so-do"]')).toContainText('Cân nặng');
	await expect(await cellOf(page, 'Hương', 'custom:so-do')).toHaveText('1.234,5');
	expect(await headerIndex(page, 'custom:vip')).toBeLessThan(
		await headerIndex(page, 'custom:ngay-cuoi')
	);
	await showColumn(page, 'custom:vip');
	await expect(page.locator('.ag-header-cell[col-id="custom:so-thich"]')).toHaveCount(0);
	// Hidden, its values are still found.
	await page.getByTestId('quick-search').fill('lụa');
	await expect(names).toHaveCount(1);
	await page.getByTestId('quick-search').fill('');

	// Deleting asks first, keeps the values, and one undo brings the column back.
	await openColumnSettings(page);
	await columnRow(page, 'Hạng thẻ').getByTestId('column-delete').click();
	await page.getByTestId('confirm-column-delete').click();
	await expect(columnRow(page, 'Hạng thẻ')).toHaveCount(0);
	await page.keyboard.press('Control+z');
	await expect(columnRow(page, 'Hạng thẻ')).toHaveCount(1);
	await openGrid(page);
	await expect(await cellOf(page, 'Bình', 'custom:hang-the')).toHaveText('Bạc');
});

test('custom columns export with their labels and import back into the same columns', async ({
	page,
	browser
}) => {
	await startEmpty(page);
	await addCustomer(page, { name: 'Hương', phones: '0912 000 001' });
	await addCustomer(page, { name: 'Bình', phones: '0912 000 002' });
	await openColumnSettings(page);
	await addColumn(page, 'Số đo', 'number');
	await addColumn(page, 'VIP', 'yesno');
	await openGrid(page);
	await editCell(page, await cellOf(page, 'Hương', 'custom:so-do'), '1234,5');
	await editCell(page, await cellOf(page, 'Bình', 'custom:so-do'), '12');
	await pick(page, await cellOf(page, 'Hương', 'custom:vip'), 'Có');
	await pick(page, await cellOf(page, 'Bình', 'custom:vip'), 'Không');

	await page.getByTestId('export-menu').click();
	await page.getByTestId('export-all').check();
	const download = page.waitForEvent('download');
	await page.getByTestId('export-csv').click();
	const text = await readFile(await (await download).path(), 'utf8');
	const [header, ...rows] = text
		.replace(/^\uFEFF/, '')
		.trim()
		.split(/\r?\n/);
	expect(header.endsWith(',Số đo,VIP')).toBe(true);
	expect(rows.find((r) => r.startsWith('Hương'))?.endsWith(',"1.234,5",Có')).toBe(true);
	expect(rows.find((r) => r.startsWith('Bình'))?.endsWith(',12,Không')).toBe(true);
	const file = { name: 'xuat.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };

	// The same book, a column renamed since: the file's columns still go into the shop's own.
	await openColumnSettings(page);
	const label = columnRow(page, 'Số đo').getByTestId('column-label');
	await label.fill('Cân nặng');
	await label.press('Enter');
	await expect(columnRow(page, 'Cân nặng')).toHaveCount(1);
	await page.goto('/import');
	await page.getByTestId('import-file').setInputFiles(file);
	const target = (title: string) =>
		page
			.getByTestId('import-mapping')
			.locator('tr', { has: page.locator(`th:text-is("${title}")`) })
			.getByTestId('import-target');
	await expect(target('Số đo')).toHaveValue('custom:so-do');
	await expect(target('VIP')).toHaveValue('custom:vip');

	// Another book: the file brings its columns, typed from their values.
	const other = await (await browser.newContext()).newPage();
	await startEmpty(other);
	await other.goto('/import');
	await other.getByTestId('import-file').setInputFiles(file);
	const otherTarget = other
		.getByTestId('import-mapping')
		.locator('tr', { has: other.locator('th:text-is("Số đo")') })
		.getByTestId('import-target');
	await expect(otherTarget).toHaveValue('custom:Số đo');
	await expect(otherTarget.locator('option:checked')).toHaveText('Cột riêng mới: Số đo (Số)');
	await other.getByTestId('import-check').click();
	await other.getByTestId('import-run').click();
	await expect(other.getByTestId('import-done')).toBeVisible();
	await openGrid(other);
	const otherSize = await cellOf(other, 'Hương', 'custom:Số đo');
	await expect(otherSize).toHaveText('1.234,5');
	await expect(otherSize).not.toHaveClass(/cell-invalid/);
	await expect(await cellOf(other, 'Bình', 'custom:VIP')).toHaveText('Không');
	await openColumnSettings(other);
	await expect(columnRow(other, 'Số đo').getByTestId('column-type')).toHaveValue('number');
	await expect(columnRow(other, 'VIP').getByTestId('column-type')).toHaveValue('yesno');
	// One undo takes the import back with the columns it brought, empty now; redo returns both.
	await other.keyboard.press('Control+z');
	await expect(other.getByTestId('columns-none')).toBeVisible();
	await other.keyboard.press('Control+y');
	await expect(columnRow(other, 'Số đo')).toHaveCount(1);
	await expect(columnRow(other, 'VIP')).toHaveCount(1);
	await other.context().close();
});

test('custom values in the customer panel: edited, flagged, undone, in the history; a segment on a custom column; the chooser’s hiding survives a settings change', async ({
	page
}) => {
	await startEmpty(page);
	await addCustomer(page, { name: 'Hương', phones: '0912 000 001' });
	await addCustomer(page, { name: 'Bình', phones: '0912 000 002' });
	await addCustomer(page, { name: 'Tùng', phones: '0912 000 003' });
	await openColumnSettings(page);
	await addColumn(page, 'Số đo', 'number');
	await addColumn(page, 'Hạng thẻ', 'choice', 'Vàng, Bạc');
	await addColumn(page, 'Ngày cưới', 'date');
	await addColumn(page, 'Bí mật', 'text');
	await columnRow(page, 'Bí mật').getByTestId('column-shown').uncheck();
	// Saved before the page is left: a write still running when the page unloads is lost.
	await expect(page.getByText('Đã lưu cột “Bí mật”.')).toBeVisible();

	// Hidden in the grid's chooser, a column stays hidden when the settings add another.
	await openGrid(page);
	await page.getByRole('button', { name: 'Cột ▾' }).click();
	await page.getByRole('group', { name: 'Cột' }).getByLabel('Hạng thẻ').uncheck();
	await openColumnSettings(page);
	await addColumn(page, 'VIP', 'yesno');
	await openGrid(page);
	await showColumn(page, 'custom:vip');
	await expect(page.locator('.ag-header-cell[col-id="custom:vip"]')).toHaveCount(1);
	await showColumn(page, 'custom:hang-the');
	await expect(page.locator('.ag-header-cell[col-id="custom:hang-the"]')).toHaveCount(0);
	await page.getByRole('button', { name: 'Cột ▾' }).click();
	await expect(page.getByRole('group', { name: 'Cột' }).getByLabel('Hạng thẻ')).not.toBeChecked();
	await page.getByRole('button', { name: 'Cột ▾' }).click();

	// The panel lists the shown columns in the owner's order, each with its own editor.
	const panel = await openPanel(page, 'Hương');
	const fields = panel.getByTestId('custom-fields');
	await expect(fields.locator('dt')).toHaveText(['Số đo', 'Hạng thẻ', 'Ngày cưới', 'VIP']);
	const size = fields.getByLabel('Số đo');
	await size.fill('1234,5');
	await size.press('Enter');
	await expect(size).toHaveValue('1.234,5');
	await expect(await cellOf(page, 'Hương', 'custom:so-do')).toHaveText('1.234,5');
	const wedding = fields.getByLabel('Ngày cưới');
	await wedding.fill('31/02/2024');
	await wedding.press('Enter');
	// Kept as typed, flagged with the grid's reason.
	await expect(wedding).toHaveAttribute('aria-invalid', 'true');
	await expect(fields.getByTestId('custom-field-problem')).toContainText('dd/mm/yyyy');
	await expect(wedding).toHaveValue('31/02/2024');
	await fields.getByLabel('Hạng thẻ').selectOption('Vàng');
	await expect(fields.getByLabel('Hạng thẻ')).toHaveValue('Vàng');
	await fields.getByLabel('VIP').selectOption('Có');
	await expect(fields.getByLabel('VIP')).toHaveValue('Có');

	// Undo takes back the last value only; the history names the columns.
	await page.getByTestId('undo').click();
	await expect(fields.getByLabel('VIP')).toHaveValue('');
	await expect(fields.getByLabel('Hạng thẻ')).toHaveValue('Vàng');
	await panel.getByText('Lịch sử thay đổi', { exact: true }).click();
	const history = panel.getByTestId('customer-history');
	await expect(history).toContainText('Số đo');
	await expect(history).toContainText('1.234,5');
	await panel.getByRole('button', { name: 'Đóng' }).click();

	// A segment on a custom number column filters the grid.
	await editCell(page, await cellOf(page, 'Bình', 'custom:so-do'), '12');
	await page.getByTestId('segment-new').click();
	const editor = page.getByTestId('segment-editor');
	await editor.getByTestId('segment-name').fill('Số đo lớn');
	await editor.getByTestId('condition-field').selectOption('custom');
	await expect(editor.getByTestId('condition-column')).toHaveValue('so-do');
	// A number is compared, not searched as text.
	await expect(
		editor.getByTestId('condition-op').locator('option', { hasText: 'chứa' })
	).toHaveCount(0);
	await editor.getByTestId('condition-op').selectOption('gte');
	await editor.getByTestId('condition-value').fill('100');
	await expect(page.getByTestId('segment-preview')).toHaveText('Khớp 1 khách');
	await page.getByTestId('segment-save').click();
	await expect(editor).toBeHidden();
	const names = page.locator('.ag-row .ag-cell[col-id="name"]');
	await expect(names).toHaveCount(1);
	await expect(names.first()).toHaveText('Hương');
	await expect(page.getByTestId('segment-summary')).toContainText('Cột riêng “Số đo”');
});
