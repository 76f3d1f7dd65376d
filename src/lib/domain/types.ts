import type { LeadTemperature, StageReason } from './stages';

/**
 * The shapes of the records the customer book keeps. Storage forms only: E.164 phones, ISO dates,
 * integer VND, epoch-millisecond timestamps. Display forms are made by the i18n formatters.
 */

export type Gender = 'male' | 'female' | 'other';

/** Why a value could not be normalised. The UI turns a code into a message in the user's language. */
export type ProblemCode =
	| 'phone-invalid'
	| 'phone-too-short'
	| 'phone-too-long'
	| 'email-invalid'
	| 'date-invalid'
	| 'date-future'
	| 'gender-unknown'
	| 'money-invalid';

/** A phone as the user typed it and, when it is a real number, its E.164 form. */
export interface Phone {
	/** What was typed or imported, untouched. */
	raw: string;
	/** `+84912345678`; null when the number is not valid (then `problem` says why). */
	e164: string | null;
	/** True when an old 11-digit mobile number (pre-2018 prefix) was mapped to today's. */
	converted?: boolean;
	problem?: ProblemCode;
}

export interface Email {
	/** Trimmed and lower-cased when valid; as typed when not. */
	value: string;
	valid: boolean;
}

/** A value that failed validation is kept as typed, with the reason. */
export interface Invalid {
	raw: string;
	problem: ProblemCode;
}

export type CustomerId = string;

export interface Customer {
	id: CustomerId;
	name: string;
	/** Folded name (no diacritics, đ → d, lower case) for sorting and search. */
	nameKey: string;
	/** How staff address the customer: anh, chị, cô, chú, em, bác… Empty when unknown. */
	salutation: string;
	phones: Phone[];
	/** E.164 forms of the valid phones: a multi-entry index for look-ups by phone. */
	phoneKeys: string[];
	emails: Email[];
	/** The valid, lower-cased emails: a multi-entry index. */
	emailKeys: string[];
	gender: Gender | null;
	/** ISO `yyyy-mm-dd`, or `--mm-dd` when the year is unknown. */
	birthday: string | null;
	address: string;
	district: string;
	city: string;
	/** Where the customer came from: walk-in, Facebook, Zalo, a referral… free text. */
	source: string;
	referredBy: CustomerId | null;
	/** Tag ids (see the tags table); a multi-entry index. */
	tags: string[];
	/** Lifecycle stage id, or null before the rules or the owner set one. */
	stage: string | null;
	stageManual: boolean;
	/** Why the customer is in their stage (a rule and its date, or set by hand); absent before. */
	stageReason?: StageReason | null;
	/**
	 * How warm the owner judges a lead (set by hand); absent or null = not rated. Kept when the
	 * customer buys, shown only while the stage is lead. Not indexed.
	 */
	leadTemperature?: LeadTemperature | null;
	/**
	 * Whether the customer agreed to receive messages; null when not asked. The single flag of
	 * earlier versions (imports still set it): read through `consentState` in privacy/consent.ts,
	 * where `consents` below takes precedence and the flag counts only for care messages.
	 */
	consent: boolean | null;
	/** Consent given or withdrawn per purpose, oldest first; each change is a new entry (history). */
	consents?: ConsentRecord[];
	/** When the customer was anonymised (privacy/erase): who they were is gone, sales remain. */
	anonymisedAt?: number;
	notes: string;
	custom: Record<string, string | number | boolean | null>;
	/** Single-valued fields whose typed value was not valid, keyed by field name. */
	invalid: Partial<Record<'birthday' | 'gender', Invalid>>;
	/**
	 * `mm-dd` of the birthday (also for a year-less one), absent when unknown: an index for
	 * "birthdays this week" that a year-first ISO date cannot serve. Derived from `birthday`.
	 */
	birthdayMD?: string;
	/** Purchase totals kept in step by the purchases repository, so the grid can sort by them. */
	stats: PurchaseStats;
	createdAt: number;
	updatedAt: number;
	/** Set when the customer is in the trash. Absent (not null) otherwise, so the index skips it. */
	deletedAt?: number;
}

/** What a customer may be contacted for; each purpose has its own consent (PDPL 91/2025). */
export type ConsentPurpose = 'care' | 'promotions';

/** How the consent was given or withdrawn. */
export type ConsentMethod = 'store' | 'form' | 'zalo' | 'phone' | 'other';

export interface ConsentRecord {
	id: string;
	purpose: ConsentPurpose;
	/** true: consent given; false: withdrawn (or refused). */
	given: boolean;
	/** When the customer gave or withdrew it (epoch ms), as staff recorded it. */
	at: number;
	method: ConsentMethod;
	note: string;
	/** When it was written down in the app. */
	recordedAt: number;
}

/**
 * What is left of an erased or anonymised customer: the id, when and why, nothing personal.
 * A restore skips (erased) or anonymises again (anonymised) any record of a tombstoned id.
 */
export interface Tombstone {
	id: CustomerId;
	at: number;
	kind: 'erased' | 'anonymised';
	reason: 'customer-request' | 'no-longer-needed' | 'other';
}

export interface PurchaseStats {
	/** Number of purchases not in the trash. */
	count: number;
	/** Their total in whole đồng. */
	total: number;
	/** ISO dates of the first and the latest purchase; null without purchases. */
	first: string | null;
	last: string | null;
}

