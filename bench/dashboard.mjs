// The dashboard scenario for npm run bench: the reports worker reads the book's packs out of
// IndexedDB (src/lib/db/packs.ts) and works out the dashboard of the current month against the
// month before, timed in the page from creating the worker to the numbers arriving (as on opening
// the reports page), then the previous month asked of the same worker (as on changing the
// period), with the longest main-thread task seen meanwhile.
//
// The first run starts with no packs at all, as right after the upgrade or a restore: it builds
// them ("build"). Every later run starts as after a shop's day: one customer edited, a sale and a
// contact of the newest day recorded since the last report. The marks a write would leave are added
// straight into the packs store, so the worker rebuilds exactly what such writes make it rebuild.
import { builtWorkerPath } from './workers.mjs';

/**
 * The built reports worker: the only one answering with members (the stages worker shares the
 * packs' reading code, and with it the "Report cancelled" text).
 */
export const reportsWorkerPath = () => builtWorkerPath('reports', 'type:"members"');

export async function benchDashboard(page, { base, runs }) {
	const url = reportsWorkerPath();
	await page.goto(`${base}/settings`);
	await page.waitForTimeout(3000);
	return page.evaluate(
		async ({ url, runs }) => {
			const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
				new Date()
			);
			const month = (iso) => {
				const [y, m] = iso.split('-').map(Number);
				const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
				const mm = String(m).padStart(2, '0');
				return { kind: 'month', from: `${y}-${mm}-01`, to: `${y}-${mm}-${last}` };
			};
			const current = month(today);
			const [y, m] = today.split('-').map(Number);
			const previous = month(
				m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`
			);
			const longTasks = [];
			const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
			observer.observe({ type: 'longtask' });
			const ask = (worker, reqId, period) =>
				new Promise((resolve, reject) => {
					const onMessage = (e) => {
						if (e.data.reqId !== reqId) return;
						if (e.data.type === 'dashboard') {
							worker.removeEventListener('message', onMessage);
							resolve(e.data.result);
						} else if (e.data.type === 'error') reject(new Error(e.data.message));
					};
					worker.addEventListener('message', onMessage);
					worker.addEventListener('error', (e) => reject(new Error(e.message)));
					worker.postMessage({
						type: 'dashboard',
						reqId,
						options: { period, today, lostAfterDays: 240 }
					});
				});
			const idb = (fn) =>
				new Promise((resolve, reject) => {
					const open = indexedDB.open('so-khach');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const db = open.result;
						const tx = db.transaction(
							['packs', 'customers', 'purchases', 'interactions'],
							'readwrite'
						);
						const result = fn(tx);
						tx.oncomplete = () => {
							db.close();
							resolve(result);
						};
						tx.onerror = () => reject(tx.error);
					};
				});
			// The newest sale and contact of the book, with their shop days (the sample book was
			// made on the day it was seeded, so "today" may hold nothing yet).
			const newest = (tx, store, index) =>
				new Promise((resolve) => {
					const source = index ? tx.objectStore(store).index(index) : tx.objectStore(store);
					const q = source.openCursor(null, index ? 'prev' : 'next');
					q.onsuccess = () => resolve(q.result ? [q.result.primaryKey, q.result.key] : []);
				});
			const [[someone], [sale, saleDate], [contact, contactAt]] = await idb((tx) =>
				Promise.all([
					newest(tx, 'customers'),
					newest(tx, 'purchases', 'date'),
					newest(tx, 'interactions', 'at')
				])
			);
			const saleDay = Math.floor(Date.parse(`${saleDate}T00:00:00Z`) / 86_400_000);
			const contactDay = Math.floor((contactAt + 7 * 3_600_000) / 86_400_000);
			const out = [];
			for (let i = 0; i <= runs; i++) {
				await idb((tx) => {
					const packs = tx.objectStore('packs');
					if (i === 0) packs.clear();
					else {
						const id = `bench-${Date.now()}-${i}`;
						// As a customer written through the app leaves them (src/lib/db/packs.ts,
						// `mark`): the facts' mark says the text blocks follow, and the text mark
						// names the customer for the duplicate engine. A facts mark alone is what an
						// earlier version's write leaves, and drops the text blocks.
						packs.put({ key: ['d', 'f', `${id}-f`], ids: [someone], text: true });
						packs.put({ key: ['d', 't', `${id}-f`], ids: [someone] });
						// As a sale and a call recorded would leave them (src/lib/db/packs.ts).
						packs.put({ key: ['d', 'p', `${id}-p`], days: [saleDay], ids: [sale] });
						packs.put({ key: ['d', 'i', `${id}-i`], days: [contactDay], ids: [contact] });
					}
				});
				const start = performance.now();
				const worker = new Worker(url, { type: 'module', name: 'reports' });
				const cold = await ask(worker, 1, current);
				const mid = performance.now();
				const warm = await ask(worker, 2, previous);
				const end = performance.now();
				worker.terminate();
				out.push({
					ms: mid - start,
					warmMs: end - mid,
					start,
					end,
					buyers: cold.current.buyers,
					revenue: cold.current.revenue,
					customers: cold.quality.customers,
					coldCost: cold.cost,
					warmCost: warm.cost
				});
				await new Promise((r) => setTimeout(r, 500));
			}
			longTasks.push(...observer.takeRecords());
			observer.disconnect();
			for (const run of out) {
				const during = longTasks.filter(
					(t) => t.startTime + t.duration > run.start && t.startTime < run.end
				);
				run.longestTaskMs = Math.max(0, ...during.map((t) => t.duration));
			}
			return { today, runs: out };
		},
		{ url, runs }
	);
}
