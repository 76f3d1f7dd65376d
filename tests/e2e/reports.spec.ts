import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';

async function openReportsWithSample(page: Page): Promise<void> {
	await page.goto('/');
	await page.waitForURL('**/welcome');
	await page.getByTestId('load-sample').click();
	await page.waitForURL((u) => u.pathname === '/', { timeout: 60_000 });
	await page.getByRole('link', { name: 'Báo cáo' }).click();
	await page.waitForURL('**/reports');
	await expect(page.locator('[data-tile="revenue"]')).toBeVisible({ timeout: 30_000 });
}

const tile = (page: Page, id: string) => page.locator(`[data-tile="${id}"]`);

test('the dashboard shows the sample shop this month against last month, then a year', async ({
	page
}) => {
	await openReportsWithSample(page);
	await expect(page.getByTestId('period-range')).toHaveText(
		/^01\/\d\d\/\d{4} – \d\d\/\d\d\/\d{4}$/
	);
	await expect(tile(page, 'revenue').locator('.value')).toHaveText(/\d[\d.]*\u00a0₫$/);
	await expect(tile(page, 'revenue')).toContainText('kỳ trước: ');
	await expect(tile(page, 'quality').locator('.value')).toHaveText(/%$/);
	// Every chart is drawn and described in words.
	const charts = page.locator('figure.chart');
	await expect(charts).toHaveCount(8);
	await expect(
		page.getByRole('img', {
			name: /^Biểu đồ Các tỷ lệ, kỳ này và kỳ trước: Tỷ lệ quay lại trong 3 tháng /
		})
	).toBeVisible();
	await expect(
		page.getByRole('img', { name: /^Biểu đồ Doanh thu theo thời gian: 01\// })
	).toBeVisible();
	await expect(
		page.getByRole('img', { name: /^Biểu đồ Khách mới và khách quay lại: .*Khách mới \d/ })
	).toBeVisible();
	// Stages and RFM add up to the whole sample book of 300.
	const stageCounts = await page.locator('table[data-table="stages"] tbody td').allTextContents();
	expect(stageCounts.reduce((a, t) => a + Number(t.replace(/\./g, '')), 0)).toBe(300);

	await page.getByRole('combobox', { name: 'Kỳ báo cáo', exact: true }).selectOption('year');
	await expect(page.getByTestId('period-range')).toHaveText(/^01\/01\/\d{4} – 31\/12\/\d{4}$/);
	await expect(page.locator('table[data-table="revenue"] tbody tr')).toHaveCount(12);
	await expect(page.locator('table[data-table="staff"] tbody tr').first()).toBeVisible();
});

const count = (n: number) => new RegExp(`^${n.toLocaleString('vi-VN')} / `);
const numberIn = (text: string | null) => Number((text ?? '').replace(/\./g, ''));

test('a number no rule describes links to exactly its customers, as a list kept by the tab', async ({
	page
}) => {
	await openReportsWithSample(page);
	const returning = numberIn(await tile(page, 'returning').locator('.value').textContent());
	await tile(page, 'returning').getByRole('link', { name: 'Xem danh sách khách' }).click();
	await page.waitForURL(
		(u) => u.pathname === '/' && /^list:/.test(u.searchParams.get('segment') ?? '')
	);
	await expect(page.getByTestId('segment-select').locator('option:checked')).toHaveText(
		'Danh sách từ báo cáo'
	);
	await expect(page.getByTestId('segment-summary')).toContainText(
		`Danh sách ${returning.toLocaleString('vi-VN')} khách từ báo cáo`
	);
	await expect(page.getByTestId('customer-count')).toHaveText(count(returning));
	// The list lives in the tab: a reload shows it again; another tab shows everyone, and says why.
	await page.reload();
	await expect(page.getByTestId('customer-count')).toHaveText(count(returning));
	const other = await page.context().newPage();
	await other.goto(page.url());
	await expect(other.getByText('chỉ có trong thẻ đã mở nó')).toBeVisible();
	await expect(other.getByTestId('customer-count')).toHaveText('300 khách');
	await other.close();

	// Care coverage links to the buyers nobody contacted: buyers less the cared for.
	await page.goto('/reports');
	const hint = await tile(page, 'care').locator('.hint').textContent();
	const [, cared, buyers] = /^([\d.]+)\/([\d.]+) /.exec(hint ?? '')!;
	await tile(page, 'care').getByRole('link', { name: 'Xem khách chưa được chăm sóc' }).click();
	await page.waitForURL((u) => u.pathname === '/' && /^list:/.test(u.searchParams.get('segment')!));
	await expect(page.getByTestId('customer-count')).toHaveText(
		count(numberIn(buyers) - numberIn(cared))
	);

	// Data quality: the customers without a phone.
	await page.goto('/reports');
	await page.locator('details:has(table[data-table="quality"]) > summary').click();
	const row = page.locator('table[data-table="quality"] tbody tr', {
		hasText: 'Thiếu số điện thoại'
	});
	const missing = numberIn(await row.locator('td').first().textContent());
	await row.getByRole('link', { name: 'Thiếu số điện thoại' }).click();
	await page.waitForURL((u) => u.pathname === '/' && /^list:/.test(u.searchParams.get('segment')!));
	await expect(page.getByTestId('customer-count')).toHaveText(count(missing));
});

test('a stage, an RFM group and the new customers open as a segment of exactly those customers', async ({
	page
}) => {
	await openReportsWithSample(page);
	// The table behind the stages chart is folded away under it.
	await page.locator('details:has(table[data-table="stages"]) > summary').click();
	const leadRow = page.locator('table[data-table="stages"] tbody tr', { hasText: 'Tiềm năng' });
	const leads = (await leadRow.locator('td').first().textContent())!.replace(/\./g, '');
	await leadRow.getByRole('link', { name: 'Tiềm năng' }).click();
	await page.waitForURL((u) => u.pathname === '/' && /^q:/.test(u.searchParams.get('segment')!));
	await expect(page.getByTestId('segment-select').locator('option:checked')).toHaveText(
		'Từ báo cáo'
	);
	await expect(page.getByTestId('segment-summary')).toContainText('Tiềm năng');
	await expect(page.getByTestId('customer-count')).toHaveText(
		new RegExp(`^${Number(leads).toLocaleString('vi-VN')} / `)
	);

	// The new customers of the period: first purchase within it.
	await page.goBack();
	await expect(tile(page, 'new').locator('.value')).toBeVisible();
	const fresh = (await tile(page, 'new').locator('.value').textContent())!.replace(/\./g, '');
	await tile(page, 'new').getByRole('link', { name: 'Xem danh sách khách' }).click();
	await page.waitForURL((u) => u.pathname === '/' && /^q:/.test(u.searchParams.get('segment')!));
	await expect(page.getByTestId('segment-summary')).toContainText('Lần mua đầu tiên');
	await expect(page.getByTestId('customer-count')).toHaveText(
		new RegExp(`^${Number(fresh).toLocaleString('vi-VN')} / `)
	);
});

test('exports a table as .xlsx', async ({ page }) => {
	await openReportsWithSample(page);
	const [xlsx] = await Promise.all([
		page.waitForEvent('download'),
		page
			.locator('section', { hasText: 'Bảng tổng hợp' })
			.getByRole('button', { name: 'Xuất Excel (.xlsx)' })
			.click()
	]);
	expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
	const bytes = readFileSync((await xlsx.path())!);
	// A zip (PK) holding the sheet.
	expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
	expect(bytes.includes(Buffer.from('xl/worksheets/sheet1.xml'))).toBe(true);
});

test('prints the report without the app navigation', async ({ page }) => {
	await openReportsWithSample(page);
	const nav = page.getByRole('navigation');
	await expect(nav).toBeVisible();
	await page.emulateMedia({ media: 'print' });
	await expect(nav).toBeHidden();
	await expect(page.getByRole('button', { name: 'In báo cáo' })).toBeHidden();
	await expect(tile(page, 'revenue')).toBeVisible();
	await expect(page.locator('figure.chart canvas').first()).toBeVisible();
	await page.emulateMedia({ media: 'screen' });
	await expect(nav).toBeVisible();
});

test('saves a chart as PNG and a table as CSV', async ({ page }) => {
	await openReportsWithSample(page);
	const [png] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Lưu ảnh PNG' }).first().click()
	]);
	expect(png.suggestedFilename()).toMatch(/^doanh-thu-theo-thoi-gian-.*\.png$/);
	const bytes = readFileSync((await png.path())!);
	expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');

	const [csv] = await Promise.all([
		page.waitForEvent('download'),
		page
			.locator('section', { hasText: 'Bảng tổng hợp' })
			.getByRole('button', { name: 'Xuất CSV' })
			.click()
	]);
	expect(csv.suggestedFilename()).toMatch(/\.csv$/);
	const text = readFileSync((await csv.path())!, 'utf8');
	expect(text.startsWith('\ufeffChỉ số,Kỳ này,Kỳ trước,Thay đổi\r\n')).toBe(true);
	expect(text).toContain('Doanh thu,');
});

test('the monthly review answers its four questions with links to the customer and to Today', async ({
	page
}) => {
	await openReportsWithSample(page);
	await page.getByRole('link', { name: 'Họp tháng' }).click();
	await page.waitForURL('**/reports/review');
	for (const title of [
		'Ai lẽ ra được chăm sóc mà chưa?',
		'Ai sắp đến lúc mua lại?',
		'Ai đã giới thiệu khách mới?',
		'Phản hồi tiêu cực gần đây'
	]) {
		await expect(page.getByRole('heading', { name: title })).toBeVisible();
	}
	// The sample shop has repurchase reminders coming due.
	const due = page.locator('[data-section="due"]');
	const customer = due.locator('tbody a[href^="/?customer="]').first();
	await expect(customer).toBeVisible({ timeout: 30_000 });
	await expect(due.locator('tbody a[href="/today"]').first()).toBeVisible();
	await customer.click();
	await page.waitForURL((u) => u.pathname === '/' && u.searchParams.has('customer'));
});
