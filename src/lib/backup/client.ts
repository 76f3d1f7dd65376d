/**
 * The page's side of the backup worker: exporting, inspecting and restoring run off the main
 * thread (scrypt alone blocks for about a second), with progress and cancelling. The typed
 * messages and the error transport are here too; worker.ts is the other side.
 */
import { AppError, type AppErrorCode } from '$lib/db/errors';
import { BackupError, type BackupErrorCode, type BackupErrorParams } from './errors';
import type { BackupKey, BackupManifest, BackupProgress, ProgressListener } from './format';
import type { RestoreMode, RestoreResult, Snapshot } from './restore';

export interface SnapshotOptions {
	appVersion: string;
	shopName: string;
	/** Tests only: the app always writes BACKUP_WORK_FACTOR. */
	workFactor?: number;
}

/**
 * How an export is locked: the owner's passphrase, or (automatic backups, auto-keys.ts) an
 * X25519 recipient `age1…`. Exactly one.
 */
export type ExportLock =
	{ passphrase: string; recipient?: never } | { recipient: string; passphrase?: never };

export type BackupRequest =
	| ({ type: 'export'; id: number } & ExportLock & SnapshotOptions)
	/**
	 * Export written straight into a file handle: one the owner picked (showSaveFilePicker), or
	 * a new file in the automatic backups' folder. Streamed.
	 */
	| ({
			type: 'save';
			id: number;
			target: FileSystemFileHandle;
	  } & ExportLock &
			SnapshotOptions)
	| { type: 'inspect'; id: number; file: Blob; key: BackupKey; maxWorkFactor?: number }
	| {
			type: 'restore';
			id: number;
			file: Blob;
			key: BackupKey;
			mode: RestoreMode;
			maxWorkFactor?: number;
			/** Export the book as it is first, opened by the same key, and send it back. */
			snapshot: SnapshotOptions | null;
	  }
	| { type: 'cancel'; id: number };

/** An error as it crosses to the page: what the UI needs to say what happened. */
export type SerializedError =
	| {
			kind: 'backup';
			code: BackupErrorCode;
			params: BackupErrorParams[BackupErrorCode];
			message: string;
	  }
	| { kind: 'storage'; code: AppErrorCode; message: string }
	| { kind: 'cancelled'; message: string }
	/** `name`: a DOMException's (NotFoundError, NotAllowedError, QuotaExceededError…), kept so
	 * the page can say what a failed write into a folder means. */
	| { kind: 'unknown'; message: string; name?: string };

export type BackupResponse =
	/** `of`: the snapshot export that precedes a restore, or the task itself. */
	| { type: 'progress'; id: number; of: 'snapshot' | 'task'; progress: BackupProgress }
	/** The book before the restore: sent before the restore starts, so it survives a failure. */
	| { type: 'snapshot'; id: number; file: Snapshot }
	| { type: 'exported'; id: number; file: Snapshot }
	| { type: 'saved'; id: number }
	| { type: 'inspected'; id: number; manifest: BackupManifest }
	| { type: 'restored'; id: number; result: RestoreResult }
	| { type: 'failed'; id: number; error: SerializedError };

export function serializeError(e: unknown): SerializedError {
	if (e instanceof BackupError) {
		return { kind: 'backup', code: e.code, params: e.params, message: e.message };
	}
	if (e instanceof AppError) return { kind: 'storage', code: e.code, message: e.message };
	const name = typeof e === 'object' && e !== null ? (e as { name?: unknown }).name : undefined;
	const message = e instanceof Error ? e.message : String(e);
	if (name === 'AbortError') return { kind: 'cancelled', message };
	if (e instanceof DOMException) return { kind: 'unknown', message, name: e.name };
	return { kind: 'unknown', message };
}

/** The error the worker threw, as the same class on the page: BackupError, AppError, AbortError. */
export function deserializeError(error: SerializedError): Error {
	switch (error.kind) {
		case 'backup':
			return new BackupError(error.code, error.params, error.message);
		case 'storage':
			return new AppError(error.code, error.message);
		case 'cancelled':
			return new DOMException(error.message, 'AbortError');
		case 'unknown':
			return error.name === undefined
				? new Error(error.message)
				: new DOMException(error.message, error.name);
	}
}

/** What the client needs of a Worker; a stand-in in tests. */
export interface BackupWorkerPort {
	postMessage(message: BackupRequest): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<BackupResponse>) => void): void;
	removeEventListener(
		type: 'message',
		listener: (event: MessageEvent<BackupResponse>) => void
	): void;
	terminate?(): void;
}

export interface TaskOptions {
	onProgress?: ProgressListener;
	/** Cancels; the promise rejects with an AbortError once the worker has stopped (and, for a
	 * restore, its transaction was rolled back). */
	signal?: AbortSignal;
}

