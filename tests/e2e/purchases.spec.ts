import { expect, test, type Locator, type Page } from './fixtures';
import { addCustomer, chooseFilterType, openFilter, openPanel, startEmpty } from './helpers';

test.beforeEach(async ({ page }) => {
	await startEmpty(page);
});

/** formatMoney puts a no-break space before the đồng sign, so it never wraps on its own. */
const vnd = (digits: string) => `${digits}\u00a0₫`;

async function recordPurchase(page: Page, panel: Locator, items: string, amount: string) {
	await panel.getByRole('button', { name: 'Ghi giao dịch' }).click();
	const form = page.getByTestId('purchase-form');
	await form.locator('[name="items"]').fill(items);
	await form.locator('[name="amount"]').fill(amount);
	await form.getByRole('button', { name: 'Lưu giao dịch' }).click();
	await expect(form).toBeHidden();
}

function summary(panel: Locator) {
	return {
		count: panel.getByTestId('summary-count'),
		total: panel.getByTestId('summary-total')
	};
}

test('records purchases, keeps their after-sale checklist, and undoes a delete', async ({
	page
}) => {
	await addCustomer(page, { name: 'Nguyễn Thị Hương', phones: '0912 345 678' });
	let panel = await openPanel(page, 'Nguyễn Thị Hương');
	await expect(summary(panel).count).toHaveText('0');

	await recordPurchase(page, panel, 'Gội đầu dưỡng sinh', '350k');
	await expect(summary(panel).count).toHaveText('1');
	await expect(summary(panel).total).toHaveText(vnd('350.000'));

	await recordPurchase(page, panel, 'Hấp dầu phục hồi', '1tr2');
	await expect(summary(panel).count).toHaveText('2');
	await expect(summary(panel).total).toHaveText(vnd('1.550.000'));

	const wash = panel.getByTestId('purchase-item').filter({ hasText: 'Gội đầu dưỡng sinh' });
	await expect(wash).toContainText(vnd('350.000'));
	await wash.getByLabel('Hỏi thăm sau 3 ngày').check();
	await wash.getByLabel('Cảm ơn & hướng dẫn').check();
	await wash.getByLabel('Khả năng mua lại', { exact: true }).selectOption({ label: 'Cao' });
	// Judging the chance ticks its own step: three of five once everything is stored.
	await expect(wash.getByTestId('aftercare')).toContainText('(3/5)');

	await page.reload();
	panel = await openPanel(page, 'Nguyễn Thị Hương');
	const washAgain = panel.getByTestId('purchase-item').filter({ hasText: 'Gội đầu dưỡng sinh' });
	await expect(washAgain.getByLabel('Hỏi thăm sau 3 ngày')).toBeChecked();
	await expect(washAgain.getByLabel('Cảm ơn & hướng dẫn')).toBeChecked();
	await expect(washAgain.getByLabel('Ghi nhận phản hồi')).not.toBeChecked();
	await expect(washAgain.getByLabel('Khả năng mua lại', { exact: true })).toHaveValue('high');

	const oil = panel.getByTestId('purchase-item').filter({ hasText: 'Hấp dầu phục hồi' });
	await oil.getByRole('button', { name: /^Xoá giao dịch/ }).click();
	await expect(summary(panel).count).toHaveText('1');
	await expect(summary(panel).total).toHaveText(vnd('350.000'));
	await expect(oil).toHaveCount(0);

	await page
		.getByTestId('toast')
		.filter({ hasText: 'Đã xoá giao dịch' })
		.getByRole('button', { name: 'Hoàn tác' })
		.click();
	await expect(summary(panel).count).toHaveText('2');
	await expect(summary(panel).total).toHaveText(vnd('1.550.000'));
	await expect(oil).toHaveCount(1);
});

test('edits a purchase in the same dialog, prefilled', async ({ page }) => {
	await addCustomer(page, { name: 'Phạm Minh Tuấn', phones: '0903 111 222' });
	const panel = await openPanel(page, 'Phạm Minh Tuấn');
	await recordPurchase(page, panel, 'Ốp lưng', '150.000');

	await panel.getByRole('button', { name: /^Sửa giao dịch/ }).click();
	const form = page.getByTestId('purchase-form');
	await expect(form.locator('[name="items"]')).toHaveValue('Ốp lưng');
	await expect(form.locator('[name="amount"]')).toHaveValue('150.000');
	await form.locator('[name="amount"]').fill('180k');
	await form.getByRole('button', { name: 'Lưu giao dịch' }).click();
	await expect(form).toBeHidden();
	await expect(summary(panel).count).toHaveText('1');
	await expect(summary(panel).total).toHaveText(vnd('180.000'));
});

