import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import * as vectors from 'cctv-age';
import { armor } from 'age-encryption';
import { afterEach, describe, expect, it } from 'vitest';
import type { Batch } from '$lib/domain/types';
import type { SoKhachDB } from '$lib/db/schema';
import { createQueryEngine } from '$lib/query/engine';
import { createIndexFeed } from '$lib/query/feed';
import { customerRecord, purchaseRecord } from '../../../tests/fixtures/db/records';
import { BackupError, type BackupErrorCode } from './errors';
import { exportBackup } from './export';
import type { BackupPhase, BackupRecord } from './format';
import {
	decryptBackup,
	readBackup,
	restoreBackup,
	RESTORE_LABEL,
	snapshotBeforeRestore,
	type BackupSource,
	type RestoreOptions
} from './restore';
import {
	bytesOf,
	dumpBook,
	encryptWithPassphrase,
	fillSample,
	freshDb,
	linesHash,
	runAge,
	TEST_WORK_FACTOR
} from './testing';

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

async function backupOf(
	book: SoKhachDB,
	passphrase = PASS,
	chunkSize?: number
): Promise<Uint8Array<ArrayBuffer>> {
	return bytesOf(
		exportBackup(book, {
			passphrase,
			workFactor: TEST_WORK_FACTOR,
			appVersion: '0.1.0',
			shopName: 'Spa Hoa Mai',
			chunkSize
		})
	);
}

async function sampleBook(seed = 1, customers = 30): Promise<SoKhachDB> {
	const book = await db();
	await fillSample(book, { seed, customers });
	return book;
}

/** The code of the BackupError `promise` rejects with, or 'success'. */
async function outcome(promise: Promise<unknown>): Promise<BackupErrorCode | 'success'> {
	try {
		await promise;
		return 'success';
	} catch (e) {
		if (e instanceof BackupError) return e.code;
		throw e;
	}
}

function restore(
	target: SoKhachDB,
	file: BackupSource,
	passphrase = PASS,
	options: Partial<RestoreOptions> = {}
) {
	return restoreBackup(target, file, passphrase, { mode: 'replace', ...options });
}

function headerLength(file: Uint8Array): number {
	const text = new TextDecoder('latin1').decode(file.subarray(0, 1024));
	const mac = text.indexOf('\n---');
	return text.indexOf('\n', mac + 1) + 1;
}

