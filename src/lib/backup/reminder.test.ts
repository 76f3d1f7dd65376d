import { describe, expect, it } from 'vitest';
import {
	backupReminder,
	DAY_MS,
	DEFAULT_REMIND_DAYS,
	remindDaysOf,
	type ReminderInput
} from './reminder';

const NOW = Date.UTC(2026, 10, 26, 3);
const base: ReminderInput = {
	lastBackupAt: null,
	bookStartedAt: null,
	remindDays: 7,
	dismissedAt: null,
	now: NOW
};

describe('the backup reminder', () => {
	it('is due once the chosen number of days have passed since the last backup', () => {
		expect(backupReminder({ ...base, lastBackupAt: NOW - 6 * DAY_MS }).due).toBe(false);
		expect(backupReminder({ ...base, lastBackupAt: NOW - 7 * DAY_MS })).toEqual({
			due: true,
			daysSinceBackup: 7
		});
	});

	it('counts a book never backed up from its first change, and leaves an untouched book alone', () => {
		expect(backupReminder(base).due).toBe(false);
		expect(backupReminder({ ...base, bookStartedAt: NOW - DAY_MS }).due).toBe(false);
		expect(backupReminder({ ...base, bookStartedAt: NOW - 8 * DAY_MS })).toEqual({
			due: true,
			daysSinceBackup: null
		});
	});

	it('never reminds when the owner chose 0 days', () => {
		expect(backupReminder({ ...base, remindDays: 0, lastBackupAt: NOW - 400 * DAY_MS }).due).toBe(
			false
		);
	});

	it('stays hidden for a day after being closed, then comes back', () => {
		const old = { ...base, lastBackupAt: NOW - 30 * DAY_MS };
		expect(backupReminder({ ...old, dismissedAt: NOW - 2 * 60 * 60 * 1000 }).due).toBe(false);
		expect(backupReminder({ ...old, dismissedAt: NOW - DAY_MS }).due).toBe(true);
	});

	it('ignores a close from before the last backup', () => {
		// Closed, then a backup, then the days ran out again: the old close does not hide it.
		const input = { ...base, lastBackupAt: NOW - 7 * DAY_MS, dismissedAt: NOW - 8 * DAY_MS };
		expect(backupReminder(input).due).toBe(true);
	});
});

describe('the reminder interval', () => {
	it('keeps whole days from 0 to a year, and falls back to the default', () => {
		expect(remindDaysOf(3)).toBe(3);
		expect(remindDaysOf('14')).toBe(14);
		expect(remindDaysOf(0)).toBe(0);
		expect(remindDaysOf(-2)).toBe(0);
		expect(remindDaysOf(2.6)).toBe(3);
		expect(remindDaysOf(9999)).toBe(365);
		expect(remindDaysOf(undefined)).toBe(DEFAULT_REMIND_DAYS);
		expect(remindDaysOf('abc')).toBe(DEFAULT_REMIND_DAYS);
		expect(remindDaysOf('')).toBe(DEFAULT_REMIND_DAYS);
	});
});
