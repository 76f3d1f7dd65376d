import { expect, test } from './fixtures';
import { startEmpty } from './helpers';

test('sets up the shop, its staff, the care schedule and a message template', async ({ page }) => {
	await startEmpty(page);
	await page.getByRole('link', { name: /Cài đặt/ }).click();
	await page.getByTestId('care-settings-link').click();
	await expect(page.getByRole('heading', { name: 'Chăm sóc khách' })).toBeVisible();

	const shop = page.getByTestId('shop-settings');
	await shop.getByLabel('Tên cửa hàng').fill('Spa Hoa Mai');
	await shop.getByLabel('Loại hình kinh doanh').selectOption('spa');
	await shop.getByLabel('Nhân viên').fill('Lan\nHùng\n\nLan');
	await shop.getByRole('button', { name: 'Lưu' }).click();
	await expect(page.getByTestId('toast').first()).toContainText('Đã lưu');

	// The spa schedule: ask after 3 days, a repurchase window 28–45 days.
	const plan = page.getByTestId('care-plan');
	await expect(plan.getByLabel('Hỏi thăm sau mua: Sau (ngày)')).toHaveValue('3');
	await expect(plan.getByLabel('Nhắc mua lại: Đến (ngày)')).toHaveValue('45');
	await plan.getByLabel('Hỏi thăm sau mua: Sau (ngày)').fill('2');
	await plan.getByRole('button', { name: '+ Thêm chu kỳ' }).click();
	await plan.getByLabel('Sản phẩm (từ khoá)').fill('kem chống nắng');
	await plan.getByLabel('Mỗi (ngày)').fill('45');
	await plan.getByRole('button', { name: 'Lưu lịch chăm sóc' }).click();
	await expect(page.getByTestId('toast').last()).toContainText('Đã lưu lịch chăm sóc');

	// A bad value is refused with the cell marked, and nothing is saved.
	await plan.getByLabel('Cảm ơn & hướng dẫn sử dụng: Sau (ngày)').fill('một tuần');
	await plan.getByRole('button', { name: 'Lưu lịch chăm sóc' }).click();
	await expect(plan.getByLabel('Cảm ơn & hướng dẫn sử dụng: Sau (ngày)')).toHaveAttribute(
		'aria-invalid',
		'true'
	);

	await page.reload();
	await expect(page.getByTestId('shop-settings').getByLabel('Nhân viên')).toHaveValue('Lan\nHùng');
	await expect(plan.getByLabel('Hỏi thăm sau mua: Sau (ngày)')).toHaveValue('2');
	await expect(plan.getByLabel('Cảm ơn & hướng dẫn sử dụng: Sau (ngày)')).toHaveValue('7');
	await expect(plan.getByLabel('Sản phẩm (từ khoá)')).toHaveValue('kem chống nắng');

	// Templates: the defaults are there, editable, with a preview as a customer would read it.
	const templates = page.getByTestId('template-editor');
	const first = templates.locator('article').first();
	await expect(first.locator('.preview')).not.toContainText('{');
	await first.getByLabel('Nội dung').fill('{Xưng hô} {tên} ơi, {cửa hàng} chúc mừng!');
	await expect(first.locator('.preview')).toContainText('Chị Hương ơi, Sổ Khách chúc mừng!');
	await first.getByRole('button', { name: 'Lưu' }).click();
	// Wait for the save to land before reloading.
	await expect(first.getByRole('button', { name: 'Lưu' })).toBeDisabled();
	await page.reload();
	await expect(templates.locator('article').first().getByLabel('Nội dung')).toHaveValue(
		'{Xưng hô} {tên} ơi, {cửa hàng} chúc mừng!'
	);
});