describe('restoring a backup', () => {
	it('brings back every record of every table exactly as it was', async () => {
		const book = await sampleBook();
		const before = await dumpBook(book);
		const file = await backupOf(book);
		const target = await db();
		await target.customers.add(customerRecord('someone-else'));
		const result = await restore(target, file);
		expect(await dumpBook(target)).toEqual(before);
		expect(result.upgradedFrom).toBeNull();
		expect(result.tables.customers).toEqual({ added: 30, replaced: 0, kept: 0 });
		expect(result.manifest.shopName).toBe('Spa Hoa Mai');
	});

	it('round-trips generated shops of several sizes and seeds, read in odd-sized chunks', async () => {
		for (const [seed, customers, chunkSize] of [
			[11, 1, 1],
			[12, 7, 3],
			[13, 25, 7],
			[14, 60, 500]
		]) {
			const book = await sampleBook(seed, customers);
			const before = await dumpBook(book);
			// The second export pass reads the tables again instead of replaying the first.
			const file = await bytesOf(
				exportBackup(book, {
					passphrase: PASS,
					workFactor: TEST_WORK_FACTOR,
					appVersion: '0.1.0',
					shopName: `Shop ${seed}`,
					chunkSize,
					replayBudget: seed % 2 === 0 ? 0 : undefined
				})
			);
			const target = await db();
			await restore(target, file, PASS, { chunkSize });
			expect(await dumpBook(target), `seed ${seed}`).toEqual(before);
		}
	});

	it('restores an empty book', async () => {
		const file = await backupOf(await db());
		const target = await sampleBook(3, 5);
		await restore(target, file);
		const after = await dumpBook(target);
		for (const records of Object.values(after)) expect(records).toEqual([]);
	});

	it('opens a backup whatever the Unicode form the passphrase was typed in', async () => {
		const book = await sampleBook(4, 3);
		const nfd = 'mật khẩu'.normalize('NFD');
		const file = await backupOf(book, nfd);
		expect(await outcome(readBackup(file, 'mật khẩu'.normalize('NFC')))).toBe('success');
		// A file made with `age -p` from combining characters opens when typed the same way.
		const cli = await encryptWithPassphrase('x', nfd);
		await expect(bytesOf(await decryptBackup(cli, nfd))).resolves.toEqual(
			new TextEncoder().encode('x')
		);
	});

	it('refuses a wrong passphrase and writes nothing', async () => {
		const file = await backupOf(await sampleBook(5, 3));
		const target = await sampleBook(6, 4);
		const before = await dumpBook(target);
		expect(await outcome(restore(target, file, 'hoa mai nở muộn'))).toBe('wrong-passphrase');
		expect(await dumpBook(target)).toEqual(before);
	});

	it('calls a file that is not an age file, or an age file without our manifest, not a backup', async () => {
		const target = await db();
		const csv = new TextEncoder().encode('name,phone\nHương,0912345678\n');
		expect(await outcome(restore(target, csv))).toBe('not-a-backup');
		expect(await outcome(restore(target, new Uint8Array(0)))).toBe('not-a-backup');
		const other = await encryptWithPassphrase('name,phone\nHương,0912345678\n', PASS);
		expect(await outcome(restore(target, other))).toBe('not-a-backup');
		const empty = await encryptWithPassphrase('', PASS);
		expect(await outcome(restore(target, empty))).toBe('not-a-backup');
	});

	it('refuses a backup made by a newer app and says by which version', async () => {
		const lines = ['{"id":"t1","name":"VIP","colour":"#000","group":"free","order":0}'];
		const manifest = {
			format: 'so-khach-backup',
			formatVersion: 1,
			appVersion: '9.0.0',
			schemaVersion: 99,
			createdAt: '2030-01-01T00:00:00.000Z',
			shopName: '',
			tables: [{ name: 'tags', count: 1, sha256: linesHash(lines) }]
		};
		const plain = [JSON.stringify(manifest), '{"table":"tags","count":1}', ...lines, ''].join('\n');
		const file = await encryptWithPassphrase(plain, PASS);
		const error = await restore(await db(), file).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(BackupError);
		expect((error as BackupError).code).toBe('newer-version');
		expect((error as BackupError<'newer-version'>).params).toEqual({
			appVersion: '9.0.0',
			formatVersion: 1,
			schemaVersion: 99
		});
	});

	it('refuses a key derivation above the limit before deriving anything', async () => {
		const file = await encryptWithPassphrase('x', PASS, 12);
		const error = await readBackup(file, PASS, { maxWorkFactor: 11 }).catch((e: unknown) => e);
		expect((error as BackupError).code).toBe('work-factor-too-high');
		expect((error as BackupError<'work-factor-too-high'>).params).toEqual({
			workFactor: 12,
			max: 11
		});
		// Asking for more than the library can derive still stops at its limit (2^20).
		const forged = new TextEncoder().encode(
			new TextDecoder('latin1').decode(file).replace(/ 12\n/, ' 22\n')
		);
		expect(await outcome(readBackup(forged, PASS, { maxWorkFactor: 22 }))).toBe(
			'work-factor-too-high'
		);
	});

	it('restores an armored file (age -a)', async () => {
		const book = await sampleBook(7, 3);
		const before = await dumpBook(book);
		const armored = new TextEncoder().encode('\n' + armor.encode(await backupOf(book)));
		const target = await db();
		await restore(target, armored);
		expect(await dumpBook(target)).toEqual(before);
	});

	it('reports its phases in order and each record written', async () => {
		const file = await backupOf(await sampleBook(8, 10));
		const phases: BackupPhase[] = [];
		let last = { phase: '', done: 0, total: 0 };
		await restore(await db(), file, PASS, {
			onProgress: (p) => {
				if (phases.at(-1) !== p.phase) phases.push(p.phase);
				last = p;
			}
		});
		expect(phases).toEqual(['key', 'verify', 'write']);
		expect(last.done).toBe(last.total);
		expect(last.total).toBeGreaterThan(10);
	});
});

