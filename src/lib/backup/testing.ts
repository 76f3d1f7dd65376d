/**
 * Helpers for the backup tests: books to back up, whole-book comparisons, and the `age` command
 * line tool driven through a pseudo-terminal.
 */
import { spawnSync } from 'node:child_process';
import { Encrypter } from 'age-encryption';
import { DATA_TABLES } from '$lib/db/changes';
import { newId } from '$lib/db/ids';
import { createDatabase, type SoKhachDB } from '$lib/db/schema';
import type { Tag, Template } from '$lib/domain/types';
import { generateSample } from '$lib/sample/generate';
import { collectBlob } from './export';
import { tableHash, type BackupRecord } from './format';

export const TEST_WORK_FACTOR = 10;

export async function freshDb(): Promise<SoKhachDB> {
	const db = createDatabase(`backup-test-${newId()}`);
	await db.open();
	return db;
}

/** A generated shop (customers with purchases, reminders, interactions) plus tags and settings. */
export async function fillSample(
	db: SoKhachDB,
	options: { seed: number; customers: number; extraPurchases?: number }
): Promise<void> {
	for (const chunk of generateSample({ ...options, today: '2026-11-26' })) {
		await db.customers.bulkAdd(chunk.customers);
		await db.purchases.bulkAdd(chunk.purchases);
		await db.reminders.bulkAdd(chunk.reminders);
		await db.interactions.bulkAdd(chunk.interactions);
	}
	const tags: Tag[] = [
		{
			id: 'tag-vip',
			name: 'Khách VIP',
			colour: '#d4a017',
			group: 'free',
			order: 0,
			createdAt: 1,
			updatedAt: 1
		},
		{
			id: 'tag-old',
			name: 'Cũ',
			colour: '#888',
			group: 'free',
			order: 1,
			createdAt: 1,
			updatedAt: 2,
			deletedAt: 2
		}
	];
	const templates: Template[] = [
		{
			id: 'tpl-1',
			name: 'Cảm ơn',
			channel: 'zalo',
			body: 'Cảm ơn {salutation} {name} đã ghé!\nHẹn gặp lại.',
			createdAt: 1,
			updatedAt: 1
		}
	];
	await db.tags.bulkAdd(tags);
	await db.templates.bulkAdd(templates);
	await db.settings.bulkAdd([
		{ key: 'shop.profile', value: { name: 'Spa Hoa Mai', businessType: 'spa' } },
		{ key: 'care.staff', value: ['Lan', 'Hùng'] }
	]);
}

/** Every data table's records in key order. */
export async function dumpBook(db: SoKhachDB): Promise<Record<string, BackupRecord[]>> {
	const out: Record<string, BackupRecord[]> = {};
	for (const table of DATA_TABLES) {
		out[table] = (await db.table(table).toArray()) as BackupRecord[];
	}
	return out;
}

export async function bytesOf(
	stream: ReadableStream<Uint8Array>
): Promise<Uint8Array<ArrayBuffer>> {
	return new Uint8Array(await (await collectBlob(stream)).arrayBuffer());
}

export async function encryptWithPassphrase(
	plain: Uint8Array | string,
	passphrase: string,
	workFactor = TEST_WORK_FACTOR
): Promise<Uint8Array> {
	const e = new Encrypter();
	e.setPassphrase(passphrase);
	e.setScryptWorkFactor(workFactor);
	return e.encrypt(plain);
}

/** SHA-256 hex of the given lines, each ending with "\n": a table's hash when written by hand. */
export function linesHash(lines: readonly string[]): string {
	const h = tableHash();
	h.update(new TextEncoder().encode(lines.map((l) => l + '\n').join('')));
	return h.hex();
}

/**
 * Runs `age` with a pseudo-terminal (util-linux `script`), because age reads passphrases only
 * from a terminal: `input` is what is typed. Fails loudly when `age` or `script` is missing, as
 * CI installs both (apt-get install age util-linux).
 */
export function runAge(
	args: string[],
	input: string,
	cwd: string
): { status: number; output: string } {
	for (const tool of ['age', 'script']) {
		const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
		if (found.status !== 0) {
			throw new Error(
				`The interoperability tests need the \`${tool}\` command (Debian: apt-get install ${
					tool === 'age' ? 'age' : 'util-linux'
				}).`
			);
		}
	}
	const quoted = ['age', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
	const run = spawnSync('script', ['-qec', quoted, '/dev/null'], {
		cwd,
		input,
		encoding: 'utf8',
		timeout: 60_000
	});
	return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}
