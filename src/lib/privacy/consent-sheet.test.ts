import { describe, expect, it } from 'vitest';
import { consentSheetHtml, type ConsentSheetText } from './consent-sheet';

const t: ConsentSheetText = {
	title: 'Ghi nhận đồng ý',
	shopName: 'Spa Hoa Mai',
	customerLabel: 'Khách hàng',
	customerName: 'Lê Thu Trang',
	printed: 'In ngày 26/11/2026',
	headers: {
		purpose: 'Mục đích',
		decision: 'Khách',
		when: 'Ngày',
		method: 'Cách',
		note: 'Ghi chú'
	},
	purpose: (p) => (p === 'care' ? 'Tin chăm sóc' : 'Tin khuyến mãi'),
	state: (s) => (s === 'given' ? 'Đã đồng ý' : s === 'withdrawn' ? 'Đã rút lại' : 'Chưa hỏi'),
	method: (m) => m,
	date: () => '01/03/2026',
	historyTitle: 'Lịch sử',
	none: 'Chưa có',
	signature: 'Chữ ký'
};

describe('consentSheetHtml', () => {
	it('shows the consent in force per purpose and every entry of the history', () => {
		const html = consentSheetHtml(
			{
				consent: null,
				consents: [
					{
						id: 'a',
						purpose: 'promotions',
						given: true,
						at: 1,
						method: 'zalo',
						note: '<ok>',
						recordedAt: 1
					},
					{
						id: 'b',
						purpose: 'promotions',
						given: false,
						at: 2,
						method: 'phone',
						note: '',
						recordedAt: 2
					}
				]
			},
			t
		);
		expect(html).toMatch(/Tin chăm sóc<\/th><td>Chưa hỏi/);
		expect(html).toMatch(/Tin khuyến mãi<\/th><td>Đã rút lại/);
		expect(html.match(/<td>Tin khuyến mãi<\/td>/g)).toHaveLength(2);
		expect(html).toContain('&lt;ok&gt;');
		expect(html).toContain('Lê Thu Trang');
		expect(html).toContain('Chữ ký');
	});

	it('says when nothing was recorded', () => {
		expect(consentSheetHtml({ consent: null }, t)).toContain('<p>Chưa có</p>');
	});
});
