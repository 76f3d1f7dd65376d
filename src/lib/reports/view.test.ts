import { afterEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { computeDashboard } from './measures';
import { periodContaining } from './period';
import { csvBlob } from '$lib/io/csv-write';
import {
	chartSummary,
	dashboardTiles,
	formatChange,
	qualityTable,
	ratesTable,
	rfmTable,
	seriesTable,
	SERIES_COLUMNS,
	stagesTable,
	staffTable,
	summaryTable,
	tableCells,
	tableRows
} from './view';
import { tableXlsxBlob } from '$lib/io/xlsx-write';
import { factsOf } from '$lib/db/facts';
import { compileSegment } from '$lib/domain/segments';
import type { Customer } from '$lib/domain/types';
import { adhocDefinition } from '$lib/segments/choices';
import { customerRecord } from '../../../tests/fixtures/db/records';
import readXlsxFile from 'read-excel-file/node';

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

describe('links from the numbers to the customers behind them', () => {
	const stats = (dates: string[]) => ({
		count: dates.length,
		total: dates.length * 100,
		first: dates[0] ?? null,
		last: dates.at(-1) ?? null
	});
	// March 2026; lost after 90 days: a last purchase from 01/12/2025 to 31/12/2025 crosses
	// the line in March (today 2026-04-05, after the period).
	const book: Customer[] = [
		customerRecord('new-1', { stats: stats(['2026-03-01']), birthday: '1990-05-02' }),
		customerRecord('new-2', { stats: stats(['2026-03-31', '2026-04-02']) }),
		customerRecord('old', { stats: stats(['2025-01-01', '2026-03-15']) }),
		customerRecord('lost-1', { stats: stats(['2025-12-01']) }),
		customerRecord('lost-2', { stats: stats(['2025-06-01', '2025-12-31']) }),
		customerRecord('not-yet', { stats: stats(['2026-01-05']) }),
		customerRecord('lead', { stage: 'lead' })
	];
	const sales = book.flatMap((c) =>
		c.id === 'old'
			? [{ customerId: c.id, date: '2026-03-15', amount: 100, staff: '' }]
			: c.id.startsWith('new')
				? [{ customerId: c.id, date: c.stats.first ?? '', amount: 100, staff: '' }]
				: []
	);
	const d = computeDashboard(book.map(factsOf), sales, [], {
		period: periodContaining('month', '2026-03-01'),
		today: '2026-04-05',
		lostAfterDays: 90
	});
	const ctx = { today: d.today, rfm: new Map(), referrers: new Set<string>() };
	const whom = (segment: string | undefined) => {
		const definition = segment === undefined ? null : adhocDefinition(segment);
		if (definition === null) throw new Error(`no ad-hoc segment: ${segment}`);
		const compiled = compileSegment(definition);
		return book.filter((c) => compiled.matches(c, ctx)).map((c) => c.id);
	};

	it('"new" and "lost" select exactly the customers the tiles count', () => {
		setLocale('vi');
		const tiles = dashboardTiles(d);
		const newTile = tiles.find((t) => t.id === 'new')!;
		const lostTile = tiles.find((t) => t.id === 'lost')!;
		expect(whom(newTile.segment)).toEqual(['new-1', 'new-2']);
		expect(newTile.value).toBe(2);
		expect(whom(lostTile.segment)).toEqual(['lost-1', 'lost-2']);
		expect(lostTile.value).toBe(2);
	});

	it('links each stage, RFM group and missing birthdays to a segment; shared phones to duplicates', () => {
		setLocale('vi');
		const href = (segment: string) => `/?segment=${encodeURIComponent(segment)}`;
		const stageRows = stagesTable(d, href).rows;
		const lead = stageRows.find((r) => r[0].value === 'lead')![0].href!;
		expect(whom(decodeURIComponent(lead.split('=')[1]))).toEqual(['lead']);
		expect(stageRows.find((r) => r[0].value === 'new')![0].href).toBe(href('builtin:new'));
		expect(rfmTable(d, href).rows.every((r) => r[0].href !== undefined)).toBe(true);
		const quality = qualityTable(d, {
			customersHref: href,
			membersHref: (measure) => `/reports/customers?measure=${measure}`,
			duplicatesHref: '/duplicates'
		}).rows;
		expect(quality[0][0].href).toBe('/reports/customers?measure=missingPhone');
		expect(quality[1][0].href).toBe('/reports/customers?measure=invalidPhone');
		const missing = quality[2][0].href!;
		expect(whom(decodeURIComponent(missing.split('=')[1]))).toEqual(
			book.filter((c) => !c.birthday).map((c) => c.id)
		);
		expect(quality[2][1].value).toBe(6);
		expect(quality[3][0].href).toBe('/duplicates');
	});
});

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

	it('exports a table to .xlsx as typed cells: money, counts, days, labels as shown', async () => {
		setLocale('vi');
		const table = {
			id: 't',
			title: 'Doanh thu: theo ngày',
			headers: ['Ngày', 'Doanh thu', 'Khách', 'Tỉ lệ'],
			rows: [
				[
					{ text: '02/03/2026', value: '2026-03-02' },
					{ text: '1.250.000 ₫', value: 1_250_000, format: 'money' as const },
					{ text: '3', value: 3 },
					{ text: '35 %', value: 0.35, format: 'percent' as const }
				],
				[{ text: '=cmd', value: 'x' }, { text: '03/2026', value: '2026-03-01' }, { text: '' }]
			]
		};
		expect(tableCells(table)).toEqual([
			[
				{ t: 'date', v: '2026-03-02' },
				{ t: 'money', v: 1_250_000 },
				{ t: 'number', v: 3 },
				{ t: 'text', v: '35 %' }
			],
			[
				{ t: 'text', v: '=cmd' },
				{ t: 'text', v: '03/2026' },
				{ t: 'text', v: '' }
			]
		]);
		const blob = await tableXlsxBlob(table.headers, tableCells(table), { sheetName: table.title });
		const [sheet] = await readXlsxFile(Buffer.from(await blob.arrayBuffer()));
		// Excel forbids ':' in a sheet name.
		expect(sheet.sheet).toBe('Doanh thu theo ngày');
		expect(sheet.data[0]).toEqual(table.headers);
		expect(sheet.data[1][0]).toBeInstanceOf(Date);
		expect((sheet.data[1][0] as unknown as Date).toISOString().slice(0, 10)).toBe('2026-03-02');
		expect(sheet.data[1].slice(1)).toEqual([1_250_000, 3, '35 %']);
		// Text, never a formula.
		expect(sheet.data[2][0]).toBe('=cmd');
	});

	it('tables the rates against the period before, and the series with orders, lost and referrals', () => {
		setLocale('vi');
		const rates = ratesTable(dashboard);
		expect(rates.rows.map((r) => r[0].text)).toEqual([
			'Tỷ lệ quay lại trong 3 tháng',
			'Tỷ lệ quay lại trong 6 tháng',
			'Doanh thu từ khách quay lại',
			'Khách được chăm sóc sau bán'
		]);
		const share = rates.rows[2];
		expect(share[1].value).toBe(dashboard.current.returningShare ?? undefined);
		expect(share[1].format ?? 'percent').toBe('percent');
		const series = seriesTable(dashboard);
		const busy = series.rows.find((r) => Number(r[5].value) > 0)!;
		const point = dashboard.series.points.find((p) => p.start === busy[0].value)!;
		expect(busy[SERIES_COLUMNS.aov].value).toBe(Math.round(point.revenue / point.purchases));
		const idle = series.rows.find((r) => r[5].value === 0)!;
		expect(idle[SERIES_COLUMNS.aov].text).toBe('');
		expect(series.headers[SERIES_COLUMNS.lost]).toBe('Khách rời bỏ');
		expect(series.headers[SERIES_COLUMNS.referrals]).toBe('Lượt giới thiệu');
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
