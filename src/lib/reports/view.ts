/**
 * What the dashboard shows, in the interface language: tiles with their change, and the tables
 * behind the charts (which are also their CSV exports and text alternatives). Numbers stay
 * numbers in `value` so a CSV gets 1250000, not "1.250.000 ₫".
 */
import { formatDate } from '$lib/domain/date';
import { RFM_SEGMENT_IDS } from '$lib/domain/rfm';
import { SEGMENT_VERSION, type SegmentCondition } from '$lib/domain/segments';
import { dayNumber, isoOfDayNumber, isStageId, STAGE_IDS } from '$lib/domain/stages';
import { adhocSegmentId } from '$lib/segments/choices';
import type { MemberLink } from './members-link';
import { money } from '$lib/customers/labels';
import { formatCount, getLocale, m, stageLabel } from '$lib/i18n';
import { rfmSegmentName } from '$lib/i18n/rfm-names';
import type { ExportCell } from '$lib/io/export-columns';
import type { Dashboard, PeriodMeasures } from './measures';
import type { Period } from './period';

export interface Cell {
	text: string;
	/** The raw number or text for CSV; `text` when absent. */
	value?: number | string;
	/** A link (a customers' segment) behind the cell. */
	href?: string;
	/** How `value` reads when it is a number: đồng, or a ratio shown as a percentage. */
	format?: 'money' | 'percent';
}
export interface Table {
	id: string;
	title: string;
	headers: string[];
	rows: Cell[][];
}

export type TileFormat = 'count' | 'money' | 'percent';
export interface Tile {
	id: string;
	label: string;
	value: number | null;
	previous: number | null;
	format: TileFormat;
	/** Change from the previous period: a difference in points for percentages. */
	change: number | null;
	hint?: string;
	/** A rise is bad news (customers lost). */
	lowerIsBetter?: boolean;
	/** Segment id (built-in or ad hoc) of the customers behind the number, when one fits. */
	segment?: string;
	/** Otherwise the customers the measure itself counted (members-link.ts). */
	members?: MemberLink;
	/** The link's words, when "see the customers" would say too little. */
	linkLabel?: string;
}

export function formatPercent(ratio: number): string {
	return new Intl.NumberFormat(getLocale() === 'en' ? 'en-GB' : 'vi-VN', {
		style: 'percent',
		maximumFractionDigits: 1
	}).format(ratio);
}

export function formatValue(value: number | null, format: TileFormat): string {
	if (value === null) return m.reports_none();
	if (format === 'money') return money(value);
	if (format === 'percent') return formatPercent(value);
	return formatCount(value);
}

/** "+12", "−3,5 điểm %", "không đổi": the change as a reader says it. */
export function formatChange(tile: Pick<Tile, 'change' | 'format'>): string {
	const c = tile.change;
	if (c === null) return '';
	if (c === 0) return m.reports_no_change();
	const sign = c > 0 ? '+' : '−';
	const abs = Math.abs(c);
	if (tile.format === 'percent') {
		const points = new Intl.NumberFormat(getLocale() === 'en' ? 'en-GB' : 'vi-VN', {
			maximumFractionDigits: 1
		}).format(abs * 100);
		return `${sign}${points} ${getLocale() === 'en' ? 'pts' : 'điểm %'}`;
	}
	return `${sign}${formatValue(abs, tile.format)}`;
}

export function periodRange(p: Period): string {
	return m.reports_range({ from: formatDate(p.from), to: formatDate(p.to) });
}

function tile(
	id: string,
	label: string,
	format: TileFormat,
	pick: (p: PeriodMeasures) => number | null,
	d: Dashboard,
	extra: Partial<Tile> = {}
): Tile {
	const value = pick(d.current);
	const previous = pick(d.previous);
	return {
		id,
		label,
		format,
		value,
		previous,
		change: value === null || previous === null ? null : value - previous,
		...extra
	};
}

