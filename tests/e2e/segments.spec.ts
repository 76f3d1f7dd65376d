import { expect, test, type Page } from './fixtures';
import { readFile } from 'node:fs/promises';
import { fillPurchase, toast } from './care-helpers';
import { addCustomer, openPanel, startEmpty } from './helpers';

/** Records a sale of `amount` for a customer from their panel. */
async function buy(page: Page, name: string, amount: string): Promise<void> {
	const panel = await openPanel(page, name);
	await panel.getByRole('button', { name: 'Ghi giao dịch' }).click();
	await fillPurchase(page, { items: 'Gội đầu', amount });
	await panel.getByRole('button', { name: 'Đóng' }).click();
}

function names(page: Page) {
	return page.locator('.ag-row .ag-cell[col-id="name"]');
}

/** Hương, Bình and Tùng: Hương and Bình bought once, Tùng never. */
async function shop(page: Page): Promise<void> {
	await startEmpty(page);
	await addCustomer(page, { name: 'Hương', phones: '0912 000 001' });
	await addCustomer(page, { name: 'Bình', phones: '0912 000 002' });
	await addCustomer(page, { name: 'Tùng', phones: '0912 000 003' });
	await buy(page, 'Hương', '300k');
	await buy(page, 'Bình', '300k');
}

test('a built-in segment narrows the grid and follows a new sale live, and the URL keeps it', async ({
	page
}) => {
	await shop(page);
	const select = page.getByTestId('segment-select');
	// Counts come from the worker and show beside each segment's name.
	await expect(select.locator('option[value="builtin:bought-once"]')).toHaveText(
		'Đã mua 1 lần (2)'
	);
	await select.selectOption('builtin:bought-once');
	await expect(names(page)).toHaveCount(2);
	await expect(page.getByTestId('customer-count')).toContainText('2');
	await expect(page.getByTestId('segment-summary')).toContainText('Số lần mua bằng 1');

	// A second sale takes Hương out of "bought once" at once.
	await buy(page, 'Hương', '400k');
	await expect(names(page)).toHaveCount(1);
	await expect(names(page).first()).toHaveText('Bình');

	await page.reload();
	await expect(page.getByTestId('segment-select')).toHaveValue('builtin:bought-once');
	await expect(names(page)).toHaveCount(1);
	expect(new URL(page.url()).searchParams.get('segment')).toBe('builtin:bought-once');

	await page.getByTestId('segment-select').selectOption('');
	await expect(names(page)).toHaveCount(3);
});

test('the owner makes, edits and deletes a segment; deleting can be undone', async ({ page }) => {
	await shop(page);
	await buy(page, 'Hương', '400k'); // Hương has spent 700.000 ₫, Bình 300.000 ₫, Tùng nothing.

	await page.getByTestId('segment-new').click();
	const editor = page.getByTestId('segment-editor');
	await editor.getByTestId('segment-name').fill('Chi tiêu lớn');
	await editor.getByTestId('condition-field').selectOption('totalSpent');
	await editor.getByTestId('condition-op').selectOption('gte');
	await editor.getByTestId('condition-value').fill('năm trăm');
	await page.getByTestId('segment-save').click();
	await expect(page.getByTestId('segment-error')).toHaveText(
		'Dòng 1: số tiền không hợp lệ (ví dụ 500k, 1tr2).'
	);
	await editor.getByTestId('condition-value').fill('500k');
	await expect(page.getByTestId('segment-preview')).toHaveText('Khớp 1 khách');
	await page.getByTestId('segment-save').click();
	await expect(editor).toBeHidden();
	await expect(toast(page, 'Đã lưu nhóm “Chi tiêu lớn”')).toBeVisible();
	await expect(names(page)).toHaveCount(1);
	await expect(names(page).first()).toHaveText('Hương');
	await expect(page.getByTestId('segment-summary')).toContainText('Tổng chi tiêu từ 500.000');

	await page.getByTestId('segment-edit').click();
	await expect(editor.getByTestId('condition-value')).toHaveValue('500.000');
	await editor.getByTestId('condition-value').fill('300k');
	await expect(page.getByTestId('segment-preview')).toHaveText('Khớp 2 khách');
	await page.getByTestId('segment-save').click();
	await expect(names(page)).toHaveCount(2);

	page.once('dialog', (d) => d.accept());
	await page.getByTestId('segment-delete').click();
	await expect(toast(page, 'Đã xoá nhóm “Chi tiêu lớn”')).toBeVisible();
	await expect(page.getByTestId('segment-select')).toHaveValue('');
	await expect(names(page)).toHaveCount(3);
	await expect(
		page.locator('[data-testid="segment-select"] option', { hasText: 'Chi tiêu lớn' })
	).toHaveCount(0);
	await page.keyboard.press('Control+z');
	await expect(
		page.locator('[data-testid="segment-select"] option', { hasText: 'Chi tiêu lớn' })
	).toHaveCount(1);
});

