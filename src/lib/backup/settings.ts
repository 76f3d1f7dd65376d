/**
 * The backup settings and what the reminder needs, read and written through the settings
 * repository. They travel inside backups like every setting; after a restore the page records
 * the restored backup's date as the last backup (the book is then exactly that file).
 */
import { withDb } from '$lib/db/db';
import { getSetting, setSetting } from '$lib/db/settings';
import { autoConfigOf, frequencyOf, keepOf, type AutoBackupConfig } from './auto';
import { DEFAULT_REMIND_DAYS, remindDaysOf, type ReminderInput } from './reminder';

export const BACKUP_SETTING_KEYS = {
	lastBackupAt: 'backup.lastAt',
	remindDays: 'backup.remindDays',
	reminderDismissedAt: 'backup.reminderDismissedAt',
	/** The automatic backups' recipient (public key only), frequency and count to keep. */
	auto: 'backup.auto'
} as const;

function timeOf(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export async function getLastBackupAt(): Promise<number | null> {
	return timeOf(await getSetting<unknown>(BACKUP_SETTING_KEYS.lastBackupAt, null));
}

/** Records a successful backup; an older time than the one stored is ignored. */
export async function recordBackup(at: number = Date.now()): Promise<void> {
	const last = await getLastBackupAt();
	if (last === null || at > last) await setSetting(BACKUP_SETTING_KEYS.lastBackupAt, at);
}

export async function getRemindDays(): Promise<number> {
	return remindDaysOf(
		await getSetting<unknown>(BACKUP_SETTING_KEYS.remindDays, DEFAULT_REMIND_DAYS)
	);
}

export async function setRemindDays(days: number): Promise<number> {
	const clean = remindDaysOf(days);
	await setSetting(BACKUP_SETTING_KEYS.remindDays, clean);
	return clean;
}

export async function dismissReminder(at: number = Date.now()): Promise<void> {
	await setSetting(BACKUP_SETTING_KEYS.reminderDismissedAt, at);
}

/** Everything backupReminder needs but the clock. */
export async function reminderInput(): Promise<Omit<ReminderInput, 'now'>> {
	const [lastBackupAt, remindDays, dismissed, first] = await Promise.all([
		getLastBackupAt(),
		getRemindDays(),
		getSetting<unknown>(BACKUP_SETTING_KEYS.reminderDismissedAt, null),
		withDb((db) => db.batches.orderBy('at').first())
	]);
	return {
		lastBackupAt,
		remindDays,
		dismissedAt: timeOf(dismissed),
		bookStartedAt: first?.at ?? null
	};
}

/** The automatic backups' settings, or null when they are off. */
export async function getAutoBackupConfig(): Promise<AutoBackupConfig | null> {
	return autoConfigOf(await getSetting<unknown>(BACKUP_SETTING_KEYS.auto, null));
}

/** Turns automatic backups on or changes them (null: off). Only the public key is stored. */
export async function setAutoBackupConfig(config: AutoBackupConfig | null): Promise<void> {
	await setSetting(
		BACKUP_SETTING_KEYS.auto,
		config === null
			? null
			: {
					recipient: config.recipient,
					frequency: frequencyOf(config.frequency),
					keep: keepOf(config.keep)
				}
	);
}