function returnTile(d: Dashboard, window: 90 | 180): Tile {
	const r = d.current.returnRate[window];
	return tile(
		`return${window}`,
		window === 90 ? m.reports_tile_return90() : m.reports_tile_return180(),
		'percent',
		(p) => p.returnRate[window].rate,
		d,
		{
			members: window === 90 ? 'notReturned90' : 'notReturned180',
			linkLabel: m.reports_see_not_returned(),
			hint:
				r.rate === null
					? m.reports_tile_return_wait({ cohort: formatCount(r.cohort) })
					: m.reports_tile_return_hint({
							returned: formatCount(r.returned),
							eligible: formatCount(r.eligible)
						})
		}
	);
}

/** The customers meeting all of `conditions`, as an unnamed segment a link can carry. */
function segmentOf(...conditions: SegmentCondition[]): string {
	return adhocSegmentId({ version: SEGMENT_VERSION, match: 'all', conditions });
}

/**
 * Whose last purchase puts their lost day (last purchase + M days, measures.ts) in the
 * period up to today: the customers the "lost" number counts.
 */
function lostSegment(d: Dashboard): string | undefined {
	const from = dayNumber(d.current.period.from);
	const last = Math.min(dayNumber(d.current.period.to), dayNumber(d.today));
	if (last < from) return undefined;
	const days = (n: number) => isoOfDayNumber(n - d.lostAfterDays);
	return segmentOf({ field: 'lastPurchase', op: 'between', value: [days(from), days(last)] });
}

export function dashboardTiles(d: Dashboard): Tile[] {
	const c = d.current;
	return [
		// New in the period = first purchase in it (every buyer whose first sale is in it).
		tile('new', m.reports_tile_new(), 'count', (p) => p.newCustomers, d, {
			segment: segmentOf({
				field: 'firstPurchase',
				op: 'between',
				value: [c.period.from, c.period.to]
			})
		}),
		tile('returning', m.reports_tile_returning(), 'count', (p) => p.returningCustomers, d, {
			members: 'returning'
		}),
		tile('lost', m.reports_tile_lost(), 'count', (p) => p.lostCustomers, d, {
			lowerIsBetter: true,
			segment: lostSegment(d)
		}),
		tile('revenue', m.reports_tile_revenue(), 'money', (p) => p.revenue, d, {
			members: 'buyers',
			linkLabel: m.reports_see_buyers()
		}),
		tile(
			'returningShare',
			m.reports_tile_returning_share(),
			'percent',
			(p) => p.returningShare,
			d,
			{
				members: 'returning'
			}
		),
		tile('aov', m.reports_tile_aov(), 'money', (p) => p.averageOrder, d, {
			hint: `${m.reports_tile_purchases()}: ${formatCount(c.purchases)}`,
			members: 'buyers',
			linkLabel: m.reports_see_buyers()
		}),
		returnTile(d, 90),
		returnTile(d, 180),
		tile('care', m.reports_tile_care(), 'percent', (p) => p.careCoverage, d, {
			members: 'notCared',
			linkLabel: m.reports_see_not_cared(),
			hint: m.reports_tile_care_hint({
				cared: formatCount(c.caredBuyers),
				buyers: formatCount(c.buyers),
				days: d.careDays
			})
		}),
		tile('referrals', m.reports_tile_referrals(), 'count', (p) => p.referralsMade, d, {
			members: 'referred'
		}),
		tile(
			'referredRevenue',
			m.reports_tile_referred_revenue(),
			'money',
			(p) => p.referredRevenue,
			d,
			{ members: 'referredBuyers' }
		),
		{
			id: 'quality',
			label: m.reports_tile_quality(),
			format: 'percent',
			value: d.quality.score,
			previous: null,
			change: null,
			hint: m.reports_tile_quality_hint({
				clean: formatCount(d.quality.clean),
				customers: formatCount(d.quality.customers)
			}),
			members: 'problems',
			linkLabel: m.reports_see_problems()
		}
	];
}

const countCell = (n: number): Cell => ({ text: formatCount(n), value: n });
const moneyCell = (n: number): Cell => ({ text: money(n), value: n, format: 'money' });

/** The label of a series point: dd/mm/yyyy for days, mm/yyyy for months. */
export function pointLabel(start: string, unit: 'day' | 'month'): string {
	return unit === 'day' ? formatDate(start) : `${start.slice(5, 7)}/${start.slice(0, 4)}`;
}

