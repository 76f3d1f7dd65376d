import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DATA_TABLES } from '$lib/db/changes';
import { BackupError, type BackupErrorCode } from './errors';
import {
	encodeLines,
	LineSplitter,
	PlainBackupReader,
	readPlain,
	throttleProgress,
	type BackupProgress,
	type BackupRecord,
	type VersionLimits
} from './format';

const LIMITS: VersionLimits = { formatVersion: 1, schemaVersion: 2, tables: DATA_TABLES };
const enc = new TextEncoder();

function sha256sum(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

interface Draft {
	/** Each table's record lines as they will be in the file, terminators included. */
	tables: [string, string[]][];
	manifest?: Record<string, unknown>;
	/** Per table, what the manifest and header claim instead of the truth. */
	claim?: Record<string, { count?: number; sha256?: string }>;
	after?: string;
}

/** A plain backup written the way docs/backup-format.md tells a person to, hashed by node:crypto. */
function plain({ tables, manifest = {}, claim = {}, after = '' }: Draft): string {
	const listed = tables.map(([name, lines]) => ({
		name,
		count: claim[name]?.count ?? lines.length,
		sha256: claim[name]?.sha256 ?? sha256sum(lines.join(''))
	}));
	const head = {
		format: 'so-khach-backup',
		formatVersion: 1,
		appVersion: '0.1.0',
		schemaVersion: 2,
		createdAt: '2026-11-26T03:00:00.000Z',
		shopName: 'Spa Hoa Mai',
		tables: listed,
		...manifest
	};
	const body = tables.map(
		([name, lines], i) =>
			JSON.stringify({ table: name, count: listed[i].count }) + '\n' + lines.join('')
	);
	return JSON.stringify(head) + '\n' + body.join('') + after;
}

const customerLines = [
	'{"id":"c1","name":"Nguyễn Thị Hương","updatedAt":1}\n',
	'{"id":"c2","name":"Trần Văn Nam","updatedAt":2}\n'
];
const tagLines = ['{"id":"t1","name":"VIP"}\n'];

function codeOf(fn: () => unknown): BackupErrorCode | 'no error' {
	try {
		fn();
	} catch (e) {
		if (e instanceof BackupError) return e.code;
		throw e;
	}
	return 'no error';
}

function verify(text: string) {
	return readPlain(enc.encode(text), LIMITS);
}

function readRecords(text: string): [string, BackupRecord][] {
	const out: [string, BackupRecord][] = [];
	const reader = new PlainBackupReader({ ...LIMITS, onRecord: (t, r) => out.push([t, r]) });
	const splitter = new LineSplitter();
	for (const line of splitter.push(enc.encode(text))) reader.line(line);
	const last = splitter.end();
	if (last) reader.line(last);
	reader.end();
	return out;
}

describe('plain backup lines', () => {
	it('writes one record per line even when its text holds line breaks', () => {
		const records = [
			{ id: 'a', note: 'dòng 1\ndòng 2\r\n\u2028dòng 3' },
			{ id: 'b', note: '' }
		];
		const text = new TextDecoder().decode(encodeLines(records));
		const lines = text.split('\n');
		expect(lines).toHaveLength(3);
		expect(lines[2]).toBe('');
		expect(lines.slice(0, 2).map((l) => JSON.parse(l))).toEqual(records);
	});

	it('cuts lines the same way however the bytes arrive', () => {
		const text = 'một\r\nhai\n\nba bốn năm\nsáu';
		const bytes = enc.encode(text);
		const whole = new LineSplitter();
		const expected = [...whole.push(bytes), whole.end()].map((l) => new TextDecoder().decode(l!));
		expect(expected).toEqual(['một\r\n', 'hai\n', '\n', 'ba bốn năm\n', 'sáu']);
		for (let seed = 1; seed <= 50; seed++) {
			const splitter = new LineSplitter();
			const got: string[] = [];
			let at = 0;
			let x = seed;
			while (at < bytes.length) {
				x = (x * 1103515245 + 12345) % 2147483648;
				const size = 1 + (x % 5);
				for (const l of splitter.push(bytes.slice(at, at + size))) {
					got.push(new TextDecoder().decode(l));
				}
				at += size;
			}
			const last = splitter.end();
			if (last) got.push(new TextDecoder().decode(last));
			expect(got).toEqual(expected);
		}
	});

	it('refuses a line longer than any backup line', () => {
		const splitter = new LineSplitter(10);
		expect(() => splitter.push(enc.encode('0123456789abc'))).toThrow(/longer/);
	});
});

describe('verifying a plain backup', () => {
	it('accepts a backup whose counts and hashes are what sha256sum gives for its lines', () => {
		const manifest = verify(
			plain({
				tables: [
					['customers', customerLines],
					['tags', tagLines],
					['settings', []]
				]
			})
		);
		expect(manifest.shopName).toBe('Spa Hoa Mai');
		expect(manifest.tables.map((t) => [t.name, t.count])).toEqual([
			['customers', 2],
			['tags', 1],
			['settings', 0]
		]);
	});

	it('accepts Windows line endings, a missing last newline and blank lines at the end', () => {
		const crlf = customerLines.map((l) => l.replace('\n', '\r\n'));
		expect(verify(plain({ tables: [['customers', crlf]] })).tables[0].count).toBe(2);
		const unterminated = [customerLines[0], customerLines[1].trimEnd()];
		expect(verify(plain({ tables: [['customers', unterminated]] })).tables[0].count).toBe(2);
		expect(
			verify(plain({ tables: [['tags', tagLines]], after: '\n\r\n  \n' })).tables
		).toHaveLength(1);
		expect(verify('\ufeff' + plain({ tables: [['tags', tagLines]] })).tables).toHaveLength(1);
	});

	it('calls a file without our manifest not a backup', () => {
		expect(codeOf(() => verify(''))).toBe('not-a-backup');
		expect(codeOf(() => verify('hello world\n'))).toBe('not-a-backup');
		expect(codeOf(() => verify('{"name":"a list of customers"}\n'))).toBe('not-a-backup');
		expect(codeOf(() => readPlain(new Uint8Array([0xff, 0xfe, 0x00, 0x0a]), LIMITS))).toBe(
			'not-a-backup'
		);
	});

	it('refuses a backup from a newer app, saying which version made it', () => {
		for (const manifest of [{ formatVersion: 2 }, { schemaVersion: 3, appVersion: '0.9.0' }]) {
			try {
				verify(plain({ tables: [['tags', tagLines]], manifest }));
				expect.unreachable();
			} catch (e) {
				expect(e).toBeInstanceOf(BackupError);
				expect((e as BackupError).code).toBe('newer-version');
				expect((e as BackupError<'newer-version'>).params.appVersion).toMatch(/^0\./);
			}
		}
	});

	it('calls a manifest with missing fields or an unknown table damaged', () => {
		expect(
			codeOf(() => verify(plain({ tables: [['tags', tagLines]], manifest: { shopName: 7 } })))
		).toBe('damaged');
		expect(codeOf(() => verify(plain({ tables: [['suppliers', tagLines]] })))).toBe('damaged');
		expect(
			codeOf(() =>
				verify(
					plain({
						tables: [
							['tags', tagLines],
							['tags', tagLines]
						]
					})
				)
			)
		).toBe('damaged');
	});

	it('refuses a changed record as altered and names its table', () => {
		const text = plain({ tables: [['customers', customerLines]] }).replace('Trần', 'Tran');
		try {
			verify(text);
			expect.unreachable();
		} catch (e) {
			expect((e as BackupError).code).toBe('altered');
			expect((e as BackupError<'altered'>).params.table).toBe('customers');
		}
	});

	it('calls a table with fewer records than listed incomplete, in the middle or at the end', () => {
		const short = { customers: { count: 3 } };
		for (const tables of [
			[
				['customers', customerLines],
				['tags', tagLines]
			],
			[['customers', customerLines]]
		] as [string, string[]][][]) {
			try {
				verify(plain({ tables, claim: short }));
				expect.unreachable();
			} catch (e) {
				expect((e as BackupError).code).toBe('incomplete');
				expect((e as BackupError<'incomplete'>).params).toEqual({
					table: 'customers',
					expected: 3,
					found: 2
				});
			}
		}
		const missingTable = plain({ tables: [['customers', customerLines]] }).replace(
			/"tables":\[(.*?)\]/,
			(_, t: string) => `"tables":[${t},{"name":"tags","count":1,"sha256":"${'0'.repeat(64)}"}]`
		);
		expect(codeOf(() => verify(missingTable))).toBe('incomplete');
	});

	it('refuses more records than listed, or anything after the last table, as altered', () => {
		const extra = plain({
			tables: [
				['customers', customerLines],
				['tags', tagLines]
			],
			claim: { customers: { count: 1, sha256: sha256sum(customerLines[0]) } }
		});
		expect(codeOf(() => verify(extra))).toBe('altered');
		const trailing = plain({ tables: [['tags', tagLines]], after: '{"id":"t9"}\n' });
		expect(codeOf(() => verify(trailing))).toBe('altered');
		const header = plain({ tables: [['tags', tagLines]] }).replace(
			'{"table":"tags","count":1}',
			'{"table":"tags","count":2}'
		);
		expect(codeOf(() => verify(header))).toBe('altered');
	});
});

describe('reading a verified plain backup', () => {
	it('hands over every record in file order with its table', () => {
		const records = readRecords(
			plain({
				tables: [
					['customers', customerLines],
					['tags', tagLines]
				]
			})
		);
		expect(records).toEqual([
			['customers', { id: 'c1', name: 'Nguyễn Thị Hương', updatedAt: 1 }],
			['customers', { id: 'c2', name: 'Trần Văn Nam', updatedAt: 2 }],
			['tags', { id: 't1', name: 'VIP' }]
		]);
	});

	it('calls a line that is not a keyed record damaged', () => {
		for (const bad of ['not json\n', '[1,2]\n', '{"name":"no id"}\n', '{"id":""}\n']) {
			const text = plain({ tables: [['customers', [customerLines[0], bad]]] });
			expect(codeOf(() => readRecords(text))).toBe('damaged');
		}
		const settings = plain({ tables: [['settings', ['{"id":"x","value":1}\n']]] });
		expect(codeOf(() => readRecords(settings))).toBe('damaged');
	});
});

describe('progress reports', () => {
	it('passes the first and last of each phase and about 200 in between', () => {
		const seen: BackupProgress[] = [];
		const report = throttleProgress((p) => seen.push(p));
		for (let done = 0; done <= 100_000; done += 10)
			report({ phase: 'write', done, total: 100_000 });
		report({ phase: 'verify', done: 0, total: 5 });
		expect(seen[0]).toEqual({ phase: 'write', done: 0, total: 100_000 });
		expect(seen.at(-2)).toEqual({ phase: 'write', done: 100_000, total: 100_000 });
		expect(seen.at(-1)).toEqual({ phase: 'verify', done: 0, total: 5 });
		expect(seen.length).toBeGreaterThan(150);
		expect(seen.length).toBeLessThan(250);
	});
});
