// The grid at scale for npm run bench (issue #8): seeding a large book quickly, sorting by a
// column header, scrolling a long way, and the browser's memory while it holds the book.
// Everything is timed in the page, from the user's input to the rows painted, with the longest
// main-thread task seen meanwhile: at a million customers what matters is that the page never
// freezes, and a long task is what a freeze is.
import { builtWorkerPath } from './workers.mjs';
import { processesOf, pssMb } from './memory.mjs';

/** The built sample worker (src/lib/sample/worker.ts). */
export const sampleWorkerPath = () => builtWorkerPath('sample', 'A sample is already loading.');

/**
 * Seeds `n` customers with their purchases but without after-sale care (no reminders, no
 * contacts: `withCare: false`), through the app's own sample worker and so through the app's
 * Dexie database and its middlewares (packs marks, agenda). The welcome page offers no
 * such choice — a shop wants the whole sample — so the bench starts the built worker itself, as
 * the page would, with the options the page passes plus `withCare: false`. About ten rows a
 * customer fewer than the full sample: a million customers is then minutes, not hours.
 */
export async function seedWithoutCare(page, { base, n, purchases = true, log = console.log }) {
	const url = sampleWorkerPath();
	await page.goto(`${base}/welcome`);
	const onConsole = (msg) => {
		if (msg.text().startsWith('bench-seed:')) log(`  ${msg.text().slice(11)}`);
	};
	page.on('console', onConsole);
	try {
		const result = await page.evaluate(
			({ url, n, purchases }) => {
				// The shop's today as isoToday gives it (the browser's own calendar day).
				const d = new Date();
				const two = (x) => String(x).padStart(2, '0');
				const today = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
				const started = performance.now();
				const worker = new Worker(url, { type: 'module', name: 'sample' });
				let logged = 0;
				return new Promise((resolve, reject) => {
					worker.addEventListener('message', (e) => {
						const msg = e.data;
						if (msg.type === 'progress') {
							if (msg.done - logged >= 100_000 || msg.done === msg.total) {
								logged = msg.done;
								const s = Math.round((performance.now() - started) / 1000);
								console.log(`bench-seed:${msg.done.toLocaleString('en')} customers after ${s} s`);
							}
							return;
						}
						worker.terminate();
						if (msg.type === 'done') resolve(msg.result);
						else reject(new Error(`seeding failed: ${msg.message} (${msg.code})`));
					});
					worker.addEventListener('error', (e) => reject(new Error(e.message)));
					worker.postMessage({
						type: 'load',
						opts: {
							seed: 20261126,
							customers: n,
							shopType: 'spa',
							today,
							withPurchases: purchases,
							withCare: false
						}
					});
				});
			},
			{ url, n, purchases }
		);
		// What the welcome page does after its own load: the first run is over (otherwise every
		// page load counts the customers to decide whether to show the welcome page) — done
		// through the page's other button, which records just that and opens the customers.
		await page.getByRole('button', { name: 'Bắt đầu với sổ trống' }).click();
		await page.waitForURL(`${base}/`, { timeout: 5 * 60_000 });
		return result;
	} finally {
		page.off('console', onConsole);
	}
}

const probed = new WeakSet();

/**
 * Notes in the page when its query worker says its index is ready (`window.__queryReadyAt`, on
 * the page's clock). The page's banner is no signal: it appears only with the first progress
 * message, so right after a load "no banner" also means "not started yet".
 */
export async function probeQueryWorker(page) {
	if (probed.has(page)) return;
	probed.add(page);
	await page.addInitScript(() => {
		window.__queryProbe = true;
		const Native = window.Worker;
		window.Worker = class extends Native {
			constructor(url, options) {
				super(url, options);
				if (options?.name !== 'query') return;
				this.addEventListener('message', (e) => {
					if (e.data?.type === 'ready') window.__queryReadyAt = performance.now();
				});
			}
		};
	});
}

