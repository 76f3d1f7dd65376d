import { expect, test, type Locator, type Page } from './fixtures';
import { fillPurchase, toast } from './care-helpers';
import { addCustomer, openPanel, startEmpty } from './helpers';

test.beforeEach(async ({ page }) => {
	await startEmpty(page);
});

async function buy(page: Page, panel: Locator, items: string): Promise<void> {
	await panel.getByRole('button', { name: 'Ghi giao dịch' }).click();
	await fillPurchase(page, { items, amount: '300k' });
}

test('a second purchase moves the customer to loyal, with the reason, and undo moves back', async ({
	page
}) => {
	await addCustomer(page, { name: 'Trần Thị Mai', phones: '0987 654 321' });
	const panel = await openPanel(page, 'Trần Thị Mai');
	const stage = panel.getByTestId('panel-stage-select');

	await buy(page, panel, 'Gội đầu');
	await expect(stage).toHaveValue('new');
	await expect(panel.getByTestId('panel-stage-reason')).toContainText('Mua lần đầu ngày');

	await buy(page, panel, 'Hấp dầu');
	await expect(stage).toHaveValue('loyal');
	await expect(panel.getByTestId('panel-stage-reason')).toContainText('Mua lần 2 ngày');
	// The move is in the customer's timeline beside the sales.
	await expect(panel.getByText('Giai đoạn: Khách mới → Khách quen').first()).toBeVisible();

	await page.keyboard.press('Control+z');
	await expect(toast(page, 'Đã hoàn tác')).toBeVisible();
	await expect(stage).toHaveValue('new');
});

test('a stage set by hand is kept through new sales until it is released', async ({ page }) => {
	await addCustomer(page, { name: 'Lê Văn Nam', phones: '0912 000 111' });
	const panel = await openPanel(page, 'Lê Văn Nam');
	const stage = panel.getByTestId('panel-stage-select');

	await stage.selectOption({ label: 'Khách quen' });
	await expect(panel.getByTestId('panel-stage-manual')).toHaveText('(đặt tay)');
	await expect(panel.getByTestId('panel-stage-reason')).toContainText('Đặt tay ngày');

	await buy(page, panel, 'Sửa màn hình');
	await expect(stage).toHaveValue('loyal');
	await expect(panel.getByTestId('panel-stage-manual')).toBeVisible();

	await page.reload();
	const again = await openPanel(page, 'Lê Văn Nam');
	await expect(again.getByTestId('panel-stage-select')).toHaveValue('loyal');
	await again.getByTestId('panel-stage-release').click();
	await expect(again.getByTestId('panel-stage-select')).toHaveValue('new');
	await expect(again.getByTestId('panel-stage-manual')).toHaveCount(0);
});
