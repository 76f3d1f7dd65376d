// npm run bench: measures the production build in real Chromium and records the figures in
// bench/results/latest.json and docs/BENCHMARKS.md. Figures are medians of several runs.
// BENCH_N=100000 (default) sets the number of customers seeded through the app's own sample loader.
// BENCH_HISTORY=full|light: `full` (the default below 500,000 customers) seeds through the
// welcome page with the whole sample (about five purchases, seven reminders and three contacts a
// customer); `light` (the default from 500,000 up) starts the built sample worker with
// `withCare: false`: the same customers and purchases (about three a customer), no reminders and
// no contacts, still written through the app's Dexie database and its middlewares. A million
// customers seed in minutes that way (grid.mjs, seedWithoutCare).
// Grid scenarios at any BENCH_N: grid-first-rows, quick-search, cell-edit-save, sort (name, total
// spent, last purchase: click to sorted rows painted, both directions) and grid-scroll (wheel a
// few thousand rows, then jumps across the book; the longest main-thread task meanwhile).
import { chromium } from '@playwright/test';
import { serve } from '../scripts/serve.mjs';
import { benchExportXlsx, benchImport } from './import-export.mjs';
import { benchStagesRfm } from './stages-rfm.mjs';
import { benchDashboard } from './dashboard.mjs';
import { benchPaste } from './paste.mjs';
import { benchDedupScenarios } from './dedup.mjs';
import { benchDedupQuality } from './dedup-quality.mjs';
import {
	benchScroll,
	benchSort,
	browserMemory,
	probeQueryWorker,
	seedWithoutCare,
	waitForIndex
} from './grid.mjs';
import { watchWorkerHeaps } from './memory.mjs';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

const N = Number(process.env.BENCH_N ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const EXTRA = Number(process.env.BENCH_EXTRA_PURCHASES ?? 2.5);
const HISTORY = process.env.BENCH_HISTORY ?? (N >= 500_000 ? 'light' : 'full');
// Without purchases every customer's total and last purchase are empty: nothing to sort.
const SORT_COLUMNS =
	HISTORY === 'none' ? ['name', 'phones', 'city'] : ['name', 'purchaseTotal', 'lastPurchase'];
// BENCH_PROFILE=<dir> keeps the browser profile there and, when it already holds a seeded book,
// skips seeding (to iterate on one scenario); IndexedDB belongs to an origin, so keep BENCH_PORT
// the same between such runs.
const PORT = Number(process.env.BENCH_PORT ?? 4174);
const KEPT_PROFILE = process.env.BENCH_PROFILE;
// BENCH_BUILD=<dir> serves a copy of build/ made while holding the shared build lock, so a run
// of an hour (a million customers) neither holds the lock nor sees build/ rebuilt under it.
const BUILD = process.env.BENCH_BUILD ?? 'build';
// Imports measured into an empty book (each in a fresh profile of its own): `import-csv` with
// BENCH_IMPORT rows (default 100000; a list runs each size); `import-csv-1m`, the million-row
// file, only when asked for: BENCH_IMPORT_1M=1, or BENCH_ONLY=import-csv-1m.
const IMPORT_SIZES = (process.env.BENCH_IMPORT ?? '100000')
	.split(',')
	.map(Number)
	.filter((n) => n > 0);
const IMPORT_1M = 1_000_000;
// BENCH_ONLY=stages-rfm,today runs only those scenarios (with BENCH_PROFILE, to iterate on one);
// their figures go to bench/results/only.json and docs/BENCHMARKS.md is left alone.
const ONLY = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const want = (scenario) =>
	scenario === 'import-csv-1m'
		? process.env.BENCH_IMPORT_1M === '1' || ONLY?.includes(scenario) === true
		: ONLY === undefined || ONLY.includes(scenario);
// Import scenarios start from an empty book of their own: asked alone, nothing is seeded.
// The same for the duplicate engine's quality, measured on labelled sets rather than the book.
const BOOKLESS =
	ONLY !== undefined && ONLY.every((s) => s.startsWith('import-csv') || s === 'dedup-quality');
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const BASE = `http://localhost:${PORT}`;

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;

async function measureEntry(page, name, action) {
	await page.evaluate((n) => performance.clearMeasures(n), name);
	await action();
	const handle = await page.waitForFunction(
		(n) => {
			const e = performance.getEntriesByName(n, 'measure');
			return e.length ? e[e.length - 1].duration : null;
		},
		name,
		{ timeout: 120_000 }
	);
	return handle.jsonValue();
}

const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) =>
	existsSync(p)
);
const server = await serve({ port: PORT, dir: BUILD });
// A real profile on disk, as a shop's browser has: an incognito-like context keeps IndexedDB in
// memory with a small quota, and a book of 100,000 customers does not fit.
const profile = KEPT_PROFILE ?? mkdtempSync(join(os.tmpdir(), 'so-khach-bench-'));
const reuse = KEPT_PROFILE !== undefined && existsSync(join(KEPT_PROFILE, 'Default', 'IndexedDB'));
const context = await chromium.launchPersistentContext(profile, {
	executablePath,
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update'
	],
	viewport: { width: 1440, height: 900 },
	locale: 'vi-VN'
});
const browserVersion = context.browser()?.version() ?? 'unknown';
const results = [];
try {
	const page = context.pages()[0] ?? (await context.newPage());
	page.on('pageerror', (e) => console.error('page error:', e.message));

	if (BOOKLESS) {
		if (want('dedup-quality')) await dedupQuality(page);
		if (!ONLY.every((s) => s === 'dedup-quality')) await benchImports();
	} else if (reuse) {
		console.log(`Reusing the book already in ${profile} (no seeding).`);
		await forgetOldBuild(page);
	} else await seed(page);

	if (!BOOKLESS) {
		// Let the query worker finish indexing before the timed runs.
		await page.goto(`${BASE}/`);
		await page
			.waitForSelector('[role=status]:has-text("Đang chuẩn bị")', {
				state: 'detached',
				timeout: 10 * 60_000
			})
			.catch(() => {});
		await runScenarios(page);
	}
} finally {
	await context.close();
	server.close();
	if (!KEPT_PROFILE) rmSync(profile, { recursive: true, force: true });
}

