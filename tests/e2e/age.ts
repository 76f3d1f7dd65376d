/**
 * Opening a backup as someone without Sổ Khách would: with the standard `age` command line tool
 * where it is installed (`.ci/run` installs it, so CI always checks the interoperability), else
 * with the official TypeScript age implementation, so that on a machine with only Node every
 * assertion still runs. The test says which one opened the file (an annotation in the report).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';
import { expect, test } from './fixtures';

/** age reads a passphrase from a terminal only: util-linux `script` gives it one. */
const hasAgeCli = existsSync('/usr/bin/age') && existsSync('/usr/bin/script');

function note(via: string): void {
	test.info().annotations.push({ type: 'age', description: `opened with ${via}` });
}

/** The decrypted text of an age file, with a passphrase or an identity file (`AGE-SECRET-KEY-1…`). */
export async function openAge(
	file: string,
	key: { passphrase: string } | { identityFile: string }
): Promise<string> {
	if (hasAgeCli) {
		note('the age command line tool');
		const out = join(mkdtempSync(join(tmpdir(), 'sokhach-age-')), 'book.ndjson');
		const run =
			'passphrase' in key
				? spawnSync('script', ['-qec', `age -d -o '${out}' '${file}'`, '/dev/null'], {
						input: key.passphrase + '\n',
						encoding: 'utf8',
						timeout: 60_000
					})
				: spawnSync('age', ['-d', '-i', key.identityFile, '-o', out, file], { encoding: 'utf8' });
		expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
		return readFileSync(out, 'utf8');
	}
	note('age-encryption (no age command line tool here: apt-get install age)');
	const decrypter = new Decrypter();
	if ('passphrase' in key) decrypter.addPassphrase(key.passphrase);
	else {
		const identity = readFileSync(key.identityFile, 'utf8')
			.split('\n')
			.find((line) => line.startsWith('AGE-SECRET-KEY-1'));
		expect(identity, 'an AGE-SECRET-KEY-1 line in the key file').toBeDefined();
		decrypter.addIdentity(identity!);
	}
	return decrypter.decrypt(new Uint8Array(readFileSync(file)), 'text');
}
