import type {
	ColDef,
	ICellRendererParams,
	ITooltipParams,
	ValueGetterParams
} from 'ag-grid-community';
import { dateFilter, numberFilter } from './filters';
import type { Customer } from '$lib/domain/types';
import type { RfmScore } from '$lib/domain/rfm';
import { rfmSegmentName } from '$lib/i18n/rfm-names';
import { splitList } from './text';
import { TagCellEditor, tagChips, type TagLookup } from './tag-cells';
import type { EditableField } from '$lib/domain/customer';
import { fieldText } from '$lib/domain/customer';
import { SALUTATIONS } from '$lib/domain/name';
import { LEAD_TEMPERATURES, STAGE_IDS, type LeadTemperature } from '$lib/domain/stages';
import { isLeadNow, shownLeadTemperature } from '$lib/domain/lead-temperature';
import {
	m,
	fieldLabel,
	genderLabel,
	stageLabel,
	leadTemperatureLabel,
	problemMessage,
	formatDateTime,
	getLocale
} from '$lib/i18n';
import { formatMoney } from '$lib/domain/money';
import { formatDate } from '$lib/domain/date';
import type { CustomEditContext } from '$lib/columns/grid';

export interface GridContext extends TagLookup, CustomEditContext {
	/** Saves one edited cell; the grid never writes into its row objects itself. */
	edit(customer: Customer, field: GridEditField, text: string): void;
	/** Saves a customer's tags from names: names no tag has yet become new tags. */
	setTags(customer: Customer, names: string[]): void;
	open(customer: Customer): void;
	/** Opens the quick purchase entry for a customer. */
	purchase(customer: Customer): void;
	/** The customer's RFM as the query worker ranked it with the row; null without purchases. */
	rfm(id: string): RfmScore | null | undefined;
}

export type GridEditField = EditableField | 'tags' | 'stage' | 'leadTemperature';

type Params =
	ValueGetterParams<Customer> | ICellRendererParams<Customer> | ITooltipParams<Customer>;

function problemsOf(
	c: Customer | undefined,
	field: 'phones' | 'emails' | 'birthday' | 'gender'
): string[] {
	if (!c) return [];
	if (field === 'phones')
		return c.phones
			.filter((p) => !p.e164)
			.map((p) => `${p.raw}: ${problemMessage(p.problem ?? 'phone-invalid')}`);
	if (field === 'emails')
		return c.emails
			.filter((e) => !e.valid)
			.map((e) => `${e.value}: ${problemMessage('email-invalid')}`);
	const inv = c.invalid?.[field];
	return inv ? [problemMessage(inv.problem)] : [];
}

const gridContext = (p: { context: unknown }) => p.context as GridContext;

/** Text as the cell shows it and as its editor starts from. */
function textOf(field: EditableField) {
	return (p: ValueGetterParams<Customer>) => (p.data ? fieldText(p.data, field) : '');
}

function editable(field: GridEditField, extra: Partial<ColDef<Customer>> = {}): ColDef<Customer> {
	return {
		colId: field,
		headerName: fieldLabel(field),
		editable: true,
		valueSetter: (p) => {
			if (p.data) gridContext(p).edit(p.data, field, String(p.newValue ?? ''));
			// The repository saves and normalises; the row is replaced with the stored record.
			return false;
		},
		filter: 'agTextColumnFilter',
		...extra
	};
}

function flagged(field: 'phones' | 'emails' | 'birthday' | 'gender'): Partial<ColDef<Customer>> {
	return {
		cellClassRules: { 'cell-invalid': (p) => problemsOf(p.data, field).length > 0 },
		tooltipValueGetter: (p: Params) => {
			const list = problemsOf(p.data, field);
			return list.length ? list.join('\n') : undefined;
		}
	};
}

function rowButton(text: string, title: string, label: string, run: () => void): HTMLElement {
	const b = document.createElement('button');
	b.type = 'button';
	b.className = 'row-btn';
	b.textContent = text;
	b.title = title;
	b.setAttribute('aria-label', label);
	b.addEventListener('click', run);
	return b;
}

function rowActions(p: ICellRendererParams<Customer>): HTMLElement | string {
	if (!p.data) return '';
	const c = p.data;
	const name = c.name || m.customers_unnamed();
	const wrap = document.createElement('span');
	wrap.append(
		rowButton('↗', m.customers_open(), m.customers_open_label({ name }), () =>
			gridContext(p).open(c)
		),
		rowButton('₫+', m.customers_purchase(), m.customers_purchase_label({ name }), () =>
			gridContext(p).purchase(c)
		)
	);
	return wrap;
}

function tagNames(p: Params): string {
	const context = gridContext(p);
	return p.data ? p.data.tags.map((id) => context.tag(id)?.name ?? id).join(', ') : '';
}

