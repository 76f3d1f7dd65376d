import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from './fixtures';
import { addCustomer, openPanel, startEmpty } from './helpers';

const BACKUP_PASS = 'gà trống gáy sáng sớm mai';
const OWNER_PASS = 'chủ tiệm Hoa Mai';

test.beforeEach(async ({ page }) => {
	// The browser's own save dialog cannot be driven: backups use the download fallback.
	await page.addInitScript(() => {
		Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
	});
	await startEmpty(page);
});

async function openSection(panel: Locator, testId: string): Promise<Locator> {
	const section = panel.getByTestId(testId);
	// A click on the summary toggles: open it only when it is closed.
	if (!(await section.evaluate((el) => (el as HTMLDetailsElement).open))) {
		await section.locator('summary').click();
	}
	return section;
}

async function recordConsent(
	panel: Locator,
	purpose: 'care' | 'promotions',
	given: boolean,
	method: string,
	note = ''
): Promise<void> {
	const section = await openSection(panel, 'consent-section');
	await section.getByTestId('consent-purpose').selectOption(purpose);
	await section.getByTestId(given ? 'consent-given' : 'consent-withdrawn').check();
	await section.getByTestId('consent-method').selectOption(method);
	await section.getByTestId('consent-note').fill(note);
	await section.getByTestId('consent-save').click();
	await expect(section.getByTestId(`consent-state-${purpose}`)).toHaveText(
		given ? 'Đã đồng ý' : 'Đã rút lại'
	);
}

async function recordPurchase(page: Page, panel: Locator, items: string, amount: string) {
	await panel.getByRole('button', { name: 'Ghi giao dịch' }).click();
	const form = page.getByTestId('purchase-form');
	await form.locator('[name="items"]').fill(items);
	await form.locator('[name="amount"]').fill(amount);
	await form.getByRole('button', { name: 'Lưu giao dịch' }).click();
	await expect(form).toBeHidden();
}

/** Every record of every store of the app's IndexedDB database, as text. */
async function wholeDatabase(page: Page): Promise<string> {
	return storeText(page, null);
}

/** One store's records (or every store's, for null) as JSON text, read straight from IndexedDB. */
async function storeText(page: Page, only: string | null): Promise<string> {
	return page.evaluate(async (only) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('so-khach');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const out: string[] = [];
		for (const name of Array.from(db.objectStoreNames)) {
			if (only !== null && name !== only) continue;
			const rows = await new Promise<unknown[]>((resolve, reject) => {
				const req = db.transaction(name).objectStore(name).getAll();
				req.onsuccess = () => resolve(req.result);
				req.onerror = () => reject(req.error);
			});
			out.push(`${name}: ${JSON.stringify(rows)}`);
		}
		db.close();
		return out.join('\n');
	}, only);
}

async function confirmRights(page: Page, text: string): Promise<void> {
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText('Không thể hoàn tác');
	await expect(page.getByTestId('rights-confirm')).toBeDisabled();
	await page.getByTestId('rights-confirm-text').fill(text);
	await page.getByTestId('rights-confirm').click();
	await expect(dialog).toBeHidden();
}

test('records consent per purpose and shows it in the panel after a reload', async ({ page }) => {
	await addCustomer(page, { name: 'Lê Thu Trang', phones: '0912 345 678' });
	let panel = await openPanel(page, 'Lê Thu Trang');
	await recordConsent(panel, 'promotions', true, 'zalo', 'Nhắn qua Zalo shop');
	await recordConsent(panel, 'care', false, 'phone');

	await page.reload();
	panel = await openPanel(page, 'Lê Thu Trang');
	const section = await openSection(panel, 'consent-section');
	await expect(section.getByTestId('consent-state-promotions')).toHaveText('Đã đồng ý');
	await expect(section.getByTestId('consent-state-care')).toHaveText('Đã rút lại');
	await expect(section.getByTestId('consent-history')).toContainText('Nhắn qua Zalo shop');
	await expect(section.getByTestId('consent-history').locator('li')).toHaveCount(2);
});

test('a promotions export leaves out a customer without consent to promotions', async ({
	page
}) => {
	await addCustomer(page, { name: 'Khách Đồng Ý', phones: '0912 111 222' });
	await addCustomer(page, { name: 'Khách Từ Chối', phones: '0912 333 444' });
	await addCustomer(page, { name: 'Khách Chưa Hỏi', phones: '0912 555 666' });
	let panel = await openPanel(page, 'Khách Đồng Ý');
	await recordConsent(panel, 'promotions', true, 'store');
	panel = await openPanel(page, 'Khách Từ Chối');
	await recordConsent(panel, 'promotions', false, 'form');

	await page.getByTestId('export-menu').click();
	await page.getByTestId('export-all').check();
	await page.getByTestId('export-promotions-only').check();
	const downloading = page.waitForEvent('download');
	await page.getByTestId('export-csv').click();
	const csv = readFileSync(await (await downloading).path(), 'utf8');
	expect(csv).toContain('Khách Đồng Ý');
	expect(csv).not.toContain('Khách Từ Chối');
	expect(csv).not.toContain('Khách Chưa Hỏi');
});