describe('a damaged or altered backup', () => {
	it('gives the right error for every byte of the header changed, and never restores it', async () => {
		const book = await sampleBook(9, 2);
		const file = await backupOf(book);
		const end = headerLength(file);
		const text = new TextDecoder('latin1').decode(file.subarray(0, end));
		const versionEnd = text.indexOf('\n') + 1;
		const macStart = text.lastIndexOf('\n---') + 1;
		const seen = new Set<string>();
		for (let i = 0; i < end; i++) {
			for (const mask of [0x01, 0x20]) {
				const changed = file.slice();
				changed[i] ^= mask;
				const code = await outcome(readBackup(changed, PASS));
				const region = i < versionEnd ? 'version' : i < macStart ? 'stanza' : 'mac';
				seen.add(`${region}:${code}`);
				const allowed: Record<string, string[]> = {
					version: ['not-a-backup'],
					stanza: ['damaged', 'wrong-passphrase', 'not-a-backup'],
					mac: ['altered', 'damaged']
				};
				expect(allowed[region], `byte ${i} ^ ${mask} in the ${region}`).toContain(code);
			}
		}
		// Each kind of change was met: a changed salt or key reads as a wrong passphrase, a
		// changed recipient type as not ours, a changed MAC as altered.
		for (const expected of [
			'version:not-a-backup',
			'stanza:wrong-passphrase',
			'stanza:not-a-backup',
			'stanza:damaged',
			'mac:altered'
		]) {
			expect(seen).toContain(expected);
		}
	}, 120_000);

	it('calls a changed byte anywhere in the body damaged', async () => {
		const file = await backupOf(await sampleBook(10, 120));
		const start = headerLength(file);
		const chunk = 64 * 1024 + 16;
		expect(file.length).toBeGreaterThan(start + 16 + 3 * chunk);
		const positions = new Set([
			start,
			start + 15,
			start + 16,
			start + 16 + chunk - 1,
			start + 16 + chunk,
			start + 16 + 2 * chunk + 12345,
			file.length - 17,
			file.length - 1
		]);
		for (let k = 0; k < 24; k++)
			positions.add(start + Math.floor(((file.length - start) * k) / 24));
		for (const i of positions) {
			const changed = file.slice();
			changed[i] ^= 0x04;
			expect(await outcome(readBackup(changed, PASS)), `byte ${i}`).toBe('damaged');
		}
	});

	it('calls a file cut at a chunk boundary, inside a chunk or inside the nonce damaged', async () => {
		const file = await backupOf(await sampleBook(10, 120));
		const start = headerLength(file);
		const chunk = 64 * 1024 + 16;
		const cuts = [
			start,
			start + 7,
			start + 16,
			start + 16 + chunk,
			start + 16 + 2 * chunk,
			start + 16 + chunk + 1000,
			file.length - 16,
			file.length - 1
		];
		for (const cut of cuts) {
			expect(await outcome(readBackup(file.subarray(0, cut), PASS)), `cut at ${cut}`).toBe(
				'damaged'
			);
		}
		const longer = new Uint8Array(file.length + 10);
		longer.set(file);
		expect(await outcome(readBackup(longer, PASS))).toBe('damaged');
	});

	it('leaves the book as it was when the write pass fails halfway', async () => {
		const file = await backupOf(await sampleBook(12, 40));
		const target = await sampleBook(13, 10);
		const undoable: Batch = {
			id: '01ZZZZZZZZZZZZZZZZZZZZZZZZ',
			at: 1,
			label: 'change_edit_field',
			origin: 'user',
			state: 'done',
			count: 0
		};
		await target.batches.add(undoable);
		const before = await dumpBook(target);
		const log = await target.changes.count();

		// Storage refuses a purchase after the customers were written.
		let puts = 0;
		const refuse = () => {
			if (++puts > 5) throw new Error('QuotaExceededError (simulated)');
		};
		target.purchases.hook('creating', refuse);
		const failed = await restore(target, file, PASS, { chunkSize: 4 }).catch((e: unknown) => e);
		target.purchases.hook('creating').unsubscribe(refuse);
		expect(failed).toBeInstanceOf(Error);
		expect(puts).toBeGreaterThan(5);

		// The file is replaced by a cut copy after it was verified.
		let reads = 0;
		const changing = () => {
			reads += 1;
			return new Blob([reads === 1 ? file : file.slice(0, file.length - 70_000)]).stream();
		};
		expect(await outcome(restore(target, changing, PASS, { chunkSize: 4 }))).toBe('damaged');
		expect(reads).toBe(2);

		// Cancelled while writing.
		const controller = new AbortController();
		const cancelled = restore(target, file, PASS, {
			chunkSize: 4,
			signal: controller.signal,
			onProgress: (p) => {
				if (p.phase === 'write' && p.done > 20) controller.abort();
			}
		});
		await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });

		expect(await dumpBook(target)).toEqual(before);
		expect(await target.changes.count()).toBe(log);
		expect((await target.batches.get(undoable.id))?.state).toBe('done');
	});

	it('refuses a file that differs from the one verified before writing', async () => {
		const target = await sampleBook(14, 3);
		const before = await dumpBook(target);
		const first = await backupOf(await sampleBook(15, 3));
		const second = await backupOf(await sampleBook(15, 3));
		let reads = 0;
		const swapped = () => new Blob([++reads === 1 ? first : second]).stream();
		expect(await outcome(restore(target, swapped))).toBe('altered');
		expect(await dumpBook(target)).toEqual(before);
	});
});

