import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabase, DB_NAME, type SoKhachDB } from '$lib/db/schema';
import { BackupError } from './errors';
import type { BackupPhase } from './format';
import type { Snapshot } from './restore';
import {
	createBackupClient,
	type BackupClient,
	type BackupRequest,
	type BackupResponse,
	type BackupWorkerPort
} from './client';
import { generateKeyPair } from './auto-keys';
import { dumpBook, fillSample, TEST_WORK_FACTOR } from './testing';

type Listener = (event: MessageEvent<BackupRequest>) => void;

/** Runs worker.ts in this process behind a stand-in `self`, over the app's database name. */
async function startWorker(): Promise<BackupWorkerPort> {
	let workerListener: Listener = () => {};
	const pageListeners = new Set<(event: MessageEvent<BackupResponse>) => void>();
	vi.stubGlobal('self', {
		postMessage: (message: BackupResponse) => {
			for (const l of [...pageListeners]) l({ data: message } as MessageEvent<BackupResponse>);
		},
		addEventListener: (_type: 'message', listener: Listener) => (workerListener = listener)
	});
	await import('./worker');
	return {
		postMessage: (message) => workerListener({ data: message } as MessageEvent<BackupRequest>),
		addEventListener: (_type, listener) => pageListeners.add(listener),
		removeEventListener: (_type, listener) => pageListeners.delete(listener)
	};
}

const PASS = 'Hoa mai nở sớm 2026';
const SHOP = { appVersion: '0.1.0', shopName: 'Spa Hoa Mai', workFactor: TEST_WORK_FACTOR };
let book: SoKhachDB;
let client: BackupClient;

beforeAll(async () => {
	book = createDatabase();
	await fillSample(book, { seed: 31, customers: 25 });
	client = createBackupClient(await startWorker());
});

afterAll(async () => {
	client.dispose();
	vi.unstubAllGlobals();
	book.close();
	await Dexie.delete(DB_NAME);
});

