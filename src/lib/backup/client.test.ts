import { describe, expect, it } from 'vitest';
import { AppError, StorageFullError } from '$lib/db/errors';
import {
	createBackupClient,
	deserializeError,
	serializeError,
	type BackupRequest,
	type BackupResponse,
	type BackupWorkerPort
} from './client';
import { BackupError, incomplete } from './errors';
import type { BackupManifest } from './format';

/** A worker stand-in: records requests, and the test answers them. */
function fakeWorker() {
	const requests: BackupRequest[] = [];
	const listeners = new Set<(event: MessageEvent<BackupResponse>) => void>();
	const port: BackupWorkerPort = {
		postMessage: (m) => requests.push(m),
		addEventListener: (_t, l) => listeners.add(l),
		removeEventListener: (_t, l) => listeners.delete(l)
	};
	const answer = (m: BackupResponse) => {
		for (const l of [...listeners]) l({ data: m } as MessageEvent<BackupResponse>);
	};
	return { port, requests, answer, listeners };
}

const manifest: BackupManifest = {
	format: 'so-khach-backup',
	formatVersion: 1,
	appVersion: '0.1.0',
	schemaVersion: 2,
	createdAt: '2026-11-26T03:00:00.000Z',
	shopName: 'Spa',
	tables: []
};

describe('errors crossing from the worker', () => {
	it('come back as the same kind of error with the code and params the UI needs', () => {
		const backup = deserializeError(serializeError(incomplete('customers', 10, 7)));
		expect(backup).toBeInstanceOf(BackupError);
		expect(backup).toMatchObject({
			code: 'incomplete',
			params: { table: 'customers', expected: 10, found: 7 }
		});
		const storage = deserializeError(serializeError(new StorageFullError()));
		expect(storage).toBeInstanceOf(AppError);
		expect((storage as AppError).code).toBe('storage-full');
		const cancelled = deserializeError(serializeError(new DOMException('stop', 'AbortError')));
		expect(cancelled.name).toBe('AbortError');
		expect(deserializeError(serializeError('boom')).message).toBe('boom');
	});
});

describe('the backup client', () => {
	it('sends a request per task and settles each with its own answer', async () => {
		const worker = fakeWorker();
		const client = createBackupClient(worker.port);
		const file = new Blob(['x']);
		const progress: number[] = [];
		const first = client.inspectBackup(file, 'a', { onProgress: (p) => progress.push(p.done) });
		const second = client.inspectBackup(file, 'b');
		expect(worker.requests).toMatchObject([
			{ type: 'inspect', id: 1, key: 'a' },
			{ type: 'inspect', id: 2, key: 'b' }
		]);
		worker.answer({
			type: 'progress',
			id: 1,
			of: 'task',
			progress: { phase: 'verify', done: 3, total: 9 }
		});
		worker.answer({
			type: 'progress',
			id: 2,
			of: 'task',
			progress: { phase: 'verify', done: 4, total: 9 }
		});
		worker.answer({
			type: 'failed',
			id: 2,
			error: { kind: 'backup', code: 'wrong-passphrase', params: {}, message: 'no' }
		});
		worker.answer({ type: 'inspected', id: 1, manifest });
		await expect(first).resolves.toEqual(manifest);
		await expect(second).rejects.toMatchObject({ code: 'wrong-passphrase' });
		expect(progress).toEqual([3]);
	});

	it('asks the worker to cancel and rejects only once the worker has stopped', async () => {
		const worker = fakeWorker();
		const client = createBackupClient(worker.port);
		const controller = new AbortController();
		let settled = false;
		const restoring = client
			.restoreBackup(new Blob(['x']), 'p', { mode: 'merge', signal: controller.signal })
			.finally(() => (settled = true));
		controller.abort();
		expect(worker.requests.at(-1)).toEqual({ type: 'cancel', id: 1 });
		await Promise.resolve();
		expect(settled).toBe(false);
		worker.answer({ type: 'failed', id: 1, error: { kind: 'cancelled', message: 'stopped' } });
		await expect(restoring).rejects.toMatchObject({ name: 'AbortError' });
	});

	it('hands over the snapshot before the restore ends, and rejects what is pending when closed', async () => {
		const worker = fakeWorker();
		const client = createBackupClient(worker.port);
		const snapshots: string[] = [];
		const progress: string[] = [];
		const restoring = client.restoreBackup(new Blob(['x']), 'p', {
			mode: 'replace',
			snapshot: { appVersion: '0.1.0', shopName: 'Spa' },
			onSnapshot: (s) => snapshots.push(s.fileName),
			onSnapshotProgress: (p) => progress.push(`snapshot ${p.phase}`),
			onProgress: (p) => progress.push(`restore ${p.phase}`)
		});
		expect(worker.requests[0]).toMatchObject({
			type: 'restore',
			mode: 'replace',
			snapshot: { appVersion: '0.1.0', shopName: 'Spa' }
		});
		worker.answer({
			type: 'progress',
			id: 1,
			of: 'snapshot',
			progress: { phase: 'scan', done: 0, total: 1 }
		});
		worker.answer({
			type: 'snapshot',
			id: 1,
			file: { blob: new Blob([]), fileName: 'before.age' }
		});
		worker.answer({
			type: 'progress',
			id: 1,
			of: 'task',
			progress: { phase: 'key', done: 0, total: 1 }
		});
		expect(snapshots).toEqual(['before.age']);
		expect(progress).toEqual(['snapshot scan', 'restore key']);
		client.dispose();
		await expect(restoring).rejects.toMatchObject({ name: 'AbortError' });
		expect(worker.listeners.size).toBe(0);
	});
});