describe('the change log after a restore', () => {
	it('records one final batch that ends the undo stack and makes the query index reload', async () => {
		const target = await sampleBook(16, 5);
		await target.batches.bulkAdd([
			{ id: '01A', at: 1, label: 'change_edit_field', origin: 'user', state: 'done', count: 1 },
			{
				id: '01B',
				at: 2,
				label: 'change_edit_field',
				origin: 'user',
				state: 'undone',
				count: 1,
				undoneAt: 3
			}
		]);
		const engine = createQueryEngine({});
		const reloads: boolean[] = [];
		const feed = createIndexFeed(target, engine, {
			onChanged: (_ids, reloaded) => reloads.push(reloaded)
		});
		await feed.start();
		expect(engine.size).toBe(5);

		const source = await sampleBook(17, 9);
		const result = await restore(target, await backupOf(source));
		const batches = await target.batches.toArray();
		const restoreBatch = batches.find((b) => b.id === result.batchId);
		expect(restoreBatch).toMatchObject({
			label: RESTORE_LABEL,
			origin: 'import',
			state: 'final',
			params: { mode: 'replace' }
		});
		expect(batches.filter((b) => b.state !== 'final')).toEqual([]);
		const rows = await target.changes.where('batchId').equals(result.batchId!).toArray();
		expect(rows.map((c) => c.table).sort()).toEqual(
			[
				'customers',
				'interactions',
				'purchases',
				'reminders',
				'settings',
				'tags',
				'templates'
			].sort()
		);
		expect(rows.every((c) => c.rowId === '*' && c.op === 'bulk-create')).toBe(true);

		await feed.sync();
		expect(reloads).toContain(true);
		expect(engine.size).toBe(9);
		feed.dispose();
	});
});