export function summaryTable(tiles: readonly Tile[]): Table {
	return {
		id: 'summary',
		title: m.reports_summary_title(),
		headers: [
			m.reports_col_measure(),
			m.reports_col_current(),
			m.reports_col_previous(),
			m.reports_col_change()
		],
		rows: tiles.map((t) => {
			const format = t.format === 'count' ? undefined : t.format;
			return [
				{ text: t.label },
				{ text: formatValue(t.value, t.format), value: t.value ?? '', format },
				{ text: formatValue(t.previous, t.format), value: t.previous ?? '', format },
				{ text: formatChange(t), value: t.change ?? '' }
			];
		})
	};
}

export function seriesTable(d: Dashboard): Table {
	return {
		id: 'revenue',
		title: m.reports_chart_revenue(),
		headers: [
			m.reports_col_period(),
			m.reports_col_revenue(),
			m.reports_col_previous_revenue(),
			m.reports_col_new(),
			m.reports_col_returning(),
			m.reports_col_purchases(),
			m.reports_col_aov(),
			m.reports_col_lost(),
			m.reports_col_referrals()
		],
		rows: d.series.points.map((p) => [
			{ text: pointLabel(p.start, d.series.unit), value: p.start },
			moneyCell(p.revenue),
			moneyCell(p.previousRevenue),
			countCell(p.newCustomers),
			countCell(p.returningCustomers),
			countCell(p.purchases),
			// No sale, no average: an empty cell, not 0 ₫.
			p.purchases === 0 ? { text: '' } : moneyCell(Math.round(p.revenue / p.purchases)),
			countCell(p.lostCustomers),
			countCell(p.referrals)
		])
	};
}

/** Column indexes of seriesTable, for the charts drawn from it. */
export const SERIES_COLUMNS = { aov: 6, lost: 7, referrals: 8 } as const;

const percentCell = (ratio: number | null): Cell =>
	ratio === null
		? { text: m.reports_none() }
		: { text: formatPercent(ratio), value: ratio, format: 'percent' };

/** The period's rates against the period before, for a chart and its table. */
export function ratesTable(d: Dashboard): Table {
	const rows: [string, (p: PeriodMeasures) => number | null][] = [
		[m.reports_tile_return90(), (p) => p.returnRate[90].rate],
		[m.reports_tile_return180(), (p) => p.returnRate[180].rate],
		[m.reports_tile_returning_share(), (p) => p.returningShare],
		[m.reports_tile_care(), (p) => p.careCoverage]
	];
	return {
		id: 'rates',
		title: m.reports_chart_rates(),
		headers: [m.reports_col_measure(), m.reports_col_current(), m.reports_col_previous()],
		rows: rows.map(([label, pick]) => [
			{ text: label },
			percentCell(pick(d.current)),
			percentCell(pick(d.previous))
		])
	};
}

/** Stages with a built-in segment behind them link to it; the others to an unnamed one. */
const STAGE_SEGMENTS: Partial<Record<string, string>> = {
	new: 'builtin:new',
	reactivate: 'builtin:reactivate'
};

function stageSegment(id: string): string | undefined {
	if (!isStageId(id)) return undefined;
	return STAGE_SEGMENTS[id] ?? segmentOf({ field: 'stage', op: 'in', value: [id] });
}

export function stagesTable(d: Dashboard, customersHref: (segment: string) => string): Table {
	const ids = [
		...STAGE_IDS,
		...Object.keys(d.stages).filter((s) => !(STAGE_IDS as readonly string[]).includes(s))
	];
	return {
		id: 'stages',
		title: m.reports_chart_stages(),
		headers: [m.reports_col_stage(), m.reports_col_customers()],
		rows: ids.map((id) => {
			const segment = stageSegment(id);
			return [
				{
					text: id === 'none' ? m.reports_stage_none() : stageLabel(id),
					value: id,
					href: segment === undefined ? undefined : customersHref(segment)
				},
				countCell(d.stages[id] ?? 0)
			];
		})
	};
}

