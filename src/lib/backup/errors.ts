/**
 * Why a backup could not be read. Each code is a distinct situation the UI explains in the user's
 * language with what to do next; `params` carry what the message needs. Storage failures while
 * writing stay AppErrors (src/lib/db/errors.ts) and cancelling stays an AbortError.
 */

export interface BackupErrorParams {
	/** Not an age file, an age file for recipients this app does not write, or no manifest inside. */
	'not-a-backup': Record<string, never>;
	/**
	 * The passphrase does not unlock the file. age cannot tell this apart from a changed salt or
	 * key stanza in the header, so the message should say "or the file was changed".
	 */
	'wrong-passphrase': Record<string, never>;
	/** The key file does not open it (another key pair), or the header was changed. */
	'wrong-key': Record<string, never>;
	/** Opened with a passphrase, but the file was encrypted to a key (an automatic backup). */
	'needs-key': Record<string, never>;
	/** Opened with a key file, but the file is locked with a passphrase. */
	'needs-passphrase': Record<string, never>;
	/** The header's MAC, a table's SHA-256 or its layout does not match what was written. */
	altered: { table?: string };
	/** Cut short, or bytes corrupted: age's authentication of the body failed, or a line is broken. */
	damaged: { table?: string };
	/** A table holds fewer records than the manifest lists. */
	incomplete: { table: string; expected: number; found: number };
	/** Made by a newer app (format or schema version above ours): update the app to restore it. */
	'newer-version': { appVersion: string; formatVersion: number; schemaVersion: number };
	/** The key derivation would take too much memory and time; never made by this app. */
	'work-factor-too-high': { workFactor: number; max: number };
}

export type BackupErrorCode = keyof BackupErrorParams;

export class BackupError<C extends BackupErrorCode = BackupErrorCode> extends Error {
	readonly code: C;
	readonly params: BackupErrorParams[C];

	constructor(
		code: C,
		params: BackupErrorParams[C],
		message: string,
		options?: { cause?: unknown }
	) {
		super(message, options);
		this.name = 'BackupError';
		this.code = code;
		this.params = params;
	}
}

export function isBackupError(e: unknown): e is BackupError {
	return e instanceof BackupError;
}

export function notABackup(message: string, cause?: unknown): BackupError<'not-a-backup'> {
	return new BackupError('not-a-backup', {}, message, { cause });
}

export function wrongPassphrase(): BackupError<'wrong-passphrase'> {
	return new BackupError('wrong-passphrase', {}, 'The passphrase does not open this backup.');
}

export function wrongKey(): BackupError<'wrong-key'> {
	return new BackupError('wrong-key', {}, 'The key does not open this backup.');
}

export function needsKey(): BackupError<'needs-key'> {
	return new BackupError('needs-key', {}, 'The backup was encrypted to a key, not a passphrase.');
}

export function needsPassphrase(): BackupError<'needs-passphrase'> {
	return new BackupError('needs-passphrase', {}, 'The backup is locked with a passphrase.');
}

export function altered(message: string, table?: string): BackupError<'altered'> {
	return new BackupError('altered', table === undefined ? {} : { table }, message);
}

export function damaged(message: string, table?: string, cause?: unknown): BackupError<'damaged'> {
	return new BackupError('damaged', table === undefined ? {} : { table }, message, { cause });
}

export function incomplete(
	table: string,
	expected: number,
	found: number
): BackupError<'incomplete'> {
	return new BackupError(
		'incomplete',
		{ table, expected, found },
		`The backup lists ${expected} ${table} records but holds ${found}.`
	);
}

export function newerVersion(
	params: BackupErrorParams['newer-version']
): BackupError<'newer-version'> {
	return new BackupError(
		'newer-version',
		params,
		`The backup was made by a newer version of Sổ Khách (${params.appVersion}).`
	);
}

export function workFactorTooHigh(
	workFactor: number,
	max: number
): BackupError<'work-factor-too-high'> {
	return new BackupError(
		'work-factor-too-high',
		{ workFactor, max },
		`The backup's key derivation work factor 2^${workFactor} is above the 2^${max} this app accepts.`
	);
}
