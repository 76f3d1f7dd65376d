/**
 * When to remind the owner to make a backup. Pure: the banner and the settings page give it what
 * they read from the book and the browser.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
/** A week: a shop loses at most a week of notes if the laptop dies the day before. */
export const DEFAULT_REMIND_DAYS = 7;
export const MAX_REMIND_DAYS = 365;

export interface ReminderInput {
	/** When the last backup was made (epoch ms), or null if never. */
	lastBackupAt: number | null;
	/**
	 * When the book was first written to (its oldest change), or null when it is untouched: a
	 * book that was never backed up is counted from there, so a new book is not nagged at once.
	 */
	bookStartedAt: number | null;
	/** The owner's choice; 0 = never remind. */
	remindDays: number;
	/** When the owner last closed the banner, or null. */
	dismissedAt: number | null;
	now: number;
}

export interface ReminderState {
	due: boolean;
	/** Whole days since the last backup, or null if there was none. */
	daysSinceBackup: number | null;
}

/**
 * Due once `remindDays` have passed since the last backup (or since the book was started, when
 * there was none). Closing the banner hides it for a day, then it comes back until a backup is made.
 */
export function backupReminder(input: ReminderInput): ReminderState {
	const { lastBackupAt, bookStartedAt, remindDays, dismissedAt, now } = input;
	const daysSinceBackup =
		lastBackupAt === null ? null : Math.max(0, Math.floor((now - lastBackupAt) / DAY_MS));
	const from = lastBackupAt ?? bookStartedAt;
	if (remindDays <= 0 || from === null) return { due: false, daysSinceBackup };
	const overdue = now - from >= remindDays * DAY_MS;
	const snoozed = dismissedAt !== null && dismissedAt >= from && now - dismissedAt < DAY_MS;
	return { due: overdue && !snoozed, daysSinceBackup };
}

/** The stored or typed number of days, as a whole number from 0 to MAX_REMIND_DAYS. */
export function remindDaysOf(value: unknown): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n)) return DEFAULT_REMIND_DAYS;
	return Math.min(MAX_REMIND_DAYS, Math.max(0, Math.round(n)));
}
