import { expect, test, type Locator, type Page } from './fixtures';
import { openPanel, startEmpty } from './helpers';
import { toast } from './care-helpers';

/**
 * Duplicates, end to end: the on-entry warning, a scan, a merge and its undo, and "not
 * duplicates" remembered. The book gets sixty other customers first: the engine measures how
 * common a name or a number is on the book itself, and a book of three says too little.
 */

const FAMILY = ['Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Khoa', 'Lâm', 'Minh', 'Nam', 'Phúc'];

function bookCsv(): string {
	const rows = ['Họ và tên,Số điện thoại,Tỉnh/Thành phố'];
	let n = 0;
	for (const family of FAMILY) {
		for (const given of GIVEN) {
			rows.push(`${family} Văn ${given},09${String(10000000 + n * 7919).slice(0, 8)},Huế`);
			n++;
		}
	}
	rows.push('Nguyễn Thị Hương,+84 912 345 678,Hà Nội');
	rows.push('Đỗ Minh Tuấn,0383 456 789,Đà Nẵng');
	return rows.join('\n');
}

async function importBook(page: Page): Promise<void> {
	await page.getByTestId('import-link').click();
	await page.waitForURL('**/import');
	await page.getByTestId('import-file').setInputFiles({
		name: 'khach.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(bookCsv(), 'utf8')
	});
	await page.getByTestId('import-check').click();
	await page.getByTestId('import-run').click();
	await expect(page.getByTestId('import-done')).toBeVisible();
}

async function openCustomers(page: Page, search: string): Promise<void> {
	await page.getByRole('link', { name: 'Khách hàng' }).click();
	await page.waitForURL((u) => u.pathname === '/');
	await page.getByTestId('quick-search').fill(search);
}

async function recordPurchase(page: Page, panel: Locator, items: string, amount: string) {
	await panel.getByRole('button', { name: 'Ghi giao dịch' }).click();
	const form = page.getByTestId('purchase-form');
	await form.locator('[name="items"]').fill(items);
	await form.locator('[name="amount"]').fill(amount);
	await form.getByRole('button', { name: 'Lưu giao dịch' }).click();
	await expect(form).toBeHidden();
}

async function scan(page: Page): Promise<void> {
	const status = page.getByTestId('dup-status');
	const before = Number((await status.getAttribute('data-finished')) ?? 0);
	await page.getByTestId('dup-scan').click();
	await expect(status).toHaveAttribute('data-finished', String(before + 1));
	await expect(status).toContainText(/nhóm có thể trùng|Không thấy/);
}

const huongCluster = (page: Page) =>
	page.getByTestId('duplicate-cluster').filter({ hasText: 'Hương Nguyễn' });

test('warns on entry, finds, merges, undoes and remembers "not duplicates"', async ({ page }) => {
	test.setTimeout(90_000);
	await startEmpty(page);
	await importBook(page);
	await openCustomers(page, 'Hương');

	// On entry: the same number written another way names the existing customer.
	await page.getByTestId('add-customer').click();
	const form = page.getByTestId('customer-form');
	await form.locator('[name="name"]').fill('Hương Nguyễn');
	await form.locator('[name="phones"]').fill('0912.345.678');
	const warning = form.getByTestId('duplicate-warning');
	await expect(warning).toContainText('Có thể trùng với:');
	await expect(warning).toContainText('số điện thoại');
	await warning.getByRole('link', { name: 'Mở hồ sơ Nguyễn Thị Hương' }).click();
	await expect(form).toBeHidden();
	await expect(page).toHaveURL(/\?customer=/);
	const existing = page.getByTestId('customer-panel');
	await expect(existing.getByRole('heading', { name: 'Nguyễn Thị Hương' })).toBeVisible();
	await recordPurchase(page, existing, 'Áo dài lụa', '500k');

	// An old 11-digit number (0168 → 038 since 2018) is the same phone too.
	await page.getByTestId('add-customer').click();
	await form.locator('[name="phones"]').fill('0168 345 6789');
	await expect(warning).toContainText('Đỗ Minh Tuấn');

	// Save a second Hương anyway: the warning warns, it never stops anyone.
	await form.locator('[name="name"]').fill('Hương Nguyễn');
	await form.locator('[name="phones"]').fill('0912 345 678');
	await form.locator('[name="emails"]').fill('huong.nguyen@example.com');
	await expect(warning).toContainText('Nguyễn Thị Hương');
	await form.getByRole('button', { name: 'Lưu' }).click();
	await expect(form).toBeHidden();
	await recordPurchase(page, await openPanel(page, 'Hương Nguyễn'), 'Khăn lụa', '200k');

	// Full scan: the pair is proposed with its score and what matched.
	await page.getByRole('link', { name: 'Trùng lặp' }).click();
	await scan(page);
	const cluster = huongCluster(page);
	await expect(cluster).toContainText('Nguyễn Thị Hương');
	await expect(cluster.getByTestId('cluster-score')).toHaveText(/khớp \d+%/);
	await expect(cluster.getByTestId('cluster-matched')).toContainText('số điện thoại');

	// Merge: keep the new record, but the name of the old one.
	await cluster.getByTestId('cluster-merge').click();
	const dialog = page.getByTestId('merge-dialog');
	const heads = await dialog.locator('thead th').allInnerTexts();
	const newIndex = heads.slice(1).findIndex((h) => h.includes('Hương Nguyễn'));
	const oldIndex = 1 - newIndex;
	await dialog.getByTestId(`merge-keep-${newIndex}`).check();
	await dialog.getByTestId(`merge-choice-name-${oldIndex}`).check();
	await dialog.getByTestId('merge-confirm').click();
	await expect(dialog).toBeHidden();
	await expect(huongCluster(page)).toHaveCount(0);

	await openCustomers(page, 'Hương');
	await expect(page.locator('.ag-cell[col-id="name"]')).toHaveCount(1);
	const kept = await openPanel(page, 'Nguyễn Thị Hương');
	await expect(kept.getByTestId('summary-count')).toHaveText('2');
	await expect(kept.getByTestId('purchase-item')).toHaveCount(2);

	// One Ctrl+Z takes the whole merge back: both customers, each with their own purchase.
	await kept.getByRole('button', { name: 'Đóng' }).click();
	await page.getByRole('heading', { name: 'Khách hàng', level: 1 }).click();
	await page.keyboard.press('Control+z');
	await expect(page.locator('.ag-cell[col-id="name"]')).toHaveCount(2);
	const back = await openPanel(page, 'Hương Nguyễn');
	await expect(back.getByTestId('summary-count')).toHaveText('1');

	// The list follows the book: the group is back without a new scan.
	await page.getByRole('link', { name: 'Trùng lặp' }).click();
	await expect(huongCluster(page)).toHaveCount(1);

	// "Not duplicates" takes it away, its undo brings it back; remembered, it stays away after a
	// rescan and after a reload.
	await huongCluster(page).getByTestId('cluster-dismiss').click();
	await expect(huongCluster(page)).toHaveCount(0);
	await toast(page, 'không trùng nhau').getByRole('button', { name: 'Hoàn tác' }).click();
	await expect(huongCluster(page)).toHaveCount(1);
	await huongCluster(page).getByTestId('cluster-dismiss').click();
	await expect(huongCluster(page)).toHaveCount(0);
	await scan(page);
	await expect(huongCluster(page)).toHaveCount(0);
	await page.reload();
	await scan(page);
	await expect(huongCluster(page)).toHaveCount(0);
});
