import { expect, test, type Page } from './fixtures';
import { toast } from './care-helpers';
import { addCustomer, cellOf, startEmpty } from './helpers';

async function tick(page: Page, name: string): Promise<void> {
	// The selection checkboxes scroll away with the columns: back to the left edge first.
	await page.evaluate(() => {
		const scroller = document.querySelector<HTMLElement>('.ag-body-horizontal-scroll-viewport');
		if (scroller) scroller.scrollLeft = 0;
	});
	const row = page.locator('.ag-row', { hasText: name }).first();
	await row.locator('.ag-selection-checkbox input, input[type=checkbox]').first().check();
}

async function text(page: Page, name: string, colId: string): Promise<string> {
	return (await (await cellOf(page, name, colId)).innerText()).trim();
}

test.beforeEach(async ({ page }) => {
	await startEmpty(page);
	await addCustomer(page, { name: 'Hương', phones: '0912 111 222' });
	await addCustomer(page, { name: 'Bình', phones: '0987 000 111' });
	await addCustomer(page, { name: 'Lan', phones: '0912 333 444' });
	await expect(page.locator('.ag-row .ag-cell[col-id="name"]')).toHaveCount(3);
});

test('sets a field on the ticked rows, normalised as typing it, one undo step each', async ({
	page
}) => {
	await tick(page, 'Hương');
	await tick(page, 'Bình');

	await page.getByTestId('bulk-edit').click();
	// With rows ticked, the ticked rows are what the menu applies to.
	await expect(page.getByTestId('bulk-edit-selected')).toBeChecked();
	await page.getByTestId('bulk-edit-field').selectOption('city');
	await page.getByTestId('bulk-edit-value').fill('  Đà   Nẵng ');
	await page.getByTestId('bulk-edit-apply').click();
	await expect(toast(page, 'Đã sửa Tỉnh/Thành phố của 2 khách.')).toBeVisible();
	await expect(await cellOf(page, 'Hương', 'city')).toHaveText('Đà Nẵng');
	await expect(await cellOf(page, 'Bình', 'city')).toHaveText('Đà Nẵng');
	await expect(await cellOf(page, 'Lan', 'city')).toHaveText('');

	// A gender word nobody knows is kept as typed and flagged, as in a cell.
	await page.getByTestId('bulk-edit').click();
	await page.getByTestId('bulk-edit-field').selectOption('gender');
	await page.getByTestId('bulk-edit-value').fill('chưa hỏi');
	await page.getByTestId('bulk-edit-apply').click();
	await expect(toast(page, 'Đã sửa Giới tính của 2 khách.')).toBeVisible();
	await expect(await cellOf(page, 'Bình', 'gender')).toHaveText('chưa hỏi');
	await expect(await cellOf(page, 'Bình', 'gender')).toHaveClass(/cell-invalid/);

	// Each action is one step: undo takes the gender off both, then the city off both.
	await page.getByTestId('undo').click();
	await expect(await cellOf(page, 'Hương', 'gender')).toHaveText('');
	await expect(await cellOf(page, 'Bình', 'gender')).toHaveText('');
	await expect(await cellOf(page, 'Bình', 'city')).toHaveText('Đà Nẵng');
	await page.getByTestId('undo').click();
	await expect(await cellOf(page, 'Hương', 'city')).toHaveText('');
	await expect(await cellOf(page, 'Bình', 'city')).toHaveText('');
});

test('moves every customer the view finds to a stage after a confirmation with the count, undone after a reload', async ({
	page
}) => {
	const before = {
		Hương: await text(page, 'Hương', 'stage'),
		Lan: await text(page, 'Lan', 'stage')
	};
	// The view: a search that finds two of the three.
	await page.getByTestId('quick-search').fill('0912');
	await expect(page.locator('.ag-row .ag-cell[col-id="name"]')).toHaveCount(2);

	await page.getByTestId('bulk-edit').click();
	await expect(page.getByTestId('bulk-edit-view')).toBeChecked();
	await page.getByTestId('bulk-edit-action-stage').check();
	await page.getByTestId('bulk-edit-stage').selectOption('care');
	await page.getByTestId('bulk-edit-apply').click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText('Chuyển 2 khách sang giai đoạn «Cần chăm sóc»?');
	await dialog.getByTestId('confirm-bulk-edit').click();
	await expect(toast(page, 'Đã chuyển 2 khách sang «Cần chăm sóc».')).toBeVisible();
	await expect(await cellOf(page, 'Hương', 'stage')).toHaveText('Cần chăm sóc');
	await expect(await cellOf(page, 'Lan', 'stage')).toHaveText('Cần chăm sóc');

	// Set by hand, with the reason, as the panel's stage control does.
	await page.getByRole('button', { name: 'Mở hồ sơ Lan' }).click();
	const panel = page.getByTestId('customer-panel');
	await expect(panel.getByTestId('panel-stage-manual')).toBeVisible();
	await expect(panel.getByTestId('panel-stage-reason')).toContainText('Đặt tay');
	await panel.getByRole('button', { name: 'Đóng' }).first().click();

	// The undo stack lives in the book: after a reload one undo takes both back.
	await page.reload();
	await expect(page.locator('.ag-row .ag-cell[col-id="name"]')).toHaveCount(3);
	await page.getByTestId('undo').click();
	await expect(await cellOf(page, 'Hương', 'stage')).toHaveText(before.Hương);
	await expect(await cellOf(page, 'Lan', 'stage')).toHaveText(before.Lan);
	await expect(await cellOf(page, 'Bình', 'stage')).not.toHaveText('Cần chăm sóc');
});