/**
 * A kept profile holds the service worker of the build it last ran, which would go on serving
 * that build's precached files (the app asks before switching): unregister it and drop its
 * caches, so the timed runs measure the build just made. The book in IndexedDB stays.
 */
async function forgetOldBuild(page) {
	await page.goto(`${BASE}/welcome`);
	await page.evaluate(async () => {
		for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
		for (const key of await caches.keys()) await caches.delete(key);
	});
}

async function seed(page) {
	if (HISTORY === 'light' || HISTORY === 'none') {
		console.log(`Seeding ${N.toLocaleString('en')} customers (BENCH_HISTORY=${HISTORY})…`);
		const started = Date.now();
		const r = await seedWithoutCare(page, { base: BASE, n: N, purchases: HISTORY === 'light' });
		const ms = Date.now() - started;
		console.log(`  seeded in ${round(ms / 1000)} s: ${JSON.stringify(r)}`);
		results.push({
			scenario: 'seed-sample',
			n: N,
			ms,
			note: `customers and ${r.purchases.toLocaleString('en')} purchases, no care (BENCH_HISTORY=${HISTORY})`
		});
		return;
	}
	console.log(`Seeding ${N.toLocaleString('en')} customers through the sample loader…`);
	const seedStart = Date.now();
	// About five purchases per customer: the book the care and report targets are set for.
	await page.goto(`${BASE}/welcome?customers=${N}&extraPurchases=${EXTRA}`);
	await page.getByTestId('load-sample').click();
	// Done when the app moves on to the customers; a failure shows an alert instead.
	const failed = page
		.getByRole('alert')
		.waitFor({ timeout: 30 * 60_000 })
		.then(async () => {
			throw new Error(`Seeding failed: ${await page.getByRole('alert').innerText()}`);
		});
	failed.catch(() => {});
	await Promise.race([page.waitForURL(`${BASE}/`, { timeout: 30 * 60_000 }), failed]);
	const seedMs = Date.now() - seedStart;
	console.log(`  seeded in ${round(seedMs / 1000)} s`);
	results.push({ scenario: 'seed-sample', n: N, ms: seedMs });
}

