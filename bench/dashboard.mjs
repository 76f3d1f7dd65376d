// The dashboard scenario for npm run bench: the reports worker reads the book out of IndexedDB
// and works out the dashboard of the current month against the month before, timed in the page
// from creating the worker to the numbers arriving ("cold", as on opening the reports page), then
// the previous month asked of the same worker ("warm", as on changing the period: only the days
// not read yet are read), with the longest main-thread task seen meanwhile.
import { builtWorkerPath } from './workers.mjs';

/** The built reports worker. */
export const reportsWorkerPath = () => builtWorkerPath('reports', 'Report cancelled');

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
			const out = [];
			for (let i = 0; i < runs; i++) {
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
