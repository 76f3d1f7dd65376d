import { expect, type Page, type Locator } from '@playwright/test';

/** Opens the app on a fresh profile and chooses "start with an empty book" on the first-run screen. */
export async function startEmpty(page: Page): Promise<void> {
	await page.goto('/');
	await page.waitForURL('**/welcome');
	await page.getByRole('button', { name: 'Bắt đầu với sổ trống' }).click();
	await page.waitForURL((u) => u.pathname === '/');
	await expect(page.getByTestId('customers-empty')).toBeVisible();
}

export function cell(page: Page, rowIndex: number, colId: string): Locator {
	return page.locator(`.ag-row[row-index="${rowIndex}"] .ag-cell[col-id="${colId}"]`);
}

/**
 * Scrolls the grid sideways until a column is rendered: the grid only draws the columns in view,
 * as a person would see it.
 */
export async function showColumn(page: Page, colId: string): Promise<void> {
	await page.evaluate(async (id) => {
		const viewport = document.querySelector<HTMLElement>('.ag-center-cols-viewport');
		const scroller =
			document.querySelector<HTMLElement>('.ag-body-horizontal-scroll-viewport') ?? viewport;
		if (!scroller) return;
		const header = () => document.querySelector(`.ag-header-cell[col-id="${id}"]`);
		// Sweeps again while the grid may still be adding its columns (custom columns arrive
		// after the first rows), for up to 10 s; the caller's expectation then says what is missing.
		const until = performance.now() + 10_000;
		while (!header() && performance.now() < until) {
			for (const left of [0, 400, 800, 1200, 1600, 2000, 2400, 2800]) {
				if (header()) break;
				scroller.scrollLeft = left;
				await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
			}
		}
	}, colId);
}

/** A cell of the row whose name cell shows `name`. */
export async function cellOf(page: Page, name: string, colId: string): Promise<Locator> {
	const nameCell = page.locator('.ag-cell[col-id="name"]', { hasText: name }).first();
	await expect(nameCell).toBeVisible();
	// The row element, wherever the name column sits (a pinned column's cells are nested deeper).
	const rowIndex = await nameCell
		.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ag-row ")][1]')
		.getAttribute('row-index');
	await showColumn(page, colId);
	return cell(page, Number(rowIndex), colId);
}

export async function addCustomer(
	page: Page,
	fields: Partial<Record<'name' | 'phones' | 'emails' | 'birthday' | 'address' | 'notes', string>>
): Promise<void> {
	await page.getByTestId('add-customer').click();
	const form = page.getByTestId('customer-form');
	for (const [field, value] of Object.entries(fields)) {
		await form.locator(`[name="${field}"]`).fill(value);
	}
	await form.getByRole('button', { name: 'Lưu' }).click();
	await expect(form).toBeHidden();
}

/** Double-clicks a cell, replaces its text and presses Enter. */
export async function editCell(page: Page, target: Locator, text: string): Promise<void> {
	await target.dblclick();
	const editor = page
		.locator('.ag-cell-inline-editing input, .ag-cell-inline-editing textarea')
		.first();
	await expect(editor).toBeVisible();
	await editor.fill(text);
	await editor.press('Enter');
	await expect(page.locator('.ag-cell-inline-editing')).toHaveCount(0);
}

/** Opens a customer's panel from the grid's row button and waits for their name in it. */
export async function openPanel(page: Page, name: string): Promise<Locator> {
	await page.getByRole('button', { name: `Mở hồ sơ ${name}` }).click();
	const panel = page.getByTestId('customer-panel');
	await expect(panel.getByRole('heading', { name })).toBeVisible();
	return panel;
}

/** Opens a column's filter from its header (shown first if hidden). */
export async function openFilter(page: Page, colId: string): Promise<Locator> {
	await showColumn(page, colId);
	const header = page.locator(`.ag-header-cell[col-id="${colId}"]`);
	await header.hover();
	await header
		.locator('.ag-header-cell-filter-button, .ag-header-cell-menu-button')
		.first()
		.click();
	const filter = page.locator('.ag-filter').first();
	await expect(filter).toBeVisible();
	return filter;
}

/** Picks the comparison of an open filter's first condition ("Lớn hơn", "Bằng"…). */
export async function chooseFilterType(page: Page, filter: Locator, label: string): Promise<void> {
	await filter.locator('select, .ag-picker-field').first().click();
	await page.getByRole('option', { name: label, exact: true }).click();
}
