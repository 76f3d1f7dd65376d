import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import {
	AGENDA_TABLE,
	agendaKeys,
	agendaMiddleware,
	lateDay,
	type AgendaKey,
	type AgendaRow
} from './agenda';
import { packsMiddleware, type PackRow } from './packs';
import type {
	Batch,
	Change,
	Customer,
	Interaction,
	Purchase,
	Reminder,
	Setting,
	Tag,
	Template,
	Tombstone
} from '$lib/domain/types';

export const DB_NAME = 'so-khach';

type StoredRow = Record<string, unknown>;

// The upgrade functions below are frozen with their version: they must keep reading the shapes
// that version stored, so they do not call the domain modules, which move on with the app.

const REMINDER_KINDS = new Set(['aftercare', 'repurchase', 'reactivation', 'birthday', 'custom']);

/** v1 stored an interaction's channel as free text; v2 keeps a ContactChannel code. */
const V1_CHANNELS: ReadonlyArray<readonly [RegExp, string]> = [
	[/^(phone|call|dien thoai|goi|goi dien|dt)$/, 'phone'],
	[/^zalo$/, 'zalo'],
	[/^(sms|tin nhan|nhan tin)$/, 'sms'],
	[/^(facebook|fb|messenger)$/, 'facebook'],
	[/^(email|e-mail|mail)$/, 'email'],
	[/^(store|tai cua hang|cua hang|truc tiep)$/, 'store']
];

function foldV1(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'd')
		.toLowerCase()
		.trim()
		.replace(/\s+/g, ' ');
}

interface StatsV2 {
	count: number;
	total: number;
	first: string | null;
	last: string | null;
}

/**
 * v1 → v2: derived customer fields (birthdayMD, purchase stats), the after-sale checklist on
 * purchases, and the fields reminders and interactions gained. Everything streams through
 * `modify`; only one small stats entry per customer with purchases is held in memory. Not in the
 * change log: it rewrites no user data, and undo must not take it back. updatedAt is left alone
 * so "recently changed" still means changed by someone.
 */
async function upgradeToV2(tx: Transaction): Promise<void> {
	const stats = new Map<string, StatsV2>();
	await tx
		.table<StoredRow, string>('purchases')
		.toCollection()
		.modify((p) => {
			if (typeof p.aftercare !== 'object' || p.aftercare === null) {
				p.aftercare = { done: {}, chance: null };
			}
			if (p.deletedAt !== undefined || typeof p.customerId !== 'string') return;
			const date = typeof p.date === 'string' ? p.date : null;
			const s = stats.get(p.customerId) ?? { count: 0, total: 0, first: null, last: null };
			s.count += 1;
			s.total += typeof p.amount === 'number' ? p.amount : 0;
			if (date !== null && (s.first === null || date < s.first)) s.first = date;
			if (date !== null && (s.last === null || date > s.last)) s.last = date;
			stats.set(p.customerId, s);
		});
	await tx
		.table<StoredRow, string>('customers')
		.toCollection()
		.modify((c) => {
			c.stats = stats.get(String(c.id)) ?? { count: 0, total: 0, first: null, last: null };
			const md = typeof c.birthday === 'string' ? /(\d{2}-\d{2})$/.exec(c.birthday) : null;
			if (md) c.birthdayMD = md[1];
			else delete c.birthdayMD;
		});
	await tx
		.table<StoredRow, string>('reminders')
		.toCollection()
		.modify((r) => {
			// v1 had no reminder kinds of its own; what it stored becomes a hand-made reminder.
			if (typeof r.kind !== 'string' || !REMINDER_KINDS.has(r.kind)) r.kind = 'custom';
			r.dueEnd ??= null;
			r.step ??= null;
			r.aftercareStep ??= null;
			r.templateId ??= null;
			r.skipReason ??= '';
			r.closedAt ??= r.status === 'open' ? null : (r.updatedAt ?? null);
			r.interactionId ??= null;
			r.snoozedUntil ??= null;
			r.sourcePurchaseId ??= null;
			r.assignee ??= '';
			r.note ??= '';
		});
	await tx
		.table<StoredRow, string>('interactions')
		.toCollection()
		.modify((i) => {
			const raw = typeof i.channel === 'string' ? i.channel : '';
			const folded = foldV1(raw);
			const code = V1_CHANNELS.find(([re]) => re.test(folded))?.[1];
			if (code !== undefined || raw === '') {
				i.channel = code ?? '';
				return;
			}
			// A channel v2 has no code for: keep the words in the summary rather than lose them.
			i.channel = '';
			const summary = typeof i.summary === 'string' ? i.summary : '';
			i.summary = summary === '' ? `[${raw}]` : `${summary} [${raw}]`;
		});
}

/** v2 → v3: every reminder gains `late`, and the open ones their agenda rows. */
async function upgradeToV3(tx: Transaction): Promise<void> {
	const rows: AgendaRow[] = [];
	await tx
		.table<StoredRow, string>('reminders')
		.toCollection()
		.modify((r) => {
			r.late = lateDay(r);
			for (const key of agendaKeys(r)) rows.push({ key });
		});
	await tx.table<AgendaRow, AgendaKey>(AGENDA_TABLE).bulkPut(rows);
}

/** v8: the facts blocks gained columns (who referred whom, manual stages); packs are derived. */
async function upgradeToV8(tx: Transaction): Promise<void> {
	await tx.table('packs').clear();
}