describe('merging a backup into the book', () => {
	it('keeps the newer of each record, adds what is missing and deletes nothing', async () => {
		const backupBook = await db();
		await backupBook.customers.bulkAdd([
			customerRecord('c1', { name: 'Hương (backup, newer)', updatedAt: 200 }),
			customerRecord('c2', { name: 'Nam (backup, older)', updatedAt: 200 }),
			customerRecord('c3', { name: 'Lan (only in backup)', updatedAt: 200 })
		]);
		await backupBook.purchases.add(
			purchaseRecord('p2', 'c1', { date: '2026-02-01', amount: 300_000, updatedAt: 200 })
		);
		await backupBook.settings.bulkAdd([
			{ key: 'shop.profile', value: { name: 'Backup name', businessType: 'spa' } },
			{ key: 'care.staff', value: ['Thảo'] }
		]);
		const file = await backupOf(backupBook);

		const book = await db();
		await book.customers.bulkAdd([
			customerRecord('c1', { name: 'Hương (book, older)', updatedAt: 100 }),
			customerRecord('c2', { name: 'Nam (book, newer)', updatedAt: 300 }),
			customerRecord('c4', { name: 'Minh (only in book)', updatedAt: 100 })
		]);
		await book.purchases.add(
			purchaseRecord('p1', 'c1', { date: '2026-01-05', amount: 150_000, updatedAt: 100 })
		);
		await book.settings.add({
			key: 'shop.profile',
			value: { name: 'Book name', businessType: 'spa' }
		});
		await book.batches.add({
			id: '01A',
			at: 1,
			label: 'change_edit_field',
			origin: 'user',
			state: 'done',
			count: 1
		});

		const result = await restore(book, file, PASS, { mode: 'merge' });

		const names = (await book.customers.toArray()).map((c) => [c.id, c.name]);
		expect(names).toEqual([
			['c1', 'Hương (backup, newer)'],
			['c2', 'Nam (book, newer)'],
			['c3', 'Lan (only in backup)'],
			['c4', 'Minh (only in book)']
		]);
		expect((await book.purchases.toArray()).map((p) => p.id)).toEqual(['p1', 'p2']);
		// c1's totals come from both sides' purchases.
		expect((await book.customers.get('c1'))?.stats).toEqual({
			count: 2,
			total: 450_000,
			first: '2026-01-05',
			last: '2026-02-01'
		});
		expect(await book.settings.get('shop.profile')).toEqual({
			key: 'shop.profile',
			value: { name: 'Book name', businessType: 'spa' }
		});
		expect(await book.settings.get('care.staff')).toEqual({ key: 'care.staff', value: ['Thảo'] });
		expect(result.tables.customers).toEqual({ added: 1, replaced: 1, kept: 1 });
		expect(result.tables.settings).toEqual({ added: 1, replaced: 0, kept: 1 });
		expect(result.statsRecomputed).toBe(2);
		// A merge is a new action but does not end the undo stack.
		expect((await book.batches.get('01A'))?.state).toBe('done');
		expect(await book.batches.get(result.batchId!)).toMatchObject({
			label: RESTORE_LABEL,
			state: 'final',
			params: { mode: 'merge', count: 4 }
		});
	});

	it('changes nothing and records nothing when the book already holds the backup', async () => {
		const book = await sampleBook(18, 6);
		const file = await backupOf(book);
		const before = await dumpBook(book);
		const log = await book.changes.count();
		const result = await restore(book, file, PASS, { mode: 'merge' });
		expect(result.batchId).toBeNull();
		expect(await dumpBook(book)).toEqual(before);
		expect(await book.changes.count()).toBe(log);
	});
});

describe('the snapshot taken before a restore', () => {
	it('is a backup of the book as it was, with the same passphrase', async () => {
		const book = await sampleBook(19, 4);
		const before = await dumpBook(book);
		const snapshot = await snapshotBeforeRestore(book, PASS, {
			workFactor: TEST_WORK_FACTOR,
			appVersion: '0.1.0',
			shopName: 'Spa Hoa Mai',
			now: new Date('2026-11-26T10:00:00Z')
		});
		expect(snapshot.fileName).toBe('so-khach_Spa-Hoa-Mai_2026-11-26.age');
		await restore(book, await backupOf(await sampleBook(20, 2)));
		expect(await dumpBook(book)).not.toEqual(before);
		await restore(book, snapshot.blob);
		expect(await dumpBook(book)).toEqual(before);
	});
});