test('downloads one customer’s whole record as JSON and as a readable page', async ({ page }) => {
	await addCustomer(page, { name: 'Võ Thị Lan', phones: '0987 654 321', notes: 'Thích hoa hồng' });
	const panel = await openPanel(page, 'Võ Thị Lan');
	await recordPurchase(page, panel, 'Bó hoa hồng', '450k');
	await recordConsent(panel, 'care', true, 'store');
	const rights = await openSection(panel, 'rights-section');

	let downloading = page.waitForEvent('download');
	await rights.getByTestId('rights-json').click();
	let download = await downloading;
	expect(download.suggestedFilename()).toMatch(/^khach-vo-thi-lan-\d{4}-\d{2}-\d{2}\.json$/);
	const record = JSON.parse(readFileSync(await download.path(), 'utf8'));
	expect(record.format).toBe('so-khach-customer-record');
	expect(record.customer.name).toBe('Võ Thị Lan');
	expect(record.customer.notes).toBe('Thích hoa hồng');
	expect(record.customer.consents).toHaveLength(1);
	expect(record.purchases.map((p: { items: string }) => p.items)).toEqual(['Bó hoa hồng']);
	expect(record.changes.length).toBeGreaterThan(0);

	downloading = page.waitForEvent('download');
	await rights.getByTestId('rights-html').click();
	download = await downloading;
	expect(download.suggestedFilename()).toMatch(/\.html$/);
	const html = readFileSync(await download.path(), 'utf8');
	expect(html).toContain('Võ Thị Lan');
	expect(html).toContain('Bó hoa hồng');
});

test('anonymising keeps the purchase totals and removes the name', async ({ page }) => {
	await addCustomer(page, { name: 'Đặng Văn Hùng', phones: '0903 222 111' });
	let panel = await openPanel(page, 'Đặng Văn Hùng');
	await recordPurchase(page, panel, 'Áo sơ mi', '350k');
	await recordPurchase(page, panel, 'Quần tây', '500k');
	await expect(panel.getByTestId('summary-total')).toHaveText('850.000\u00a0₫');

	const rights = await openSection(panel, 'rights-section');
	await rights.getByTestId('rights-anonymise').click();
	await confirmRights(page, 'XOA');

	panel = page.getByTestId('customer-panel');
	await expect(panel.getByRole('heading', { name: 'Khách ẩn danh' })).toBeVisible();
	await expect(panel.getByTestId('summary-count')).toHaveText('2');
	await expect(panel.getByTestId('summary-total')).toHaveText('850.000\u00a0₫');
	const everything = await wholeDatabase(page);
	expect(everything).not.toContain('Đặng Văn Hùng');
	expect(everything).not.toContain('903222111');
	expect(everything).toContain('Áo sơ mi');
});

