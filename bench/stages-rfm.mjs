// The stages-rfm scenario for npm run bench: the whole-book recompute the app runs once a day —
// the stages worker reads every customer out of IndexedDB, works out stage changes, RFM scores
// and referrers, and posts the result back — timed in the page, with the longest main-thread
// task seen meanwhile (the point of the worker is that the page stays responsive).
import { builtWorkerPath } from './workers.mjs';

/** The built stages worker. */
export const stagesWorkerPath = () => builtWorkerPath('stages', 'Stage recompute cancelled');

/**
 * `runs` recomputes, each in a new worker as the daily run does (worker start included), timed
 * from creating the worker to the result arriving in the page. Day counts: the spa defaults
 * (domain/stages.ts), the sample shop's business type.
 */
export async function benchStagesRfm(page, { base, runs }) {
	const url = stagesWorkerPath();
	await page.goto(`${base}/settings`);
	// Let the page's own start-up work (query worker, daily check) settle first.
	await page.waitForTimeout(3000);
	return page.evaluate(
		async ({ url, runs }) => {
			const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
				new Date()
			);
			const settings = { careWindowDays: 21, reactivateAfterDays: 120, lostAfterDays: 240 };
			const longTasks = [];
			const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
			observer.observe({ type: 'longtask' });
			const out = [];
			for (let i = 0; i < runs; i++) {
				const start = performance.now();
				const worker = new Worker(url, { type: 'module', name: 'stages' });
				let firstChunk = 0;
				let lastChunk = 0;
				const result = await new Promise((resolve, reject) => {
					worker.addEventListener('message', (e) => {
						if (e.data.type === 'progress') {
							lastChunk = performance.now();
							firstChunk ||= lastChunk;
						}
						if (e.data.type === 'result') resolve(e.data.result);
						else if (e.data.type === 'error') reject(new Error(e.data.message));
					});
					worker.addEventListener('error', (e) => reject(new Error(e.message)));
					worker.postMessage({ type: 'recompute', reqId: 1, today, settings });
				});
				const end = performance.now();
				worker.terminate();
				out.push({
					ms: end - start,
					// Worker start and the first chunk; reading and adding the rest; finishing.
					firstChunkMs: Math.round(firstChunk - start),
					readMs: Math.round(lastChunk - firstChunk),
					finishMs: Math.round(end - lastChunk),
					start,
					end,
					scanned: result.scanned,
					changes: result.changes.length,
					ranked: result.rfm.ids.length
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
