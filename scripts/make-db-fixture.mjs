// Writes tests/fixtures/db/v<N>.json: a small database as schema version N stores it, used by
// src/lib/db/upgrade.test.ts to prove that opening old data with the current code loses nothing.
//
//   node scripts/make-db-fixture.mjs          # the current version (the last db.version(N))
//   node scripts/make-db-fixture.mjs --force  # overwrite it (only while N is not released)
//
// The store definitions are copied out of src/lib/db/schema.ts into the JSON so the fixture keeps
// describing version N even after schema.ts moves on. The records below are written by hand to
// cover what a real shop's data holds: invalid values kept as typed, converted phones, trashed
// records, an undo stack. Everything is fixed (ids, times), so re-running gives the same file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');

/** Every `db.version(N).stores({ ... })` block of schema.ts, as { version, stores }. */
function readSchemaVersions() {
	const source = readFileSync(join(root, 'src/lib/db/schema.ts'), 'utf8');
	const versions = [];
	for (const m of source.matchAll(/\.version\((\d+)\)\s*\.stores\(\{([\s\S]*?)\}\)/g)) {
		const stores = {};
		for (const entry of m[2].matchAll(/(\w+):\s*((?:'[^']*'\s*\+?\s*)+)/g)) {
			stores[entry[1]] = [...entry[2].matchAll(/'([^']*)'/g)].map((s) => s[1]).join('');
		}
		versions.push({ version: Number(m[1]), stores });
	}
	if (versions.length === 0) throw new Error('No db.version(N).stores({...}) found in schema.ts');
	return versions;
}

const T0 = Date.UTC(2025, 0, 15, 2, 0, 0); // 15/01/2025 09:00 in Vietnam
const min = 60_000;
const day = 24 * 60 * min;

function customer(id, fields) {
	return {
		id,
		name: '',
		nameKey: '',
		salutation: '',
		phones: [],
		phoneKeys: [],
		emails: [],
		emailKeys: [],
		gender: null,
		birthday: null,
		address: '',
		district: '',
		city: '',
		source: '',
		referredBy: null,
		tags: [],
		stage: null,
		stageManual: false,
		consent: null,
		notes: '',
		custom: {},
		invalid: {},
		createdAt: T0,
		updatedAt: T0,
		...fields
	};
}

const ids = {
	huong: '01JHQ4Z8N0A1B2C3D4E5F6G7H8',
	minh: '01JHQ4Z8N0A1B2C3D4E5F6G7H9',
	lan: '01JHQ4Z8N0A1B2C3D4E5F6G7HA',
	trashed: '01JHQ4Z8N0A1B2C3D4E5F6G7HB',
	tagVip: '01JHQ4Z8N0T000000000000001',
	tagZalo: '01JHQ4Z8N0T000000000000002',
	batchCreate: '01JHQ4Z8N0B000000000000001',
	batchEdit: '01JHQ4Z8N0B000000000000002',
	batchSource: '01JHQ4Z8N0B000000000000003',
	batchUndoSource: '01JHQ4Z8N0B000000000000004',
	batchTrash: '01JHQ4Z8N0B000000000000005',
	batchSetting: '01JHQ4Z8N0B000000000000006'
};

const huong = customer(ids.huong, {
	name: 'Nguyễn Thị Hương',
	nameKey: 'nguyen thi huong',
	salutation: 'chị',
	phones: [
		{ raw: '0912 345 678', e164: '+84912345678' },
		{ raw: '0168 123 4567', e164: '+84381234567', converted: true }
	],
	phoneKeys: ['+84912345678', '+84381234567'],
	emails: [{ value: 'huong.nguyen@example.com', valid: true }],
	emailKeys: ['huong.nguyen@example.com'],
	gender: 'female',
	birthday: '1990-03-05',
	address: '12 Hàng Bạc',
	district: 'Hoàn Kiếm',
	city: 'Hà Nội',
	source: 'Facebook',
	tags: [ids.tagVip, ids.tagZalo],
	stage: 'loyal',
	stageManual: true,
	consent: true,
	notes: 'Thích màu xanh.\nHay mua cuối tuần.',
	custom: { 'Size áo': 'M', Điểm: 120, 'Đã gửi quà': false, 'Ghi chú khác': null },
	updatedAt: T0 + 2 * day
});

const minh = customer(ids.minh, {
	name: 'Trần Văn Minh',
	nameKey: 'tran van minh',
	salutation: 'anh',
	// Kept exactly as typed, with the reason: never dropped, never "fixed" silently.
	phones: [{ raw: '09123', e164: null, problem: 'phone-too-short' }],
	emails: [{ value: 'minh@@example', valid: false }],
	gender: null,
	birthday: null,
	invalid: {
		birthday: { raw: '31/02/1988', problem: 'date-invalid' },
		gender: { raw: 'nam?', problem: 'gender-unknown' }
	},
	city: 'TP. Hồ Chí Minh',
	referredBy: ids.huong,
	createdAt: T0 + 10 * min,
	updatedAt: T0 + 10 * min
});

const lan = customer(ids.lan, {
	name: 'Lê Lan',
	nameKey: 'le lan',
	salutation: 'cô',
	phones: [{ raw: '+84 90 765 4321', e164: '+84907654321' }],
	phoneKeys: ['+84907654321'],
	birthday: '--11-20',
	city: 'Đà Nẵng',
	source: 'Zalo',
	createdAt: T0 + 20 * min,
	updatedAt: T0 + 20 * min
});

const trashed = customer(ids.trashed, {
	name: 'Phạm Quốc Bảo',
	nameKey: 'pham quoc bao',
	phones: [{ raw: '0987654321', e164: '+84987654321' }],
	phoneKeys: ['+84987654321'],
	createdAt: T0 + 30 * min,
	updatedAt: T0 + 3 * day,
	deletedAt: T0 + 3 * day
});

const stores = {
	customers: [huong, minh, lan, trashed],
	purchases: [
		{
			id: '01JHQ4Z8N0P000000000000001',
			customerId: ids.huong,
			date: '2025-01-14',
			items: 'Áo dài lụa',
			amount: 1_250_000,
			channel: 'Tại cửa hàng',
			staff: 'Thảo',
			note: '',
			createdAt: T0,
			updatedAt: T0
		},
		{
			id: '01JHQ4Z8N0P000000000000002',
			customerId: ids.trashed,
			date: '2024-12-24',
			items: 'Khăn choàng',
			amount: 350_000,
			channel: 'Facebook',
			staff: '',
			note: 'Giao tận nhà',
			createdAt: T0,
			updatedAt: T0,
			deletedAt: T0 + 3 * day
		}
	],
	interactions: [
		{
			id: '01JHQ4Z8N0I000000000000001',
			customerId: ids.huong,
			at: T0 + day,
			kind: 'call',
			channel: 'Điện thoại',
			sentiment: 'positive',
			summary: 'Hỏi về mẫu mới',
			staff: 'Thảo',
			createdAt: T0 + day,
			updatedAt: T0 + day
		}
	],
	reminders: [
		{
			id: '01JHQ4Z8N0R000000000000001',
			customerId: ids.huong,
			due: '2025-02-14',
			kind: 'follow-up',
			status: 'open',
			snoozedUntil: null,
			sourcePurchaseId: '01JHQ4Z8N0P000000000000001',
			assignee: 'Thảo',
			note: 'Hỏi thăm sau khi mua',
			createdAt: T0,
			updatedAt: T0
		}
	],
	tags: [
		{
			id: ids.tagVip,
			name: 'Khách VIP',
			colour: '#0f766e',
			group: 'free',
			order: 0,
			createdAt: T0,
			updatedAt: T0
		},
		{
			id: ids.tagZalo,
			name: 'Zalo',
			colour: '#b45309',
			group: 'free',
			order: 1,
			createdAt: T0,
			updatedAt: T0
		}
	],
	templates: [
		{
			id: '01JHQ4Z8N0M000000000000001',
			name: 'Chúc mừng sinh nhật',
			channel: 'zalo',
			body: 'Chúc {salutation} {name} sinh nhật vui vẻ!',
			createdAt: T0,
			updatedAt: T0
		}
	],
	settings: [
		{ key: 'firstRunDone', value: true },
		{ key: 'columns', value: { visible: ['name', 'phones', 'city'], widths: { name: 240 } } }
	],
	// The log behind the records above: Hương created in Hải Phòng, moved to Hà Nội (undoable),
	// her source changed to Zalo and undone (redoable), Bảo trashed (undoable), a setting (final).
	changes: [
		{
			seq: 1,
			at: T0,
			batchId: ids.batchCreate,
			table: 'customers',
			rowId: ids.huong,
			op: 'create',
			before: null,
			after: { ...huong, city: 'Hải Phòng', updatedAt: T0 }
		},
		{
			seq: 2,
			at: T0 + 2 * day,
			batchId: ids.batchEdit,
			table: 'customers',
			rowId: ids.huong,
			op: 'update',
			fields: ['city'],
			before: { city: 'Hải Phòng' },
			after: { city: 'Hà Nội' }
		},
		{
			seq: 3,
			at: T0 + 2 * day + min,
			batchId: ids.batchSource,
			table: 'customers',
			rowId: ids.huong,
			op: 'update',
			fields: ['source'],
			before: { source: 'Facebook' },
			after: { source: 'Zalo' }
		},
		{
			seq: 4,
			at: T0 + 2 * day + 2 * min,
			batchId: ids.batchUndoSource,
			table: 'customers',
			rowId: ids.huong,
			op: 'update',
			fields: ['source'],
			before: { source: 'Zalo' },
			after: { source: 'Facebook' }
		},
		{
			seq: 5,
			at: T0 + 3 * day,
			batchId: ids.batchTrash,
			table: 'customers',
			rowId: ids.trashed,
			op: 'trash',
			fields: ['deletedAt'],
			before: { ...trashed, deletedAt: undefined, updatedAt: T0 + 30 * min },
			after: { deletedAt: T0 + 3 * day }
		},
		{
			seq: 6,
			at: T0 + 3 * day + min,
			batchId: ids.batchSetting,
			table: 'settings',
			rowId: 'columns',
			op: 'create',
			before: null,
			after: {
				key: 'columns',
				value: { visible: ['name', 'phones', 'city'], widths: { name: 240 } }
			}
		}
	],
	batches: [
		{
			id: ids.batchCreate,
			at: T0,
			label: 'change_create',
			params: { name: 'Nguyễn Thị Hương' },
			origin: 'user',
			state: 'done',
			count: 1
		},
		{
			id: ids.batchEdit,
			at: T0 + 2 * day,
			label: 'change_edit_field',
			params: { field: 'city', name: 'Nguyễn Thị Hương' },
			origin: 'user',
			state: 'done',
			count: 1
		},
		{
			id: ids.batchSource,
			at: T0 + 2 * day + min,
			label: 'change_edit_field',
			params: { field: 'source', name: 'Nguyễn Thị Hương' },
			origin: 'user',
			state: 'undone',
			undoneAt: T0 + 2 * day + 2 * min,
			count: 1
		},
		{
			id: ids.batchUndoSource,
			at: T0 + 2 * day + 2 * min,
			label: 'change_edit_field',
			params: { field: 'source', name: 'Nguyễn Thị Hương', undoOf: ids.batchSource },
			origin: 'undo',
			state: 'final',
			count: 1
		},
		{
			id: ids.batchTrash,
			at: T0 + 3 * day,
			label: 'change_trash',
			params: { count: 1 },
			origin: 'user',
			state: 'done',
			count: 1
		},
		{
			id: ids.batchSetting,
			at: T0 + 3 * day + min,
			label: 'change_setting',
			params: { key: 'columns' },
			origin: 'system',
			state: 'final',
			count: 1
		}
	]
};

// JSON cannot hold undefined: an absent field is how the app stores "not set" anyway.
const json = JSON.parse(JSON.stringify(stores));

const versions = readSchemaVersions();
const latest = versions[versions.length - 1];
const out = join(root, `tests/fixtures/db/v${latest.version}.json`);
if (existsSync(out) && !force) {
	console.error(
		`${out} exists. Fixtures of released versions must not change; pass --force only if version ${latest.version} was never released.`
	);
	process.exit(1);
}
const missing = Object.keys(latest.stores).filter((s) => !(s in json));
if (missing.length > 0) throw new Error(`No fixture records for: ${missing.join(', ')}`);

const fixture = {
	$comment: 'Made by scripts/make-db-fixture.mjs; see tests/fixtures/db/README.md. Do not edit.',
	schemaVersion: latest.version,
	schema: latest.stores,
	stores: json
};
// Formatted as `npm run lint` (prettier --check .) expects it.
const options = { ...(await prettier.resolveConfig(out)), filepath: out };
writeFileSync(out, await prettier.format(JSON.stringify(fixture), options));
console.log(`Wrote ${out}`);