export function customerColumns(): ColDef<Customer>[] {
	return [
		{
			colId: 'open',
			headerName: '',
			width: 100,
			pinned: 'left',
			sortable: false,
			resizable: false,
			suppressMovable: true,
			cellRenderer: rowActions,
			suppressHeaderMenuButton: true
		},
		editable('name', {
			valueGetter: textOf('name'),
			pinned: 'left',
			width: 210,
			cellClass: 'cell-name'
		}),
		editable('salutation', {
			valueGetter: textOf('salutation'),
			width: 110,
			cellEditor: 'agSelectCellEditor',
			cellEditorParams: { values: ['', ...SALUTATIONS] }
		}),
		editable('phones', { valueGetter: textOf('phones'), width: 190, ...flagged('phones') }),
		editable('emails', { valueGetter: textOf('emails'), width: 210, ...flagged('emails') }),
		editable('gender', {
			valueGetter: (p) =>
				p.data ? (p.data.invalid?.gender?.raw ?? genderLabel(p.data.gender)) : '',
			width: 110,
			cellEditor: 'agSelectCellEditor',
			cellEditorParams: { values: ['', m.gender_male(), m.gender_female(), m.gender_other()] },
			...flagged('gender')
		}),
		editable('birthday', {
			valueGetter: textOf('birthday'),
			width: 130,
			...flagged('birthday'),
			...dateFilter()
		}),
		editable('address', { valueGetter: textOf('address'), width: 240 }),
		editable('district', { valueGetter: textOf('district'), width: 150 }),
		editable('city', { valueGetter: textOf('city'), width: 150 }),
		editable('source', { valueGetter: textOf('source'), width: 140 }),
		editable('tags', {
			valueGetter: tagNames,
			valueSetter: (p) => {
				// The tag editor gives names; text (from elsewhere) is split at commas.
				const v: unknown = p.newValue;
				const names = Array.isArray(v) ? v.map(String) : splitList(String(v ?? ''));
				if (p.data) gridContext(p).setTags(p.data, names);
				return false;
			},
			cellRenderer: tagChips,
			cellEditor: TagCellEditor,
			// Chips cut short in a narrow column: the whole list on hover.
			tooltipValueGetter: (p) => tagNames(p) || undefined,
			width: 180
		}),
		editable('stage', {
			valueGetter: (p) => (p.data ? stageLabel(p.data.stage) : ''),
			cellEditor: 'agSelectCellEditor',
			cellEditorParams: { values: ['', ...STAGE_IDS.map((s) => stageLabel(s))] },
			width: 150
		}),
		editable('leadTemperature', {
			// Only a lead has a temperature: the cell of anyone else stays empty and closed.
			valueGetter: (p) => {
				const t = p.data ? shownLeadTemperature(p.data) : null;
				return t ? leadTemperatureLabel(t) : '';
			},
			editable: (p) => (p.data ? isLeadNow(p.data) : false),
			cellEditor: 'agSelectCellEditor',
			cellEditorParams: { values: ['', ...LEAD_TEMPERATURES.map((t) => leadTemperatureLabel(t))] },
			width: 130
		}),
		editable('notes', { valueGetter: textOf('notes'), width: 240 }),
		{
			colId: 'purchaseCount',
			headerName: m.customers_col_purchases(),
			valueGetter: (p) => (p.data ? (p.data.stats?.count ?? 0) : ''),
			width: 110,
			...numberFilter(),
			type: 'rightAligned'
		},
		{
			colId: 'purchaseTotal',
			headerName: m.customers_col_total(),
			valueGetter: (p) => (p.data ? formatMoney(p.data.stats?.total ?? 0, getLocale()) : ''),
			width: 140,
			...numberFilter(),
			type: 'rightAligned'
		},
		{
			colId: 'lastPurchase',
			headerName: m.customers_col_last(),
			valueGetter: (p) => (p.data?.stats?.last ? formatDate(p.data.stats.last) : ''),
			width: 130,
			...dateFilter()
		},
		{
			colId: 'rfm',
			headerName: m.rfm_column(),
			headerTooltip: m.rfm_title(),
			valueGetter: (p) => {
				const s = p.data ? gridContext(p).rfm(p.data.id) : null;
				return s
					? m.rfm_cell({
							segment: rfmSegmentName(s.segment),
							r: String(s.r),
							f: String(s.f),
							m: String(s.m)
						})
					: '';
			},
			tooltipValueGetter: (p) => {
				const s = p.data ? gridContext(p).rfm(p.data.id) : null;
				return s
					? `${m.rfm_r()} ${s.r}/5 · ${m.rfm_f()} ${s.f}/5 · ${m.rfm_m()} ${s.m}/5`
					: undefined;
			},
			width: 190,
			filter: 'agTextColumnFilter'
		},
		{
			colId: 'firstPurchase',
			headerName: m.customers_col_first(),
			valueGetter: (p) => (p.data?.stats?.first ? formatDate(p.data.stats.first) : ''),
			width: 130,
			hide: true,
			...dateFilter()
		},
		{
			colId: 'createdAt',
			headerName: fieldLabel('createdAt'),
			valueGetter: (p) => (p.data ? formatDateTime(p.data.createdAt) : ''),
			width: 150,
			...dateFilter()
		},
		{
			colId: 'updatedAt',
			headerName: fieldLabel('updatedAt'),
			valueGetter: (p) => (p.data ? formatDateTime(p.data.updatedAt) : ''),
			width: 150,
			...dateFilter()
		}
	];
}

/** Turns a temperature label chosen in the grid's editor back into its id; '' clears it. */
export function temperatureFromLabel(label: string): LeadTemperature | null {
	const t = label.trim();
	return LEAD_TEMPERATURES.find((x) => leadTemperatureLabel(x) === t || x === t) ?? null;
}

/** Turns a stage label chosen in the grid's editor back into its id. */
export function stageIdFromLabel(label: string): string | null {
	const t = label.trim();
	if (!t) return null;
	return STAGE_IDS.find((s) => stageLabel(s) === t || s === t) ?? null;
}