test('refuses an amount it cannot read, says why, and saves nothing', async ({ page }) => {
	await addCustomer(page, { name: 'Lê Thị Mai', phones: '0987 654 321' });
	const panel = await openPanel(page, 'Lê Thị Mai');
	await panel.getByRole('button', { name: 'Ghi giao dịch' }).click();
	const form = page.getByTestId('purchase-form');
	await form.locator('[name="items"]').fill('Áo thun');
	await form.locator('[name="amount"]').fill('abc');
	await form.getByRole('button', { name: 'Lưu giao dịch' }).click();

	await expect(form).toContainText('Không hiểu số tiền “abc”');
	await expect(form.locator('[name="amount"]')).toHaveAttribute('aria-invalid', 'true');
	await expect(form.locator('[name="amount"]')).toBeFocused();
	await form.getByRole('button', { name: 'Huỷ' }).click();
	await expect(form).toBeHidden();
	await expect(summary(panel).count).toHaveText('0');
	await expect(panel.getByTestId('purchase-item')).toHaveCount(0);
});

test('logs a complaint and shows it on the timeline', async ({ page }) => {
	await addCustomer(page, { name: 'Đặng Văn Lâm', phones: '0977 000 111' });
	const panel = await openPanel(page, 'Đặng Văn Lâm');
	await recordPurchase(page, panel, 'Áo sơ mi trắng', '450k');

	await panel.getByText('Ghi tương tác', { exact: true }).click();
	const form = panel.getByTestId('interaction-form');
	await form.getByLabel('Loại').selectOption({ label: 'Khiếu nại' });
	await form.getByLabel('Kênh liên hệ').selectOption({ label: 'Zalo' });
	await form.getByLabel('Cảm nhận của khách').selectOption({ label: 'Tiêu cực' });
	await form.getByLabel('Nội dung').fill('Áo bị sút chỉ ở tay');
	await form.getByRole('button', { name: 'Lưu tương tác' }).click();

	const timeline = panel.getByTestId('customer-timeline');
	const complaint = timeline.locator('li[data-kind="interaction"]');
	await expect(complaint).toContainText('Khiếu nại');
	await expect(complaint).toContainText('Zalo');
	await expect(complaint).toContainText('Tiêu cực');
	await expect(complaint).toContainText('Áo bị sút chỉ ở tay');
	await expect(timeline.locator('li[data-kind="purchase"]')).toContainText('Áo sơ mi trắng');
	await expect(timeline.locator('li[data-kind="created"]')).toHaveCount(1);
});

test('records who referred a customer and lists it on the referrer’s profile', async ({ page }) => {
	await addCustomer(page, { name: 'Trần Văn Nam', phones: '0912 111 222' });
	await addCustomer(page, { name: 'Võ Thị Lan', phones: '0912 333 444' });

	let panel = await openPanel(page, 'Võ Thị Lan');
	const search = panel.getByRole('combobox', { name: 'Tìm người giới thiệu' });
	await search.fill('nam');
	await expect(panel.getByRole('option', { name: /Trần Văn Nam/ })).toBeVisible();
	await search.press('ArrowDown');
	await search.press('Enter');
	await expect(panel.getByTestId('referred-by')).toContainText('Trần Văn Nam');

	panel = await openPanel(page, 'Trần Văn Nam');
	// "Đã giới thiệu" shows as a badge beside the referrer's stage.
	await expect(panel.getByTestId('panel-referrer-badge')).toHaveText('★ Đã giới thiệu 1 khách');
	const referrals = panel.getByTestId('referrals');
	await expect(referrals.getByRole('link', { name: 'Võ Thị Lan' })).toHaveAttribute(
		'href',
		/\?customer=/
	);

	// Nam cannot in turn be referred by Lan: the chain would loop.
	await panel.getByRole('combobox', { name: 'Tìm người giới thiệu' }).fill('lan');
	await panel.getByRole('option', { name: /Võ Thị Lan/ }).click();
	await expect(page.getByTestId('toast').filter({ hasText: 'gián tiếp' })).toBeVisible();
	await expect(panel.getByTestId('referred-by')).toContainText('Chưa ghi ai giới thiệu');

	// The link opens the referred customer's profile, which names who referred them.
	await referrals.getByRole('link', { name: 'Võ Thị Lan' }).click();
	await expect(panel.getByRole('heading', { name: 'Võ Thị Lan' })).toBeVisible();
	await expect(panel.getByTestId('referred-by')).toContainText('Trần Văn Nam');
});