/** The five after-sale steps the shops check off for each sale. */
export type AftercareStepId = 'ask' | 'thanks' | 'feedback' | 'followup' | 'chance';

export type RepurchaseChance = 'high' | 'medium' | 'low';

export interface Aftercare {
	/** When each step was checked off (epoch ms); absent while not done. */
	done: Partial<Record<AftercareStepId, number>>;
	/** The staff's judgement of the chance this customer buys again. */
	chance: RepurchaseChance | null;
}

export interface Purchase {
	id: string;
	customerId: CustomerId;
	/** ISO date `yyyy-mm-dd` of the sale. */
	date: string;
	items: string;
	/** Whole đồng. */
	amount: number;
	channel: string;
	staff: string;
	note: string;
	aftercare: Aftercare;
	createdAt: number;
	updatedAt: number;
	deletedAt?: number;
}

export type InteractionKind = 'call' | 'message' | 'visit' | 'feedback' | 'complaint' | 'note';

export interface Interaction {
	id: string;
	customerId: CustomerId;
	at: number;
	kind: InteractionKind;
	channel: ContactChannel | '';
	sentiment: 'positive' | 'neutral' | 'negative' | null;
	/** The reminder this interaction answered, if any. */
	reminderId?: string | null;
	summary: string;
	staff: string;
	createdAt: number;
	updatedAt: number;
	deletedAt?: number;
}

/** cancelled: made moot by the system (its purchase was deleted, a newer purchase superseded it). */
export type ReminderStatus = 'open' | 'done' | 'skipped' | 'cancelled';

/** aftercare: a cadence step after a sale; repurchase: a product/tag cycle came round. */
export type ReminderKind = 'aftercare' | 'repurchase' | 'reactivation' | 'birthday' | 'custom';

/** How staff reach the customer for a reminder; also an interaction's channel. */
export type ContactChannel = 'phone' | 'zalo' | 'sms' | 'facebook' | 'email' | 'store';

export interface Reminder {
	id: string;
	customerId: CustomerId;
	/** ISO date `yyyy-mm-dd` in the shop's time zone. */
	due: string;
	/** Last day it is still on time (a 60–90-day window); null for a single day. */
	dueEnd: string | null;
	/**
	 * `dueEnd ?? due`: the last day it is on time. Derived by the database on every write (never
	 * set it by hand); absent on a draft not yet stored.
	 */
	late?: string;
	kind: ReminderKind;
	/** The cadence step it comes from (e.g. `d3`), or null. */
	step: string | null;
	/** The after-sale checklist step that doing it ticks, if any. */
	aftercareStep: AftercareStepId | null;
	/** Message template suggested for it, if any. */
	templateId: string | null;
	status: ReminderStatus;
	/** While set and after today, the reminder is hidden from Today. */
	snoozedUntil: string | null;
	sourcePurchaseId: string | null;
	/** Staff member in charge; empty for anyone. */
	assignee: string;
	note: string;
	/** Why it was skipped (status skipped). */
	skipReason: string;
	/** When it was done, skipped or cancelled. */
	closedAt: number | null;
	/** The interaction logged when it was done. */
	interactionId: string | null;
	createdAt: number;
	updatedAt: number;
	deletedAt?: number;
}

export interface Tag {
	id: string;
	name: string;
	colour: string;
	group: 'stage' | 'free';
	order: number;
	createdAt: number;
	updatedAt: number;
	deletedAt?: number;
}

export interface Template {
	id: string;
	name: string;
	channel: 'sms' | 'zalo' | 'email' | 'call' | 'any';
	body: string;
	createdAt: number;
	updatedAt: number;
	deletedAt?: number;
}

export interface Setting {
	key: string;
	value: unknown;
}

export type TableName =
	'customers' | 'purchases' | 'interactions' | 'reminders' | 'tags' | 'templates' | 'settings';

export type ChangeOp = 'create' | 'update' | 'trash' | 'restore' | 'purge' | 'bulk-create';

/** One row of the change log: what one write did to one record. */
export interface Change {
	/** Auto-increment: the order of all writes on this device. */
	seq?: number;
	at: number;
	batchId: string;
	table: TableName;
	rowId: string;
	op: ChangeOp;
	/** The fields that changed (update), or undefined for whole-record operations. */
	fields?: string[];
	/** The changed fields before (update) or the whole record (trash, purge); null on create. */
	before: Record<string, unknown> | null;
	/** The changed fields after (update) or the whole record (create); null on purge. */
	after: Record<string, unknown> | null;
}

export type BatchOrigin = 'user' | 'undo' | 'redo' | 'import' | 'sample' | 'system';

/** One user action: every change it made shares its id, and undo reverts it as one step. */
export interface Batch {
	id: string;
	at: number;
	/** Message key describing the action (e.g. `change_edit_field`), with its params. */
	label: string;
	params?: Record<string, string | number>;
	origin: BatchOrigin;
	/** done: can be undone; undone: can be redone; final: neither (undo/redo records, sample loads). */
	state: 'done' | 'undone' | 'final';
	/** When it was last undone, to order the redo stack. */
	undoneAt?: number;
	count: number;
}
