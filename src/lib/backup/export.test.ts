import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_TABLES } from '$lib/db/changes';
import { SCHEMA_VERSION, type SoKhachDB } from '$lib/db/schema';
import { customerRecord } from '../../../tests/fixtures/db/records';
import { backupFileName, collectBlob, exportBackup, type ExportOptions } from './export';
import type { BackupManifest, BackupPhase } from './format';
import { readBackup } from './restore';
import { bytesOf, dumpBook, fillSample, freshDb, runAge, TEST_WORK_FACTOR } from './testing';

const PASS = 'Hoa mai nở sớm 2026';
const opened: SoKhachDB[] = [];

async function db(): Promise<SoKhachDB> {
	const d = await freshDb();
	opened.push(d);
	return d;
}

afterEach(async () => {
	for (const d of opened.splice(0)) await d.delete();
});

function options(overrides: Partial<ExportOptions> = {}): ExportOptions {
	return {
		passphrase: PASS,
		workFactor: TEST_WORK_FACTOR,
		appVersion: '0.1.0',
		shopName: 'Spa Hoa Mai',
		now: new Date('2026-11-26T03:00:00.000Z'),
		...overrides
	};
}

async function decrypt(file: Uint8Array, passphrase = PASS): Promise<string> {
	const d = new Decrypter();
	d.addPassphrase(passphrase);
	return d.decrypt(file, 'text');
}

/** Reads a plain backup as docs/backup-format.md describes it, with nothing from the app. */
function layout(plain: string) {
	const lines = plain.split('\n');
	expect(lines.pop()).toBe('');
	const manifest = JSON.parse(lines[0]) as BackupManifest;
	const tables: Record<string, { header: unknown; lines: string[] }> = {};
	let at = 1;
	for (const t of manifest.tables) {
		const header = JSON.parse(lines[at]);
		tables[t.name] = { header, lines: lines.slice(at + 1, at + 1 + t.count) };
		at += 1 + t.count;
	}
	expect(at).toBe(lines.length);
	return { manifest, tables };
}

function sha256sum(lines: string[]): string {
	return createHash('sha256')
		.update(lines.map((l) => l + '\n').join(''), 'utf8')
		.digest('hex');
}

describe('backup file names', () => {
	it('folds the shop name to safe characters and adds the shop’s date', () => {
		const at = new Date('2026-11-26T18:30:00Z'); // already the 27th in Vietnam
		expect(backupFileName('Spa Hoa Mai', at)).toBe('so-khach_Spa-Hoa-Mai_2026-11-27.age');
		expect(backupFileName('Tiệm Bánh Đức Phát / Q.1', at)).toBe(
			'so-khach_Tiem-Banh-Duc-Phat-Q-1_2026-11-27.age'
		);
		expect(backupFileName('  ', at)).toBe('so-khach_2026-11-27.age');
		expect(backupFileName('Spa', at, 'UTC')).toBe('so-khach_Spa_2026-11-26.age');
		const long = backupFileName('Cửa hàng '.repeat(20), at);
		expect(long).toMatch(/^so-khach_Cua-hang(-[A-Za-z]+)*_2026-11-27\.age$/);
		expect(long.length).toBeLessThanOrEqual(64);
	});
});

