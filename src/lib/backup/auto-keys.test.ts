import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SoKhachDB } from '$lib/db/schema';
import {
	generateKeyPair,
	keyFileName,
	keyFileText,
	looksLikeIdentity,
	parseIdentity,
	parseRecipient
} from './auto-keys';
import { BackupError } from './errors';
import { exportBackup } from './export';
import { readBackup, restoreBackup } from './restore';
import { bytesOf, dumpBook, fillSample, freshDb, runAge } from './testing';

const opened: SoKhachDB[] = [];
const dirs: string[] = [];

async function db(): Promise<SoKhachDB> {
	const d = await freshDb();
	opened.push(d);
	return d;
}

afterEach(async () => {
	for (const d of opened.splice(0)) await d.delete();
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'sokhach-keys-'));
	dirs.push(dir);
	return dir;
}

async function sampleBook(): Promise<SoKhachDB> {
	const book = await db();
	await fillSample(book, { seed: 61, customers: 12 });
	return book;
}

function backupTo(book: SoKhachDB, recipient: string): Promise<Uint8Array<ArrayBuffer>> {
	return bytesOf(exportBackup(book, { recipient, appVersion: '0.1.0', shopName: 'Spa Hoa Mai' }));
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
		return 'success';
	} catch (e) {
		return e instanceof BackupError ? e.code : String(e);
	}
}

