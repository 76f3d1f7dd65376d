import { expect, test, type Page } from './fixtures';
import { fillPurchase, toast } from './care-helpers';
import { addCustomer, startEmpty } from './helpers';

function column(page: Page, stage: string) {
	return page.getByTestId(`board-column-${stage}`);
}

function cardOf(page: Page, stage: string, name: string) {
	return column(page, stage).getByTestId('board-card').filter({ hasText: name });
}

test('the board shows customers by stage, moves them by drag and by menu, and undo moves back', async ({
	page
}) => {
	await startEmpty(page);
	await addCustomer(page, { name: 'Trần Thị Mai', phones: '0987 654 321' });
	await addCustomer(page, { name: 'Lê Văn Nam', phones: '0912 000 111' });
	await page.getByRole('button', { name: 'Mở hồ sơ Trần Thị Mai' }).click();
	await page.getByTestId('customer-panel').getByRole('button', { name: 'Ghi giao dịch' }).click();
	await fillPurchase(page, { items: 'Gội đầu', amount: '300k' });

	await page.getByRole('link', { name: 'Bảng giai đoạn' }).click();
	await expect(page.getByRole('heading', { name: 'Bảng giai đoạn khách' })).toBeVisible();
	// One purchase: a new customer, with the phone, the sale's date and the total.
	const mai = cardOf(page, 'new', 'Trần Thị Mai');
	await expect(mai).toContainText('0987 654 321');
	await expect(mai).toContainText('Mua gần nhất');
	await expect(mai).toContainText('300.000');
	await expect(column(page, 'new').getByTestId('board-count')).toHaveText('1');
	// Added without a sale and not yet placed by the daily run.
	await expect(cardOf(page, 'none', 'Lê Văn Nam')).toBeVisible();
	await expect(column(page, 'loyal').getByTestId('board-count')).toHaveText('0');

	// Drag the card onto "Khách quen": set by hand.
	const box = await mai.boundingBox();
	await mai.dragTo(column(page, 'loyal'), {
		sourcePosition: { x: (box?.width ?? 100) - 8, y: 6 }
	});
	const moved = cardOf(page, 'loyal', 'Trần Thị Mai');
	await expect(moved.getByTestId('board-card-manual')).toHaveText('(đặt tay)');
	await expect(column(page, 'loyal').getByTestId('board-count')).toHaveText('1');
	await expect(column(page, 'new').getByTestId('board-count')).toHaveText('0');
	await expect(toast(page, 'Đã chuyển Trần Thị Mai sang “Khách quen”')).toBeVisible();

	// The keyboard way: "Chuyển sang…" on the card.
	await cardOf(page, 'none', 'Lê Văn Nam')
		.getByRole('combobox', { name: 'Chuyển Lê Văn Nam sang giai đoạn khác' })
		.selectOption({ label: 'Tiềm năng' });
	await expect(cardOf(page, 'lead', 'Lê Văn Nam')).toBeVisible();
	await expect(column(page, 'none')).toHaveCount(0);

	// The card opens the customer, whose panel shows the stage set by hand.
	await moved.getByRole('link', { name: 'Trần Thị Mai' }).click();
	const panel = page.getByTestId('customer-panel');
	await expect(panel.getByTestId('panel-stage-select')).toHaveValue('loyal');
	await expect(panel.getByTestId('panel-stage-manual')).toHaveText('(đặt tay)');

	// Back on the board, Ctrl+Z undoes the last move (Nam), then the drag (Mai).
	await page.goBack();
	await expect(cardOf(page, 'lead', 'Lê Văn Nam')).toBeVisible();
	await page.keyboard.press('Control+z');
	await expect(cardOf(page, 'none', 'Lê Văn Nam')).toBeVisible();
	await page.keyboard.press('Control+z');
	await expect(cardOf(page, 'new', 'Trần Thị Mai')).toBeVisible();
	await expect(cardOf(page, 'new', 'Trần Thị Mai').getByTestId('board-card-manual')).toHaveCount(0);
	await expect(column(page, 'loyal').getByTestId('board-count')).toHaveText('0');
});

test('stage settings: names, day counts and their checks are kept after a reload', async ({
	page
}) => {
	await startEmpty(page);
	await page.getByRole('link', { name: /Cài đặt/ }).click();
	await page.getByTestId('stage-settings-link').click();
	await expect(page.getByRole('heading', { name: 'Giai đoạn khách' })).toBeVisible();
	const form = page.getByTestId('stage-settings');
	const careWindow = form.getByLabel('Thời gian chăm sóc sau lần mua đầu (ngày)');
	await expect(careWindow).toHaveValue('30');
	await expect(form.getByText('Khách sẽ được chuyển theo cài đặt mới')).toBeVisible();

	// Out of order is refused, the field marked and the reason said.
	await form.getByLabel('Ngừng mua sau (ngày không mua)').fill('20');
	await form.getByRole('button', { name: 'Lưu giai đoạn' }).click();
	await expect(form.getByTestId('stage-problems')).toContainText('Số ngày phải tăng dần');
	await expect(form.getByLabel('Ngừng mua sau (ngày không mua)')).toHaveAttribute(
		'aria-invalid',
		'true'
	);

	await form.getByLabel('Ngừng mua sau (ngày không mua)').fill('365');
	await careWindow.fill('45');
	await form.getByLabel('Khách quen: Tên hiển thị').fill('Khách ruột');
	await form.getByRole('button', { name: 'Lưu giai đoạn' }).click();
	await expect(toast(page, 'Đã lưu cài đặt giai đoạn.')).toBeVisible();

	await page.reload();
	await expect(careWindow).toHaveValue('45');
	await expect(form.getByLabel('Khách quen: Tên hiển thị')).toHaveValue('Khách ruột');
	// The owner's name is the stage's name across the app.
	await page.getByRole('link', { name: 'Bảng giai đoạn' }).click();
	await expect(column(page, 'loyal').getByRole('heading')).toHaveText('Khách ruột');
});
