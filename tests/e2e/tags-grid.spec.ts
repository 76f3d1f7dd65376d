import { expect, test, type Locator, type Page } from './fixtures';
import { cell, showColumn, startEmpty } from './helpers';

const HUONG = 'Nguyễn Thị Hương';
const DUC = 'Trần Văn Đức';
const MAI = 'Lê Mai';

/** Three customers: Hương has VIP and Khách sỉ, Đức has Khách sỉ, Mai has none. */
async function startWithTags(page: Page): Promise<void> {
	await startEmpty(page);
	const text = [
		'Họ và tên,Số điện thoại,Nhóm khách hàng',
		`${HUONG},0912 345 678,"VIP, Khách sỉ"`,
		`${DUC},0987654321,Khách sỉ`,
		`${MAI},0903 111 222,`
	].join('\n');
	await page.goto('/import');
	await page
		.getByTestId('import-file')
		.setInputFiles({ name: 'the.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
	await page.getByTestId('import-check').click();
	await page.getByTestId('import-run').click();
	await expect(page.getByTestId('import-done')).toBeVisible();
	await page.goto('/');
	await expect(page.locator('.ag-cell[col-id="name"]')).toHaveCount(3);
}

const chips = (target: Locator) => target.locator('.tag-chip');

/** The tags cell of the row showing `name` (found through the whole row, pinned parts included). */
async function tagsOf(page: Page, name: string): Promise<Locator> {
	const row = page
		.locator('.ag-row', { has: page.locator('.ag-cell[col-id="name"]', { hasText: name }) })
		.first();
	await expect(row).toBeVisible();
	const index = Number(await row.getAttribute('row-index'));
	await showColumn(page, 'tags');
	return cell(page, index, 'tags');
}

async function select(page: Page, name: string): Promise<void> {
	// The selection checkboxes scroll away with the columns: back to the left edge first.
	await page.evaluate(() => {
		const scroller = document.querySelector<HTMLElement>('.ag-body-horizontal-scroll-viewport');
		if (scroller) scroller.scrollLeft = 0;
	});
	const row = page.locator('.ag-row', { hasText: name }).first();
	await row.locator('.ag-selection-checkbox input, input[type=checkbox]').first().check();
}

test('shows tags as coloured chips with readable text', async ({ page }) => {
	await startWithTags(page);
	const cell = await tagsOf(page, HUONG);
	await expect(chips(cell)).toHaveText(['VIP', 'Khách sỉ']);
	const colours = await chips(cell).evaluateAll((els) =>
		els.map((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color])
	);
	// Each tag its own colour from the tags table, with white text on these dark ones.
	expect(colours[0][0]).not.toBe(colours[1][0]);
	for (const [background, text] of colours) {
		expect(background).not.toBe('rgba(0, 0, 0, 0)');
		expect(text).toBe('rgb(255, 255, 255)');
	}
});

test('edits a customer’s tags in the cell by keyboard and keeps them after a reload', async ({
	page
}) => {
	await startWithTags(page);
	const mai = await tagsOf(page, MAI);
	await mai.dblclick();
	const editor = page.getByTestId('tag-editor');
	const input = editor.getByRole('combobox');
	await expect(input).toBeFocused();

	// Typing filters the existing tags; Enter adds the highlighted one.
	await input.pressSequentially('vi');
	await expect(editor.getByTestId('tag-editor-option')).toHaveText(['VIP', 'Tạo thẻ «vi»']);
	await input.press('Enter');
	// A name no tag has yet is created; Backspace in the empty box takes the last chip off.
	await input.pressSequentially('Sai tên');
	await input.press('Enter');
	await expect(editor.getByTestId('tag-editor-chip')).toHaveCount(2);
	await input.press('Backspace');
	await expect(editor.getByTestId('tag-editor-chip')).toHaveCount(1);
	await input.pressSequentially('Khách mới');
	await expect(editor.getByTestId('tag-editor-option')).toContainText(['Tạo thẻ «Khách mới»']);
	await input.press('Enter');
	// Enter on the empty box saves.
	await input.press('Enter');
	await expect(editor).toBeHidden();
	await expect(chips(mai)).toHaveText(['VIP', 'Khách mới']);

	// Esc throws the edit away.
	const duc = await tagsOf(page, DUC);
	await duc.dblclick();
	await page.getByTestId('tag-editor').getByRole('combobox').press('Backspace');
	await page.getByTestId('tag-editor').getByRole('combobox').press('Escape');
	await expect(page.getByTestId('tag-editor')).toBeHidden();
	await expect(chips(duc)).toHaveText(['Khách sỉ']);

	await page.reload();
	await expect(chips(await tagsOf(page, MAI))).toHaveText(['VIP', 'Khách mới']);
	await expect(chips(await tagsOf(page, DUC))).toHaveText(['Khách sỉ']);
});

test('adds a tag to the selected rows in one step that Ctrl+Z takes back', async ({ page }) => {
	await startWithTags(page);
	await select(page, HUONG);
	await select(page, MAI);
	await page.getByTestId('bulk-tags').click();
	await expect(page.getByTestId('bulk-tags-selected')).toBeChecked();
	await page.getByTestId('bulk-tags-name').fill('Tết');
	await page.getByTestId('bulk-tags-add').click();
	await expect(page.getByText('Đã gắn thẻ «Tết» cho 2 khách.')).toBeVisible();
	await expect(chips(await tagsOf(page, HUONG))).toHaveText(['VIP', 'Khách sỉ', 'Tết']);
	await expect(chips(await tagsOf(page, MAI))).toHaveText(['Tết']);
	await expect(chips(await tagsOf(page, DUC))).toHaveText(['Khách sỉ']);

	await page.locator('.ag-cell[col-id="name"]', { hasText: DUC }).click();
	await page.keyboard.press('Control+z');
	await expect(chips(await tagsOf(page, HUONG))).toHaveText(['VIP', 'Khách sỉ']);
	await expect(chips(await tagsOf(page, MAI))).toHaveCount(0);
});

test('adds a tag to every customer the search finds, after confirming how many', async ({
	page
}) => {
	await startWithTags(page);
	await page.getByTestId('quick-search').fill('Khách sỉ');
	await expect(page.locator('.ag-cell[col-id="name"]')).toHaveCount(2);
	await page.getByTestId('bulk-tags').click();
	await expect(page.getByTestId('bulk-tags-view')).toBeChecked();
	await page.getByTestId('bulk-tags-name').fill('Đối tác');
	await page.getByTestId('bulk-tags-add').click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText('Gắn thẻ «Đối tác» cho 2 khách?');
	await page.getByTestId('confirm-bulk-tags').click();
	await expect(page.getByText('Đã gắn thẻ «Đối tác» cho 2 khách.')).toBeVisible();

	await page.getByTestId('quick-search').fill('');
	await expect(page.locator('.ag-cell[col-id="name"]')).toHaveCount(3);
	await expect(chips(await tagsOf(page, DUC))).toHaveText(['Khách sỉ', 'Đối tác']);
	await expect(chips(await tagsOf(page, HUONG))).toHaveText(['VIP', 'Khách sỉ', 'Đối tác']);
	await expect(chips(await tagsOf(page, MAI))).toHaveCount(0);

	// Three chips do not fit the column: they shrink to ellipses inside the cell, none spills out.
	const huong = await tagsOf(page, HUONG);
	const box = await huong.boundingBox();
	const rights = await chips(huong).evaluateAll((els) =>
		els.map((el) => el.getBoundingClientRect().right)
	);
	expect(Math.max(...rights)).toBeLessThanOrEqual((box?.x ?? 0) + (box?.width ?? 0));

	// Removing works the same way, here for one selected row.
	await select(page, DUC);
	await page.getByTestId('bulk-tags').click();
	await page.getByTestId('bulk-tags-name').fill('đối tác');
	await page.getByTestId('bulk-tags-remove').click();
	await expect(page.getByText('Đã gỡ thẻ «Đối tác» khỏi 1 khách.')).toBeVisible();
	await expect(chips(await tagsOf(page, DUC))).toHaveText(['Khách sỉ']);
});
