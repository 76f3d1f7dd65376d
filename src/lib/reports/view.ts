/**
 * What the dashboard shows, in the interface language: tiles with their change, and the tables
 * behind the charts (which are also their CSV exports and text alternatives). Numbers stay
 * numbers in `value` so a CSV gets 1250000, not "1.250.000 ₫".
 */
import { formatDate } from '$lib/domain/date';
import { RFM_SEGMENT_IDS } from '$lib/domain/rfm';
import { STAGE_IDS } from '$lib/domain/stages';
import { money } from '$lib/customers/labels';
import { formatCount, getLocale, m, stageLabel } from '$lib/i18n';
import { rfmSegmentName } from '$lib/i18n/rfm-names';
import type { Dashboard, PeriodMeasures } from './measures';
import type { Period } from './period';

export interface Cell {
	text: string;
	/** The raw number or text for CSV; `text` when absent. */
	value?: number | string;
	/** A link (a customers' segment) behind the cell. */
	href?: string;
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
	/** Built-in segment id of the customers behind the number, when one fits. */
	segment?: string;
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

export function dashboardTiles(d: Dashboard): Tile[] {
	const c = d.current;
	return [
		tile('new', m.reports_tile_new(), 'count', (p) => p.newCustomers, d),
		tile('returning', m.reports_tile_returning(), 'count', (p) => p.returningCustomers, d, {
			segment: 'builtin:repeat'
		}),
		tile('lost', m.reports_tile_lost(), 'count', (p) => p.lostCustomers, d, {
			lowerIsBetter: true
		}),
		tile('revenue', m.reports_tile_revenue(), 'money', (p) => p.revenue, d),
		tile('returningShare', m.reports_tile_returning_share(), 'percent', (p) => p.returningShare, d),
		tile('aov', m.reports_tile_aov(), 'money', (p) => p.averageOrder, d, {
			hint: `${m.reports_tile_purchases()}: ${formatCount(c.purchases)}`
		}),
		returnTile(d, 90),
		returnTile(d, 180),
		tile('care', m.reports_tile_care(), 'percent', (p) => p.careCoverage, d, {
			hint: m.reports_tile_care_hint({
				cared: formatCount(c.caredBuyers),
				buyers: formatCount(c.buyers),
				days: d.careDays
			})
		}),
		tile('referrals', m.reports_tile_referrals(), 'count', (p) => p.referralsMade, d, {
			segment: 'builtin:referrers'
		}),
		tile(
			'referredRevenue',
			m.reports_tile_referred_revenue(),
			'money',
			(p) => p.referredRevenue,
			d
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
			})
		}
	];
}

const countCell = (n: number): Cell => ({ text: formatCount(n), value: n });
const moneyCell = (n: number): Cell => ({ text: money(n), value: n });

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
		rows: tiles.map((t) => [
			{ text: t.label },
			{ text: formatValue(t.value, t.format), value: t.value ?? '' },
			{ text: formatValue(t.previous, t.format), value: t.previous ?? '' },
			{ text: formatChange(t), value: t.change ?? '' }
		])
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
			m.reports_col_returning()
		],
		rows: d.series.points.map((p) => [
			{ text: pointLabel(p.start, d.series.unit), value: p.start },
			moneyCell(p.revenue),
			moneyCell(p.previousRevenue),
			countCell(p.newCustomers),
			countCell(p.returningCustomers)
		])
	};
}

/** Stages with a built-in segment behind them link to the customers grid. */
const STAGE_SEGMENTS: Partial<Record<string, string>> = {
	new: 'builtin:new',
	reactivate: 'builtin:reactivate'
};

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
			const segment = STAGE_SEGMENTS[id];
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

export function rfmTable(d: Dashboard): Table {
	return {
		id: 'rfm',
		title: m.reports_chart_rfm(),
		headers: [m.reports_col_segment(), m.reports_col_customers()],
		rows: [
			...RFM_SEGMENT_IDS.map((id) => [
				{ text: rfmSegmentName(id), value: id },
				countCell(d.rfm[id])
			]),
			[{ text: m.reports_rfm_none(), value: 'none' }, countCell(d.rfm.none)]
		]
	};
}

export function qualityTable(d: Dashboard): Table {
	const q = d.quality;
	return {
		id: 'quality',
		title: m.reports_chart_quality(),
		headers: [m.reports_col_problem(), m.reports_col_customers()],
		rows: [
			[{ text: m.reports_quality_missing_phone() }, countCell(q.missingPhone)],
			[{ text: m.reports_quality_invalid_phone() }, countCell(q.invalidPhone)],
			[{ text: m.reports_quality_missing_birthday() }, countCell(q.missingBirthday)],
			[{ text: m.reports_quality_shared_phone() }, countCell(q.sharedPhone)]
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