/**
 * Waits until the query worker's index holds the whole book. Call `probeQueryWorker` before the
 * page loads; a page loaded before that is waited for by its banner only.
 */
export async function waitForIndex(page) {
	await probeQueryWorker(page);
	await page.waitForFunction(
		() =>
			window.__queryReadyAt !== undefined ||
			(window.__queryProbe !== true && !document.body.innerText.includes('Đang chuẩn bị tìm kiếm')),
		null,
		{ timeout: 15 * 60_000 }
	);
	return page.evaluate(() => window.__queryReadyAt ?? null);
}

/**
 * Starts watching for the grid's first row to change to another customer, fully loaded, and
 * records when that frame is painted; also the longest main-thread task from the click on.
 * `colId`'s header click is the start; the click's own timestamp is used, so Playwright's
 * round trips are not counted.
 */
async function armFirstRowWatch(page, colId) {
	await page.evaluate((colId) => {
		// A new sort purges the grid's rows: row 0 is drawn again as a new element, empty until its
		// block arrives. The element, not the customer, tells the new rows from the old: the first
		// customer may well be the same (ties keep the default order, newest first).
		const firstRow = () => document.querySelector('.ag-row[row-index="0"]');
		let before = null;
		const tasks = [];
		const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
		observer.observe({ type: 'longtask' });
		let clickAt = null;
		const onClick = (e) => {
			if (e.target instanceof Element && e.target.closest(`.ag-header-cell[col-id="${colId}"]`)) {
				clickAt = e.timeStamp;
				before = firstRow();
			}
		};
		document.addEventListener('click', onClick, true);
		window.__benchFirstRow = new Promise((resolve, reject) => {
			// A bench that waits forever says nothing: give up after two minutes and say why.
			const timer = setTimeout(() => {
				mutations.disconnect();
				const row = document.querySelector('.ag-row[row-index="0"]');
				reject(
					new Error(
						`no new first row: clicked ${clickAt !== null}, same element ${row === before}, now ${row?.getAttribute('row-id')} (${row?.className})`
					)
				);
			}, 120_000);
			const check = () => {
				if (clickAt === null) return;
				const row = firstRow();
				const id = row?.getAttribute('row-id');
				if (!row || row === before || !id || row.classList.contains('ag-row-loading')) return;
				if (row.textContent.trim() === '') return;
				mutations.disconnect();
				clearTimeout(timer);
				requestAnimationFrame(() => {
					const end = performance.now();
					tasks.push(...observer.takeRecords());
					observer.disconnect();
					document.removeEventListener('click', onClick, true);
					const during = tasks.filter((t) => t.startTime + t.duration > clickAt);
					resolve({
						ms: end - clickAt,
						id,
						longestTaskMs: Math.max(0, ...during.map((t) => t.duration))
					});
				});
			};
			const mutations = new MutationObserver(check);
			mutations.observe(document.querySelector('.ag-root-wrapper'), {
				subtree: true,
				childList: true,
				attributes: true,
				attributeFilter: ['row-id', 'class']
			});
		});
	}, colId);
}

async function headerSort(page, colId) {
	return page.evaluate(
		(id) => document.querySelector(`.ag-header-cell[col-id="${id}"]`)?.getAttribute('aria-sort'),
		colId
	);
}

/** Scrolls the grid sideways until the column's header is drawn (the grid draws only what shows). */
async function showColumn(page, colId) {
	await page.evaluate(async (id) => {
		// AG Grid 36 scrolls rows both ways in one viewport.
		const scroller = document.querySelector('.ag-grid-viewport');
		const header = () => document.querySelector(`.ag-header-cell[col-id="${id}"]`);
		const inView = () => {
			const h = header()?.getBoundingClientRect();
			return h !== undefined && h.left >= 0 && h.right <= window.innerWidth;
		};
		for (let left = 0; left <= 8000 && !inView(); left += 300) {
			if (scroller) scroller.scrollLeft = left;
			await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
		}
	}, colId);
	await page.locator(`.ag-header-cell[col-id="${colId}"]`).waitFor();
}