/** The age project's own test vectors for passphrase (scrypt) files. */
describe('the age test vectors for passphrase files', () => {
	type Expected = BackupErrorCode | 'success';
	/**
	 * What each vector must give. age's outcomes map to our codes: "no match" is a wrong
	 * passphrase, "header failure" a damaged file; two refine that: a file without any scrypt
	 * stanza is not a passphrase backup at all, and a work factor above ours is refused by name.
	 */
	const EXPECTED: Record<string, Expected> = {
		armor_scrypt: 'success',
		scrypt: 'success',
		scrypt_and_x25519: 'damaged',
		scrypt_bad_tag: 'wrong-passphrase',
		scrypt_double: 'damaged',
		scrypt_extra_argument: 'damaged',
		scrypt_long_file_key: 'damaged',
		scrypt_no_match: 'wrong-passphrase',
		scrypt_not_canonical_body: 'damaged',
		scrypt_not_canonical_salt: 'damaged',
		scrypt_salt_long: 'damaged',
		scrypt_salt_missing: 'damaged',
		scrypt_salt_short: 'damaged',
		scrypt_uppercase: 'not-a-backup',
		scrypt_work_factor_23: 'work-factor-too-high',
		scrypt_work_factor_hex: 'damaged',
		scrypt_work_factor_leading_garbage: 'damaged',
		scrypt_work_factor_leading_plus: 'damaged',
		scrypt_work_factor_leading_zero_decimal: 'damaged',
		scrypt_work_factor_leading_zero_octal: 'damaged',
		scrypt_work_factor_missing: 'damaged',
		scrypt_work_factor_negative: 'damaged',
		scrypt_work_factor_overflow: 'work-factor-too-high',
		scrypt_work_factor_trailing_garbage: 'damaged',
		scrypt_work_factor_wrong: 'wrong-passphrase',
		scrypt_work_factor_zero: 'damaged'
	};
	const AGE_EXPECT: Record<string, string[]> = {
		success: ['success'],
		'no match': ['wrong-passphrase', 'not-a-backup'],
		'header failure': ['damaged', 'work-factor-too-high']
	};

	interface Vector {
		name: string;
		meta: Map<string, string[]>;
		file: Uint8Array;
	}

	const passphraseVectors: Vector[] = Object.entries(vectors as Record<string, unknown>)
		.filter((entry): entry is [string, Uint8Array] => entry[1] instanceof Uint8Array)
		.map(([name, bytes]) => {
			const split = bytes.findIndex((b, i) => b === 10 && bytes[i + 1] === 10);
			const meta = new Map<string, string[]>();
			for (const line of new TextDecoder().decode(bytes.subarray(0, split)).split('\n')) {
				const colon = line.indexOf(': ');
				const key = line.slice(0, colon);
				meta.set(key, [...(meta.get(key) ?? []), line.slice(colon + 2)]);
			}
			let file = bytes.subarray(split + 2);
			if (meta.get('compressed')?.[0] === 'zlib') file = new Uint8Array(inflateSync(file));
			return { name, meta, file };
		})
		.filter((v) => v.meta.has('passphrase'));

	it('covers every passphrase vector of the package', () => {
		expect(passphraseVectors.map((v) => v.name).sort()).toEqual(Object.keys(EXPECTED).sort());
	});

	for (const name of Object.keys(EXPECTED)) {
		it(`${name}: ${EXPECTED[name]}`, async () => {
			const vector = passphraseVectors.find((v) => v.name === name)!;
			const passphrase = vector.meta.get('passphrase')![0];
			const ageExpect = vector.meta.get('expect')![0];
			expect(AGE_EXPECT[ageExpect]).toContain(EXPECTED[name]);
			const got = await outcome(
				decryptBackup(vector.file, passphrase).then(async (plain) => {
					const payload = await bytesOf(plain);
					expect(createHash('sha256').update(payload).digest('hex')).toBe(
						vector.meta.get('payload')![0]
					);
				})
			);
			expect(got).toBe(EXPECTED[name]);
			if (got === 'success') {
				// A real age file, but its contents are not a Sổ Khách backup.
				expect(await outcome(readBackup(vector.file, passphrase))).toBe('not-a-backup');
			}
		});
	}
});

