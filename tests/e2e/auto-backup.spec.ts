import { readFileSync, writeFileSync } from 'node:fs';
import { generateX25519Identity } from 'age-encryption';
import { expect, test, type Page } from './fixtures';
import { openAge } from './age';
import { addCustomer, startEmpty } from './helpers';

const DAY = 24 * 60 * 60 * 1000;
const AUTO_NAME = /^so-khach-(?:[A-Za-z0-9-]+-)?\d{4}-\d{2}-\d{2}-\d{4}\.age$/;

/**
 * Stands in for the owner picking a folder: the native picker cannot be driven, so it returns a
 * real directory handle from the origin private file system, and everything after it is the app's
 * own File System Access code. Like Chromium with a folder on disk, the permission to write is
 * granted by the picker and then asked again (`prompt`) after every reload until the owner allows it.
 */
async function withFolderPicker(page: Page): Promise<void> {
	await page.addInitScript(() => {
		let granted = false;
		Object.defineProperty(window, 'showDirectoryPicker', {
			configurable: true,
			value: async () => {
				granted = true;
				const root = await navigator.storage.getDirectory();
				return root.getDirectoryHandle('auto', { create: true });
			}
		});
		const proto = (window as unknown as { FileSystemHandle: { prototype: object } })
			.FileSystemHandle.prototype;
		Object.assign(proto, {
			queryPermission: async () => (granted ? 'granted' : 'prompt'),
			requestPermission: async () => {
				granted = true;
				return 'granted';
			}
		});
	});
}

/** The names in the backup folder, sorted. */
function folderNames(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const root = await navigator.storage.getDirectory();
		const dir = await root.getDirectoryHandle('auto', { create: true });
		const names: string[] = [];
		for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
			names.push(name);
		}
		return names.sort();
	});
}

async function putInFolder(page: Page, name: string, text: string): Promise<void> {
	await page.evaluate(
		async ([name, text]) => {
			const root = await navigator.storage.getDirectory();
			const dir = await root.getDirectoryHandle('auto', { create: true });
			const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
			await writable.write(text);
			await writable.close();
		},
		[name, text]
	);
}

async function readFromFolder(page: Page, name: string): Promise<Uint8Array> {
	const bytes = await page.evaluate(async (name) => {
		const root = await navigator.storage.getDirectory();
		const dir = await root.getDirectoryHandle('auto');
		const file = await (await dir.getFileHandle(name)).getFile();
		return Array.from(new Uint8Array(await file.arrayBuffer()));
	}, name);
	return Uint8Array.from(bytes);
}

async function openBackupPage(page: Page): Promise<void> {
	await page.getByRole('link', { name: 'Cài đặt', exact: true }).click();
	await page.getByTestId('backup-settings-link').click();
	await expect(page.getByRole('heading', { name: 'Sao lưu & khôi phục' })).toBeVisible();
}

const autoNames = (names: string[]) => names.filter((n) => AUTO_NAME.test(n));

