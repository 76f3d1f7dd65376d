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

/**
 * Every `db.version(N).stores({ ... })` block of schema.ts, as { version, stores }, where
 * `stores` is the whole schema of version N: a version lists only the stores it changes (`null`
 * deletes one), so each is laid over the one before, as Dexie does.
 */
function readSchemaVersions() {
	const source = readFileSync(join(root, 'src/lib/db/schema.ts'), 'utf8');
	const versions = [];
	let stores = {};
	for (const m of source.matchAll(/\.version\((\d+)\)\s*\.stores\(\{([\s\S]*?)\}\)/g)) {
		stores = { ...stores };
		for (const entry of m[2].matchAll(/(\w+):\s*(null|(?:'[^']*'\s*\+?\s*)+)/g)) {
			if (entry[2] === 'null') delete stores[entry[1]];
			else stores[entry[1]] = [...entry[2].matchAll(/'([^']*)'/g)].map((s) => s[1]).join('');
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
		stats: { count: 0, total: 0, first: null, last: null },
		createdAt: T0,
		updatedAt: T0,
		...fields
	};
}

const noAftercare = { done: {}, chance: null };

function reminder(id, fields) {
	const r = {
		id,
		customerId: '',
		due: '',
		dueEnd: null,
		kind: 'aftercare',
		step: null,
		aftercareStep: null,
		templateId: null,
		status: 'open',
		snoozedUntil: null,
		sourcePurchaseId: null,
		assignee: '',
		note: '',
		skipReason: '',
		closedAt: null,
		interactionId: null,
		createdAt: T0,
		updatedAt: T0,
		...fields
	};
	// From v3 the database keeps `late` (the last day on time) on every reminder.
	return { ...r, late: r.dueEnd ?? r.due };
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
	batchSetting: '01JHQ4Z8N0B000000000000006',
	batchReminderDone: '01JHQ4Z8N0B000000000000007',
	purchaseHuong: '01JHQ4Z8N0P000000000000001',
	purchaseTrashed: '01JHQ4Z8N0P000000000000002',
	purchaseLan: '01JHQ4Z8N0P000000000000003',
	callHuong: '01JHQ4Z8N0I000000000000001',
	thanksHuong: '01JHQ4Z8N0I000000000000002',
	complaintLan: '01JHQ4Z8N0I000000000000003',
	reminderD7: '01JHQ4Z8N0R000000000000001',
	reminderD1: '01JHQ4Z8N0R000000000000002',
	reminderBirthday: '01JHQ4Z8N0R000000000000003',
	reminderCustom: '01JHQ4Z8N0R000000000000004',
	reminderCancelled: '01JHQ4Z8N0R000000000000005'
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
	birthdayMD: '03-05',
	address: '12 Hàng Bạc',
	district: 'Hoàn Kiếm',
	city: 'Hà Nội',
	source: 'Facebook',
	tags: [ids.tagVip, ids.tagZalo],
	stage: 'loyal',
	stageManual: true,
	consent: true,
	// From v4, consent per purpose, oldest first: promotions given, then withdrawn.
	consents: [
		{
			id: '01JDQ0000000000000000CNS01',
			purpose: 'care',
			given: true,
			at: T0 + day,
			method: 'store',
			note: 'Ký phiếu tại quầy',
			recordedAt: T0 + day
		},
		{
			id: '01JDQ0000000000000000CNS02',
			purpose: 'promotions',
			given: true,
			at: T0 + day,
			method: 'zalo',
			note: '',
			recordedAt: T0 + day
		},
		{
			id: '01JDQ0000000000000000CNS03',
			purpose: 'promotions',
			given: false,
			at: T0 + 2 * day,
			method: 'phone',
			note: 'Không muốn nhận tin khuyến mãi nữa',
			recordedAt: T0 + 2 * day
		}
	],
	notes: 'Thích màu xanh.\nHay mua cuối tuần.',
	custom: { 'Size áo': 'M', Điểm: 120, 'Đã gửi quà': false, 'Ghi chú khác': null },
	stats: { count: 1, total: 1_250_000, first: '2025-01-14', last: '2025-01-14' },
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
	birthdayMD: '11-20',
	city: 'Đà Nẵng',
	stats: { count: 1, total: 90_000, first: '2025-01-10', last: '2025-01-10' },
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
			id: ids.purchaseHuong,
			customerId: ids.huong,
			date: '2025-01-14',
			items: 'Áo dài lụa',
			amount: 1_250_000,
			channel: 'Tại cửa hàng',
			staff: 'Thảo',
			note: '',
			// The thank-you was ticked off by doing the day-1 reminder (batchReminderDone).
			aftercare: { done: { ask: T0, thanks: T0 + 4 * day }, chance: 'high' },
			createdAt: T0,
			updatedAt: T0 + 4 * day
		},
		{
			id: ids.purchaseTrashed,
			customerId: ids.trashed,
			date: '2024-12-24',
			items: 'Khăn choàng',
			amount: 350_000,
			channel: 'Facebook',
			staff: '',
			note: 'Giao tận nhà',
			aftercare: noAftercare,
			createdAt: T0,
			updatedAt: T0,
			deletedAt: T0 + 3 * day
		},
		{
			id: ids.purchaseLan,
			customerId: ids.lan,
			date: '2025-01-10',
			items: 'Cà phê sữa đá x2',
			amount: 90_000,
			channel: 'Zalo',
			staff: 'Minh',
			note: '',
			aftercare: noAftercare,
			createdAt: T0 + 20 * min,
			updatedAt: T0 + 20 * min
		}
	],
	interactions: [
		{
			id: ids.callHuong,
			customerId: ids.huong,
			at: T0 + day - 60 * min,
			kind: 'call',
			channel: 'phone',
			sentiment: 'positive',
			summary: 'Hỏi về mẫu mới',
			staff: 'Thảo',
			createdAt: T0 + day - 60 * min,
			updatedAt: T0 + day - 60 * min
		},
		{
			id: ids.thanksHuong,
			customerId: ids.huong,
			at: T0 + 4 * day,
			kind: 'message',
			channel: 'zalo',
			sentiment: null,
			reminderId: ids.reminderD1,
			summary: 'Đã nhắn cảm ơn',
			staff: 'Thảo',
			createdAt: T0 + 4 * day,
			updatedAt: T0 + 4 * day
		},
		{
			id: ids.complaintLan,
			customerId: ids.lan,
			at: T0 + 2 * day,
			kind: 'complaint',
			channel: 'store',
			sentiment: 'negative',
			reminderId: null,
			summary: 'Cà phê hơi ngọt',
			staff: 'Minh',
			createdAt: T0 + 2 * day,
			updatedAt: T0 + 2 * day,
			deletedAt: T0 + 3 * day
		}
	],
	reminders: [
		reminder(ids.reminderD7, {
			customerId: ids.huong,
			due: '2025-01-21',
			step: 'd7',
			aftercareStep: 'feedback',
			templateId: 'tpl-feedback',
			sourcePurchaseId: ids.purchaseHuong,
			assignee: 'Thảo',
			note: 'Hỏi thăm sau khi mua'
		}),
		reminder(ids.reminderD1, {
			customerId: ids.huong,
			due: '2025-01-15',
			step: 'd1',
			aftercareStep: 'thanks',
			templateId: 'tpl-thanks',
			status: 'done',
			sourcePurchaseId: ids.purchaseHuong,
			assignee: 'Thảo',
			closedAt: T0 + 4 * day,
			interactionId: ids.thanksHuong,
			updatedAt: T0 + 4 * day
		}),
		reminder(ids.reminderBirthday, {
			customerId: ids.lan,
			due: '2025-11-13',
			dueEnd: '2025-11-20',
			kind: 'birthday',
			step: 'birthday-2025',
			templateId: 'tpl-birthday',
			snoozedUntil: '2025-11-15'
		}),
		reminder(ids.reminderCustom, {
			customerId: ids.minh,
			due: '2025-01-20',
			kind: 'custom',
			status: 'skipped',
			note: 'Gọi lại báo giá',
			skipReason: 'Khách không nghe máy',
			closedAt: T0 + 5 * day,
			updatedAt: T0 + 5 * day
		}),
		reminder(ids.reminderCancelled, {
			customerId: ids.trashed,
			due: '2024-12-31',
			step: 'd7',
			aftercareStep: 'feedback',
			status: 'cancelled',
			sourcePurchaseId: ids.purchaseTrashed,
			closedAt: T0 + 3 * day,
			updatedAt: T0 + 3 * day
		})
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
		},
		{
			id: 'tpl-thanks',
			name: 'Cảm ơn sau khi mua',
			channel: 'zalo',
			body: 'Cảm ơn {salutation} {name} đã ghé {shop}!',
			createdAt: T0,
			updatedAt: T0
		}
	],
	settings: [
		{ key: 'firstRunDone', value: true },
		{ key: 'columns', value: { visible: ['name', 'phones', 'city'], widths: { name: 240 } } },
		{ key: 'shop.profile', value: { name: 'Tiệm Thảo', businessType: 'fashion' } },
		{ key: 'care.staff', value: ['Thảo', 'Minh'] },
		{ key: 'care.lastDailyRun', value: '2025-01-18' }
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
		},
		// The day-1 thank-you done: the interaction logged, the reminder closed, the checklist ticked.
		{
			seq: 7,
			at: T0 + 4 * day,
			batchId: ids.batchReminderDone,
			table: 'interactions',
			rowId: ids.thanksHuong,
			op: 'create',
			before: null,
			after: { id: ids.thanksHuong } // replaced below by the whole record
		},
		{
			seq: 8,
			at: T0 + 4 * day,
			batchId: ids.batchReminderDone,
			table: 'reminders',
			rowId: ids.reminderD1,
			op: 'update',
			fields: ['status', 'closedAt', 'interactionId'],
			before: { status: 'open', closedAt: null, interactionId: null },
			after: { status: 'done', closedAt: T0 + 4 * day, interactionId: ids.thanksHuong }
		},
		{
			seq: 9,
			at: T0 + 4 * day,
			batchId: ids.batchReminderDone,
			table: 'purchases',
			rowId: ids.purchaseHuong,
			op: 'update',
			fields: ['aftercare'],
			before: { aftercare: { done: { ask: T0 }, chance: 'high' } },
			after: { aftercare: { done: { ask: T0, thanks: T0 + 4 * day }, chance: 'high' } }
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
		},
		{
			id: ids.batchReminderDone,
			at: T0 + 4 * day,
			label: 'change_reminder_done',
			params: { name: 'Nguyễn Thị Hương' },
			origin: 'user',
			state: 'done',
			count: 3
		}
	]
};
stores.changes[6].after = { ...stores.interactions[1] };