/**
 * Sorting by a column header: for each column, `runs` rounds of click (ascending), click
 * (descending), click (back to the default order), each timed from the click to a new first row
 * painted. The first ascending click on a column after a reload also builds its order in the
 * query worker (unless the worker prepared it at idle: name and createdAt), so it is reported
 * apart; later rounds find the order built and the result cached until the next write.
 */
export async function benchSort(page, { base, runs, columns }) {
	await probeQueryWorker(page);
	await page.goto(`${base}/`);
	await page.locator('.ag-row[row-index="0"]:not(.ag-row-loading)').waitFor({ timeout: 120_000 });
	await waitForIndex(page);
	const out = [];
	for (const colId of columns) {
		await showColumn(page, colId);
		const header = page.locator(`.ag-header-cell[col-id="${colId}"] .ag-header-cell-label`);
		const asc = [];
		const desc = [];
		let longest = 0;
		for (let i = 0; i < runs; i++) {
			for (const [want, into] of [
				['ascending', asc],
				['descending', desc]
			]) {
				await armFirstRowWatch(page, colId);
				const from = await headerSort(page, colId);
				await header.click();
				const r = await page
					.evaluate(() => window.__benchFirstRow)
					.catch((e) => {
						throw new Error(`${colId} ${from} → ${want}: ${e.message}`);
					});
				const state = await headerSort(page, colId);
				if (state !== want) throw new Error(`${colId}: expected ${want}, header says ${state}`);
				into.push(r.ms);
				longest = Math.max(longest, r.longestTaskMs);
			}
			// Back to the default order; the next round starts from it.
			await armFirstRowWatch(page, colId);
			await header.click();
			await page.evaluate(() => window.__benchFirstRow);
			await page.waitForTimeout(300);
		}
		out.push({ colId, asc, desc, longestTaskMs: longest });
	}
	return out;
}

/**
 * Scrolls the default view a long way: first with the mouse wheel in steps (a person flicking
 * down a few thousand rows), then by jumps to ten places across the whole book (dragging the
 * scroll bar), each jump timed until every row in view is loaded and painted. The longest
 * main-thread task over the whole of it is the figure the target is about.
 */
export async function benchScroll(page, { base, wheelSteps = 60, wheelPx = 1800 }) {
	await probeQueryWorker(page);
	await page.goto(`${base}/`);
	await page.locator('.ag-row[row-index="0"]:not(.ag-row-loading)').waitFor({ timeout: 120_000 });
	await waitForIndex(page);
	await page.waitForTimeout(1000);
	await page.evaluate(() => {
		window.__benchTasks = [];
		window.__benchObserver = new PerformanceObserver((list) =>
			window.__benchTasks.push(...list.getEntries().map((e) => e.duration))
		);
		window.__benchObserver.observe({ type: 'longtask' });
	});
	const box = await page.locator('.ag-root-wrapper').boundingBox();
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	const wheelStart = Date.now();
	for (let i = 0; i < wheelSteps; i++) {
		await page.mouse.wheel(0, wheelPx);
		await page.waitForTimeout(50);
	}
	const settled = await page.evaluate(rowsInViewLoaded);
	const wheelMs = Date.now() - wheelStart;
	const lastRow = await page.evaluate(lastRowInView);
	const jumps = [];
	for (const at of [0.1, 0.3, 0.5, 0.7, 0.9, 0.2, 0.4, 0.6, 0.8, 1]) {
		jumps.push(await page.evaluate(jumpTo, at));
	}
	const tasks = await page.evaluate(() => {
		window.__benchTasks.push(...window.__benchObserver.takeRecords().map((e) => e.duration));
		window.__benchObserver.disconnect();
		return window.__benchTasks;
	});
	return {
		wheelSteps,
		wheelPx,
		wheelMs,
		wheelSettleMs: settled,
		wheelLastRow: lastRow,
		jumps,
		longTasks: tasks.length,
		longestTaskMs: Math.max(0, ...tasks)
	};
}

