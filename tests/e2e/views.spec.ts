import { expect, test, type Page } from './fixtures';
import { toast } from './care-helpers';
import { addCustomer, startEmpty } from './helpers';

function names(page: Page) {
	return page.locator('.ag-row .ag-cell[col-id="name"]');
}

function viewItem(page: Page, name: string) {
	return page.getByTestId('view-item').filter({ hasText: name });
}

test.beforeEach(async ({ page }) => {
	await startEmpty(page);
	await addCustomer(page, { name: 'Hương', phones: '0912 000 001' });
	await addCustomer(page, { name: 'Bình', phones: '0912 000 002' });
	await addCustomer(page, { name: 'Tùng' });
	await expect(names(page)).toHaveCount(3);
});

test('a built-in view shows the customers without a phone, with its count', async ({ page }) => {
	await page.getByTestId('views-menu').click();
	await expect(viewItem(page, 'Chưa có số điện thoại')).toContainText('1 khách');
	await viewItem(page, 'Chưa có số điện thoại').click();
	await expect(names(page)).toHaveCount(1);
	await expect(names(page).first()).toHaveText('Tùng');
	await expect(page.getByTestId('views-menu')).toContainText('Đang xem: Chưa có số điện thoại');
});

test('the owner saves the current view, finds it after a reload, and deletes it with undo', async ({
	page
}) => {
	await page.getByTestId('quick-search').fill('bình');
	await expect(names(page)).toHaveCount(1);
	await page.getByTestId('views-menu').click();
	page.once('dialog', (d) => d.accept('Tìm Bình'));
	await page.getByTestId('view-save').click();
	await expect(toast(page, 'Đã lưu chế độ xem “Tìm Bình”')).toBeVisible();

	await page.reload();
	await expect(names(page)).toHaveCount(3);
	await page.getByTestId('views-menu').click();
	await expect(viewItem(page, 'Tìm Bình')).toContainText('1 khách');
	await viewItem(page, 'Tìm Bình').click();
	await expect(page.getByTestId('quick-search')).toHaveValue('bình');
	await expect(names(page)).toHaveCount(1);

	await page.getByTestId('views-menu').click();
	page.once('dialog', (d) => d.accept());
	await page.getByTestId('view-delete').click();
	await expect(toast(page, 'Đã xoá chế độ xem “Tìm Bình”')).toBeVisible();
	await page.getByTestId('views-menu').click();
	await expect(viewItem(page, 'Tìm Bình')).toHaveCount(0);
	await page.getByTestId('views-menu').click();
	await page.keyboard.press('Control+z');
	await page.getByTestId('views-menu').click();
	await expect(viewItem(page, 'Tìm Bình')).toHaveCount(1);
});