describe('exporting a backup', () => {
	it('writes an age file whose contents are the documented manifest, headers and records', async () => {
		const book = await db();
		await fillSample(book, { seed: 2, customers: 12 });
		const records = await dumpBook(book);
		const file = await bytesOf(exportBackup(book, options()));
		expect(new TextDecoder().decode(file.subarray(0, 70))).toMatch(
			/^age-encryption\.org\/v1\n-> scrypt \S{22} 10\n/
		);
		const { manifest, tables } = layout(await decrypt(file));
		expect(manifest).toMatchObject({
			format: 'so-khach-backup',
			formatVersion: 1,
			appVersion: '0.1.0',
			schemaVersion: SCHEMA_VERSION,
			createdAt: '2026-11-26T03:00:00.000Z',
			shopName: 'Spa Hoa Mai'
		});
		expect(manifest.tables.map((t) => t.name)).toEqual([...DATA_TABLES]);
		for (const t of manifest.tables) {
			expect(tables[t.name].header).toEqual({ table: t.name, count: t.count });
			expect(t.count).toBe(records[t.name].length);
			expect(t.sha256).toBe(sha256sum(tables[t.name].lines));
			expect(tables[t.name].lines.map((l) => JSON.parse(l))).toEqual(records[t.name]);
		}
		expect(manifest.tables.find((t) => t.name === 'customers')?.count).toBe(12);
	});

	it('reports deriving the key, counting and writing, up to every record', async () => {
		const book = await db();
		await fillSample(book, { seed: 3, customers: 5 });
		const phases: BackupPhase[] = [];
		let last = { done: 0, total: -1 };
		await bytesOf(
			exportBackup(
				book,
				options({
					onProgress: (p) => {
						if (phases.at(-1) !== p.phase) phases.push(p.phase);
						last = p;
					}
				})
			)
		);
		expect(phases).toEqual(['key', 'scan', 'write']);
		expect(last.done).toBe(last.total);
		expect(last.total).toBeGreaterThan(5);
	});

	it('is a snapshot: a write made while it runs waits and is not in the file', async () => {
		const book = await db();
		await fillSample(book, { seed: 4, customers: 20 });
		let write: Promise<unknown> | null = null;
		const stream = exportBackup(
			book,
			options({
				chunkSize: 5,
				replayBudget: 0,
				onProgress: (p) => {
					if (p.phase === 'scan' && write === null) {
						write = book.customers.add(customerRecord('01ZZZZZZZZZZZZZZZZZZZZZZZZ'));
					}
				}
			})
		);
		const file = await bytesOf(stream);
		await write;
		expect(await book.customers.count()).toBe(21);
		const backup = await readBackup(file, PASS);
		expect(backup.manifest.tables[0]).toMatchObject({ name: 'customers', count: 20 });
	});

	it('stops when cancelled and lets the book be written again', async () => {
		const book = await db();
		await fillSample(book, { seed: 5, customers: 30 });
		const controller = new AbortController();
		const stream = exportBackup(
			book,
			options({
				chunkSize: 3,
				replayBudget: 0,
				signal: controller.signal,
				onProgress: (p) => {
					if (p.phase === 'write' && p.done > 10) controller.abort();
				}
			})
		);
		await expect(bytesOf(stream)).rejects.toMatchObject({ name: 'AbortError' });
		await book.customers.add(customerRecord('01ZZZZZZZZZZZZZZZZZZZZZZZZ'));
		expect(await book.customers.count()).toBe(31);

		const early = exportBackup(book, options());
		const reader = early.getReader();
		await reader.read();
		await reader.cancel();
		await book.customers.delete('01ZZZZZZZZZZZZZZZZZZZZZZZZ');
		expect(await book.customers.count()).toBe(30);
	});

	it('refuses to lock a backup without a passphrase or with a work factor it could not read', async () => {
		const book = await db();
		expect(() => exportBackup(book, options({ passphrase: '' }))).toThrow(RangeError);
		expect(() => exportBackup(book, options({ workFactor: 21 }))).toThrow(RangeError);
		expect(() => exportBackup(book, options({ workFactor: 0 }))).toThrow(RangeError);
	});

	it('collects into one Blob of exactly the bytes streamed', async () => {
		const parts = [
			new Uint8Array(5 * 1024 * 1024).fill(1),
			new Uint8Array(4 * 1024 * 1024).fill(2)
		];
		const stream = new ReadableStream<Uint8Array>({
			start(c) {
				for (const p of parts) c.enqueue(p);
				c.close();
			}
		});
		const blob = await collectBlob(stream, 'application/x-age');
		expect(blob.type).toBe('application/x-age');
		expect(blob.size).toBe(9 * 1024 * 1024);
		const bytes = new Uint8Array(await blob.arrayBuffer());
		expect(bytes[5 * 1024 * 1024 - 1]).toBe(1);
		expect(bytes[5 * 1024 * 1024]).toBe(2);
	});
});

describe('opening a backup with the age command line tool', () => {
	it('decrypts a backup written at the real work factor (2^18) to the documented format', async () => {
		const book = await db();
		await book.customers.bulkAdd([
			customerRecord('01JCLI0000000000000000001', {
				name: 'Nguyễn Thị Hương',
				notes: 'Dị ứng\nhải sản'
			}),
			customerRecord('01JCLI0000000000000000002', { name: 'Lê Văn Tám' })
		]);
		await book.settings.add({
			key: 'shop.profile',
			value: { name: 'Spa Hoa Mai', businessType: 'spa' }
		});
		const file = await collectBlob(exportBackup(book, options({ workFactor: undefined })));
		const dir = mkdtempSync(join(tmpdir(), 'so-khach-age-'));
		try {
			writeFileSync(join(dir, 'backup.age'), new Uint8Array(await file.arrayBuffer()));
			const header = readFileSync(join(dir, 'backup.age'), 'latin1').split('\n')[1];
			expect(header).toMatch(/^-> scrypt \S{22} 18$/);
			const run = runAge(['-d', '-o', 'plain.ndjson', 'backup.age'], `${PASS}\n`, dir);
			expect(run.status, run.output).toBe(0);
			const { manifest, tables } = layout(readFileSync(join(dir, 'plain.ndjson'), 'utf8'));
			expect(manifest.shopName).toBe('Spa Hoa Mai');
			expect(tables.customers.lines.map((l) => JSON.parse(l).name)).toEqual([
				'Nguyễn Thị Hương',
				'Lê Văn Tám'
			]);
			for (const t of manifest.tables) expect(t.sha256).toBe(sha256sum(tables[t.name].lines));

			const wrong = runAge(['-d', '-o', 'nope.ndjson', 'backup.age'], 'hoa mai\n', dir);
			expect(wrong.status).not.toBe(0);
			expect(wrong.output).toMatch(/incorrect passphrase/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 120_000);
});
