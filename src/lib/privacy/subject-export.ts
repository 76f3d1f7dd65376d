/**
 * One customer's whole record, for the customer who asks what the shop keeps about them
 * (PDPL 91/2025): a JSON file a program can read and an HTML page a person can read and print.
 * Pure: the caller reads the records (db/subject.ts) and passes the labels in its language.
 */
import type { Change, Customer, Interaction, Purchase, Reminder } from '$lib/domain/types';

export const SUBJECT_FORMAT = 'so-khach-customer-record';

export interface SubjectRecord {
	format: typeof SUBJECT_FORMAT;
	version: 1;
	exportedAt: string;
	shopName: string;
	customer: Customer;
	purchases: Purchase[];
	interactions: Interaction[];
	reminders: Reminder[];
	/** The change log's rows about the customer and their records, oldest first. */
	changes: Change[];
}

export function subjectJson(record: SubjectRecord): string {
	return JSON.stringify(record, null, 2);
}

/** What the page calls each part, in the reader's language. */
export interface SubjectLabels {
	title: string;
	exportedAt: string;
	fields: string;
	consents: string;
	purchases: string;
	interactions: string;
	reminders: string;
	changes: string;
	none: string;
	/** A field's name (the grid's column names where there is one). */
	field: (key: string) => string;
}

function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

const TIMESTAMP_KEYS = new Set([
	'at',
	'createdAt',
	'updatedAt',
	'deletedAt',
	'recordedAt',
	'closedAt',
	'anonymisedAt'
]);

/** A stored value as a person reads it: timestamps as dates, lists one item a line. */
function show(key: string, value: unknown): string {
	if (value === null || value === undefined || value === '') return '';
	if (TIMESTAMP_KEYS.has(key) && typeof value === 'number') {
		return new Date(value).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
	}
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) {
		return value
			.map((v) =>
				typeof v === 'object' && v !== null ? compact(v as Record<string, unknown>) : String(v)
			)
			.join('\n');
	}
	return compact(value as Record<string, unknown>);
}

function compact(value: Record<string, unknown>): string {
	return Object.entries(value)
		.filter(([, v]) => v !== null && v !== undefined && v !== '')
		.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
		.join(', ');
}

function cell(text: string): string {
	return `<td>${escapeHtml(text).replace(/\n/g, '<br>')}</td>`;
}

function table(rows: readonly object[], labels: SubjectLabels, skip: ReadonlySet<string>): string {
	if (rows.length === 0) return `<p>${escapeHtml(labels.none)}</p>`;
	const keys = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => !skip.has(k))))];
	const head = keys.map((k) => `<th>${escapeHtml(labels.field(k))}</th>`).join('');
	const body = rows
		.map((r) => {
			const row = r as Record<string, unknown>;
			return `<tr>${keys.map((k) => cell(show(k, row[k]))).join('')}</tr>`;
		})
		.join('\n');
	return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Fields that only serve indexes or link records: the reader sees their source instead. */
const DERIVED = new Set([
	'nameKey',
	'phoneKeys',
	'emailKeys',
	'birthdayMD',
	'consents',
	'customerId'
]);

/** A self-contained page (no scripts, no external files) with every part of the record. */
export function subjectHtml(record: SubjectRecord, labels: SubjectLabels): string {
	const { customer } = record;
	const fields = Object.entries(customer)
		.filter(([k]) => !DERIVED.has(k))
		.map(([k, v]) => `<tr><th>${escapeHtml(labels.field(k))}</th>${cell(show(k, v))}</tr>`)
		.join('\n');
	const section = (title: string, content: string) =>
		`<section><h2>${escapeHtml(title)}</h2>\n${content}\n</section>`;
	return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>${escapeHtml(labels.title)} — ${escapeHtml(customer.name)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #111; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
</style>
</head>
<body>
<h1>${escapeHtml(labels.title)}: ${escapeHtml(customer.name)}</h1>
<p>${escapeHtml(record.shopName)} — ${escapeHtml(labels.exportedAt)}: ${escapeHtml(record.exportedAt)}</p>
${section(labels.fields, `<table><tbody>\n${fields}\n</tbody></table>`)}
${section(labels.consents, table(customer.consents ?? [], labels, new Set(['id'])))}
${section(labels.purchases, table(record.purchases, labels, DERIVED))}
${section(labels.interactions, table(record.interactions, labels, DERIVED))}
${section(labels.reminders, table(record.reminders, labels, new Set([...DERIVED, 'late'])))}
${section(labels.changes, table(record.changes, labels, new Set(['seq', 'batchId'])))}
</body>
</html>
`;
}

/** `khach-nguyen-thi-huong-2026-11-26.json`: ASCII, so every file system and mail client takes it. */
export function subjectFileName(
	customer: Pick<Customer, 'name' | 'id'>,
	today: string,
	ext: string
): string {
	const slug = customer.name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return `khach-${slug || customer.id}-${today}.${ext}`;
}
