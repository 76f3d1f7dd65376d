import { expect, test, type Page } from './fixtures';
import { fillPurchase, toast } from './care-helpers';
import { addCustomer, openPanel, startEmpty } from './helpers';

function badgeOf(page: Page, name: string) {
	return page
		.getByTestId('board-card')
		.filter({ hasText: name })
		.getByTestId('board-card-temperature');
}

test('a lead rated in the panel shows its temperature on the board, after a reload, and undo takes it back', async ({
	page
}) => {
	await startEmpty(page);
	await addCustomer(page, { name: 'Phạm Thu Hà', phones: '0903 111 222' });
	const panel = await openPanel(page, 'Phạm Thu Hà');
	const temps = panel.getByRole('group', { name: 'Nhiệt độ khách tiềm năng' });
	const warm = temps.getByRole('button', { name: 'Ấm' });
	const hot = temps.getByRole('button', { name: 'Nóng' });
	await expect(warm).toHaveAttribute('aria-pressed', 'false');

	await warm.click();
	await expect(warm).toHaveAttribute('aria-pressed', 'true');
	await hot.click();
	await expect(hot).toHaveAttribute('aria-pressed', 'true');
	await expect(warm).toHaveAttribute('aria-pressed', 'false');
	await panel.getByText('Lịch sử thay đổi', { exact: true }).click();
	await expect(panel.getByTestId('customer-history')).toContainText('Nhiệt độ');
	await expect(panel.getByTestId('customer-history')).toContainText('Ấm → Nóng');

	await page.getByRole('link', { name: 'Bảng giai đoạn' }).click();
	await expect(badgeOf(page, 'Phạm Thu Hà')).toHaveText('Nóng');
	await page.reload();
	await expect(badgeOf(page, 'Phạm Thu Hà')).toHaveText('Nóng');

	await page.keyboard.press('Control+z');
	await expect(toast(page, 'Đã hoàn tác')).toBeVisible();
	await expect(badgeOf(page, 'Phạm Thu Hà')).toHaveText('Ấm');
});

test('the temperature is kept but not shown once the lead buys', async ({ page }) => {
	await startEmpty(page);
	await addCustomer(page, { name: 'Đỗ Minh Khoa', phones: '0913 222 333' });
	const panel = await openPanel(page, 'Đỗ Minh Khoa');
	const temps = panel.getByTestId('panel-lead-temperature');
	await temps.getByRole('button', { name: 'Lạnh' }).click();
	await expect(temps.getByRole('button', { name: 'Lạnh' })).toHaveAttribute('aria-pressed', 'true');

	await panel.getByRole('button', { name: 'Ghi giao dịch' }).click();
	await fillPurchase(page, { items: 'Gội đầu', amount: '200k' });
	await expect(panel.getByTestId('panel-stage-select')).toHaveValue('new');
	await expect(temps).toHaveCount(0);

	// Undoing the sale makes them a lead again, rated as before.
	await page.keyboard.press('Control+z');
	await expect(temps.getByRole('button', { name: 'Lạnh' })).toHaveAttribute('aria-pressed', 'true');
});