describe('files made with the age command line tool', () => {
	it('restores a plain backup written by hand and encrypted with age -p', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'so-khach-age-'));
		try {
			const customers = [
				JSON.stringify(customerRecord('01JHAND0000000000000000001', { name: 'Phạm Thị Thu' })),
				JSON.stringify(customerRecord('01JHAND0000000000000000002', { name: 'Đỗ Văn Long' }))
			];
			const settings = [
				JSON.stringify({ key: 'shop.profile', value: { name: 'Tiệm Thu', businessType: 'spa' } })
			];
			const manifest = {
				format: 'so-khach-backup',
				formatVersion: 1,
				appVersion: 'by hand',
				schemaVersion: 2,
				createdAt: '2026-11-26T08:00:00Z',
				shopName: 'Tiệm Thu',
				tables: [
					{ name: 'customers', count: 2, sha256: linesHash(customers) },
					{ name: 'settings', count: 1, sha256: linesHash(settings) }
				]
			};
			const plain = [
				JSON.stringify(manifest),
				'{"table":"customers","count":2}',
				...customers,
				'{"table":"settings","count":1}',
				...settings,
				''
			].join('\n');
			writeFileSync(join(dir, 'plain.ndjson'), plain);
			const pass = 'sổ tay của Thu';
			const run = runAge(['-p', '-o', 'book.age', 'plain.ndjson'], `${pass}\n${pass}\n`, dir);
			expect(run.status, run.output).toBe(0);
			const file = new Uint8Array(readFileSync(join(dir, 'book.age')));
			expect(new TextDecoder().decode(file.subarray(0, 40))).toMatch(
				/^age-encryption\.org\/v1\n-> scrypt/
			);

			const target = await sampleBook(21, 3);
			await restore(target, new Blob([file]), pass);
			const book = await dumpBook(target);
			expect(book.customers.map((c: BackupRecord) => c.name)).toEqual([
				'Phạm Thị Thu',
				'Đỗ Văn Long'
			]);
			expect(book.settings).toEqual([JSON.parse(settings[0])]);
			expect(book.purchases).toEqual([]);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 60_000);
});

describe('restoring a backup made before a customer was erased or anonymised', () => {
	async function bookWithTwo(): Promise<SoKhachDB> {
		const book = await db();
		await book.customers.bulkAdd([
			customerRecord('gone', { name: 'Phạm Hồng Nhung', referredBy: null, updatedAt: 100 }),
			customerRecord('anon', {
				name: 'Võ Thị Lan',
				phones: [{ raw: '0987 654 321', e164: '+84987654321' }],
				phoneKeys: ['+84987654321'],
				notes: 'Thích hoa hồng',
				updatedAt: 100
			}),
			customerRecord('friend', { name: 'Đỗ Minh Khoa', referredBy: 'gone', updatedAt: 100 })
		]);
		await book.purchases.bulkAdd([
			purchaseRecord('p-gone', 'gone', { amount: 100_000, note: 'cho Nhung', updatedAt: 100 }),
			purchaseRecord('p-anon', 'anon', { amount: 200_000, note: 'cho Lan', updatedAt: 100 })
		]);
		return book;
	}

	for (const mode of ['replace', 'merge'] as const) {
		it(`${mode}: leaves out the erased customer and anonymises the anonymised one again`, async () => {
			const file = await backupOf(await bookWithTwo());
			const target = await db();
			await target.customers.add(
				customerRecord('anon', {
					name: 'Khách ẩn danh',
					phones: [],
					phoneKeys: [],
					anonymisedAt: 500,
					updatedAt: 500
				})
			);
			await target.tombstones.bulkAdd([
				{ id: 'gone', at: 500, kind: 'erased', reason: 'customer-request' },
				{ id: 'anon', at: 500, kind: 'anonymised', reason: 'customer-request' }
			]);

			const result = await restore(target, file, PASS, { mode });

			expect(await target.customers.get('gone')).toBeUndefined();
			expect(await target.purchases.get('p-gone')).toBeUndefined();
			const anon = await target.customers.get('anon');
			expect(anon?.name).toBe('Khách ẩn danh');
			expect(anon?.phones).toEqual([]);
			expect(anon?.notes).toBe('');
			expect(await target.purchases.get('p-anon')).toMatchObject({ amount: 200_000, note: '' });
			expect((await target.customers.get('friend'))?.referredBy).toBeNull();
			const everything = JSON.stringify(await dumpBook(target));
			for (const trace of ['Nhung', 'Võ Thị Lan', '987654321', 'hoa hồng']) {
				expect(everything).not.toContain(trace);
			}
			expect(await target.tombstones.count()).toBe(2);
			expect(result.tombstoned).toBeGreaterThanOrEqual(4);
		});
	}

	it('restores everything as before when there are no tombstones', async () => {
		const file = await backupOf(await bookWithTwo());
		const target = await db();
		const result = await restore(target, file);
		expect(await target.customers.count()).toBe(3);
		expect(result.tombstoned).toBe(0);
	});
});
