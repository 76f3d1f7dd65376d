import { expect, test } from './fixtures';
import { addCustomer, startEmpty } from './helpers';
import { DAY_MS, openToday, recordPurchase, shopTime, toast, todayCards } from './care-helpers';

test('a sale’s reminders come up on Today on their days, and acting on them shows in the timeline', async ({
	page
}) => {
	// The clock must be in place before the app first reads the date.
	await page.clock.install({ time: shopTime('2026-03-10') });
	await startEmpty(page);
	await addCustomer(page, {
		name: 'Nguyễn Thị Hương',
		phones: '0912 345 678',
		birthday: '19/03/1990'
	});
	await recordPurchase(page, 'Nguyễn Thị Hương', {
		date: '10/03/2026',
		items: 'Kem dưỡng ẩm',
		amount: '450000'
	});

	// Day of the sale: the day-3 check-in is still ahead, and the birthday is more than a week off.
	await openToday(page);
	await expect(page.getByTestId('today-date')).toHaveText('Thứ Ba, 10/03/2026');
	await expect(page.getByTestId('today-empty')).toBeVisible();
	await expect(page.getByTestId('birthdays-week')).toHaveCount(0);

	// Three days later, with the page left open: it moves on to the new day by itself.
	await page.clock.fastForward(3 * DAY_MS);
	await expect(page.getByTestId('today-date')).toHaveText('Thứ Sáu, 13/03/2026');
	const ask = todayCards(page, 'aftercare');
	await expect(ask).toHaveCount(1);
	await expect(page.getByTestId('today-group-aftercare').getByRole('heading')).toHaveText(
		'Chăm sóc sau bán (1)'
	);
	await expect(ask).toContainText('Ngày 3 — hỏi thăm');
	await expect(ask).toContainText('0912 345 678');
	await expect(ask).toContainText('Kem dưỡng ẩm · 10/03/2026 · 450.000 ₫');
	await expect(ask).toContainText('Đến hạn hôm nay');
	await expect(page.getByTestId('today-counts')).toContainText('Đến hạn hôm nay: 1');
	const message = ask.getByRole('textbox', { name: 'Tin nhắn' });
	await expect(message).toHaveValue(/Hương/);
	await expect(message).toHaveValue(/Kem dưỡng ẩm/);
	await expect(ask.getByRole('link', { name: 'Gọi' })).toHaveAttribute('href', 'tel:+84912345678');
	await expect(ask.getByRole('link', { name: 'SMS' })).toHaveAttribute(
		'href',
		/^sms:\+84912345678\?&body=.*H%C6%B0%C6%A1ng/
	);
	const zalo = ask.getByRole('link', { name: 'Zalo' });
	await expect(zalo).toHaveAttribute('href', 'https://zalo.me/0912345678');
	await expect(zalo).toHaveAttribute('target', '_blank');
	await expect(zalo).toHaveAttribute('rel', 'noopener noreferrer');
	const week = page.getByTestId('birthdays-week');
	await expect(week).toContainText('Nguyễn Thị Hương');
	await expect(week).toContainText('Thứ Năm, 19/03/2026');
	await expect(week).toContainText('tròn 36 tuổi');

	// Skipping asks why; its Undo brings the reminder back.
	await ask.getByRole('button', { name: 'Bỏ qua' }).click();
	const skip = page.getByRole('dialog');
	await skip.getByRole('button', { name: 'Bỏ qua việc này' }).click();
	await expect(skip.getByRole('alert')).toBeVisible();
	await skip.getByLabel('Lý do bỏ qua').fill('Khách vừa ghé cửa hàng');
	await skip.getByRole('button', { name: 'Bỏ qua việc này' }).click();
	await expect(ask).toHaveCount(0);
	await toast(page, 'Đã bỏ qua').getByRole('button', { name: 'Hoàn tác' }).click();
	await expect(ask).toHaveCount(1);

	// Done: the call's channel is preselected, the feedback asked for.
	await ask.getByRole('button', { name: 'Xong' }).click();
	const done = page.getByRole('dialog');
	await expect(done.getByLabel('Đã liên hệ qua')).toHaveValue('phone');
	await expect(done.getByLabel('Nội dung trao đổi')).toHaveValue('Ngày 3 — hỏi thăm');
	await done.getByLabel('Nội dung trao đổi').fill('Đã gọi, chị dùng kem thấy da mịn hơn');
	await done.getByRole('radio', { name: 'Hài lòng', exact: true }).check();
	await done.getByRole('button', { name: 'Đánh dấu xong' }).click();
	await expect(done).toBeHidden();
	await expect(ask).toHaveCount(0);
	await expect(page.getByTestId('today-empty')).toBeVisible();
	await expect(
		toast(page, 'Đã xong — tiếp theo: cảm ơn và hướng dẫn ngày 17/03/2026')
	).toBeVisible();

	// Day 7: the thank-you is due. Snoozed three days, it is gone until the 20th.
	await page.clock.setSystemTime(shopTime('2026-03-17'));
	await page.reload();
	await expect(page.getByTestId('today-date')).toHaveText('Thứ Ba, 17/03/2026');
	const thanks = todayCards(page, 'aftercare');
	await expect(thanks).toHaveCount(1);
	await expect(thanks).toContainText('Ngày 7 — cảm ơn và hướng dẫn');
	await expect(page.getByTestId('birthdays-week')).toContainText('Nguyễn Thị Hương');
	await thanks.getByRole('button', { name: 'Hoãn' }).click();
	await page.getByRole('dialog').getByRole('button', { name: '3 ngày' }).click();
	await expect(thanks).toHaveCount(0);
	await expect(toast(page, 'đến 20/03/2026')).toBeVisible();

	await page.clock.setSystemTime(shopTime('2026-03-19'));
	await page.reload();
	await expect(page.getByTestId('today-date')).toHaveText('Thứ Năm, 19/03/2026');
	await expect(thanks).toHaveCount(0);
	await expect(page.getByTestId('birthdays-today')).toContainText('tròn 36 tuổi');

	await page.clock.fastForward(DAY_MS);
	await expect(page.getByTestId('today-date')).toHaveText('Thứ Sáu, 20/03/2026');
	await expect(thanks).toHaveCount(1);
	await expect(thanks).toContainText('Quá hạn 3 ngày');

	// The card opens the customer, whose timeline has the sale and the call.
	await thanks.getByRole('link', { name: 'Nguyễn Thị Hương' }).click();
	await expect(page).toHaveURL(/\/\?customer=/);
	const timeline = page.getByTestId('customer-panel').getByTestId('customer-timeline');
	await expect(timeline).toContainText('Kem dưỡng ẩm');
	await expect(timeline).toContainText('Đã gọi, chị dùng kem thấy da mịn hơn');
});