async function runScenarios(page) {
	const counts = await page.evaluate(
		() =>
			new Promise((resolve) => {
				const req = indexedDB.open('so-khach');
				req.onsuccess = () => {
					const db = req.result;
					const tx = db.transaction(['purchases', 'reminders']);
					const out = {};
					for (const name of ['purchases', 'reminders']) {
						const c = tx.objectStore(name).count();
						c.onsuccess = () => (out[name] = c.result);
					}
					tx.oncomplete = () => {
						db.close();
						resolve(out);
					};
				};
			})
	);
	console.log(`  ${counts.purchases} purchases, ${counts.reminders} reminders`);

	// Let the query worker finish indexing before the timed runs (it shares IndexedDB).
	await page.waitForFunction(
		() => !document.body.innerText.includes('Đang chuẩn bị tìm kiếm'),
		null,
		{
			timeout: 10 * 60_000
		}
	);
	if (want('stages-rfm')) {
		const r = await benchStagesRfm(page, { base: BASE, runs: RUNS });
		const times = r.runs.map((x) => x.ms);
		const longest = Math.max(...r.runs.map((x) => x.longestTaskMs));
		const last = r.runs[r.runs.length - 1];
		console.log(
			`  stages-rfm: ${JSON.stringify(r.runs.map((x) => ({ ...x, start: undefined, end: undefined })))}`
		);
		results.push({
			scenario: 'stages-rfm',
			n: N,
			purchases: counts.purchases,
			ms: round(median(times)),
			runs: times.map(round),
			note: `${times.map(round).join(', ')}; ${last.changes} changes, ${last.ranked} RFM-ranked; longest main-thread task during a run ${round(longest)} ms`
		});
	}
	if (want('dashboard')) {
		const r = await benchDashboard(page, { base: BASE, runs: RUNS });
		const [build, ...steady] = r.runs;
		const cold = steady.map((x) => x.ms);
		const warm = steady.map((x) => x.warmMs);
		const longest = Math.max(...r.runs.map((x) => x.longestTaskMs));
		const last = steady[steady.length - 1];
		console.log(
			`  dashboard: ${JSON.stringify(r.runs.map((x) => ({ ...x, start: undefined, end: undefined })))}`
		);
		results.push({
			scenario: 'dashboard',
			n: N,
			purchases: counts.purchases,
			ms: round(median(cold)),
			runs: cold.map(round),
			note: `new worker, this month vs last, after a customer, a sale and a contact were written: ${cold.map(round).join(', ')} (packs rebuilt: ${last.coldCost.factsPacked} customer, ${last.coldCost.daysRebuilt} days); then the month before in the same worker: median ${round(median(warm))}; building every pack first (no packs, as after the upgrade): ${round(build.ms)} ms; ${last.buyers} buyers; longest main-thread task ${round(longest)} ms`
		});
	}
	if (want('dedup-scan') || want('dedup-on-entry')) {
		results.push(
			...(await benchDedupScenarios(page, { base: BASE, runs: RUNS, profile, n: N, want }))
		);
	}
	if (want('today')) await benchToday(page, counts);
	if (want('grid-first-rows') || want('quick-search') || want('cell-edit-save')) {
		await benchGrid(page);
	}
	if (want('sort')) await benchGridSort(page);
	if (want('grid-scroll')) await benchGridScroll(page);
	if (want('paste')) {
		const r = await benchPaste(page, { base: BASE, runs: RUNS, context });
		const times = r.runs.map((x) => x.ms);
		const saved = r.runs.map((x) => x.savedMs);
		const longest = Math.max(...r.runs.map((x) => x.longestTaskMs));
		console.log(`  paste: ${JSON.stringify(r.runs)}`);
		results.push({
			scenario: 'paste',
			n: N,
			ms: round(median(times)),
			runs: times.map(round),
			note: `${r.rows.toLocaleString('en')} rows × ${r.columns.length} columns (${r.columns.join(', ')}) over existing customers, Ctrl+V to saved and shown: ${times.map(round).join(', ')}; saved (toast) median ${round(median(saved))}; longest main-thread task ${round(longest)} ms`
		});
	}
	if (want('export-xlsx')) {
		const exported = await benchExportXlsx(page, BASE);
		console.log(`  export-xlsx: ${exported.ms} ms, ${exported.bytes.toLocaleString('en')} bytes`);
		results.push({
			scenario: 'export-xlsx',
			n: N,
			ms: exported.ms,
			note: `${mb(exported.bytes)} file`
		});
	}
	// Not timed against a target, and busy for a while (the sets evaluated in Node too): after
	// the scenarios a busy machine would slow down.
	if (want('dedup-quality')) await dedupQuality(page);
	if (want('import-csv') || want('import-csv-1m')) await benchImports();
}

