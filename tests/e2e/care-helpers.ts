import { expect, type Locator, type Page } from '@playwright/test';

export const DAY_MS = 86_400_000;

/** A moment in the shop's day (Vietnam, UTC+7), for the page's clock. */
export function shopTime(isoDate: string, time = '09:00'): Date {
	return new Date(`${isoDate}T${time}:00+07:00`);
}

/**
 * Records a sale from the customer's panel, as staff do at the counter: opens the customer,
 * fills the "Ghi giao dịch" form and saves it.
 */
export async function recordPurchase(
	page: Page,
	customerName: string,
	fields: { date: string; items: string; amount: string }
): Promise<void> {
	await page.getByRole('button', { name: `Mở hồ sơ ${customerName}` }).click();
	const panel = page.getByTestId('customer-panel');
	await panel.getByRole('button', { name: 'Ghi giao dịch' }).click();
	await fillPurchase(page, fields);
}

export async function openToday(page: Page): Promise<void> {
	await page.goto('/today');
	await expect(page.getByRole('heading', { name: 'Hôm nay', level: 1 })).toBeVisible();
}

/** The reminder cards of one group on Today ('aftercare', 'repurchase', 'birthday', …). */
export function todayCards(page: Page, kind: string): Locator {
	return page.getByTestId(`today-group-${kind}`).getByTestId('reminder-card');
}

/** The latest toast that says `text`. */
export function toast(page: Page, text: string | RegExp): Locator {
	return page.getByTestId('toast').filter({ hasText: text }).last();
}

/** Fills the open purchase form (inputs by name: date, items, amount, …) and saves it. */
export async function fillPurchase(page: Page, fields: Record<string, string>): Promise<void> {
	const form = page.getByTestId('purchase-form');
	for (const [field, value] of Object.entries(fields)) {
		await form.locator(`[name="${field}"]`).fill(value);
	}
	await form.getByRole('button', { name: 'Lưu giao dịch' }).click();
	await expect(form).toBeHidden();
}
