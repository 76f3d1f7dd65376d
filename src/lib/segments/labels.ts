/**
 * Names of segment fields, operators, built-ins and errors in the user's language, and a
 * definition written out in words ("Giai đoạn là một trong: Khách mới · Tổng chi tiêu từ 1.000.000 ₫").
 */
import { formatDate } from '$lib/domain/date';
import { formatMoney } from '$lib/domain/money';
import type { RfmSegmentId } from '$lib/domain/rfm';
import {
	BUILT_IN_SEGMENTS,
	summarizeSegment,
	type SegmentDefinition,
	type SegmentField,
	type SummaryCondition,
	type SummaryGroup,
	type SummaryValue
} from '$lib/domain/segments';
import { formatCount, getLocale, leadTemperatureLabel, m, stageLabel } from '$lib/i18n';
import { purposeLabel } from '$lib/privacy/labels';
import { rfmSegmentName } from '$lib/i18n/rfm-names';
import type { CustomColumn } from '$lib/columns/definitions';
import { formatNumber } from '$lib/columns/values';
import type { DraftError } from './editor';

const FIELDS: Record<SegmentField, () => string> = {
	customers: m.segment_field_customers,
	stage: m.segment_field_stage,
	tags: m.segment_field_tags,
	rfmSegment: m.segment_field_rfm_segment,
	rfmR: m.segment_field_rfm_r,
	rfmF: m.segment_field_rfm_f,
	rfmM: m.segment_field_rfm_m,
	totalSpent: m.segment_field_total_spent,
	purchaseCount: m.segment_field_purchase_count,
	lastPurchase: m.segment_field_last_purchase,
	firstPurchase: m.segment_field_first_purchase,
	birthdayMonth: m.segment_field_birthday_month,
	source: m.segment_field_source,
	district: m.segment_field_district,
	custom: m.segment_field_custom,
	referredSomeone: m.segment_field_referred_someone,
	wasReferred: m.segment_field_was_referred,
	consent: m.segment_field_consent,
	leadTemperature: m.segment_field_lead_temperature
};

const OPS: Record<string, () => string> = {
	in: m.segment_op_in,
	notIn: m.segment_op_not_in,
	hasAny: m.segment_op_has_any,
	hasAll: m.segment_op_has_all,
	hasNone: m.segment_op_has_none,
	empty: m.segment_op_empty,
	notEmpty: m.segment_op_not_empty,
	eq: m.segment_op_eq,
	neq: m.segment_op_neq,
	gt: m.segment_op_gt,
	gte: m.segment_op_gte,
	lt: m.segment_op_lt,
	lte: m.segment_op_lte,
	between: m.segment_op_between,
	before: m.segment_op_before,
	after: m.segment_op_after,
	withinDays: m.segment_op_within_days,
	moreThanDaysAgo: m.segment_op_more_than_days_ago,
	thisMonth: m.segment_op_this_month,
	nextMonth: m.segment_op_next_month,
	is: m.segment_op_is,
	isNot: m.segment_op_is_not,
	contains: m.segment_op_contains,
	notContains: m.segment_op_not_contains,
	startsWith: m.segment_op_starts_with,
	given: m.segment_op_given,
	notGiven: m.segment_op_not_given
};

const BUILT_IN_NAMES: Record<string, () => string> = {
	segment_builtin_new: m.segment_builtin_new,
	segment_builtin_bought_once: m.segment_builtin_bought_once,
	segment_builtin_repeat: m.segment_builtin_repeat,
	segment_builtin_reactivate: m.segment_builtin_reactivate,
	segment_builtin_referrers: m.segment_builtin_referrers,
	segment_builtin_birthday_this_month: m.segment_builtin_birthday_this_month,
	// An unnamed segment from a link (choices.ts, ADHOC_NAME).
	segment_adhoc: m.segment_adhoc,
	// A report's fixed list of customers (lists.ts).
	segment_list_name: m.segment_list_name
};