/** `late` is derived: set on every write, so no writer can forget it or set it wrong. */
function keepDerivedFields(db: Dexie): void {
	const reminders = db.table<StoredRow, string>('reminders');
	reminders.hook('creating', (_key, obj) => {
		obj.late = lateDay(obj);
	});
	reminders.hook('updating', (mods, _key, obj) => {
		if (!('due' in mods) && !('dueEnd' in mods)) return undefined;
		const late = lateDay({ ...obj, ...mods });
		return late === obj.late ? undefined : { late };
	});
}

export type SoKhachDB = Dexie & {
	customers: EntityTable<Customer, 'id'>;
	purchases: EntityTable<Purchase, 'id'>;
	interactions: EntityTable<Interaction, 'id'>;
	reminders: EntityTable<Reminder, 'id'>;
	tags: EntityTable<Tag, 'id'>;
	templates: EntityTable<Template, 'id'>;
	settings: EntityTable<Setting, 'key'>;
	changes: EntityTable<Change, 'seq'>;
	batches: EntityTable<Batch, 'id'>;
	agenda: Table<AgendaRow, AgendaKey>;
	tombstones: EntityTable<Tombstone, 'id'>;
	packs: Table<PackRow, unknown[]>;
};

/**
 * Every released version stays here unchanged; a new version is added below the last one with its
 * upgrade function, and a fixture of the previous version is added to tests/fixtures/db.
 * Indexes serve the grid's first page, look-ups by phone/email/tag, the trash and the reports.
 */
export function defineSchema(db: Dexie): void {
	db.version(1).stores({
		customers:
			'id, nameKey, createdAt, updatedAt, deletedAt, *phoneKeys, *emailKeys, *tags, stage, birthday, referredBy',
		purchases: 'id, customerId, date, [customerId+date], updatedAt, deletedAt',
		interactions: 'id, customerId, at, [customerId+at], deletedAt',
		reminders: 'id, customerId, due, [status+due], sourcePurchaseId, deletedAt',
		tags: 'id, name, group',
		templates: 'id, name',
		settings: 'key',
		changes: '++seq, at, batchId, [table+rowId]',
		batches: 'id, at, state, undoneAt'
	});

	// v2, customer care: birthdays by month-day, a customer's reminders in date order, and the
	// open reminders of one staff member in due order (Today filtered by assignee).
	db.version(2)
		.stores({
			customers:
				'id, nameKey, createdAt, updatedAt, deletedAt, *phoneKeys, *emailKeys, *tags, stage, birthday, referredBy, birthdayMD',
			reminders:
				'id, customerId, due, [status+due], sourcePurchaseId, deletedAt, [customerId+due], [status+assignee+due]'
		})
		.upgrade(upgradeToV2);

	// v3, Today at scale: the agenda (agenda.ts), from which Today counts the open reminders by
	// primary key; the day a reminder is late after (`late`, kept by the hooks below) and a
	// range per kind in urgency order (late, due, id), so Today reads only the page it shows;
	// the snoozed ones, a range of their own.
	db.version(3)
		.stores({
			reminders:
				'id, customerId, due, sourcePurchaseId, deletedAt, [customerId+due], [status+kind+late+due], [status+assignee+kind+late+due]',
			agenda: 'key'
		})
		.upgrade(upgradeToV3);

	// v4, customers' rights: what is left of an erased or anonymised customer (id, when, why),
	// so a restore of an older backup does not bring them back. Not a data table: not in the
	// change log's undo, not emptied by a restore. Consents live on the customer (not indexed).
	db.version(4).stores({ tombstones: 'id' });

	// v5, whole-book passes at scale: each customer's facts (facts.ts), a small record the daily
	// stage/RFM recompute and the reports read instead of the whole customer. Dropped by v8: its
	// upgrade, which filled it, is gone too, so a book passing through v5 does not fill a store
	// it is about to drop.
	db.version(5).stores({ facts: 'id' });

	// v6, the dashboard at scale: the reports' packs (packs.ts), the book in columns and in few
	// records. Nothing to fill: packs are built when a report first needs them.
	db.version(6).stores({ packs: 'key' });

	// v7, lighter writes: three customer indexes nothing reads any more (`updatedAt`, `stage`,
	// `birthday`: the grid sorts and filters in the query worker, birthdays use `birthdayMD`).
	// Every index costs each customer write about 2 s per 100,000 records (import-export.md).
	db.version(7).stores({
		customers:
			'id, nameKey, createdAt, deletedAt, *phoneKeys, *emailKeys, *tags, referredBy, birthdayMD'
	});

	// v8, lighter writes again: the `facts` store is dropped. Its record per customer, written
	// beside every customer write, cost an import of 100,000 rows 9–13 s (import-export.md); the
	// passes that read it read the packs' facts blocks, built from the customers (packs.ts). The
	// blocks gained columns, so the packs are emptied and built again when first needed.
	db.version(8).stores({ facts: null }).upgrade(upgradeToV8);
}

export const SCHEMA_VERSION = 8;

export function createDatabase(name: string = DB_NAME): SoKhachDB {
	const db = new Dexie(name) as SoKhachDB;
	defineSchema(db);
	keepDerivedFields(db);
	db.use(agendaMiddleware);
	db.use(packsMiddleware);
	return db;
}
