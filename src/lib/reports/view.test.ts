import { afterEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { computeDashboard } from './measures';
import { periodContaining } from './period';
import { csvBlob } from '$lib/io/csv-write';
import {
	chartSummary,
	dashboardTiles,
	formatChange,
	staffTable,
	summaryTable,
	tableRows
} from './view';

const before = getLocale;
afterEach(() => overwriteGetLocale(before));
const setLocale = (locale: 'vi' | 'en') => overwriteGetLocale(() => locale);

const customer = {
	id: 'a',
	stage: 'new',
	phoneKeys: ['+84912345678'],
	// No birthday (GAP_NO_BIRTHDAY).
	gaps: 4,
	referredBy: null,
	createdAt: 0,
	stats: { count: 1, total: 1_250_000, first: '2026-03-02', last: '2026-03-02' }
};
const dashboard = computeDashboard(
	[customer],
	[{ customerId: 'a', date: '2026-03-02', amount: 1_250_000, staff: '=cmd' }],
	[],
	{ period: periodContaining('month', '2026-03-01'), today: '2026-04-01', lostAfterDays: 365 }
);

describe('dashboard view', () => {
	it('writes numbers the Vietnamese way', () => {
		setLocale('vi');
		const revenue = dashboardTiles(dashboard).find((t) => t.id === 'revenue')!;
		expect(revenue.value).toBe(1_250_000);
		expect(formatChange(revenue)).toBe('+1.250.000\u00a0₫');
		expect(formatChange({ change: -0.125, format: 'percent' })).toBe('−12,5 điểm %');
		expect(formatChange({ change: 0, format: 'count' })).toBe('không đổi');
	});

	it('exports raw numbers, not display forms, and a header row', () => {
		setLocale('vi');
		const rows = tableRows(summaryTable(dashboardTiles(dashboard)));
		expect(rows[0]).toEqual(['Chỉ số', 'Kỳ này', 'Kỳ trước', 'Thay đổi']);
		expect(rows.find((r) => r[0] === 'Doanh thu')).toEqual([
			'Doanh thu',
			'1250000',
			'0',
			'1250000'
		]);
	});

	it('neutralises a staff name a spreadsheet would run as a formula', async () => {
		setLocale('vi');
		const text = await csvBlob(tableRows(staffTable(dashboard))).text();
		expect(text).toContain("\r\n'=cmd,1,1250000,0,0\r\n");
	});

	it('describes a chart in words for screen readers', () => {
		setLocale('en');
		const table = {
			id: 't',
			title: 'Revenue',
			headers: ['Day', 'Revenue'],
			rows: [[{ text: '01/03/2026' }, { text: '₫5' }]]
		};
		expect(chartSummary(table)).toBe('Chart of Revenue: 01/03/2026 ₫5');
		const two = {
			...table,
			headers: ['Day', 'New', 'Returning'],
			rows: [[{ text: '01/03/2026' }, { text: '2' }, { text: '3' }]]
		};
		expect(chartSummary(two, { columns: [1, 2], title: 'Customers' })).toBe(
			'Chart of Customers: 01/03/2026 New 2, Returning 3'
		);
	});
});
