import { afterEach, describe, expect, it } from 'vitest';
import { clearAllData, loadSample } from '$lib/db/sample';
import { createDatabase, type SoKhachDB } from '$lib/db/schema';
import { STAGE_SETTING_KEYS } from '$lib/db/stages';
import { COLUMNS_SETTING_KEY } from '$lib/columns/definitions';
import { defaultStageSettings } from '$lib/domain/stages';
import type { Change, ChangeOp, Customer } from '$lib/domain/types';
import { createQueryEngine, type QueryEngine } from './engine';
import { createIndexFeed, type IndexFeed, type IndexFeedOptions } from './feed';
import { customer, q } from './testing';

const opened: SoKhachDB[] = [];
const feeds: IndexFeed[] = [];
let dbCount = 0;

function freshDb(): SoKhachDB {
	const db = createDatabase(`query-feed-test-${++dbCount}-${Date.now()}`);
	opened.push(db);
	return db;
}

afterEach(async () => {
	for (const feed of feeds.splice(0)) feed.dispose();
	for (const db of opened.splice(0)) await db.delete();
});

/** Writes customers the way the repositories do: the records and their changes together. */
async function write(db: SoKhachDB, op: ChangeOp, rows: Customer[]): Promise<void> {
	await db.transaction('rw', db.customers, db.changes, async () => {
		if (op === 'purge') await db.customers.bulkDelete(rows.map((r) => r.id));
		else await db.customers.bulkPut(rows);
		const changes: Change[] = rows.map((r) => ({
			at: Date.now(),
			batchId: 'b',
			table: 'customers',
			rowId: r.id,
			op,
			before: null,
			after: null
		}));
		await db.changes.bulkAdd(changes);
	});
}

interface Recorded {
	engine: QueryEngine;
	feed: IndexFeed;
	changed: { ids: string[]; reloaded: boolean }[];
	progress: [number, number][];
	/** Resolves at the next onChanged. */
	nextChange(): Promise<{ ids: string[]; reloaded: boolean }>;
}

function follow(db: SoKhachDB, options: IndexFeedOptions = {}): Recorded {
	const engine = createQueryEngine({});
	const changed: Recorded['changed'] = [];
	const progress: Recorded['progress'] = [];
	let waiters: ((c: { ids: string[]; reloaded: boolean }) => void)[] = [];
	const feed = createIndexFeed(db, engine, {
		chunkSize: 3,
		onChanged: (ids, reloaded) => {
			changed.push({ ids, reloaded });
			const now = waiters;
			waiters = [];
			for (const w of now) w({ ids, reloaded });
		},
		onProgress: (loaded, expected) => progress.push([loaded, expected]),
		...options
	});
	feeds.push(feed);
	return {
		engine,
		feed,
		changed,
		progress,
		nextChange: () => new Promise((resolve) => waiters.push(resolve))
	};
}

const names = (engine: QueryEngine) =>
	engine
		.query(q({ sort: [{ colId: 'name', sort: 'asc' }] }))
		.ids()
		.join(' ');

