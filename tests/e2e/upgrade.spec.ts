import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

/**
 * A book stored by an older version of the app, opened by this one in real Chromium: schema v7
 * (tests/fixtures/db/v7.json, with its `facts` store and a facts block of v7's shape in the
 * packs) written with v7's store definitions before the app ever runs, then the app opened.
 * The unit tests do the same for every fixture over fake-indexeddb (src/lib/db/upgrade.test.ts).
 */
const v7 = JSON.parse(readFileSync('tests/fixtures/db/v7.json', 'utf8')) as {
	schema: Record<string, string>;
	stores: Record<string, Record<string, unknown>[]>;
};

test('opens a book stored by schema v7: customers kept, facts dropped, reports built again', async ({
	page
}) => {
	// A page of the app's origin that runs none of the app: the manifest, a static file.
	await page.goto('/manifest.webmanifest');
	await page.addScriptTag({ path: 'node_modules/dexie/dist/dexie.js' });
	await page.evaluate(async ({ schema, stores }) => {
		// Dexie's UMD build, on the window: only the calls used here are typed.
		interface Table {
			bulkAdd(rows: unknown[]): Promise<unknown>;
		}
		interface Db {
			version(n: number): { stores(schema: Record<string, string>): void };
			open(): Promise<unknown>;
			transaction(mode: 'rw', tables: string[], run: () => Promise<void>): Promise<void>;
			table(name: string): Table;
			close(): void;
		}
		const Dexie = (window as unknown as { Dexie: new (name: string) => Db }).Dexie;
		const db = new Dexie('so-khach');
		db.version(7).stores(schema);
		await db.open();
		const ids = stores.customers.map((c) => c.id as string);
		const n = ids.length;
		// What v7's reports left: a facts block without v8's columns, and its meta.
		const packs = [
			{
				key: ['f', 0],
				ids,
				ord: Int32Array.from(ids.map((_, i) => i)),
				stageNames: [null],
				stage: new Uint16Array(n),
				first: new Int32Array(n),
				last: new Int32Array(n),
				count: new Float64Array(n),
				total: new Float64Array(n),
				referred: new Uint8Array(n),
				created: new Int32Array(n),
				gaps: new Uint8Array(n),
				deleted: new Uint8Array(n),
				phones: new Float64Array(0),
				phoneEnd: new Int32Array(n)
			},
			{ key: ['m'], nextOrdinal: n, blocks: 1, epoch: 'v7' }
		];
		await db.transaction('rw', Object.keys(stores), async () => {
			for (const [name, rows] of Object.entries({ ...stores, packs })) {
				await db.table(name).bulkAdd(rows);
			}
		});
		db.close();
	}, v7);

	await page.goto('/');
	await page.waitForURL((u) => u.pathname === '/');
	for (const name of ['Nguyễn Thị Hương', 'Trần Văn Minh', 'Lê Lan']) {
		await expect(page.locator('.ag-cell[col-id="name"]', { hasText: name })).toBeVisible();
	}
	// The trashed customer stays in the trash.
	await expect(page.locator('.ag-cell[col-id="name"]', { hasText: 'Phạm Quốc Bảo' })).toHaveCount(
		0
	);

	const stored = await page.evaluate(
		() =>
			new Promise<{ version: number; stores: string[] }>((resolve, reject) => {
				const req = indexedDB.open('so-khach');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const db = req.result;
					resolve({ version: db.version, stores: [...db.objectStoreNames] });
					db.close();
				};
			})
	);
	// Dexie stores version N as N × 10.
	expect(stored.version).toBe(80);
	expect(stored.stores).not.toContain('facts');
	expect(stored.stores).toContain('packs');

	// The reports read facts blocks built again from the customers: the three live ones.
	await page.getByRole('link', { name: 'Báo cáo' }).click();
	await page.waitForURL('**/reports');
	await expect(page.locator('[data-tile="revenue"]')).toBeVisible({ timeout: 30_000 });
	// The stage counts (the table behind the chart) add up to the live customers.
	const stages = page.locator('table[data-table="stages"] tbody td');
	await expect
		.poll(async () =>
			(await stages.allTextContents()).reduce((a, t) => a + Number(t.replace(/\./g, '')), 0)
		)
		.toBe(3);
});
