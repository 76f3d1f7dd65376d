/**
 * Playwright's `test` with one more check on every test: AG Grid reported no error in the page's
 * console. A grid error is not thrown: a column whose filter module is missing (error #200)
 * simply has no filter, and a test that does not open that filter passes.
 */
import { test as base, expect } from '@playwright/test';

export * from '@playwright/test';

export const test = base.extend<{ gridErrors: void }>({
	gridErrors: [
		async ({ page }, use) => {
			const errors: string[] = [];
			page.on('console', (message) => {
				if (message.type() === 'error' && message.text().includes('AG Grid')) {
					errors.push(message.text());
				}
			});
			await use();
			expect(errors, 'AG Grid errors in the console').toEqual([]);
		},
		{ auto: true }
	]
});
