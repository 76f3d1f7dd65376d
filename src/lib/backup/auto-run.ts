/**
 * One look at the automatic backup: when it is on, due, and the folder may be written, the book
 * is exported by the backup worker, encrypted to the owner's recipient, streamed into a new file
 * in the folder, and the oldest automatic backups beyond the number to keep are deleted. What
 * happened is recorded on this device (device-store.ts) and a success counts as the last backup
 * for the reminder. Everything it touches comes in through `AutoRunDeps`, so the whole path runs
 * in Node against a stand-in folder.
 */
import {
	autoBackupName,
	backupsToPrune,
	isAutoBackupDue,
	SHOP_TIME_ZONE,
	type AutoBackupConfig
} from './auto';
import { shopSlug } from './export';

/** The part of a FileSystemDirectoryHandle used here. */
export interface BackupFolder {
	readonly name: string;
	getFileHandle(name: string, options?: { create?: boolean }): Promise<FileSystemFileHandle>;
	removeEntry(name: string): Promise<void>;
	values(): AsyncIterable<{ kind: 'file' | 'directory'; name: string }>;
	queryPermission?(descriptor: { mode: 'readwrite' }): Promise<PermissionState>;
	requestPermission?(descriptor: { mode: 'readwrite' }): Promise<PermissionState>;
}

/** Why an automatic backup failed, in the words the owner needs to act on it. */
export type AutoFailureKind = 'permission' | 'folder-gone' | 'disk-full' | 'other';

export interface AutoFailure {
	kind: AutoFailureKind;
	message: string;
}

export type AutoRun =
	| { at: number; ok: true; file: string; pruned: number }
	| { at: number; ok: false; failure: AutoFailure };

/** How the automatic backups went on this device. */
export interface AutoStatus {
	lastOkAt: number | null;
	lastOkFile: string | null;
	/** The last attempt, successful or not. */
	lastRun: AutoRun | null;
}

export const EMPTY_STATUS: AutoStatus = { lastOkAt: null, lastOkFile: null, lastRun: null };

export type AutoCheck =
	| { state: 'off' }
	| { state: 'no-folder' }
	| { state: 'not-due' }
	/** The browser needs the owner's click to let the app write into the folder again. */
	| { state: 'needs-permission' }
	/** Another tab is making it. */
	| { state: 'busy' }
	| { state: 'done'; file: string; pruned: string[] }
	| { state: 'failed'; failure: AutoFailure };

export interface AutoRunDeps {
	config(): Promise<AutoBackupConfig | null>;
	folder(): Promise<BackupFolder | null>;
	status(): Promise<AutoStatus>;
	saveStatus(status: AutoStatus): Promise<void>;
	shopName(): Promise<string>;
	/** Streams the book, encrypted to `recipient`, into `target` (the backup worker's `save`). */
	write(target: FileSystemFileHandle, recipient: string, shopName: string): Promise<void>;
	/** Counts it as the last backup, for the reminder. */
	recordBackup(at: number): Promise<void>;
	now(): number;
	/** Runs `fn` unless another tab holds the lock (then null): one backup, not one per tab. */
	exclusive?<T>(fn: () => Promise<T>): Promise<T | null>;
	timeZone?: string;
}

/** The failure as the owner should hear it: a revoked permission and a missing folder get words. */
export function failureOf(e: unknown): AutoFailure {
	const name = typeof e === 'object' && e !== null ? (e as { name?: unknown }).name : undefined;
	const message = e instanceof Error ? e.message : String(e);
	switch (name) {
		case 'NotAllowedError':
		case 'SecurityError':
			return { kind: 'permission', message };
		case 'NotFoundError':
			return { kind: 'folder-gone', message };
		case 'QuotaExceededError':
			return { kind: 'disk-full', message };
		default:
			return { kind: 'other', message };
	}
}

async function fileExists(folder: BackupFolder, name: string): Promise<boolean> {
	try {
		await folder.getFileHandle(name);
		return true;
	} catch {
		return false;
	}
}

async function fileNames(folder: BackupFolder): Promise<string[]> {
	const names: string[] = [];
	for await (const entry of folder.values()) if (entry.kind === 'file') names.push(entry.name);
	return names;
}

/**
 * Looks once: makes the backup when it is due (or at once with `force`, the owner's "back up
 * now"). Never throws for a failed backup: the failure is recorded, returned, and tried again at
 * the next look.
 */
export async function checkAutoBackup(
	deps: AutoRunDeps,
	options: { force?: boolean } = {}
): Promise<AutoCheck> {
	const config = await deps.config();
	if (config === null) return { state: 'off' };
	const folder = await deps.folder();
	if (folder === null) return { state: 'no-folder' };
	const run = async (): Promise<AutoCheck> => {
		// Read again under the lock: another tab may have just made it.
		const status = await deps.status();
		const due = isAutoBackupDue({
			frequency: config.frequency,
			lastOkAt: status.lastOkAt,
			now: deps.now(),
			timeZone: deps.timeZone
		});
		if (!due && options.force !== true) return { state: 'not-due' };
		if (
			folder.queryPermission !== undefined &&
			(await folder.queryPermission({ mode: 'readwrite' })) !== 'granted'
		) {
			return { state: 'needs-permission' };
		}
		return await writeBackup(deps, config, folder, status);
	};
	if (deps.exclusive === undefined) return await run();
	return (await deps.exclusive(run)) ?? { state: 'busy' };
}

async function writeBackup(
	deps: AutoRunDeps,
	config: AutoBackupConfig,
	folder: BackupFolder,
	status: AutoStatus
): Promise<AutoCheck> {
	const at = deps.now();
	let name = '';
	let created = false;
	try {
		const shopName = await deps.shopName();
		const slug = shopSlug(shopName);
		name = autoBackupName(slug, new Date(at), deps.timeZone ?? SHOP_TIME_ZONE);
		// A second backup in the same minute replaces the first: the browser swaps the new file in
		// only once it is complete, so the earlier one survives a failure.
		created = !(await fileExists(folder, name));
		const target = await folder.getFileHandle(name, { create: true });
		await deps.write(target, config.recipient, shopName);
		created = false;
		const pruned: string[] = [];
		try {
			for (const old of backupsToPrune(await fileNames(folder), slug, config.keep, name)) {
				await folder.removeEntry(old);
				pruned.push(old);
			}
		} catch (e) {
			// The backup is made; an old one left behind is deleted at the next success.
			console.warn('Automatic backup: could not delete an old backup', e);
		}
		await deps.saveStatus({
			lastOkAt: at,
			lastOkFile: name,
			lastRun: { at, ok: true, file: name, pruned: pruned.length }
		});
		await deps.recordBackup(at);
		return { state: 'done', file: name, pruned };
	} catch (e) {
		console.error('Automatic backup failed', e);
		// An empty or partial file of our own making is not left to look like a backup.
		if (created) await folder.removeEntry(name).catch(() => {});
		const failure = failureOf(e);
		await deps
			.saveStatus({ ...status, lastRun: { at, ok: false, failure } })
			.catch((err: unknown) => console.error('Automatic backup: status not saved', err));
		return { state: 'failed', failure };
	}
}
