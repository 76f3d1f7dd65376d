// Writes tests/fixtures/backup/v<N>.age: a backup of the database fixture tests/fixtures/db/v<N>.json
// as an app of schema version N would have written it, for "restores a backup of an earlier
// schema version" in src/lib/backup/upgrade.test.ts.
//
//   node scripts/make-backup-fixture.mjs 1          # v1.age; refuses to overwrite it
//   node scripts/make-backup-fixture.mjs 1 --force  # overwrite (only if it was never released)
//
// The plain backup is built here by hand, following docs/backup-format.md, not with the app's own
// encoder: the fixture also proves that the documented format is enough to write a file the app
// restores. age encryption (random salt and nonce) makes each run's bytes differ, which is why a
// released fixture is never regenerated.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Encrypter } from 'age-encryption';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
const version = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1);

/** Written in tests/fixtures/backup/README.md and upgrade.test.ts too. */
const PASSPHRASE = `mật khẩu thử v${version}`;
/** Low so the tests run fast; the app writes 18. */
const WORK_FACTOR = 10;
const TABLES = [
	'customers',
	'purchases',
	'interactions',
	'reminders',
	'tags',
	'templates',
	'settings'
];

const source = `tests/fixtures/db/v${version}.json`;
const fixture = JSON.parse(readFileSync(join(root, source), 'utf8'));
if (fixture.schemaVersion !== version)
	throw new Error(`${source} is not schema version ${version}`);

const sections = [];
const listed = [];
for (const name of TABLES) {
	const key = name === 'settings' ? 'key' : 'id';
	const records = [...(fixture.stores[name] ?? [])].sort((a, b) =>
		a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0
	);
	const lines = records.map((r) => JSON.stringify(r) + '\n').join('');
	const sha256 = createHash('sha256').update(lines, 'utf8').digest('hex');
	listed.push({ name, count: records.length, sha256 });
	sections.push(JSON.stringify({ table: name, count: records.length }) + '\n' + lines);
}
const manifest = {
	format: 'so-khach-backup',
	formatVersion: 1,
	appVersion: '0.1.0',
	schemaVersion: version,
	createdAt: '2025-01-20T03:00:00.000Z',
	shopName: 'Tiệm Thử Đà Lạt',
	tables: listed
};
const plain = JSON.stringify(manifest) + '\n' + sections.join('');

const out = join(root, `tests/fixtures/backup/v${version}.age`);
if (existsSync(out) && !force) {
	console.error(
		`${out} exists: a released fixture never changes (--force only if it was never released).`
	);
	process.exit(1);
}
const encrypter = new Encrypter();
encrypter.setPassphrase(PASSPHRASE);
encrypter.setScryptWorkFactor(WORK_FACTOR);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, await encrypter.encrypt(plain));
console.log(`Wrote ${out} (${listed.map((t) => `${t.name} ${t.count}`).join(', ')}).`);