describe('the backup worker', () => {
	it('exports the book and restores it, with a snapshot first, reporting progress', async () => {
		const before = await dumpBook(book);
		const phases: BackupPhase[] = [];
		const exported = await client.exportBackup({
			...SHOP,
			passphrase: PASS,
			onProgress: (p) => {
				if (phases.at(-1) !== p.phase) phases.push(p.phase);
			}
		});
		expect(phases).toEqual(['key', 'scan', 'write']);
		expect(exported.fileName).toMatch(/^so-khach_Spa-Hoa-Mai_\d{4}-\d{2}-\d{2}\.age$/);

		const manifest = await client.inspectBackup(exported.blob, PASS);
		expect(manifest.tables.find((t) => t.name === 'customers')?.count).toBe(25);

		await book.customers.clear();
		const events: string[] = [];
		let snapshot: Snapshot | null = null;
		const result = await client.restoreBackup(exported.blob, PASS, {
			mode: 'replace',
			snapshot: SHOP,
			onSnapshotProgress: (p) => {
				if (events.at(-1) !== `snapshot ${p.phase}`) events.push(`snapshot ${p.phase}`);
			},
			onSnapshot: (s) => {
				snapshot = s;
				events.push('snapshot ready');
			},
			onProgress: (p) => {
				if (events.at(-1) !== p.phase) events.push(p.phase);
			}
		});
		expect(events).toEqual([
			'snapshot key',
			'snapshot scan',
			'snapshot write',
			'snapshot ready',
			'key',
			'verify',
			'write'
		]);
		expect(result.tables.customers?.added).toBe(25);
		expect(await dumpBook(book)).toEqual(before);

		// The snapshot holds the book as it was just before: without its customers.
		const taken = await client.inspectBackup((snapshot as unknown as Snapshot).blob, PASS);
		expect(taken.tables.find((t) => t.name === 'customers')?.count).toBe(0);
	});

	it('reports a wrong passphrase as a BackupError with its code', async () => {
		const { blob } = await client.exportBackup({ ...SHOP, passphrase: PASS });
		const error = await client.inspectBackup(blob, 'not it').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(BackupError);
		expect((error as BackupError).code).toBe('wrong-passphrase');
	});

	it('cancels a restore: it rejects with an AbortError and the book is as it was', async () => {
		const { blob } = await client.exportBackup({ ...SHOP, passphrase: PASS });
		await book.customers.limit(5).delete();
		const before = await dumpBook(book);
		const controller = new AbortController();
		const restoring = client.restoreBackup(blob, PASS, {
			mode: 'replace',
			signal: controller.signal,
			onProgress: (p) => {
				if (p.phase === 'write' && p.done > 0) controller.abort();
			}
		});
		await expect(restoring).rejects.toMatchObject({ name: 'AbortError' });
		expect(await dumpBook(book)).toEqual(before);
	});

	it('streams a backup into a file the owner picked, and leaves nothing in it when cancelled', async () => {
		/** A stand-in for a FileSystemFileHandle: what createWritable's stream ends up holding. */
		function fakeHandle() {
			const file = { chunks: [] as Uint8Array[], closed: false, aborted: false };
			const handle = {
				createWritable: async () => {
					const pending: Uint8Array[] = [];
					return new WritableStream<Uint8Array>({
						write: (chunk) => void pending.push(chunk),
						close: () => {
							file.chunks = pending;
							file.closed = true;
						},
						abort: () => void (file.aborted = true)
					});
				}
			};
			return { file, handle: handle as unknown as FileSystemFileHandle };
		}

		const saved = fakeHandle();
		await client.saveBackup(saved.handle, { ...SHOP, passphrase: PASS });
		expect(saved.file.closed).toBe(true);
		const manifest = await client.inspectBackup(new Blob(saved.file.chunks as BlobPart[]), PASS);
		expect(manifest.tables.find((t) => t.name === 'customers')?.count).toBe(
			await book.customers.count()
		);

		const cancelled = fakeHandle();
		const controller = new AbortController();
		const saving = client.saveBackup(cancelled.handle, {
			...SHOP,
			passphrase: PASS,
			signal: controller.signal,
			onProgress: (p) => {
				if (p.phase === 'scan') controller.abort();
			}
		});
		await expect(saving).rejects.toMatchObject({ name: 'AbortError' });
		expect(cancelled.file).toMatchObject({ closed: false, aborted: true, chunks: [] });
	});

	it('encrypts to a recipient and opens, restores and snapshots with its identity', async () => {
		const pair = await generateKeyPair();
		const { blob } = await client.exportBackup({
			appVersion: '0.1.0',
			shopName: 'Spa Hoa Mai',
			recipient: pair.recipient
		});
		const head = new TextDecoder('latin1').decode(await blob.slice(0, 40).arrayBuffer());
		expect(head).toMatch(/^age-encryption\.org\/v1\n-> X25519 /);
		const key = { identity: pair.identity };
		const manifest = await client.inspectBackup(blob, key);
		expect(manifest.shopName).toBe('Spa Hoa Mai');

		const before = await dumpBook(book);
		await book.customers.limit(3).delete();
		let snapshot: Snapshot | null = null;
		await client.restoreBackup(blob, key, {
			mode: 'replace',
			snapshot: SHOP,
			onSnapshot: (s) => (snapshot = s)
		});
		expect(await dumpBook(book)).toEqual(before);
		// The way back opens with the same key file: no passphrase was typed to lock it.
		const taken = await client.inspectBackup((snapshot as unknown as Snapshot).blob, key);
		expect(taken.tables.find((t) => t.name === 'customers')?.count).toBe(
			before.customers.length - 3
		);

		const other = await generateKeyPair();
		const error = await client.inspectBackup(blob, { identity: other.identity }).catch((e) => e);
		expect((error as BackupError).code).toBe('wrong-key');
	});
});
