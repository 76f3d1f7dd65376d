/**
 * The backup worker: exports, inspects and restores backups off the main thread, over its own
 * connection to the app's database. Started by client.ts; one task per request id, cancelled by
 * a 'cancel' message with that id.
 */
import { createDatabase } from '$lib/db/schema';
import { serializeError, type BackupRequest, type BackupResponse } from './client';
import { backupFileName, collectBlob, exportBackup } from './export';
import type { BackupProgress } from './format';
import { readBackup, restoreBackup, snapshotBeforeRestore } from './restore';

/**
 * The part of a dedicated worker's global scope used here, declared rather than taken from the
 * WebWorker lib, which cannot be loaded next to the DOM lib the rest of the app compiles with.
 */
interface WorkerScope {
	postMessage(message: BackupResponse): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<BackupRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;
const db = createDatabase();
const running = new Map<number, AbortController>();

async function handle(request: Exclude<BackupRequest, { type: 'cancel' }>): Promise<void> {
	const { id } = request;
	const controller = new AbortController();
	running.set(id, controller);
	const signal = controller.signal;
	const onProgress = (progress: BackupProgress) =>
		scope.postMessage({ type: 'progress', id, of: 'task', progress });
	try {
		switch (request.type) {
			case 'export': {
				const { passphrase, recipient, appVersion, shopName, workFactor } = request;
				const blob = await collectBlob(
					exportBackup(db, {
						passphrase,
						recipient,
						appVersion,
						shopName,
						workFactor,
						signal,
						onProgress
					})
				);
				scope.postMessage({
					type: 'exported',
					id,
					file: { blob, fileName: backupFileName(shopName) }
				});
				return;
			}
			case 'save': {
				const { passphrase, recipient, appVersion, shopName, workFactor, target } = request;
				const stream = exportBackup(db, {
					passphrase,
					recipient,
					appVersion,
					shopName,
					workFactor,
					signal,
					onProgress
				});
				// Aborting the writable (an error, a cancel) discards what was written so far.
				await stream.pipeTo(await target.createWritable(), { signal });
				scope.postMessage({ type: 'saved', id });
				return;
			}
			case 'inspect': {
				const { file, key, maxWorkFactor } = request;
				const backup = await readBackup(file, key, { maxWorkFactor, signal, onProgress });
				scope.postMessage({ type: 'inspected', id, manifest: backup.manifest });
				return;
			}
			case 'restore': {
				const { file, key, mode, maxWorkFactor, snapshot } = request;
				if (snapshot !== null) {
					const before = await snapshotBeforeRestore(db, key, {
						...snapshot,
						signal,
						onProgress: (progress) =>
							scope.postMessage({ type: 'progress', id, of: 'snapshot', progress })
					});
					scope.postMessage({ type: 'snapshot', id, file: before });
				}
				const result = await restoreBackup(db, file, key, {
					mode,
					maxWorkFactor,
					signal,
					onProgress
				});
				scope.postMessage({ type: 'restored', id, result });
				return;
			}
		}
	} catch (e) {
		scope.postMessage({ type: 'failed', id, error: serializeError(e) });
	} finally {
		running.delete(id);
	}
}

scope.addEventListener('message', (event) => {
	const request = event.data;
	if (request.type === 'cancel') running.get(request.id)?.abort();
	else void handle(request);
});
