import { expect, test, type Page } from './fixtures';
import { startEmpty } from './helpers';

async function importWithTags(page: Page): Promise<void> {
	const text = [
		'Họ và tên,Số điện thoại,Nhóm khách hàng',
		'Nguyễn Thị Hương,0912 345 678,"VIP, Khách sỉ"',
		'Trần Văn Đức,0987654321,"Khach VIP cu, Khách sỉ"',
		'Lê Mai,0903 111 222,'
	].join('\n');
	await page.goto('/import');
	await page
		.getByTestId('import-file')
		.setInputFiles({ name: 'the.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
	await page.getByTestId('import-check').click();
	await page.getByTestId('import-run').click();
	await expect(page.getByTestId('import-done')).toBeVisible();
}

function row(page: Page, name: string) {
	return page.locator(`[data-testid="tag-row"][data-tag="${name}"]`);
}

test('renames, merges and deletes tags across the book, each undoable', async ({ page }) => {
	await startEmpty(page);
	await importWithTags(page);
	await page.goto('/settings');
	await page.getByTestId('tag-settings-link').click();
	await expect(page.getByTestId('tag-row')).toHaveCount(3);
	await expect(row(page, 'Khách sỉ').getByTestId('tag-count')).toHaveText('2 khách');

	const vip = row(page, 'VIP').getByTestId('tag-name');
	await vip.fill('Khách VIP');
	await vip.press('Enter');
	await expect(page.getByText('Đã đổi tên thẻ thành «Khách VIP».')).toBeVisible();

	await row(page, 'Khach VIP cu').getByTestId('tag-merge').selectOption({ label: 'Khách VIP' });
	await expect(page.getByTestId('tag-row')).toHaveCount(2);
	await expect(row(page, 'Khách VIP').getByTestId('tag-count')).toHaveText('2 khách');

	await row(page, 'Khách sỉ').getByTestId('tag-delete').click();
	await expect(page.getByRole('dialog')).toContainText('gỡ khỏi 2 khách');
	await page.getByTestId('confirm-tag-delete').click();
	await expect(page.getByTestId('tag-row')).toHaveCount(1);

	// Ctrl+Z on the page takes the delete back, then the merge.
	await page.locator('body').click();
	await page.keyboard.press('Control+z');
	await expect(page.getByTestId('tag-row')).toHaveCount(2);
	await page.keyboard.press('Control+z');
	await expect(page.getByTestId('tag-row')).toHaveCount(3);
	await expect(row(page, 'Khach VIP cu').getByTestId('tag-count')).toHaveText('1 khách');
});
