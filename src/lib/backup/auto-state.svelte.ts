/**
 * The automatic backups as the page sees them: the folder and the browser's permission, the
 * schedule (a look at start, then every CHECK_EVERY_MS while the app is open), and the state the
 * banner and the settings panel show. The decisions are in auto.ts and auto-run.ts.
 */
import { getShopProfile } from '$lib/db/care';
import { CHECK_EVERY_MS } from './auto';
import {
	checkAutoBackup,
	EMPTY_STATUS,
	type AutoCheck,
	type AutoRunDeps,
	type AutoStatus,
	type BackupFolder
} from './auto-run';
import { createBackupClient } from './client';
import { deleteDeviceValue, DEVICE_KEYS, getDeviceValue, setDeviceValue } from './device-store';
import { getAutoBackupConfig, recordBackup } from './settings';

type DirectoryPicker = (options: {
	id?: string;
	mode: 'readwrite';
	startIn?: string;
}) => Promise<BackupFolder>;

function directoryPicker(): DirectoryPicker | null {
	const picker = (globalThis as { showDirectoryPicker?: DirectoryPicker }).showDirectoryPicker;
	return typeof picker === 'function' ? picker : null;
}

/** Chromium-based browsers on a computer; not Firefox, Safari or phones. */
export function canAutoBackup(): boolean {
	return directoryPicker() !== null;
}

class AutoBackupState {
	/** The folder is chosen but the browser wants the owner's click before writing into it. */
	needsPermission = $state(false);
	running = $state(false);
	status = $state<AutoStatus>(EMPTY_STATUS);
	folderName = $state<string | null>(null);
	/** Bumped after every look, for views that read more than this. */
	version = $state(0);
}

export const autoBackup = new AutoBackupState();

async function getFolder(): Promise<BackupFolder | null> {
	return await getDeviceValue<BackupFolder>(DEVICE_KEYS.autoFolder);
}

async function getStatus(): Promise<AutoStatus> {
	return (await getDeviceValue<AutoStatus>(DEVICE_KEYS.autoStatus)) ?? EMPTY_STATUS;
}

const deps: AutoRunDeps = {
	config: getAutoBackupConfig,
	folder: getFolder,
	status: getStatus,
	saveStatus: (status) => setDeviceValue(DEVICE_KEYS.autoStatus, status),
	shopName: async () => (await getShopProfile()).name,
	async write(target, recipient, shopName) {
		// A worker for this backup only: nothing stays running between backups.
		const client = createBackupClient();
		try {
			await client.saveBackup(target, { recipient, appVersion: __APP_VERSION__, shopName });
		} finally {
			client.dispose();
		}
	},
	recordBackup,
	now: () => Date.now(),
	async exclusive(fn) {
		const locks = (navigator as { locks?: LockManager }).locks;
		if (locks === undefined) return await fn();
		return await locks.request('sokhach-auto-backup', { ifAvailable: true }, (lock) =>
			lock === null ? null : fn()
		);
	}
};

/** Reads what the views show from the device store. */
export async function refreshAutoBackup(): Promise<void> {
	const [status, folder] = await Promise.all([getStatus(), getFolder()]);
	autoBackup.status = status;
	autoBackup.folderName = folder?.name ?? null;
	autoBackup.version += 1;
}

/** One look (or, with `force`, a backup now). Never throws: failures are in the status. */
export async function runAutoBackup(force = false): Promise<AutoCheck> {
	if (autoBackup.running) return { state: 'busy' };
	autoBackup.running = true;
	try {
		const result = await checkAutoBackup(deps, { force });
		autoBackup.needsPermission = result.state === 'needs-permission';
		return result;
	} catch (e) {
		// Reading the settings or the device store failed: try again at the next look.
		console.error('Automatic backup check failed', e);
		return { state: 'failed', failure: { kind: 'other', message: String(e) } };
	} finally {
		autoBackup.running = false;
		await refreshAutoBackup().catch((e) => console.warn('Automatic backup status:', e));
	}
}

/** Looks at once and then every CHECK_EVERY_MS while the app is open. Returns the stop. */
export function startAutoBackups(every = CHECK_EVERY_MS): () => void {
	if (!canAutoBackup()) return () => {};
	void runAutoBackup();
	const timer = setInterval(() => void runAutoBackup(), every);
	return () => clearInterval(timer);
}

/** Asks the owner for a folder (from a click). null when the dialog was closed. */
export async function pickFolder(): Promise<BackupFolder | null> {
	const picker = directoryPicker();
	if (picker === null) throw new Error('showDirectoryPicker is not available.');
	try {
		return await picker({ id: 'sokhach-auto-backup', mode: 'readwrite', startIn: 'documents' });
	} catch (e) {
		if ((e as { name?: unknown }).name === 'AbortError') return null;
		throw e;
	}
}

export async function saveFolder(folder: BackupFolder): Promise<void> {
	await setDeviceValue(DEVICE_KEYS.autoFolder, folder);
	// A new folder starts a new series: the next look makes a backup there at once.
	await setDeviceValue(DEVICE_KEYS.autoStatus, EMPTY_STATUS);
	await refreshAutoBackup();
}

/**
 * Asks the browser again for the right to write into the folder: must run straight from a click.
 * Then makes the backup if it is due.
 */
export async function grantPermission(): Promise<boolean> {
	const folder = await getFolder();
	if (folder === null) return false;
	const state = (await folder.requestPermission?.({ mode: 'readwrite' })) ?? 'granted';
	if (state !== 'granted') return false;
	autoBackup.needsPermission = false;
	void runAutoBackup();
	return true;
}

/**
 * The owner's "back up now": asks again for the right to write when the browser wants it (this
 * must run straight from the click), then backs up whether or not one is due.
 */
export async function backUpNow(): Promise<AutoCheck> {
	const folder = await getFolder();
	if (
		folder?.queryPermission &&
		(await folder.queryPermission({ mode: 'readwrite' })) !== 'granted'
	) {
		const state = (await folder.requestPermission?.({ mode: 'readwrite' })) ?? 'denied';
		if (state !== 'granted') {
			autoBackup.needsPermission = true;
			return { state: 'needs-permission' };
		}
	}
	return await runAutoBackup(true);
}

/** Forgets the folder and the status on this device (the settings are turned off separately). */
export async function forgetAutoBackupDevice(): Promise<void> {
	await deleteDeviceValue(DEVICE_KEYS.autoFolder);
	await deleteDeviceValue(DEVICE_KEYS.autoStatus);
	autoBackup.needsPermission = false;
	await refreshAutoBackup();
}