export function rfmTable(d: Dashboard, customersHref: (segment: string) => string): Table {
	return {
		id: 'rfm',
		title: m.reports_chart_rfm(),
		headers: [m.reports_col_segment(), m.reports_col_customers()],
		rows: [
			...RFM_SEGMENT_IDS.map((id) => [
				{
					text: rfmSegmentName(id),
					value: id,
					href: customersHref(segmentOf({ field: 'rfmSegment', op: 'in', value: [id] }))
				},
				countCell(d.rfm[id])
			]),
			[
				{
					text: m.reports_rfm_none(),
					value: 'none',
					href: customersHref(segmentOf({ field: 'rfmSegment', op: 'empty' }))
				},
				countCell(d.rfm.none)
			]
		]
	};
}

/** Each problem links to its customers; shared phones to the duplicates page, where they are settled. */
export function qualityTable(
	d: Dashboard,
	links: {
		customersHref: (segment: string) => string;
		membersHref: (measure: MemberLink) => string;
		duplicatesHref: string;
	}
): Table {
	const q = d.quality;
	return {
		id: 'quality',
		title: m.reports_chart_quality(),
		headers: [m.reports_col_problem(), m.reports_col_customers()],
		rows: [
			[
				{ text: m.reports_quality_missing_phone(), href: links.membersHref('missingPhone') },
				countCell(q.missingPhone)
			],
			[
				{ text: m.reports_quality_invalid_phone(), href: links.membersHref('invalidPhone') },
				countCell(q.invalidPhone)
			],
			[
				{
					text: m.reports_quality_missing_birthday(),
					href: links.customersHref(segmentOf({ field: 'birthdayMonth', op: 'empty' }))
				},
				countCell(q.missingBirthday)
			],
			[
				{ text: m.reports_quality_shared_phone(), href: links.duplicatesHref },
				countCell(q.sharedPhone)
			]
		]
	};
}

export function staffTable(d: Dashboard): Table {
	return {
		id: 'staff',
		title: m.reports_staff_title(),
		headers: [
			m.reports_col_staff(),
			m.reports_col_purchases(),
			m.reports_col_revenue(),
			m.reports_col_reminders_done(),
			m.reports_col_interactions()
		],
		rows: d.staff.map((s) => [
			{ text: s.staff === '' ? m.reports_staff_unknown() : s.staff, value: s.staff },
			countCell(s.purchases),
			moneyCell(s.revenue),
			countCell(s.remindersDone),
			countCell(s.interactions)
		])
	};
}

/** A table as CSV rows: the raw values, headers first. */
export function tableRows(table: Table): string[][] {
	return [table.headers, ...table.rows.map((row) => row.map((c) => String(c.value ?? c.text)))];
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The rows of a table as typed spreadsheet cells: numbers stay numbers (đồng with the VND
 * format), days become dates shown dd/mm/yyyy, a percentage and every label are the text the
 * page shows (a stage's name, not its id).
 */
export function tableCells(table: Table): ExportCell[][] {
	return table.rows.map((row) =>
		row.map((c): ExportCell => {
			if (typeof c.value === 'number' && c.format !== 'percent') {
				return c.format === 'money' ? { t: 'money', v: c.value } : { t: 'number', v: c.value };
			}
			// A day shown as a day (a month's label "03/2026" stays text).
			if (typeof c.value === 'string' && ISO_DAY.test(c.value) && c.text === formatDate(c.value)) {
				return { t: 'date', v: c.value };
			}
			return { t: 'text', v: c.text };
		})
	);
}

/**
 * A chart in words for its aria label: "Biểu đồ Doanh thu theo thời gian: 01/03/2026 1.000 ₫;
 * …", naming the columns drawn when there are several.
 */
export function chartSummary(
	table: Table,
	options: { columns?: number[]; title?: string; max?: number } = {}
): string {
	const columns = options.columns ?? [1];
	const named = columns.length > 1;
	const points = table.rows
		.slice(0, options.max ?? 40)
		.map(
			(row) =>
				`${row[0].text} ${columns
					.map((c) => (named ? `${table.headers[c]} ${row[c].text}` : row[c].text))
					.join(', ')}`
		)
		.join('; ');
	return m.reports_chart_summary({ title: options.title ?? table.title, points });
}