// From v3, the agenda (src/lib/db/agenda.ts): for each open reminder not in the trash, for '*'
// and its assignee: [who, kind, 'd', shown from, id], [who, kind, 'l', last on-time day, id],
// and when snoozed [who, kind, 's', snoozed until, last on-time day, id].
stores.agenda = stores.reminders
	.filter((r) => r.status === 'open' && r.deletedAt === undefined)
	.flatMap((r) => {
		const late = r.dueEnd ?? r.due;
		const until = r.snoozedUntil ?? '';
		const shownFrom = until > r.due ? until : r.due;
		return ['*', r.assignee].flatMap((who) => [
			{ key: [who, r.kind, 'd', shownFrom, r.id] },
			{ key: [who, r.kind, 'l', late, r.id] },
			...(until === '' ? [] : [{ key: [who, r.kind, 's', until, late, r.id] }])
		]);
	});

// From v4, tombstones: an erased customer leaves only its id, when and why.
stores.tombstones = [
	{ id: '01JDQ000000000000000ERASED', at: T0 + 3 * day, kind: 'erased', reason: 'customer-request' }
];

// v5 to v7, customer facts (src/lib/db/facts.ts): the small record the whole-book passes read.
// v8 dropped the store; the fixture keeps only the stores of its own version (below).
// gaps: 1 no phone, 2 an invalid phone, 4 no birthday.
stores.facts = stores.customers.map((c) => ({
	id: c.id,
	stage: c.stage,
	stageManual: c.stageManual,
	stats: c.stats,
	referredBy: c.referredBy,
	createdAt: c.createdAt,
	phoneKeys: c.phoneKeys,
	gaps:
		(c.phones.length === 0 ? 1 : 0) |
		(c.phones.some((p) => p.e164 === null) ? 2 : 0) |
		(c.birthday ? 0 : 4),
	...(c.deletedAt === undefined ? {} : { deletedAt: c.deletedAt })
}));

// From v6, the reports' packs (src/lib/db/packs.ts): none yet, as right after the upgrade. They
// are built when a report first needs them, and hold typed arrays, which JSON cannot.
stores.packs = [];

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
for (const name of Object.keys(json)) if (!(name in latest.stores)) delete json[name];
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
