// The IndexedDB write floor in Chromium, against which issue #7's import is measured
// (docs/import-export.md): 100,000 records put in transactions of 5,000 with plain IndexedDB on a
// page of its own origin (no Dexie, no app): `{ id }` alone, customer-shaped records without an
// index, and with the indexes of `customers` in schema v8; two rounds. `node bench/idb-floor.mjs`
// (needs the Chromium the bench uses; prints one line per case).
import { chromium } from '@playwright/test';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const server = createServer((_, res) => res.end('<!doctype html><title>floor</title>')).listen(
	4191
);
const profile = mkdtempSync(join(tmpdir(), 'floor-'));
const context = await chromium.launchPersistentContext(profile, {
	executablePath: ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)),
	headless: true
});
const page = await context.newPage();
await page.goto('http://localhost:4191/');
const cases = [
	['{ id } only', 'none', 0],
	['customer-shaped, no index', 'none', 1],
	['customer-shaped, the 8 indexes of schema v8', 'v8', 1]
];
for (let round = 0; round < 2; round++) {
	for (const [label, indexes, shaped] of cases) {
		const ms = await page.evaluate(
			async ({ indexes, shaped, name }) => {
				const db = await new Promise((resolve, reject) => {
					const req = indexedDB.open(name, 1);
					req.onupgradeneeded = () => {
						const s = req.result.createObjectStore('c', { keyPath: 'id' });
						if (indexes === 'v8') {
							s.createIndex('nameKey', 'nameKey');
							s.createIndex('createdAt', 'createdAt');
							s.createIndex('deletedAt', 'deletedAt');
							s.createIndex('phoneKeys', 'phoneKeys', { multiEntry: true });
							s.createIndex('emailKeys', 'emailKeys', { multiEntry: true });
							s.createIndex('tags', 'tags', { multiEntry: true });
							s.createIndex('referredBy', 'referredBy');
							s.createIndex('birthdayMD', 'birthdayMD');
						}
					};
					req.onsuccess = () => resolve(req.result);
					req.onerror = () => reject(req.error);
				});
				const make = (i) => {
					const id = 'c' + String(i).padStart(9, '0');
					if (!shaped) return { id };
					return {
						id,
						name: 'Nguyễn Thị Hương ' + i,
						nameKey: 'nguyen thi huong ' + i,
						phones: [{ e164: '+8491' + String(i).padStart(7, '0'), raw: '091' + i }],
						phoneKeys: ['+8491' + String(i).padStart(7, '0')],
						emails: [{ value: 'huong' + i + '@gmail.com' }],
						emailKeys: ['huong' + i + '@gmail.com'],
						tags: ['t' + (i % 7)],
						gender: 'female',
						birthday: '1990-03-05',
						birthdayMD: '03-05',
						address: '12 Lê Lợi, phường Bến Thành',
						city: 'TP. Hồ Chí Minh',
						notes: 'Khách quen, thích màu đỏ',
						custom: {},
						createdAt: 1764000000000 + i,
						updatedAt: 1764000000000 + i,
						stats: { count: 2, total: 1500000, first: '2025-01-02', last: '2026-10-01' }
					};
				};
				const t0 = performance.now();
				for (let from = 0; from < 100000; from += 5000) {
					await new Promise((resolve, reject) => {
						const tx = db.transaction('c', 'readwrite');
						const store = tx.objectStore('c');
						for (let i = from; i < from + 5000; i++) store.put(make(i));
						tx.oncomplete = resolve;
						tx.onerror = () => reject(tx.error);
					});
				}
				const ms = performance.now() - t0;
				db.close();
				return ms;
			},
			{ indexes, shaped, name: `floor-${round}-${label}` }
		);
		console.log(`${label}: ${Math.round(ms)} ms`);
	}
}
await context.close();
server.close();
rmSync(profile, { recursive: true, force: true });