describe('the key pair of automatic backups', () => {
	it('makes an X25519 pair whose halves check out', async () => {
		const pair = await generateKeyPair();
		expect(pair.identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
		expect(pair.recipient).toMatch(/^age1[0-9a-z]{58}$/);
		expect(parseRecipient(pair.recipient)).toBe(pair.recipient);
		expect(await parseIdentity(pair.identity)).toBe(pair.identity);
		const other = await generateKeyPair();
		expect(other.identity).not.toBe(pair.identity);
	});

	it('accepts a pasted recipient with spaces or capitals, and refuses anything else', async () => {
		const { recipient } = await generateKeyPair();
		expect(parseRecipient(`  ${recipient.toUpperCase()}\n`)).toBe(recipient);
		// One character changed: the checksum catches it.
		const last = recipient.at(-1) === 'q' ? 'p' : 'q';
		expect(parseRecipient(recipient.slice(0, -1) + last)).toBeNull();
		expect(parseRecipient(recipient.slice(0, -1))).toBeNull();
		expect(parseRecipient('')).toBeNull();
		expect(parseRecipient('age1pq1' + 'q'.repeat(60))).toBeNull();
		const { identity } = await generateKeyPair();
		expect(parseRecipient(identity)).toBeNull();
	});

	it('finds the identity in a key file, skipping comments, and refuses a broken one', async () => {
		const pair = await generateKeyPair();
		const text = keyFileText(pair, 'Spa Hoa Mai', new Date('2026-11-26T02:00:00Z'));
		expect(text).toContain(`# public key: ${pair.recipient}`);
		expect(text.trim().split('\n').at(-1)).toBe(pair.identity);
		expect(await parseIdentity(text)).toBe(pair.identity);
		expect(await parseIdentity(text.replace(/\n/g, '\r\n'))).toBe(pair.identity);
		expect(await parseIdentity(`  ${pair.identity.toLowerCase()}  `)).toBe(pair.identity);
		const last = pair.identity.at(-1) === 'Q' ? 'P' : 'Q';
		expect(await parseIdentity(pair.identity.slice(0, -1) + last)).toBeNull();
		expect(await parseIdentity(`# only a comment\n${pair.recipient}\n`)).toBeNull();
		expect(await parseIdentity('mật khẩu của tôi')).toBeNull();
		expect(looksLikeIdentity(' age-secret-key-1abc')).toBe(true);
		expect(looksLikeIdentity('hoa mai nở sớm')).toBe(false);
		expect(keyFileName('Spa-Hoa-Mai')).toBe('so-khach_Spa-Hoa-Mai_khoa-sao-luu.txt');
		expect(keyFileName('')).toBe('so-khach_khoa-sao-luu.txt');
	});
});

describe('backups encrypted to a recipient', () => {
	it('open with the identity only, and restore the book exactly', async () => {
		const book = await sampleBook();
		const pair = await generateKeyPair();
		const file = await backupTo(book, pair.recipient);
		expect(new TextDecoder('latin1').decode(file.subarray(0, 200))).toMatch(
			/^age-encryption\.org\/v1\n-> X25519 [A-Za-z0-9+/]{43}\n/
		);
		const verified = await readBackup(file, { identity: pair.identity });
		expect(verified.manifest.tables.find((t) => t.name === 'customers')?.count).toBe(12);

		const target = await db();
		await restoreBackup(target, file, { identity: pair.identity }, { mode: 'replace' });
		expect(await dumpBook(target)).toEqual(await dumpBook(book));
	});

	it('says which key is wrong or missing, and writes nothing', async () => {
		const book = await sampleBook();
		const pair = await generateKeyPair();
		const other = await generateKeyPair();
		const file = await backupTo(book, pair.recipient);
		const target = await db();
		const before = await dumpBook(target);
		expect(
			await codeOf(restoreBackup(target, file, { identity: other.identity }, { mode: 'replace' }))
		).toBe('wrong-key');
		expect(await codeOf(readBackup(file, 'a passphrase'))).toBe('needs-key');
		const locked = await bytesOf(
			exportBackup(book, { passphrase: 'hoa mai', workFactor: 10, appVersion: '0', shopName: '' })
		);
		expect(await codeOf(readBackup(locked, { identity: pair.identity }))).toBe('needs-passphrase');
		expect(await dumpBook(target)).toEqual(before);
	});

	it('never restores a file whose header was changed, and names each change', async () => {
		const book = await sampleBook();
		const pair = await generateKeyPair();
		const file = await backupTo(book, pair.recipient);
		const text = new TextDecoder('latin1').decode(file);
		const end = text.indexOf('\n', text.indexOf('\n---') + 1) + 1;
		const seen = new Set<string>();
		for (let i = 0; i < end; i++) {
			const changed = file.slice();
			changed[i] ^= 0x01;
			const code = await codeOf(readBackup(changed, { identity: pair.identity }));
			expect(['not-a-backup', 'damaged', 'wrong-key', 'altered'], `byte ${i}`).toContain(code);
			seen.add(code);
		}
		// A changed share or wrapped key reads as another key; a changed MAC as altered.
		expect(seen).toContain('wrong-key');
		expect(seen).toContain('altered');
		expect(await codeOf(readBackup(file, { identity: 'AGE-SECRET-KEY-1NOTAKEY' }))).toBe(
			'wrong-key'
		);
	});

	it('refuses to export with both a passphrase and a recipient, or neither', async () => {
		const book = await db();
		const { recipient } = await generateKeyPair();
		const base = { appVersion: '0', shopName: '' };
		expect(() => exportBackup(book, { ...base, passphrase: 'x', recipient })).toThrow(RangeError);
		expect(() => exportBackup(book, base)).toThrow(RangeError);
	});

	it('opens with `age -d -i <key file>`, and the app opens what `age -r` encrypts', async () => {
		const book = await sampleBook();
		const pair = await generateKeyPair();
		const dir = tempDir();
		writeFileSync(join(dir, 'key.txt'), keyFileText(pair, 'Spa Hoa Mai', new Date()));
		writeFileSync(join(dir, 'auto.age'), await backupTo(book, pair.recipient));
		const run = runAge(['-d', '-i', 'key.txt', '-o', 'plain.ndjson', 'auto.age'], '', dir);
		expect(run.status, run.output).toBe(0);
		const plain = readFileSync(join(dir, 'plain.ndjson'), 'utf8');
		expect(JSON.parse(plain.slice(0, plain.indexOf('\n')))).toMatchObject({
			format: 'so-khach-backup',
			shopName: 'Spa Hoa Mai'
		});

		// A key pair made by age-keygen, the plain text encrypted by the age tool to it.
		const keygen = spawnSync('age-keygen', ['-o', join(dir, 'cli-key.txt')], { encoding: 'utf8' });
		expect(keygen.status, keygen.stderr).toBe(0);
		const cliKey = readFileSync(join(dir, 'cli-key.txt'), 'utf8');
		const cliRecipient = /public key: (age1[0-9a-z]+)/.exec(cliKey)?.[1] ?? '';
		expect(parseRecipient(cliRecipient)).toBe(cliRecipient);
		const enc = runAge(['-r', cliRecipient, '-o', 'cli.age', 'plain.ndjson'], '', dir);
		expect(enc.status, enc.output).toBe(0);
		const identity = await parseIdentity(cliKey);
		expect(identity).not.toBeNull();
		const target = await db();
		await restoreBackup(
			target,
			readFileSync(join(dir, 'cli.age')),
			{ identity: identity ?? '' },
			{
				mode: 'replace'
			}
		);
		expect(await dumpBook(target)).toEqual(await dumpBook(book));
	});
});