/** One row per labelled set: the engine's quality in the built dedup worker (needs no book). */
async function dedupQuality(page) {
	const pct = (x) => `${(x * 100).toFixed(2)}%`;
	for (const q of await benchDedupQuality(page, { base: BASE })) {
		const b = q.browser;
		results.push({
			scenario: 'dedup-quality',
			n: b.records,
			ms: round(b.ms),
			note: `${q.name}, in the built dedup worker: P ${b.precision.toFixed(4)}, R ${b.recall.toFixed(4)}, **F1 ${b.f1.toFixed(4)}**, blocking recall ${pct(b.blockingRecall)} (${b.blockedTruePairs}/${b.truePairs} true pairs compared), ${b.comparisons} pairs compared${b.householdPairs ? `, household pairs flagged ${b.householdFlagged}/${b.householdPairs}` : ''}; ${q.differs.length === 0 ? 'the same counts as in Node' : `DIFFERS from Node in ${q.differs.join(', ')}`}`
		});
	}
}

async function benchToday(page, counts) {
	const todayTimes = [];
	for (let i = 0; i < RUNS; i++) {
		const t0 = Date.now();
		await page.goto(`${BASE}/settings`, { waitUntil: 'commit', timeout: 5 * 60_000 });
		await page.getByRole('link', { name: /Hôm nay/ }).waitFor({ timeout: 5 * 60_000 });
		if (i === 0) console.log(`  settings page ready after ${Date.now() - t0} ms`);
		todayTimes.push(
			await measureEntry(page, 'today', () => page.getByRole('link', { name: /Hôm nay/ }).click())
		);
	}
	results.push({
		scenario: 'today',
		n: N,
		purchases: counts.purchases,
		ms: round(median(todayTimes)),
		runs: todayTimes.map(round)
	});
}

/** Opens the grid and waits for its index, which leaves a census behind; the time it took. */
async function firstCensus(page) {
	const t0 = Date.now();
	await page.reload();
	await waitForIndex(page);
	await page.waitForFunction(() => localStorage.getItem('so-khach:census') !== null, null, {
		timeout: 60_000
	});
	return Date.now() - t0;
}

async function benchGrid(page) {
	await page.goto(`${BASE}/`);

	await probeQueryWorker(page);
	const heaps = await watchWorkerHeaps(context, page);
	// A shop's book has been opened before: its last census (src/lib/query/census.ts) spares the
	// first rows a count of the whole table. A book never opened to the end gets one here first.
	const hadCensus = await page.evaluate(() => localStorage.getItem('so-khach:census') !== null);
	const censusMs = hadCensus ? 0 : await firstCensus(page);
	const firstRows = [];
	let reloadedAt = Date.now();
	for (let i = 0; i < RUNS; i++) {
		reloadedAt = Date.now();
		firstRows.push(await measureEntry(page, 'grid-first-rows', () => page.reload()));
	}
	// The query worker loads the whole book into its index after the first rows: until then
	// only the default view is served.
	const readyAt = await waitForIndex(page);
	const indexMs = readyAt ?? Date.now() - reloadedAt;
	const memory = await browserMemory(page, profile);
	const index = await heaps.heap('query');
	console.log(
		`  grid: index ready ${indexMs} ms after the reload; memory ${JSON.stringify(memory)}`
	);
	results.push({
		scenario: 'grid-first-rows',
		n: N,
		ms: round(median(firstRows)),
		runs: firstRows.map(round),
		note: `${firstRows.map(round).join(', ')}; ${hadCensus ? 'census kept from an earlier run' : `no census yet: the book opened and indexed once first (${round(censusMs / 1000)} s)`}; search index ready ${round(indexMs / 1000)} s after the reload; then browser memory (PSS) ${memory.browserMb} MB, renderer ${memory.rendererMb} MB, page JS heap ${memory.pageHeapMb} MB, query worker's JS heap after a collection ${index ? `${index.usedMb} MB used of ${index.totalMb}` : 'not measured'}`
	});
	const search = page.getByTestId('quick-search');
	const terms = ['nguyen', 'huong', '0912', 'tran thi', 'le van', 'hoa', 'ngoc anh'];
	const searchTimes = [];
	for (const term of terms) {
		await search.fill('');
		await page.waitForTimeout(300);
		searchTimes.push(await measureEntry(page, 'quick-search', () => search.fill(term)));
	}
	results.push({
		scenario: 'quick-search',
		n: N,
		ms: round(median(searchTimes)),
		runs: searchTimes.map(round)
	});
	await search.fill('');
	await page.waitForTimeout(500);

	if (!want('cell-edit-save')) return;
	const editTimes = [];
	for (let i = 0; i < RUNS; i++) {
		const cell = page.locator('.ag-row[row-index="0"] .ag-cell[col-id="address"]');
		await cell.dblclick();
		await page.keyboard.press('Control+A');
		await page.keyboard.type(`${i + 1} Đường Đo Tốc Độ`);
		editTimes.push(await measureEntry(page, 'cell-edit-save', () => page.keyboard.press('Enter')));
		await page.waitForTimeout(200);
	}
	results.push({
		scenario: 'cell-edit-save',
		n: N,
		ms: round(median(editTimes)),
		runs: editTimes.map(round)
	});
}

