import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SoKhachDB } from '$lib/db/schema';
import type { AutoBackupConfig } from './auto';
import { generateKeyPair } from './auto-keys';
import {
	checkAutoBackup,
	EMPTY_STATUS,
	failureOf,
	type AutoRunDeps,
	type AutoStatus,
	type BackupFolder
} from './auto-run';
import { exportBackup } from './export';
import { readBackup } from './restore';
import { fillSample, freshDb } from './testing';

/**
 * A folder in memory that behaves like a FileSystemDirectoryHandle where it matters: a written
 * file appears only when its stream closes, an aborted write leaves the file as it was, and a
 * folder that went away (a USB stick pulled out) fails every call with NotFoundError.
 */
function memoryFolder(initial: string[] = []) {
	const files = new Map<string, Uint8Array>(initial.map((n) => [n, new Uint8Array([1])]));
	const state = { permission: 'granted' as PermissionState, gone: false, full: false };
	const notFound = () =>
		new DOMException('A requested file or directory could not be found.', 'NotFoundError');
	const folder: BackupFolder = {
		name: 'USB',
		async getFileHandle(name, options = {}) {
			if (state.gone) throw notFound();
			if (!files.has(name)) {
				if (!options.create) throw notFound();
				files.set(name, new Uint8Array(0));
			}
			const handle = {
				kind: 'file',
				name,
				async createWritable() {
					const parts: Uint8Array[] = [];
					return new WritableStream<Uint8Array>({
						write(chunk) {
							if (state.full) throw new DOMException('The disk is full.', 'QuotaExceededError');
							parts.push(chunk);
						},
						close() {
							const size = parts.reduce((n, p) => n + p.length, 0);
							const out = new Uint8Array(size);
							let at = 0;
							for (const p of parts) {
								out.set(p, at);
								at += p.length;
							}
							files.set(name, out);
						}
					});
				}
			};
			return handle as unknown as FileSystemFileHandle;
		},
		async removeEntry(name) {
			if (state.gone || !files.delete(name)) throw notFound();
		},
		async *values() {
			if (state.gone) throw notFound();
			for (const name of [...files.keys()]) yield { kind: 'file' as const, name };
		},
		queryPermission: async () => state.permission
	};
	return { folder, files, state };
}

const opened: SoKhachDB[] = [];
afterEach(async () => {
	for (const d of opened.splice(0)) await d.delete();
	vi.restoreAllMocks();
});

/** Vietnam time, as in the file names. */
function vn(local: string): number {
	return Date.parse(`${local}:00+07:00`);
}

async function setup(config: Partial<AutoBackupConfig> = {}, initial: string[] = []) {
	const book = await freshDb();
	opened.push(book);
	await fillSample(book, { seed: 71, customers: 6 });
	const pair = await generateKeyPair();
	const memory = memoryFolder(initial);
	const clock = { now: vn('2026-11-26T09:00') };
	let status: AutoStatus = EMPTY_STATUS;
	const recorded: number[] = [];
	const deps: AutoRunDeps = {
		config: async () => ({ recipient: pair.recipient, frequency: 'daily', keep: 3, ...config }),
		folder: async () => memory.folder,
		status: async () => status,
		saveStatus: async (s) => void (status = s),
		shopName: async () => 'Spa Hoa Mai',
		// What the backup worker's 'save' does with the handle.
		write: async (target, recipient, shopName) =>
			exportBackup(book, { recipient, shopName, appVersion: '0.1.0' }).pipeTo(
				await target.createWritable()
			),
		recordBackup: async (at) => void recorded.push(at),
		now: () => clock.now
	};
	return { book, pair, memory, clock, deps, recorded, status: () => status };
}

