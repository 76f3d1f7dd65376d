import { expect, test } from './fixtures';
import { addCustomer, cellOf, startEmpty } from './helpers';

test('first run: loads a realistic sample shop', async ({ page }) => {
	await page.goto('/');
	await page.waitForURL('**/welcome');
	await page.getByTestId('load-sample').click();
	await page.waitForURL((u) => u.pathname === '/', { timeout: 60_000 });
	await expect(page.getByTestId('customer-count')).toHaveText('300 khách');
	await expect(page.locator('.ag-cell[col-id="name"]').first()).not.toBeEmpty();
	// Some sample phones are invalid on purpose: they are kept and flagged.
	await page.getByLabel('Chỉ khách có dữ liệu lỗi').check();
	await expect(page.locator('.ag-cell.cell-invalid').first()).toBeVisible();
});

test('makes no network request outside the app itself', async ({ page }) => {
	const foreign: string[] = [];
	page.on('request', (r) => {
		const url = new URL(r.url());
		if (!['localhost', '127.0.0.1'].includes(url.hostname) && url.protocol.startsWith('http')) {
			foreign.push(r.url());
		}
	});
	await startEmpty(page);
	await addCustomer(page, { name: 'Phan Thanh Bình', phones: '0912 555 666' });
	await page.getByRole('link', { name: /Cài đặt/ }).click();
	await page.getByRole('link', { name: /Thùng rác/ }).click();
	expect(foreign).toEqual([]);
});

test('loads and works offline after a reload', async ({ page, context }) => {
	await startEmpty(page);
	await addCustomer(page, { name: 'Đỗ Thị Hoa', phones: '0912 222 333' });
	// Wait until the service worker is active: every asset is precached by then.
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await context.setOffline(true);
	await page.reload();
	await expect(await cellOf(page, 'Đỗ Thị Hoa', 'phones')).toHaveText('0912 222 333');
	await expect(page.getByTestId('offline-badge')).toBeVisible();
	await addCustomer(page, { name: 'Mai Văn Tâm', phones: '0912 444 555' });
	await expect(await cellOf(page, 'Mai Văn Tâm', 'phones')).toHaveText('0912 444 555');
	await page.goto('/settings');
	await expect(page.getByRole('heading', { name: 'Cài đặt' })).toBeVisible();
	await context.setOffline(false);
});

test('switches the interface to English and remembers it', async ({ page }) => {
	await startEmpty(page);
	await page.getByRole('link', { name: /Cài đặt/ }).click();
	// Switching reloads the page in the new language.
	await page.getByLabel('English (Tiếng Anh)').click();
	await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
	await page.reload();
	await expect(page.getByRole('link', { name: /Customers/ })).toBeVisible();
	await page.getByRole('link', { name: /Customers/ }).click();
	await expect(page.getByTestId('add-customer')).toHaveText(/Add customer/);
	await page.getByRole('link', { name: /Settings/ }).click();
	await page.getByLabel(/Tiếng Việt/).click();
	await expect(page.getByRole('heading', { name: 'Cài đặt' })).toBeVisible();
});

test('shows in Settings whether storage is persistent and how much is used', async ({ page }) => {
	await startEmpty(page);
	await page.getByRole('link', { name: /Cài đặt/ }).click();
	await expect(page.getByTestId('persist-status')).toBeVisible();
	await expect(page.getByTestId('storage-usage')).toContainText('Đang dùng');
});

test('asks to reload when another tab upgrades the database', async ({ page, context }) => {
	await startEmpty(page);
	await addCustomer(page, { name: 'Tô Hoài An', phones: '0912 888 999' });
	const other = await context.newPage();
	await other.goto('/settings');
	// A newer version of the app opening the database with a higher schema version.
	await other.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const probe = indexedDB.open('so-khach');
				probe.onsuccess = () => {
					const v = probe.result.version;
					probe.result.close();
					const req = indexedDB.open('so-khach', v + 10);
					req.onsuccess = () => {
						req.result.close();
						resolve();
					};
					req.onerror = () => reject(req.error);
				};
			})
	);
	await expect(page.getByTestId('db-upgraded-banner')).toBeVisible();
	await other.close();
});