describe('createIndexFeed', () => {
	it('loads every customer not in the trash, chunk by chunk', async () => {
		const db = freshDb();
		const people = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => customer(id, { name: id }));
		people[2].deletedAt = Date.now();
		await db.customers.bulkAdd(people);
		let readyTotal = -1;
		const { engine, feed, progress } = follow(db, { onReady: (total) => (readyTotal = total) });
		expect(feed.ready).toBe(false);
		await feed.start();
		expect(feed.ready).toBe(true);
		expect(readyTotal).toBe(6);
		expect(names(engine)).toBe('a b d e f g');
		expect(progress).toEqual([
			[2, 6],
			[5, 6],
			[6, 6]
		]);
	});

	it('applies logged creates, edits, trashing, restoring and purging as they commit', async () => {
		const db = freshDb();
		await db.customers.bulkAdd([customer('a', { name: 'An' }), customer('b', { name: 'Bình' })]);
		const { engine, feed, nextChange } = follow(db);
		await feed.start();

		let change = nextChange();
		await write(db, 'create', [customer('c', { name: 'Cúc' })]);
		expect(await change).toEqual({ ids: ['c'], reloaded: false });
		expect(names(engine)).toBe('a b c');

		change = nextChange();
		await write(db, 'update', [customer('a', { name: 'Yến' })]);
		await change;
		expect(names(engine)).toBe('b c a');

		change = nextChange();
		await write(db, 'trash', [customer('b', { name: 'Bình' }, { deletedAt: Date.now() })]);
		await change;
		expect(names(engine)).toBe('c a');

		change = nextChange();
		await write(db, 'restore', [customer('b', { name: 'Bình' })]);
		await change;
		expect(names(engine)).toBe('b c a');

		change = nextChange();
		await write(db, 'purge', [customer('c', {})]);
		expect(await change).toEqual({ ids: ['c'], reloaded: false });
		expect(names(engine)).toBe('b a');
	});

	it('misses no write made while the index was loading', async () => {
		const db = freshDb();
		await db.customers.bulkAdd(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => customer(id, {})));
		let writing: Promise<void> | null = null;
		const { engine, feed } = follow(db, {
			onProgress: () => {
				// After the first chunk: 'a' is already read, its edit must still arrive.
				writing ??= write(db, 'update', [customer('a', { name: 'Sửa trong lúc tải' })]);
			}
		});
		await feed.start();
		await writing;
		await feed.sync();
		expect(engine.query(q({ search: 'sua trong luc tai' })).ids()).toEqual(['a']);
	});

	it('reads a sample load from its range summaries without rebuilding', async () => {
		const db = freshDb();
		const { engine, feed, changed } = follow(db);
		await feed.start();
		const loaded = await loadSample(db, {
			seed: 3,
			customers: 25,
			today: '2025-06-15',
			withPurchases: false,
			chunkSize: 10
		});
		await feed.sync();
		expect(engine.size).toBe(loaded.customers);
		expect(changed.every((c) => !c.reloaded)).toBe(true);
		expect(new Set(changed.flatMap((c) => c.ids)).size).toBe(25);
	});

	it('rebuilds the index after a bulk change it cannot read as a range', async () => {
		const db = freshDb();
		const { engine, feed, nextChange } = follow(db);
		await feed.start();
		const change = nextChange();
		await db.transaction('rw', db.customers, db.changes, async () => {
			await db.customers.bulkAdd([customer('x', {}), customer('y', {})]);
			await db.changes.add({
				at: Date.now(),
				batchId: 'b',
				table: 'customers',
				rowId: '*',
				op: 'bulk-create',
				before: null,
				after: null
			});
		});
		expect(await change).toEqual({ ids: [], reloaded: true });
		expect(engine.size).toBe(2);
	});

	it('empties the index when all data is cleared', async () => {
		const db = freshDb();
		await db.customers.bulkAdd([customer('a', {})]);
		await write(db, 'create', [customer('b', {})]);
		const { engine, feed, nextChange } = follow(db);
		await feed.start();
		expect(engine.size).toBe(2);
		const change = nextChange();
		await clearAllData(db);
		expect(await change).toEqual({ ids: [], reloaded: true });
		expect(engine.size).toBe(0);
	});

	it('follows tag renames', async () => {
		const db = freshDb();
		await db.tags.add({
			id: 't1',
			name: 'Sỉ',
			colour: 'teal',
			group: 'free',
			order: 0,
			createdAt: 0,
			updatedAt: 0
		});
		await db.customers.add(customer('a', {}, { tags: ['t1'] }));
		const { engine, feed, nextChange } = follow(db);
		await feed.start();
		expect(engine.query(q({ search: 'si' })).ids()).toEqual(['a']);
		const change = nextChange();
		await db.transaction('rw', db.tags, db.changes, async () => {
			await db.tags.update('t1', { name: 'Khách VIP' });
			await db.changes.add({
				at: Date.now(),
				batchId: 'b',
				table: 'tags',
				rowId: 't1',
				op: 'update',
				before: { name: 'Sỉ' },
				after: { name: 'Khách VIP' }
			});
		});
		await change;
		expect(engine.query(q({ search: 'vip' })).ids()).toEqual(['a']);
	});

	it('follows the owner’s own stage names, so a stage filter finds them', async () => {
		const db = freshDb();
		await db.customers.add(customer('a', {}, { stage: 'loyal' }));
		const { engine, feed, nextChange } = follow(db);
		await feed.start();
		const byName = (text: string) =>
			engine
				.query(q({ filter: { stage: { filterType: 'text', type: 'contains', filter: text } } }))
				.ids();
		expect(byName('loyal')).toEqual(['a']);
		expect(byName('khach ruot')).toEqual([]);
		const change = nextChange();
		await db.transaction('rw', db.settings, db.changes, async () => {
			const settings = defaultStageSettings('general');
			settings.stages = settings.stages.map((s) =>
				s.id === 'loyal' ? { ...s, name: 'Khách ruột' } : s
			);
			await db.settings.put({ key: STAGE_SETTING_KEYS.settings, value: settings });
			await db.changes.add({
				at: Date.now(),
				batchId: 'b',
				table: 'settings',
				rowId: STAGE_SETTING_KEYS.settings,
				op: 'update',
				before: null,
				after: null
			});
		});
		await change;
		expect(byName('khach ruot')).toEqual(['a']);
		expect(byName('loyal')).toEqual(['a']);
	});

	it('follows the custom columns’ types: a number column sorts as numbers', async () => {
		const db = freshDb();
		await db.customers.bulkAdd([
			customer('a', {}, { createdAt: 1, custom: { size: 9 } }),
			customer('b', {}, { createdAt: 2, custom: { size: 10 } })
		]);
		const { engine, feed, nextChange } = follow(db);
		await feed.start();
		const bySize = () => engine.query(q({ sort: [{ colId: 'custom:size', sort: 'asc' }] })).ids();
		// Without a definition, as text: "10" before "9".
		expect(bySize()).toEqual(['b', 'a']);
		const change = nextChange();
		await db.transaction('rw', db.settings, db.changes, async () => {
			await db.settings.put({
				key: COLUMNS_SETTING_KEY,
				value: [{ id: 'size', label: 'Size', type: 'number', options: [], hidden: false }]
			});
			await db.changes.add({
				at: Date.now(),
				batchId: 'b',
				table: 'settings',
				rowId: COLUMNS_SETTING_KEY,
				op: 'create',
				before: null,
				after: null
			});
		});
		await change;
		expect(bySize()).toEqual(['a', 'b']);
	});

	it('stops following once disposed', async () => {
		const db = freshDb();
		const { engine, feed, changed } = follow(db);
		await feed.start();
		feed.dispose();
		await write(db, 'create', [customer('late', {})]);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(changed).toEqual([]);
		expect(engine.size).toBe(0);
	});
});
