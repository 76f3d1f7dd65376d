/**
 * What to tell the owner about a backup task, in their language: each failure its own message
 * with what to do next, and the progress of each phase.
 */
import { errorText } from '$lib/app/errors';
import { formatCount, m } from '$lib/i18n';
import { isBackupError, type BackupError } from './errors';
import type { AutoFailure } from './auto-run';
import type { BackupProgress } from './format';

export function isCancel(e: unknown): boolean {
	return (e as { name?: unknown } | null)?.name === 'AbortError';
}

export function tableLabel(table: string): string {
	switch (table) {
		case 'customers':
			return m.backup_table_customers();
		case 'purchases':
			return m.backup_table_purchases();
		case 'interactions':
			return m.backup_table_interactions();
		case 'reminders':
			return m.backup_table_reminders();
		case 'tags':
			return m.backup_table_tags();
		case 'templates':
			return m.backup_table_templates();
		case 'settings':
			return m.backup_table_settings();
		default:
			return table;
	}
}

function backupErrorText(e: BackupError): string {
	switch (e.code) {
		case 'not-a-backup':
			return m.backup_error_not_a_backup();
		case 'wrong-passphrase':
			return m.backup_error_wrong_passphrase();
		case 'wrong-key':
			return m.backup_error_wrong_key();
		case 'needs-key':
			return m.backup_error_needs_key();
		case 'needs-passphrase':
			return m.backup_error_needs_passphrase();
		case 'altered':
			return m.backup_error_altered();
		case 'damaged':
			return m.backup_error_damaged();
		case 'incomplete': {
			const p = (e as BackupError<'incomplete'>).params;
			return m.backup_error_incomplete({
				table: tableLabel(p.table),
				expected: formatCount(p.expected),
				found: formatCount(p.found)
			});
		}
		case 'newer-version':
			return m.backup_error_newer_version({
				version: (e as BackupError<'newer-version'>).params.appVersion
			});
		case 'work-factor-too-high':
			return m.backup_error_work_factor({
				workFactor: (e as BackupError<'work-factor-too-high'>).params.workFactor
			});
	}
}

/** The message for a failed backup task (not a cancel: the caller says that its own way). */
export function backupFailureText(e: unknown): string {
	// Anything else (storage full, the database closed for an upgrade…) has its app-wide message.
	return isBackupError(e) ? backupErrorText(e) : errorText(e);
}

export function progressText(p: BackupProgress): string {
	const done = formatCount(p.done);
	const total = formatCount(p.total);
	switch (p.phase) {
		case 'key':
			return m.backup_phase_key();
		case 'scan':
			return m.backup_phase_scan({ done, total });
		case 'write':
			return m.backup_phase_write({ done, total });
		case 'verify':
			return m.backup_phase_verify({ done, total });
		case 'upgrade':
			return m.backup_phase_upgrade({ done, total });
	}
}

/** Why an automatic backup failed, as the end of a sentence. */
export function autoFailureText(failure: AutoFailure): string {
	switch (failure.kind) {
		case 'permission':
			return m.autobackup_failure_permission();
		case 'folder-gone':
			return m.autobackup_failure_folder_gone();
		case 'disk-full':
			return m.autobackup_failure_disk_full();
		case 'other':
			return m.autobackup_failure_other({ message: failure.message.replace(/\.$/, '') });
	}
}