test('the panel shows RFM scores among the shop’s customers', async ({ page }) => {
	await shop(page);
	await buy(page, 'Hương', '900k');
	const panel = await openPanel(page, 'Hương');
	const rfm = panel.getByTestId('rfm-scores');
	await expect(rfm.getByTestId('rfm-segment')).not.toBeEmpty();
	// Hương bought twice and spent the most of the two who bought: the best F and M.
	await expect(rfm.getByTestId('rfm-f')).toContainText('5/5');
	await expect(rfm.getByTestId('rfm-m')).toContainText('5/5');
	await panel.getByRole('button', { name: 'Đóng' }).click();
	const tung = await openPanel(page, 'Tùng');
	await expect(tung.getByTestId('rfm-none')).toHaveText('Chưa mua hàng nên chưa có điểm RFM.');
});

test('a segment narrows the board, the care list and the exported view', async ({ page }) => {
	await shop(page);

	await page.goto('/board?segment=builtin:bought-once');
	await expect(page.getByTestId('segment-select')).toHaveValue('builtin:bought-once');
	await expect(page.getByTestId('board-column-new').getByTestId('board-count')).toHaveText('2');
	// Tùng, who never bought, has no stage until the day's run: the unplaced column shows him.
	await expect(page.getByTestId('board-column-none')).toHaveCount(0);
	await page.getByTestId('segment-select').selectOption('');
	await expect(page.getByTestId('board-column-none').getByTestId('board-count')).toHaveText('1');

	await page.goto('/care?segment=builtin:bought-once');
	const cards = page.getByTestId('care-list-card');
	// Nobody here agreed to care messages yet: the list leaves them out and says so.
	await expect(page.getByTestId('care-list-left-out')).toContainText('2 khách');
	await expect(cards).toHaveCount(0);
	await page.getByTestId('care-list-purpose').selectOption('');
	await expect(cards).toHaveCount(2);
	await expect(page.getByTestId('care-list-count')).toHaveText('2 / 2 khách');
	const bình = cards.filter({ hasText: 'Bình' });
	await expect(bình.getByTestId('care-list-last-contact')).toHaveText('Chưa liên hệ lần nào');
	await bình.getByTestId('care-list-contacted').click();
	await expect(toast(page, 'Đã ghi nhận liên hệ với Bình')).toBeVisible();
	await expect(bình.getByTestId('care-list-last-contact')).toContainText('Liên hệ lần cuối');

	// The contact is in Bình's history.
	await page.goto('/?customer=');
	const panel = await openPanel(page, 'Bình');
	await expect(panel.getByText('Chăm sóc theo nhóm “Đã mua 1 lần”').first()).toBeVisible();
	await panel.getByRole('button', { name: 'Đóng' }).click();

	// "The current view" exports only the segment's customers.
	await page.getByTestId('segment-select').selectOption('builtin:bought-once');
	await expect(names(page)).toHaveCount(2);
	await page.getByTestId('export-menu').click();
	const download = page.waitForEvent('download');
	await page.getByTestId('export-csv').click();
	const csv = await readFile(await (await download).path(), 'utf8');
	expect(csv).toContain('Hương');
	expect(csv).toContain('Bình');
	expect(csv).not.toContain('Tùng');
});