async function benchGridSort(page) {
	const r = await benchSort(page, { base: BASE, runs: RUNS, columns: SORT_COLUMNS });
	console.log(`  sort: ${JSON.stringify(r)}`);
	// The first click on a column may build its order in the worker: reported apart.
	const steady = r.flatMap((c) => [...c.asc.slice(1), ...c.desc]);
	const each = r.map(
		(c) =>
			`${c.colId} first ${round(c.asc[0])}, asc ${c.asc.slice(1).map(round).join('/')}, desc ${c.desc.map(round).join('/')}`
	);
	results.push({
		scenario: 'sort',
		n: N,
		ms: round(median(steady)),
		runs: steady.map(round),
		note: `header click to sorted rows painted, ${RUNS} rounds (asc, desc, back): ${each.join('; ')}; longest main-thread task ${round(Math.max(...r.map((c) => c.longestTaskMs)))} ms`
	});
}

async function benchGridScroll(page) {
	const r = await benchScroll(page, { base: BASE });
	const memory = await browserMemory(page, profile);
	console.log(`  grid-scroll: ${JSON.stringify(r)}; memory ${JSON.stringify(memory)}`);
	const jumps = r.jumps.map((j) => j.ms);
	results.push({
		scenario: 'grid-scroll',
		n: N,
		ms: round(median(jumps)),
		runs: jumps.map(round),
		note: `wheel ${r.wheelSteps} × ${r.wheelPx} px to row ${r.wheelLastRow} (rows in view loaded ${round(r.wheelSettleMs)} ms after the last step); ${r.jumps.length} jumps across the book, to rows painted: ${jumps.map(round).join(', ')} ms; longest main-thread task ${round(r.longestTaskMs)} ms (${r.longTasks} over 50 ms); then browser memory (PSS) ${memory.browserMb} MB, renderer ${memory.rendererMb} MB, page JS heap ${memory.pageHeapMb} MB`
	});
}

async function benchImports() {
	const runs = [
		...(want('import-csv') ? IMPORT_SIZES.map((n) => ({ n, scenario: 'import-csv' })) : []),
		...(want('import-csv-1m') ? [{ n: IMPORT_1M, scenario: 'import-csv-1m' }] : [])
	];
	for (const { n, scenario } of runs) {
		console.log(`Importing a ${n.toLocaleString('en')}-row CSV into an empty book…`);
		const r = await benchImport({
			chromium,
			executablePath,
			base: BASE,
			n,
			timeoutMs: 60 * 60_000
		});
		console.log(`  ${JSON.stringify(r)}`);
		results.push({
			scenario,
			n,
			ms: r.ms,
			note: `${mb(r.bytes)} file; read ${r.parseMs} ms, check ${r.checkMs} ms, write ${r.writeMs} ms; browser memory (PSS) ${r.baseMb} → peak ${r.peakMb} MB`
		});
	}
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Chromium ${browserVersion}`;
const date = new Date().toISOString();
mkdirSync('bench/results', { recursive: true });
const out = { date, machine, results };
writeFileSync(
	ONLY ? 'bench/results/only.json' : 'bench/results/latest.json',
	JSON.stringify(out, null, 2) + '\n'
);
console.table(results.map(({ scenario, n, ms }) => ({ scenario, n, ms })));

// Keep docs/BENCHMARKS.md's latest-results table in step with the JSON.
const doc = 'docs/BENCHMARKS.md';
if (!ONLY && existsSync(doc)) {
	const table = [
		`Measured ${date.slice(0, 10)} on ${machine}.`,
		'',
		'| scenario | n | median ms | runs (ms) or notes |',
		'| --- | ---: | ---: | --- |',
		...results.map(
			(r) =>
				`| ${r.scenario} | ${r.n.toLocaleString('en')}${r.purchases ? ` (${r.purchases.toLocaleString('en')} purchases)` : ''} | ${r.ms} | ${r.note ?? (r.runs ?? []).join(', ')} |`
		)
	].join('\n');
	const text = readFileSync(doc, 'utf8');
	const next = text.replace(
		/<!-- bench:start -->[\s\S]*<!-- bench:end -->/,
		`<!-- bench:start -->\n${table}\n<!-- bench:end -->`
	);
	writeFileSync(doc, next);
}
