import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { openAge } from './age';
import { addCustomer, cell, editCell, startEmpty } from './helpers';

// Random words, strong enough for the app to accept; typed with diacritics on purpose.
const PASS = 'gà trống gáy sáng sớm mai';
const DAY = 24 * 60 * 60 * 1000;

/** The browser's own save dialog cannot be driven: use the download fallback. */
async function withoutSavePicker(page: Page): Promise<void> {
	await page.addInitScript(() => {
		Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
	});
}

async function loadSample(page: Page): Promise<void> {
	await page.goto('/');
	await page.waitForURL('**/welcome');
	await page.getByTestId('load-sample').click();
	await page.waitForURL((u) => u.pathname === '/', { timeout: 60_000 });
	await expect(page.getByTestId('customer-count')).toHaveText('300 khách');
}

async function openBackupPage(page: Page): Promise<void> {
	await page.getByRole('link', { name: 'Cài đặt', exact: true }).click();
	await page.getByTestId('backup-settings-link').click();
	await expect(page.getByRole('heading', { name: 'Sao lưu & khôi phục' })).toBeVisible();
}

async function typeExportPassphrase(page: Page, passphrase: string): Promise<void> {
	await page.getByTestId('export-passphrase').fill(passphrase);
	await page.getByTestId('export-passphrase-again').fill(passphrase);
}

async function chooseBackup(page: Page, file: string, passphrase: string): Promise<void> {
	await page.getByTestId('restore-file').setInputFiles(file);
	await page.getByTestId('restore-passphrase').fill(passphrase);
	await page.getByTestId('restore-check').click();
}

test('backs up the book, restores it over a change, and refuses a wrong passphrase or a cut file', async ({
	page
}, testInfo) => {
	test.setTimeout(180_000);
	await withoutSavePicker(page);
	await loadSample(page);
	// The grid draws its rows before their data arrives: read the name once it is there.
	await expect(cell(page, 0, 'name')).toHaveText(/\S/);
	const original = (await cell(page, 0, 'name').textContent())?.trim() ?? '';
	expect(original).not.toBe('');

	await openBackupPage(page);
	await expect(page.getByTestId('last-backup')).toHaveText('Chưa sao lưu lần nào.');
	// A weak passphrase is refused, with the reason.
	await typeExportPassphrase(page, 'matkhau123');
	await expect(page.getByTestId('passphrase-strength')).toHaveAttribute('data-score', '0');
	await expect(page.getByText('quá dễ đoán')).toBeVisible();
	await expect(page.getByTestId('export-button')).toBeDisabled();
	await typeExportPassphrase(page, PASS);
	await expect(page.getByTestId('export-button')).toBeEnabled();

	const downloading = page.waitForEvent('download');
	await page.getByTestId('export-button').click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(/^so-khach_.*\d{4}-\d{2}-\d{2}\.age$/);
	const backup = testInfo.outputPath('backup.age');
	await download.saveAs(backup);
	await expect(page.getByTestId('export-outcome')).toContainText('Đã lưu bản sao lưu');
	await expect(page.getByTestId('last-backup')).not.toHaveText('Chưa sao lưu lần nào.');
	// The passphrase is not kept once the backup is made.
	await expect(page.getByTestId('export-passphrase')).toHaveValue('');

	await test.step('the age command line tool opens the backup', async () => {
		const plain = await openAge(backup, { passphrase: PASS });
		const manifest = JSON.parse(plain.slice(0, plain.indexOf('\n')));
		expect(manifest.format).toBe('so-khach-backup');
		expect(manifest.tables.find((t: { name: string }) => t.name === 'customers').count).toBe(300);
		expect(plain).toContain(original);
	});

	// A change made after the backup…
	await page.getByRole('link', { name: 'Khách hàng', exact: true }).click();
	await expect(cell(page, 0, 'name')).toHaveText(original);
	await editCell(page, cell(page, 0, 'name'), 'Khách Đổi Tên Thử');
	const search = page.getByTestId('quick-search');
	const names = page.locator('.ag-cell[col-id="name"]');
	await search.fill('khach doi ten thu');
	await expect(names).toHaveText(['Khách Đổi Tên Thử']);

	await openBackupPage(page);
	await test.step('a wrong passphrase says so, and changes nothing', async () => {
		await chooseBackup(page, backup, 'gà trống gáy sáng sớm chiều');
		await expect(page.getByTestId('restore-outcome')).toContainText('Sai mật khẩu');
		await expect(page.getByTestId('restore-summary')).toHaveCount(0);
	});
	await test.step('a file cut short says so', async () => {
		const bytes = readFileSync(backup);
		const cut = testInfo.outputPath('cut.age');
		writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
		await chooseBackup(page, cut, PASS);
		await expect(page.getByTestId('restore-outcome')).toContainText('bị cắt cụt');
		await expect(page.getByTestId('restore-summary')).toHaveCount(0);
	});

	// Neither attempt wrote anything: the change is still there.
	await page.getByRole('link', { name: 'Khách hàng', exact: true }).click();
	await page.getByTestId('quick-search').fill('khach doi ten thu');
	await expect(names).toHaveText(['Khách Đổi Tên Thử']);
	await openBackupPage(page);

	// …is gone after restoring the backup, replacing everything.
	await chooseBackup(page, backup, PASS);
	const summary = page.getByTestId('restore-summary');
	await expect(summary).toBeVisible();
	await expect(page.getByTestId('restore-count-customers')).toContainText('300');
	await expect(summary.getByLabel(/Thay thế toàn bộ/)).toBeChecked();
	await page.getByTestId('restore-button').click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText('sao lưu của sổ hiện tại');
	const snapshotDownload = page.waitForEvent('download');
	await page.getByTestId('restore-confirm').click();
	// The book as it was is downloaded first, as the way back.
	expect((await snapshotDownload).suggestedFilename()).toMatch(/_truoc-khoi-phuc\.age$/);
	await expect(page.getByTestId('restore-outcome')).toContainText('Đã khôi phục', {
		timeout: 60_000
	});

	await page.getByRole('link', { name: 'Khách hàng', exact: true }).click();
	await expect(page.getByTestId('customer-count')).toHaveText('300 khách');
	await page.getByTestId('quick-search').fill('khach doi ten thu');
	await expect(names).toHaveCount(0);
	await page.getByTestId('quick-search').fill(original);
	await expect(names.filter({ hasText: original })).not.toHaveCount(0);

	await test.step('a merge keeps what the backup does not have', async () => {
		await page.getByTestId('quick-search').fill('');
		await addCustomer(page, { name: 'Khách Đến Sau Sao Lưu', phones: '0912 606 707' });
		await expect(page.getByTestId('customer-count')).toHaveText('301 khách');
		await openBackupPage(page);
		await chooseBackup(page, backup, PASS);
		await page.getByTestId('restore-summary').getByLabel(/Gộp/).check();
		await page.getByTestId('restore-button').click();
		await expect(page.getByRole('dialog')).toContainText('sẽ được gộp');
		const again = page.waitForEvent('download');
		await page.getByTestId('restore-confirm').click();
		await again;
		await expect(page.getByTestId('restore-outcome')).toContainText('Đã gộp', {
			timeout: 60_000
		});
		await page.getByRole('link', { name: 'Khách hàng', exact: true }).click();
		await expect(page.getByTestId('customer-count')).toHaveText('301 khách');
	});
});

