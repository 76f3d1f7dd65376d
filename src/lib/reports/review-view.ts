/** The monthly review's lists as tables: the customer links to their panel, the action to Today. */
import { formatDate } from '$lib/domain/date';
import { interactionKindLabel } from '$lib/customers/labels';
import { m } from '$lib/i18n';
import type { ReviewResult } from './read-review';
import type { ReminderItem, ReviewList } from './review';
import type { Cell, Table } from './view';

export interface ReviewLinks {
	customer(id: string): string;
	today: string;
}

const REMINDER_KIND: Record<ReminderItem['kind'], () => string> = {
	aftercare: m.panel_reminder_kind_aftercare,
	repurchase: m.panel_reminder_kind_repurchase,
	reactivation: m.panel_reminder_kind_reactivation,
	birthday: m.panel_reminder_kind_birthday,
	custom: m.panel_reminder_kind_custom
};

export interface ReviewSection {
	id: 'missed' | 'due' | 'referrers' | 'negative';
	title: string;
	hint: string;
	total: number;
	table: Table;
}

function customerCell(result: ReviewResult, id: string, links: ReviewLinks): Cell {
	return {
		text: result.names[id] || m.customers_unnamed(),
		value: result.names[id] ?? id,
		href: links.customer(id)
	};
}

function reminderTable(
	id: string,
	title: string,
	list: ReviewList<ReminderItem>,
	result: ReviewResult,
	links: ReviewLinks
): Table {
	return {
		id,
		title,
		headers: [
			m.review_col_customer(),
			m.review_col_what(),
			m.review_col_due(),
			m.review_col_actions()
		],
		rows: list.items.map((r) => [
			customerCell(result, r.customerId, links),
			{ text: REMINDER_KIND[r.kind]() },
			{
				text: r.late === r.due ? formatDate(r.due) : `${formatDate(r.due)} – ${formatDate(r.late)}`,
				value: r.due
			},
			{ text: m.review_open_today(), value: '', href: links.today }
		])
	};
}

export function reviewSections(
	result: ReviewResult,
	links: ReviewLinks,
	dueSoonDays: number
): ReviewSection[] {
	const { review } = result;
	return [
		{
			id: 'missed',
			title: m.review_missed_title(),
			hint: m.review_missed_hint(),
			total: review.missedCare.total,
			table: reminderTable('missed', m.review_missed_title(), review.missedCare, result, links)
		},
		{
			id: 'due',
			title: m.review_due_title(),
			hint: m.review_due_hint({ days: dueSoonDays }),
			total: review.dueToBuy.total,
			table: reminderTable('due', m.review_due_title(), review.dueToBuy, result, links)
		},
		{
			id: 'referrers',
			title: m.review_referrers_title(),
			hint: m.review_referrers_hint(),
			total: review.referrers.total,
			table: {
				id: 'referrers',
				title: m.review_referrers_title(),
				headers: [m.review_col_customer(), m.reports_col_customers(), m.review_col_referred()],
				rows: review.referrers.items.map((r) => [
					customerCell(result, r.customerId, links),
					{ text: String(r.referred.length), value: r.referred.length },
					{ text: r.referred.map((x) => x.name || m.customers_unnamed()).join(', ') }
				])
			}
		},
		{
			id: 'negative',
			title: m.review_negative_title(),
			hint: m.review_negative_hint(),
			total: review.negativeFeedback.total,
			table: {
				id: 'negative',
				title: m.review_negative_title(),
				headers: [
					m.review_col_customer(),
					m.review_col_day(),
					m.review_col_what(),
					m.review_col_summary(),
					m.reports_col_staff()
				],
				rows: review.negativeFeedback.items.map((f) => [
					customerCell(result, f.customerId, links),
					{ text: formatDate(f.day), value: f.day },
					{ text: interactionKindLabel(f.kind) },
					{ text: f.summary },
					{ text: f.staff }
				])
			}
		}
	];
}