test('erasing leaves no trace in IndexedDB, and restoring an older backup does not bring the customer back', async ({
	page
}, testInfo) => {
	test.setTimeout(120_000);
	await addCustomer(page, { name: 'Phạm Hồng Nhung', phones: '0912 808 909', notes: 'Dị ứng' });
	await addCustomer(page, { name: 'Trần Văn Bình', phones: '0912 121 343' });
	let panel = await openPanel(page, 'Phạm Hồng Nhung');
	await recordPurchase(page, panel, 'Son môi', '200k');
	await recordConsent(panel, 'promotions', true, 'zalo');

	// A backup made while she is still in the book.
	await page.getByRole('link', { name: 'Cài đặt', exact: true }).click();
	await page.getByTestId('backup-settings-link').click();
	await page.getByTestId('export-passphrase').fill(BACKUP_PASS);
	await page.getByTestId('export-passphrase-again').fill(BACKUP_PASS);
	const downloading = page.waitForEvent('download');
	await page.getByTestId('export-button').click();
	const backup = testInfo.outputPath('before-erase.age');
	await (await downloading).saveAs(backup);
	await expect(page.getByTestId('export-outcome')).toContainText('Đã lưu bản sao lưu');

	// A duplicate scan leaves the customers' text in the packs (the dedup text blocks).
	await page.getByRole('link', { name: 'Trùng lặp' }).click();
	await page.getByTestId('dup-scan').click();
	await expect(page.getByTestId('dup-status')).toHaveAttribute('data-finished', '1');
	expect(await storeText(page, 'packs')).toContain('Phạm Hồng Nhung');

	await page.getByRole('link', { name: 'Khách hàng', exact: true }).click();
	panel = await openPanel(page, 'Phạm Hồng Nhung');
	const rights = await openSection(panel, 'rights-section');
	await rights.getByTestId('rights-erase').click();
	await expect(page.getByRole('dialog')).toContainText('Xoá vĩnh viễn Phạm Hồng Nhung?');
	await confirmRights(page, 'Phạm Hồng Nhung');
	await expect(page.getByTestId('customer-count')).toHaveText('1 khách');

	let everything = await wholeDatabase(page);
	expect(everything).toContain('Trần Văn Bình');
	for (const trace of ['Phạm Hồng Nhung', '912808909', 'Dị ứng', 'Son môi']) {
		expect(everything).not.toContain(trace);
	}

	// Restoring the older backup brings back everyone else, but not her.
	await page.getByRole('link', { name: 'Cài đặt', exact: true }).click();
	await page.getByTestId('backup-settings-link').click();
	await page.getByTestId('restore-file').setInputFiles(backup);
	await page.getByTestId('restore-passphrase').fill(BACKUP_PASS);
	await page.getByTestId('restore-check').click();
	await expect(page.getByTestId('restore-summary')).toBeVisible();
	await page.getByTestId('restore-button').click();
	const snapshot = page.waitForEvent('download');
	await page.getByTestId('restore-confirm').click();
	await snapshot;
	await expect(page.getByTestId('restore-outcome')).toContainText('Đã khôi phục', {
		timeout: 60_000
	});
	await page.getByRole('link', { name: 'Khách hàng', exact: true }).click();
	await expect(page.getByTestId('customer-count')).toHaveText('1 khách');
	everything = await wholeDatabase(page);
	expect(everything).toContain('Trần Văn Bình');
	expect(everything).not.toContain('Phạm Hồng Nhung');
	expect(everything).not.toContain('912808909');
});

test('the owner lock asks before emptying the trash and refuses a wrong passphrase', async ({
	page
}) => {
	await page.getByRole('link', { name: 'Cài đặt', exact: true }).click();
	const lock = page.getByTestId('owner-lock-settings');
	await expect(lock.getByTestId('owner-lock-state')).toHaveText('Chưa đặt mật khẩu chủ tiệm.');
	await lock.getByTestId('owner-new').fill(OWNER_PASS);
	await lock.getByTestId('owner-repeat').fill(OWNER_PASS);
	await lock.getByTestId('owner-save').click();
	await expect(lock.getByTestId('owner-lock-state')).toHaveText('Đã đặt mật khẩu chủ tiệm.');
	// Nothing of the passphrase is stored, only its hash.
	expect(await wholeDatabase(page)).not.toContain('Hoa Mai');
	await lock.getByRole('button', { name: 'Khoá lại ngay' }).click();

	await page.getByRole('link', { name: 'Khách hàng', exact: true }).click();
	await addCustomer(page, { name: 'Khách Bỏ Đi', phones: '0912 000 111' });
	const panel = await openPanel(page, 'Khách Bỏ Đi');
	// One customer to the trash is staff's everyday work: not asked.
	await panel.getByRole('button', { name: 'Chuyển vào thùng rác' }).click();
	await page.getByRole('link', { name: /Thùng rác/ }).click();
	await expect(page.getByTestId('trash-row')).toHaveCount(1);

	await page.getByTestId('empty-trash').click();
	const ask = page.getByRole('dialog', { name: 'Mật khẩu chủ tiệm' });
	await expect(ask).toContainText('Việc này cần mật khẩu chủ tiệm.');
	await page.getByTestId('owner-passphrase').fill('mật khẩu sai');
	await page.getByTestId('owner-unlock').click();
	await expect(page.getByTestId('owner-wrong')).toBeVisible();
	await page.getByTestId('owner-cancel').click();
	await expect(ask).toBeHidden();
	await expect(page.getByTestId('confirm-empty-trash')).toBeHidden();
	await expect(page.getByTestId('trash-row')).toHaveCount(1);

	await page.getByTestId('empty-trash').click();
	await page.getByTestId('owner-passphrase').fill(OWNER_PASS);
	await page.getByTestId('owner-unlock').click();
	await page.getByTestId('confirm-empty-trash').click();
	await expect(page.getByTestId('trash-empty')).toBeVisible();

	// After a reload the lock is closed again: settings ask first.
	await page.reload();
	await page.getByRole('link', { name: 'Cài đặt', exact: true }).click();
	await expect(page.getByRole('dialog', { name: 'Mật khẩu chủ tiệm' })).toBeVisible();
	await page.getByTestId('owner-cancel').click();
	await expect(page.getByTestId('settings-locked')).toBeVisible();
	await expect(page.getByTestId('owner-lock-settings')).toHaveCount(0);
});