test('saves through the browser’s save dialog, streamed into the chosen file', async ({ page }) => {
	// Stands in for the owner picking a file: a real FileSystemFileHandle, in the origin's
	// private file system, written by the backup worker like a file on disk.
	await page.addInitScript(() => {
		Object.defineProperty(window, 'showSaveFilePicker', {
			configurable: true,
			value: async (options: { suggestedName: string }) => {
				localStorage.setItem('suggestedName', options.suggestedName);
				const dir = await navigator.storage.getDirectory();
				return dir.getFileHandle('chosen.age', { create: true });
			}
		});
	});
	await startEmpty(page);
	await addCustomer(page, { name: 'Lý Thị Sao Lưu', phones: '0912 777 888' });
	await openBackupPage(page);
	await typeExportPassphrase(page, PASS);
	await page.getByTestId('export-button').click();
	await expect(page.getByTestId('export-outcome')).toContainText('chosen.age', { timeout: 30_000 });
	expect(await page.evaluate(() => localStorage.getItem('suggestedName'))).toMatch(
		/^so-khach_\d{4}-\d{2}-\d{2}\.age$/
	);
	const bytes = await page.evaluate(async () => {
		const dir = await navigator.storage.getDirectory();
		const file = await (await dir.getFileHandle('chosen.age')).getFile();
		return Array.from(new Uint8Array(await file.arrayBuffer()));
	});
	const saved = test.info().outputPath('chosen.age');
	writeFileSync(saved, Uint8Array.from(bytes));
	expect(readFileSync(saved, 'latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt /);
	expect(await openAge(saved, { passphrase: PASS })).toContain('Lý Thị Sao Lưu');
});

test('reminds the owner when the last backup is old, and can be put off', async ({ page }) => {
	await startEmpty(page);
	// Seed a backup made ten days ago, as the page would have recorded it.
	await page.evaluate(
		async (at) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const req = indexedDB.open('so-khach');
				req.onsuccess = () => resolve(req.result);
				req.onerror = () => reject(req.error);
			});
			await new Promise<void>((resolve, reject) => {
				const tx = db.transaction('settings', 'readwrite');
				tx.objectStore('settings').put({ key: 'backup.lastAt', value: at });
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			});
			db.close();
		},
		Date.now() - 10 * DAY
	);
	await page.reload();
	const banner = page.getByTestId('backup-reminder');
	await expect(banner).toContainText('Đã 10 ngày chưa sao lưu');
	await page.getByRole('link', { name: 'Cài đặt', exact: true }).click();
	await expect(page.getByTestId('settings-last-backup')).toContainText('Sao lưu gần nhất');

	await banner.getByRole('button', { name: 'Để sau' }).click();
	await expect(banner).toHaveCount(0);
	await page.reload();
	await expect(page.getByTestId('settings-last-backup')).toBeVisible();
	await expect(banner).toHaveCount(0);

	// Put off for a day only: a day later it is back, and its link leads to the backup page.
	await page.clock.setFixedTime(Date.now() + DAY + 60_000);
	await page.reload();
	await expect(banner).toBeVisible();
	await banner.getByRole('link', { name: 'Sao lưu ngay' }).click();
	await expect(page.getByRole('heading', { name: 'Sao lưu & khôi phục' })).toBeVisible();
	await expect(banner).toHaveCount(0);

	// 0 days: never remind.
	await page.getByTestId('remind-days').fill('0');
	await page.getByTestId('remind-days').blur();
	await expect(page.getByText('Đã tắt lời nhắc sao lưu.')).toBeVisible();
	await page.getByRole('link', { name: 'Khách hàng', exact: true }).click();
	await expect(page.getByTestId('customers-empty')).toBeVisible();
	await expect(banner).toHaveCount(0);
});