describe('an automatic backup into a folder', () => {
	it('writes a dated backup the identity opens, and records it', async () => {
		const { deps, memory, pair, recorded, status } = await setup();
		const result = await checkAutoBackup(deps);
		expect(result).toEqual({
			state: 'done',
			file: 'so-khach-Spa-Hoa-Mai-2026-11-26-0900.age',
			pruned: []
		});
		const bytes = memory.files.get('so-khach-Spa-Hoa-Mai-2026-11-26-0900.age') as Uint8Array;
		const backup = await readBackup(bytes, { identity: pair.identity });
		expect(backup.manifest.tables.find((t) => t.name === 'customers')?.count).toBe(6);
		expect(status()).toMatchObject({
			lastOkAt: vn('2026-11-26T09:00'),
			lastRun: { ok: true, file: 'so-khach-Spa-Hoa-Mai-2026-11-26-0900.age' }
		});
		expect(recorded).toEqual([vn('2026-11-26T09:00')]);
	});

	it('does nothing until the next day, then keeps the last N and leaves other files alone', async () => {
		const others = [
			'so-khach_Spa-Hoa-Mai_2026-11-01.age',
			'ghi-chu.txt',
			'so-khach-Khac-2026-11-01-0900.age'
		];
		const { deps, memory, clock } = await setup({ keep: 2 }, others);
		await checkAutoBackup(deps);
		clock.now = vn('2026-11-26T21:00');
		expect(await checkAutoBackup(deps)).toEqual({ state: 'not-due' });
		clock.now = vn('2026-11-27T08:30');
		expect(await checkAutoBackup(deps)).toMatchObject({ state: 'done', pruned: [] });
		clock.now = vn('2026-11-28T08:30');
		expect(await checkAutoBackup(deps)).toEqual({
			state: 'done',
			file: 'so-khach-Spa-Hoa-Mai-2026-11-28-0830.age',
			pruned: ['so-khach-Spa-Hoa-Mai-2026-11-26-0900.age']
		});
		expect([...memory.files.keys()].sort()).toEqual(
			[
				...others,
				'so-khach-Spa-Hoa-Mai-2026-11-27-0830.age',
				'so-khach-Spa-Hoa-Mai-2026-11-28-0830.age'
			].sort()
		);
	});

	it('backs up at once when the owner asks, even when not due', async () => {
		const { deps, clock } = await setup();
		await checkAutoBackup(deps);
		clock.now = vn('2026-11-26T09:10');
		expect(await checkAutoBackup(deps)).toEqual({ state: 'not-due' });
		expect(await checkAutoBackup(deps, { force: true })).toMatchObject({
			state: 'done',
			file: 'so-khach-Spa-Hoa-Mai-2026-11-26-0910.age'
		});
	});

	it('waits for the owner when the browser asks for permission again, writing nothing', async () => {
		const { deps, memory } = await setup();
		memory.state.permission = 'prompt';
		expect(await checkAutoBackup(deps)).toEqual({ state: 'needs-permission' });
		expect(memory.files.size).toBe(0);
		memory.state.permission = 'granted';
		expect(await checkAutoBackup(deps)).toMatchObject({ state: 'done' });
	});

	it('is off without settings or a folder, and waits for another tab that is making it', async () => {
		const { deps } = await setup();
		expect(await checkAutoBackup({ ...deps, config: async () => null })).toEqual({ state: 'off' });
		expect(await checkAutoBackup({ ...deps, folder: async () => null })).toEqual({
			state: 'no-folder'
		});
		expect(await checkAutoBackup({ ...deps, exclusive: async () => null })).toEqual({
			state: 'busy'
		});
	});

	it('records a missing folder or a full disk, leaves no partial file, and retries next time', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		const { deps, memory, status, recorded } = await setup();
		memory.state.gone = true;
		expect(await checkAutoBackup(deps)).toMatchObject({
			state: 'failed',
			failure: { kind: 'folder-gone' }
		});
		expect(status()).toMatchObject({
			lastOkAt: null,
			lastRun: { ok: false, failure: { kind: 'folder-gone' } }
		});

		memory.state.gone = false;
		memory.state.full = true;
		expect(await checkAutoBackup(deps)).toMatchObject({
			state: 'failed',
			failure: { kind: 'disk-full' }
		});
		expect(memory.files.size).toBe(0);
		expect(recorded).toEqual([]);

		memory.state.full = false;
		expect(await checkAutoBackup(deps)).toMatchObject({ state: 'done' });
		expect(status().lastRun).toMatchObject({ ok: true });
		expect(recorded).toHaveLength(1);
	});

	it('keeps an earlier backup of the same minute when writing over it fails', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		const { deps, memory } = await setup();
		await checkAutoBackup(deps);
		const first = memory.files.get('so-khach-Spa-Hoa-Mai-2026-11-26-0900.age');
		memory.state.full = true;
		expect(await checkAutoBackup(deps, { force: true })).toMatchObject({ state: 'failed' });
		expect(memory.files.get('so-khach-Spa-Hoa-Mai-2026-11-26-0900.age')).toBe(first);
	});

	it('names the failures the owner can act on', () => {
		expect(failureOf(new DOMException('x', 'NotAllowedError')).kind).toBe('permission');
		expect(failureOf(new DOMException('x', 'NotFoundError')).kind).toBe('folder-gone');
		expect(failureOf(new DOMException('x', 'QuotaExceededError')).kind).toBe('disk-full');
		expect(failureOf(new Error('boom'))).toEqual({ kind: 'other', message: 'boom' });
	});
});