/** Highest row index drawn. */
function lastRowInView() {
	let high = -1;
	for (const row of document.querySelectorAll('.ag-row[row-index]')) {
		high = Math.max(high, Number(row.getAttribute('row-index')));
	}
	return high;
}

/**
 * Resolves, after a painted frame, once every row drawn has its customer (a row waiting for its
 * block has no row-id yet): ms waited; -1 after a minute.
 */
function rowsInViewLoaded() {
	const start = performance.now();
	return new Promise((resolve) => {
		const look = () => {
			const rows = [...document.querySelectorAll('.ag-row[row-index]')];
			const waiting = rows.some(
				(r) => !r.getAttribute('row-id') || r.classList.contains('ag-row-loading')
			);
			if (rows.length > 0 && !waiting) resolve(performance.now() - start);
			else if (performance.now() - start > 60_000) resolve(-1);
			else requestAnimationFrame(look);
		};
		requestAnimationFrame(look);
	});
}

/**
 * Scrolls to a fraction of the way down and times the rows there to be loaded and painted.
 * Self-contained (page.evaluate sends one function's source): it finds the scroller itself.
 */
function jumpTo(at) {
	const el = [...document.querySelectorAll('.ag-body-viewport, .ag-grid-viewport')].find(
		(e) => e.scrollHeight > e.clientHeight
	);
	const lowest = () => {
		let low = Infinity;
		for (const r of document.querySelectorAll('.ag-row[row-index]')) {
			low = Math.min(low, Number(r.getAttribute('row-index')));
		}
		return low;
	};
	const from = lowest();
	const start = performance.now();
	el.scrollTop = Math.round((el.scrollHeight - el.clientHeight) * at);
	return new Promise((resolve) => {
		let sawLoading = false;
		const look = () => {
			const rows = [...document.querySelectorAll('.ag-row[row-index]')];
			const waiting = rows.some(
				(r) => !r.getAttribute('row-id') || r.classList.contains('ag-row-loading')
			);
			if (waiting) sawLoading = true;
			let high = -1;
			for (const r of rows) high = Math.max(high, Number(r.getAttribute('row-index')));
			const ms = Math.round((performance.now() - start) * 10) / 10;
			// Until the grid has drawn the rows of the new place, the old ones are still there.
			if (rows.length > 0 && !waiting && lowest() !== from) {
				resolve({ at, ms, row: high, sawLoading });
			} else if (ms > 60_000) resolve({ at, ms, row: high, sawLoading, timedOut: true });
			else requestAnimationFrame(look);
		};
		requestAnimationFrame(look);
	});
}

/**
 * The browser's memory, in MB: proportional set size of every process of this profile's
 * Chromium (shared pages divided among the processes sharing them), and of its renderers alone
 * (the page and its dedicated workers live in the renderer), and the page's own JavaScript heap
 * (CDP Performance.getMetrics). Other browsers on the machine are not counted.
 */
export async function browserMemory(page, profile) {
	const procs = processesOf(profile);
	const pss = (list) => Math.round(pssMb(list));
	let pageHeapMb = null;
	try {
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Performance.enable');
		const { metrics } = await cdp.send('Performance.getMetrics');
		const used = metrics.find((m) => m.name === 'JSHeapUsedSize');
		pageHeapMb = used ? Math.round(used.value / 2 ** 20) : null;
		await cdp.detach();
	} catch {
		// No CDP (another browser): the process figures still stand.
	}
	return {
		browserMb: pss(procs),
		rendererMb: pss(procs.filter((p) => p.args.includes('--type=renderer'))),
		pageHeapMb
	};
}
