import Dexie, { type EntityTable } from 'dexie';
import type {
	Batch,
	Change,
	Customer,
	Interaction,
	Purchase,
	Reminder,
	Setting,
	Tag,
	Template
} from '$lib/domain/types';

export const DB_NAME = 'so-khach';

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
}

export const SCHEMA_VERSION = 1;

export function createDatabase(name: string = DB_NAME): SoKhachDB {
	const db = new Dexie(name) as SoKhachDB;
	defineSchema(db);
	return db;
}