export function segmentFieldLabel(field: SegmentField): string {
	return FIELDS[field]();
}

export function segmentOpLabel(op: string): string {
	return OPS[op]?.() ?? op;
}

export function builtInSegmentName(nameKey: string): string {
	return BUILT_IN_NAMES[nameKey]?.() ?? nameKey;
}

export function monthLabel(month: number): string {
	return m.segments_month({ month: String(month) });
}

export function draftErrorText(error: DraftError, row: number): string {
	const r = { row: String(row) };
	switch (error) {
		case 'missing-key':
			return m.segments_error_missing_key(r);
		case 'missing-value':
			return m.segments_error_missing_value(r);
		case 'bad-number':
			return m.segments_error_bad_number(r);
		case 'bad-money':
			return m.segments_error_bad_money(r);
		case 'bad-date':
			return m.segments_error_bad_date(r);
		case 'bad-range':
			return m.segments_error_bad_range(r);
		case 'too-long':
			return m.segments_error_too_long(r);
	}
}

function valueText(v: SummaryValue, tagName: (id: string) => string): string {
	switch (v.kind) {
		case 'stage':
			return stageLabel(v.id);
		case 'tag':
			return tagName(v.id);
		case 'rfmSegment':
			return rfmSegmentName(v.id as RfmSegmentId);
		case 'money':
			return formatMoney(v.value, getLocale());
		case 'number':
		case 'score':
			return formatCount(v.value);
		case 'date':
			return formatDate(v.iso);
		case 'days':
			return `${formatCount(v.value)} ${m.segments_days_unit()}`;
		case 'month':
			return monthLabel(v.value);
		case 'text':
			return `“${v.value}”`;
		case 'boolean':
			return v.value ? m.segments_yes() : m.segments_no();
		case 'purpose':
			return purposeLabel(v.id);
		case 'temperature':
			return leadTemperatureLabel(v.id);
	}
}

/** How a segment names the shop's own columns: by label, by key when the column is gone. */
type ColumnName = (key: string) => string;

function conditionText(
	c: SummaryCondition,
	tagName: (id: string) => string,
	columnName: ColumnName
): string {
	if (c.field === 'customers') {
		const count = c.values[0]?.kind === 'number' ? c.values[0].value : 0;
		return m.segment_list_summary({ count: formatCount(count) });
	}
	const field =
		c.field === 'custom'
			? `${segmentFieldLabel('custom')} “${columnName(c.key ?? '')}”`
			: segmentFieldLabel(c.field);
	const values = c.values.map((v) =>
		// A custom number is shown as its cells show it: 1.234,5.
		c.field === 'custom' && v.kind === 'number'
			? formatNumber(v.value, getLocale() === 'en' ? 'en' : 'vi')
			: valueText(v, tagName)
	);
	const joined =
		c.op === 'between' ? values.join(` ${m.segments_condition_to()} `) : values.join(', ');
	return [field, segmentOpLabel(c.op), joined].filter((s) => s !== '').join(' ');
}

function groupLines(
	g: SummaryGroup,
	tagName: (id: string) => string,
	columnName: ColumnName
): string[] {
	return g.items.map((item) =>
		item.type === 'group'
			? `(${groupLines(item, tagName, columnName).join(item.match === 'all' ? ' · ' : ` | `)})`
			: conditionText(item, tagName, columnName)
	);
}

/** One line per top-level condition, nested groups in brackets. */
export function describeSegment(
	definition: SegmentDefinition,
	tagName: (id: string) => string,
	columns: readonly CustomColumn[] = []
): { match: string; lines: string[] } {
	const summary = summarizeSegment(definition);
	const columnName = (key: string) => columns.find((c) => c.id === key)?.label ?? key;
	return {
		match: definition.match === 'all' ? m.segment_match_all() : m.segment_match_any(),
		lines: groupLines(summary, tagName, columnName)
	};
}

export { BUILT_IN_SEGMENTS };