export interface BackupClient {
	/** The book as an age file locked with `passphrase` (or to `recipient`), and its file name. */
	exportBackup(options: SnapshotOptions & TaskOptions & ExportLock): Promise<Snapshot>;
	/**
	 * The same backup, streamed by the worker into `target` (a file handle from
	 * showSaveFilePicker, or a new file in the automatic backups' folder), so a large book is
	 * never held in memory. Nothing is kept in the file when it fails or is cancelled: the
	 * browser writes to a scratch file until the end.
	 */
	saveBackup(
		target: FileSystemFileHandle,
		options: SnapshotOptions & TaskOptions & ExportLock
	): Promise<void>;
	/**
	 * Decrypts and verifies a backup without writing anything: its manifest, for the UI to show.
	 * `key`: the passphrase, or `{ identity }` for an automatic backup.
	 */
	inspectBackup(
		file: Blob,
		key: BackupKey,
		options?: TaskOptions & { maxWorkFactor?: number }
	): Promise<BackupManifest>;
	/**
	 * Restores a backup. With `snapshot`, the book is exported first and handed to `onSnapshot`
	 * before anything is written, for the UI to offer as a download.
	 */
	restoreBackup(
		file: Blob,
		key: BackupKey,
		options: TaskOptions & {
			mode: RestoreMode;
			maxWorkFactor?: number;
			snapshot?: SnapshotOptions;
			onSnapshotProgress?: ProgressListener;
			onSnapshot?: (snapshot: Snapshot) => void;
		}
	): Promise<RestoreResult>;
	/** Rejects what is pending and stops the worker if this client started it. */
	dispose(): void;
}

export function createBackupWorker(): Worker {
	return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'backup' });
}

interface Listeners {
	onProgress?: ProgressListener;
	onSnapshotProgress?: ProgressListener;
	onSnapshot?: (snapshot: Snapshot) => void;
}

interface Pending extends Listeners {
	resolve(response: BackupResponse): void;
	reject(error: Error): void;
}

export function createBackupClient(worker?: BackupWorkerPort): BackupClient {
	const port: BackupWorkerPort = worker ?? createBackupWorker();
	const owned = worker === undefined;
	const pending = new Map<number, Pending>();
	let nextId = 1;
	let disposed = false;

	function onMessage(event: MessageEvent<BackupResponse>): void {
		const msg = event.data;
		const task = pending.get(msg.id);
		if (!task) return;
		switch (msg.type) {
			case 'progress':
				(msg.of === 'snapshot' ? task.onSnapshotProgress : task.onProgress)?.(msg.progress);
				return;
			case 'snapshot':
				task.onSnapshot?.(msg.file);
				return;
			case 'failed':
				pending.delete(msg.id);
				task.reject(deserializeError(msg.error));
				return;
			default:
				pending.delete(msg.id);
				task.resolve(msg);
		}
	}
	port.addEventListener('message', onMessage);

	function run(
		make: (id: number) => Exclude<BackupRequest, { type: 'cancel' }>,
		options: TaskOptions & Listeners
	): Promise<BackupResponse> {
		if (disposed)
			return Promise.reject(new DOMException('The backup client is closed.', 'AbortError'));
		const { signal } = options;
		if (signal?.aborted) return Promise.reject(signal.reason);
		const id = nextId++;
		return new Promise<BackupResponse>((resolve, reject) => {
			const cancel = () => port.postMessage({ type: 'cancel', id });
			signal?.addEventListener('abort', cancel, { once: true });
			pending.set(id, {
				resolve: (r) => {
					signal?.removeEventListener('abort', cancel);
					resolve(r);
				},
				reject: (e) => {
					signal?.removeEventListener('abort', cancel);
					reject(e);
				},
				onProgress: options.onProgress,
				onSnapshotProgress: options.onSnapshotProgress,
				onSnapshot: options.onSnapshot
			});
			port.postMessage(make(id));
		});
	}

	function expect<T extends BackupResponse['type']>(
		response: BackupResponse,
		type: T
	): Extract<BackupResponse, { type: T }> {
		if (response.type !== type)
			throw new Error(`Unexpected ${response.type} from the backup worker.`);
		return response as Extract<BackupResponse, { type: T }>;
	}

	return {
		async exportBackup({ onProgress, signal, ...rest }) {
			const response = await run((id) => ({ type: 'export', id, ...rest }), {
				onProgress,
				signal
			});
			return expect(response, 'exported').file;
		},
		async saveBackup(target, { onProgress, signal, ...rest }) {
			const response = await run((id) => ({ type: 'save', id, target, ...rest }), {
				onProgress,
				signal
			});
			expect(response, 'saved');
		},
		async inspectBackup(file, key, options = {}) {
			const { onProgress, signal, maxWorkFactor } = options;
			const response = await run((id) => ({ type: 'inspect', id, file, key, maxWorkFactor }), {
				onProgress,
				signal
			});
			return expect(response, 'inspected').manifest;
		},
		async restoreBackup(file, key, options) {
			const { onProgress, onSnapshotProgress, signal, onSnapshot, mode, maxWorkFactor, snapshot } =
				options;
			const response = await run(
				(id) => ({
					type: 'restore',
					id,
					file,
					key,
					mode,
					maxWorkFactor,
					snapshot: snapshot ?? null
				}),
				{ onProgress, onSnapshotProgress, signal, onSnapshot }
			);
			return expect(response, 'restored').result;
		},
		dispose() {
			disposed = true;
			port.removeEventListener('message', onMessage);
			for (const task of pending.values()) {
				task.reject(new DOMException('The backup client is closed.', 'AbortError'));
			}
			pending.clear();
			if (owned) port.terminate?.();
		}
	};
}