test('shows a purchase recorded in another tab', async ({ page, context }) => {
	await addCustomer(page, { name: 'Hoàng Thu Trang', phones: '0905 555 666' });
	const panel = await openPanel(page, 'Hoàng Thu Trang');
	await expect(summary(panel).count).toHaveText('0');

	const other = await context.newPage();
	await other.goto('/');
	const otherPanel = await openPanel(other, 'Hoàng Thu Trang');
	await recordPurchase(other, otherPanel, 'Cà phê hạt 500g', '220k');
	await other.close();

	await expect(summary(panel).count).toHaveText('1');
	await expect(summary(panel).total).toHaveText(vnd('220.000'));
	await expect(panel.getByTestId('purchase-item')).toContainText('Cà phê hạt 500g');
});

test('lists the customer’s open reminders and closes one from the panel', async ({ page }) => {
	await addCustomer(page, { name: 'Bùi Anh Thư', phones: '0938 222 333' });
	const panel = await openPanel(page, 'Bùi Anh Thư');
	await recordPurchase(page, panel, 'Kem chống nắng', '320k');
	const reminders = panel.getByTestId('reminder-list');
	// The sale planned its after-sale steps.
	await expect(reminders).toContainText('Hỏi thăm sau 3 ngày (ngày 3)');

	await panel.getByText('Thêm nhắc việc', { exact: true }).click();
	const add = panel.getByTestId('reminder-form');
	await add.getByRole('button', { name: 'Lưu nhắc việc' }).click();
	await expect(add).toContainText('Hãy ghi việc cần làm.');
	await add.getByLabel('Ngày nhắc').fill('01/01/2020');
	await add.getByLabel('Việc cần làm').fill('Gọi báo giá combo');
	await add.getByRole('button', { name: 'Lưu nhắc việc' }).click();
	const quote = reminders.getByRole('listitem').filter({ hasText: 'Gọi báo giá combo' });
	await expect(quote).toContainText('Hạn 01/01/2020');
	await expect(quote).toContainText('quá hạn');

	await quote.getByRole('button', { name: /Xong/ }).click();
	await quote.getByLabel('Kết quả').fill('Khách hẹn tuần sau');
	await quote.getByRole('button', { name: 'Xác nhận xong' }).click();
	await expect(quote).toHaveCount(0);
	const timeline = panel.getByTestId('customer-timeline');
	await expect(timeline.locator('li[data-kind="reminder"]')).toContainText(
		'Đã làm: Gọi báo giá combo'
	);
	await expect(timeline.locator('li[data-kind="interaction"]')).toContainText('Khách hẹn tuần sau');
});

test('filters the grid by number of purchases and by total spent', async ({ page }) => {
	await addCustomer(page, { name: 'Khách Lớn', phones: '0912 000 101' });
	await addCustomer(page, { name: 'Khách Nhỏ', phones: '0912 000 102' });
	await addCustomer(page, { name: 'Khách Mới', phones: '0912 000 103' });
	let panel = await openPanel(page, 'Khách Lớn');
	await recordPurchase(page, panel, 'Liệu trình', '1tr2');
	await recordPurchase(page, panel, 'Gội đầu', '350k');
	await page.keyboard.press('Escape');
	panel = await openPanel(page, 'Khách Nhỏ');
	await recordPurchase(page, panel, 'Gội đầu', '350k');
	await page.keyboard.press('Escape');
	const names = page.locator('.ag-row .ag-cell[col-id="name"]');
	await expect(names).toHaveCount(3);

	// More than a million đồng, typed as a shop owner writes it.
	const total = await openFilter(page, 'purchaseTotal');
	await chooseFilterType(page, total, 'Lớn hơn');
	await total.locator('input').first().fill('1.000.000');
	await expect(names).toHaveText(['Khách Lớn']);
	await total.getByRole('button', { name: 'Đặt lại' }).click();
	await page.keyboard.press('Escape');
	await expect(names).toHaveCount(3);

	// Never bought: 0 purchases.
	const count = await openFilter(page, 'purchaseCount');
	await chooseFilterType(page, count, 'Bằng');
	await count.locator('input').first().fill('0');
	await expect(names).toHaveText(['Khách Mới']);
});