test('backs up into a folder on a schedule, keeps the last N, and restores with the key file', async ({
	page
}, testInfo) => {
	test.setTimeout(240_000);
	const start = Date.now();
	await page.clock.setFixedTime(start);
	await withFolderPicker(page);
	await startEmpty(page);
	await addCustomer(page, { name: 'Lê Thị Tự Động', phones: '0912 321 654' });
	await openBackupPage(page);

	const panel = page.getByTestId('autobackup');
	await panel.getByTestId('autobackup-enable').click();
	await expect(panel.getByTestId('autobackup-start')).toBeDisabled();

	// A new key pair: the secret key is shown once and downloaded as the key file.
	const keyDownload = page.waitForEvent('download');
	await panel.getByTestId('autobackup-generate').click();
	const download = await keyDownload;
	expect(download.suggestedFilename()).toBe('so-khach_khoa-sao-luu.txt');
	const keyFile = testInfo.outputPath('key.txt');
	await download.saveAs(keyFile);
	const keyText = readFileSync(keyFile, 'utf8');
	const identity = (await panel.getByTestId('autobackup-identity').textContent())?.trim() ?? '';
	expect(identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
	expect(keyText.trim().split('\n').at(-1)).toBe(identity);
	expect(keyText).toMatch(/^# public key: age1[0-9a-z]{58}$/m);

	await panel.getByTestId('autobackup-key-kept').check();
	await panel.getByTestId('autobackup-pick-folder').click();
	await expect(panel.getByTestId('autobackup-folder')).toContainText('auto');
	await panel.getByTestId('autobackup-keep').fill('2');
	await panel.getByTestId('autobackup-start').click();
	await expect(panel.getByTestId('autobackup-outcome')).toContainText('Đã sao lưu vào so-khach-', {
		timeout: 30_000
	});
	await expect(panel.getByTestId('autobackup-on')).toContainText('mỗi ngày, giữ 2 bản gần nhất');
	// The secret key is gone from the page; an automatic backup counts as the last backup.
	await expect(page.getByTestId('autobackup-identity')).toHaveCount(0);
	await expect(page.getByTestId('last-backup')).not.toHaveText('Chưa sao lưu lần nào.');
	const first = autoNames(await folderNames(page));
	expect(first).toHaveLength(1);
	// The app keeps only the public key in the book.
	const stored = await page.evaluate(
		() =>
			new Promise<string>((resolve, reject) => {
				const req = indexedDB.open('so-khach');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const get = req.result.transaction('settings').objectStore('settings').getAll();
					get.onsuccess = () => resolve(JSON.stringify(get.result));
					get.onerror = () => reject(get.error);
				};
			})
	);
	expect(stored).toContain('"recipient":"age1');
	expect(stored).not.toContain('AGE-SECRET-KEY');

	// The owner's own files in the folder, which pruning must never touch.
	const foreign = ['ghi-chu.txt', 'so-khach_2026-01-01.age'];
	for (const name of foreign) await putInFolder(page, name, 'của chủ tiệm');

	for (const day of [1, 2]) {
		await test.step(`day ${day}: after a reload the browser asks again, then the backup is made`, async () => {
			const before = autoNames(await folderNames(page));
			await page.clock.setFixedTime(start + day * DAY);
			await page.reload();
			const banner = page.getByTestId('autobackup-banner');
			await expect(banner).toContainText('Sao lưu tự động cần quyền ghi vào thư mục');
			await banner.getByRole('button', { name: 'Cho phép' }).click();
			await expect(banner).toHaveCount(0);
			// A new one is written, and never more than two are left.
			await expect
				.poll(async () => autoNames(await folderNames(page)).filter((n) => !before.includes(n)), {
					timeout: 30_000
				})
				.toHaveLength(1);
			await expect.poll(async () => autoNames(await folderNames(page))).toHaveLength(2);
		});
	}
	// Three made, two kept: the first is gone, the owner's files are not.
	const names = await folderNames(page);
	const kept = autoNames(names);
	expect(kept).toHaveLength(2);
	expect(kept).not.toContain(first[0]);
	expect(names).toEqual(expect.arrayContaining(foreign));
	const newest = kept[kept.length - 1];

	const backup = testInfo.outputPath(newest);
	writeFileSync(backup, await readFromFolder(page, newest));
	expect(readFileSync(backup, 'latin1')).toMatch(/^age-encryption\.org\/v1\n-> X25519 /);

	await test.step('the age command line tool opens it with the key file', async () => {
		expect(await openAge(backup, { identityFile: keyFile })).toContain('Lê Thị Tự Động');
	});

	// A change after the backup, which restoring it takes back.
	await page.getByRole('link', { name: 'Khách hàng', exact: true }).click();
	await addCustomer(page, { name: 'Khách Đến Sau', phones: '0912 000 111' });
	await expect(page.getByTestId('customer-count')).toHaveText('2 khách');
	await openBackupPage(page);
	const restore = page.getByTestId('backup-restore');
	await restore.getByTestId('restore-file').setInputFiles(backup);
	// Named like an automatic backup: the panel asks for the key file.
	await expect(restore.getByTestId('restore-with-key')).toBeChecked();

	await test.step('another key file says so', async () => {
		await restore.getByTestId('restore-key-text').fill(await generateX25519Identity());
		await restore.getByTestId('restore-check').click();
		await expect(restore.getByTestId('restore-outcome')).toContainText(
			'Tệp khóa này không mở được'
		);
		await restore.getByTestId('restore-key-text').fill('AGE-SECRET-KEY-1 không phải khóa');
		await expect(restore.getByTestId('restore-key-invalid')).toBeVisible();
		await expect(restore.getByTestId('restore-check')).toBeDisabled();
		await restore.getByTestId('restore-key-text').fill('');
	});

	await restore.getByTestId('restore-key-file').setInputFiles(keyFile);
	await restore.getByTestId('restore-check').click();
	await expect(restore.getByTestId('restore-count-customers')).toContainText('1');
	await restore.getByTestId('restore-button').click();
	const snapshot = page.waitForEvent('download');
	await page.getByTestId('restore-confirm').click();
	expect((await snapshot).suggestedFilename()).toMatch(/_truoc-khoi-phuc\.age$/);
	await expect(restore.getByTestId('restore-outcome')).toContainText('Đã khôi phục', {
		timeout: 60_000
	});
	await page.getByRole('link', { name: 'Khách hàng', exact: true }).click();
	await expect(page.getByTestId('customer-count')).toHaveText('1 khách');
	await expect(page.locator('.ag-cell[col-id="name"]')).toHaveText(['Lê Thị Tự Động']);

	await test.step('a folder that went away is shown as such, and the app goes on', async () => {
		await page.evaluate(async () => {
			const root = await navigator.storage.getDirectory();
			await root.removeEntry('auto', { recursive: true });
		});
		await openBackupPage(page);
		await panel.getByTestId('autobackup-now').click();
		const failed = panel.getByTestId('autobackup-last-failed');
		await expect(failed).toContainText('bị lỗi: không tìm thấy thư mục');
		await expect(failed).toContainText('Sẽ tự thử lại');
		await page.getByRole('link', { name: 'Khách hàng', exact: true }).click();
		const banner = page.getByTestId('autobackup-failed-banner');
		await expect(banner).toContainText('Sao lưu tự động bị lỗi: không tìm thấy thư mục');
		await expect(page.getByTestId('customer-count')).toHaveText('1 khách');
		await banner.getByRole('button', { name: 'Để sau' }).click();
		await expect(banner).toHaveCount(0);
	});
});

test('says plainly when the browser cannot write into a folder', async ({ page }) => {
	await page.addInitScript(() => {
		Object.defineProperty(window, 'showDirectoryPicker', { value: undefined, configurable: true });
	});
	await startEmpty(page);
	await openBackupPage(page);
	await expect(page.getByTestId('autobackup-unsupported')).toContainText('Chrome hoặc Edge');
	await expect(page.getByTestId('autobackup-enable')).toHaveCount(0);
});
