// The duplicate scenarios for npm run bench, in the app's own dedup worker (built, real Chromium):
// - dedup-scan: the full scan the Trùng lặp page runs — a new worker reads every customer out of
//   IndexedDB, prepares, blocks, scores and clusters — timed in the page from creating the worker
//   to the clusters arriving, with the renderer's memory sampled meanwhile;
// - dedup-on-entry: the check behind "Có thể trùng với…" in the new-customer form. Timed two
//   ways: the worker's answer to each draft, from posting it to the matches in the page (what the
//   20 ms target is about), and, in the real form, from the input event of a typed phone to the
//   warning naming the customer (what the user sees; includes the form's 120 ms debounce, the
//   change-log read and the phone lookup in IndexedDB).
import { readdirSync, readFileSync } from 'node:fs';
import { builtWorkerPath } from './workers.mjs';

/** The built dedup worker. */
export const dedupWorkerPath = () => builtWorkerPath('dedup', 'The duplicate scan was cancelled.');

/** Chromium's renderer processes of this profile (the page and its workers live there). */
function rendererPids(profile) {
	const pids = [];
	for (const pid of readdirSync('/proc')) {
		if (!/^\d+$/.test(pid)) continue;
		try {
			const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			if (cmd.includes('--type=renderer') && cmd.includes(`--user-data-dir=${profile}`)) {
				pids.push(pid);
			}
		} catch {
			// The process ended while we looked.
		}
	}
	return pids;
}

function rssMb(pids) {
	let kb = 0;
	for (const pid of pids) {
		try {
			const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
			if (m) kb += Number(m[1]);
		} catch {
			// Gone.
		}
	}
	return kb / 1024;
}

/** CPU seconds used so far by the processes, all their threads (the worker's too). */
function cpuSeconds(pids) {
	let ticks = 0;
	for (const pid of pids) {
		try {
			// Fields after the command name: state is the 3rd, utime the 14th, stime the 15th.
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			ticks += Number(fields[11]) + Number(fields[12]);
		} catch {
			// Gone.
		}
	}
	return ticks / 100;
}

/**
 * Samples the renderers' resident memory every 100 ms until stopped, and the CPU time they used
 * meanwhile (on a shared machine wall-clock time says more about the neighbours than the code).
 */
function sampleRenderers(profile) {
	const pids = rendererPids(profile);
	const baseMb = rssMb(pids);
	const cpu0 = cpuSeconds(pids);
	let peakMb = baseMb;
	const timer = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pids))), 100);
	return () => {
		clearInterval(timer);
		peakMb = Math.max(peakMb, rssMb(pids));
		return {
			baseMb: Math.round(baseMb),
			peakMb: Math.round(peakMb),
			cpuSeconds: Math.round((cpuSeconds(pids) - cpu0) * 100) / 100,
			processes: pids.length
		};
	};
}

/**
 * `runs` full scans, each in a new worker as the Trùng lặp page does (worker start included).
 * Reading ends with the last progress message whose total is 0 (the worker's protocol: records
 * read, then work done out of a total).
 */
export async function benchDedupScan(page, { base, runs, profile }) {
	const url = dedupWorkerPath();
	await page.goto(`${base}/settings`);
	await page.waitForTimeout(3000);
	const out = [];
	for (let i = 0; i < runs; i++) {
		const stop = sampleRenderers(profile);
		const run = await page.evaluate(async (url) => {
			const longTasks = [];
			const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
			observer.observe({ type: 'longtask' });
			const start = performance.now();
			const worker = new Worker(url, { type: 'module', name: 'dedup' });
			let readEnd = start;
			const result = await new Promise((resolve, reject) => {
				worker.addEventListener('message', (e) => {
					const msg = e.data;
					if (msg.type === 'progress' && msg.total === 0) readEnd = performance.now();
					else if (msg.type === 'scanned') resolve(msg.result);
					else if (msg.type === 'failed') reject(new Error(msg.error.message));
				});
				worker.addEventListener('error', (e) => reject(new Error(e.message)));
				worker.postMessage({ type: 'scan', id: 1, dismissed: [] });
			});
			const end = performance.now();
			worker.terminate();
			longTasks.push(...observer.takeRecords());
			observer.disconnect();
			// The groups come packed (src/lib/dedup/packed-clusters.ts): counted from its arrays.
			// (Builds before 27/11/2026 sent them as objects: counted so, for comparisons.)
			const packed = Array.isArray(result.clusters)
				? {
						pairA: { length: result.clusters.reduce((s, c) => s + c.pairs.length, 0) },
						score: result.clusters,
						likely: result.clusters.map((c) => (c.band === 'likely' ? 1 : 0))
					}
				: result.clusters;
			const pairs = packed.pairA.length;
			return {
				ms: end - start,
				readMs: Math.round(readEnd - start),
				engineMs: Math.round(end - readEnd),
				stageMs: Object.fromEntries(
					Object.entries(result.stats.ms).map(([k, v]) => [k, Math.round(v)])
				),
				records: result.stats.records,
				comparisons: result.stats.comparisons,
				clusters: packed.score.length,
				likely: packed.likely.reduce((s, x) => s + x, 0),
				helped: result.stats.helped ?? 0,
				preparedByHelper: result.stats.preparedByHelper ?? 0,
				pairs,
				longestTaskMs: Math.max(
					0,
					...longTasks.filter((t) => t.startTime + t.duration > start).map((t) => t.duration)
				)
			};
		}, url);
		out.push({ ...run, memory: stop() });
		// Let the terminated worker's memory go before the next run's baseline.
		await page.waitForTimeout(2000);
	}
	return { runs: out };
}

/**
 * The on-entry check. Drafts are customers of the book typed again the way a shop does — the
 * name without marks and the same phone; the name with an honorific and another phone but the
 * same birthday; the phone alone; the name, email and birthday without a phone and with a new
 * address — and new customers (a name put together from two customers, a phone nobody has). As
 * in the form, phones reach the worker in E.164 (the form stores them so) and the draft has no
 * id.
 */
export async function benchDedupOnEntry(page, { base, drafts = 200, typed = 10 }) {
	const url = dedupWorkerPath();
	await page.goto(`${base}/settings`);
	await page.waitForTimeout(3000);
	const worker = await page.evaluate(
		async ({ url, drafts }) => {
			const db = await new Promise((resolve, reject) => {
				const req = indexedDB.open('so-khach');
				req.onsuccess = () => resolve(req.result);
				req.onerror = () => reject(req.error);
			});
			// A spread of customers: ids are random, so the first ones in id order are a sample.
			const book = await new Promise((resolve, reject) => {
				const req = db.transaction('customers').objectStore('customers').count();
				req.onsuccess = () => resolve(req.result);
				req.onerror = () => reject(req.error);
			});
			const sample = await new Promise((resolve, reject) => {
				const req = db
					.transaction('customers')
					.objectStore('customers')
					.getAll(null, drafts * 10);
				req.onsuccess = () => resolve(req.result.filter((c) => c.deletedAt == null));
				req.onerror = () => reject(req.error);
			});
			db.close();
			const step = Math.max(1, Math.floor(sample.length / drafts));
			const chosen = sample.filter((_, i) => i % step === 0).slice(0, drafts);
			const plain = (s) =>
				s
					.normalize('NFD')
					.replace(/\p{M}/gu, '')
					.replace(/đ/g, 'd')
					.replace(/Đ/g, 'D')
					.toLowerCase();
			const newPhone = (i) => `+8470${String(9_000_000 + i * 37).padStart(7, '0')}`;
			const address = (c) =>
				[c.address, c.district, c.city].filter((s) => s && s.trim() !== '').join(', ');
			const draftOf = (c, i) => {
				const phones = c.phones.map((p) => p.e164 ?? p.raw);
				const base = {
					id: '',
					name: c.name,
					salutation: c.salutation,
					phones,
					emails: c.emails.map((e) => e.value),
					address: address(c),
					birthday: c.birthday ?? ''
				};
				switch (i % 5) {
					case 0:
						return { ...base, name: plain(c.name), emails: [], address: '' };
					case 1:
						return { ...base, phones: [newPhone(i)], emails: [], salutation: 'chị' };
					case 2:
						return { ...base, name: '', emails: [], address: '', birthday: '' };
					case 3:
						return { ...base, phones: [], address: `${i} Đường Mới, Phường 2` };
					default: {
						const other = chosen[(i * 7 + 3) % chosen.length];
						const given = other.name.split(' ').pop() ?? '';
						const family = c.name.split(' ')[0] ?? '';
						return {
							id: '',
							name: `${family} ${given}`,
							phones: [newPhone(i)],
							emails: [],
							address: '',
							birthday: ''
						};
					}
				}
			};
			const list = chosen.map(draftOf);

			const w = new Worker(url, { type: 'module', name: 'dedup' });
			let next = 1;
			const ask = (draft) =>
				new Promise((resolve, reject) => {
					const id = next++;
					const onMessage = (e) => {
						if (e.data.id !== id) return;
						w.removeEventListener('message', onMessage);
						if (e.data.type === 'checked') resolve(e.data.matches);
						else reject(new Error(e.data.error?.message ?? e.data.type));
					};
					w.addEventListener('message', onMessage);
					w.postMessage({ type: 'check', id, draft, limit: 3 });
				});
			// The first check reads the book and builds the index (the form warms it on opening).
			const t0 = performance.now();
			await ask(list[0]);
			const buildMs = performance.now() - t0;
			// A few checks to let the engine's code be compiled, as after the first keystrokes.
			for (const d of list.slice(0, 10)) await ask(d);
			const times = [];
			const found = [0, 0, 0, 0, 0];
			const kinds = [0, 0, 0, 0, 0];
			for (let i = 0; i < list.length; i++) {
				const start = performance.now();
				const matches = await ask(list[i]);
				times.push(performance.now() - start);
				kinds[i % 5]++;
				// Kinds 0–3 are customers of the book: found when they come back among the matches.
				if (
					i % 5 < 4
						? matches.some((m) => m.b === chosen[i].id || m.a === chosen[i].id)
						: matches.length > 0
				) {
					found[i % 5]++;
				}
			}
			w.terminate();
			return { buildMs, times, found, kinds, book };
		},
		{ url, drafts }
	);

	const form = await benchTypedPhone(page, base, typed);
	return { ...worker, form };
}

/**
 * In the real new-customer form: the phone of an existing customer typed as people write it
 * (0912 345 678), timed from the input event to the warning naming that customer. The form
 * debounces 120 ms, then reads the change log, looks the phone up in IndexedDB, asks the worker
 * and reads the candidates back.
 */
async function benchTypedPhone(page, base, count) {
	await page.goto(`${base}/`);
	await page.getByTestId('add-customer').click({ timeout: 5 * 60_000 });
	const form = page.getByTestId('customer-form');
	const warning = form.getByTestId('duplicate-warning');
	const phones = form.locator('[name="phones"]');
	const customers = await page.evaluate(async (count) => {
		const db = await new Promise((resolve, reject) => {
			const req = indexedDB.open('so-khach');
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		const rows = await new Promise((resolve, reject) => {
			const req = db.transaction('customers').objectStore('customers').getAll(null, 2000);
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		db.close();
		return rows
			.filter((c) => c.deletedAt == null && c.name && c.phones[0]?.e164?.startsWith('+84'))
			.filter((_, i) => i % 37 === 5)
			.slice(0, count)
			.map((c) => ({ name: c.name, phone: c.phones[0].e164 }));
	}, count + 1);
	const national = (e164) => {
		const d = '0' + e164.slice(3);
		return `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`;
	};
	// The first check builds the worker's index (the form warmed it on opening): not timed.
	await phones.fill(national(customers[0].phone));
	await warning
		.getByText(customers[0].name)
		.first()
		.waitFor({ timeout: 5 * 60_000 });
	const times = [];
	for (const c of customers.slice(1)) {
		await phones.fill('');
		await page.waitForFunction(
			() => !document.querySelector('[data-testid="duplicate-candidate"]'),
			null,
			{ timeout: 30_000 }
		);
		const ms = await page.evaluate(
			({ phone, name }) =>
				new Promise((resolve, reject) => {
					const input = document.querySelector('[data-testid="customer-form"] [name="phones"]');
					const box = document.querySelector('[data-testid="duplicate-warning"]');
					let start = 0;
					const shown = () =>
						[...box.querySelectorAll('[data-testid="duplicate-candidate"]')].some((li) =>
							li.textContent.includes(name)
						);
					const observer = new MutationObserver(() => {
						if (!shown()) return;
						observer.disconnect();
						clearTimeout(timer);
						// The warning is in the DOM; the next frame is when it is painted.
						requestAnimationFrame(() => resolve(performance.now() - start));
					});
					observer.observe(box, { childList: true, subtree: true, characterData: true });
					const timer = setTimeout(() => {
						observer.disconnect();
						reject(new Error(`no warning for ${name} within 30 s`));
					}, 30_000);
					start = performance.now();
					input.value = phone;
					input.dispatchEvent(new Event('input', { bubbles: true }));
				}),
			{ phone: national(c.phone), name: c.name }
		);
		times.push(ms);
	}
	await page.keyboard.press('Escape');
	return { times };
}

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;

/** Runs the dedup scenarios `want` asks for and returns their rows for the results table. */
export async function benchDedupScenarios(page, { base, runs, profile, n, want }) {
	const rows = [];
	if (want('dedup-scan')) {
		// A scan of a million customers takes about a minute at best: one run is enough there.
		const r = await benchDedupScan(page, { base, runs: n >= 500_000 ? 1 : runs, profile });
		console.log(`  dedup-scan: ${JSON.stringify(r.runs)}`);
		const times = r.runs.map((x) => x.ms);
		const last = r.runs[r.runs.length - 1];
		const peak = Math.max(...r.runs.map((x) => x.memory.peakMb));
		const grow = Math.max(...r.runs.map((x) => x.memory.peakMb - x.memory.baseMb));
		const longest = Math.max(...r.runs.map((x) => x.longestTaskMs));
		const cpu = r.runs.map((x) => x.memory.cpuSeconds);
		const stages = Object.entries(last.stageMs)
			.map(([k, v]) => `${k} ${v}`)
			.join(', ');
		rows.push({
			scenario: 'dedup-scan',
			n: last.records,
			ms: round(median(times)),
			runs: times.map(round),
			cpuSeconds: cpu,
			note: `${times.map(round).join(', ')}; renderer CPU ${cpu.join(', ')} s; reading and preparing the book (one pipeline) median ${round(median(r.runs.map((x) => x.readMs)))} ms, engine ${round(median(r.runs.map((x) => x.engineMs)))} ms (last run: ${stages}); ${last.comparisons.toLocaleString('en')} pairs compared, ${last.clusters} groups (${last.likely} likely); ${last.helped > 0 ? `the helper worker prepared ${last.preparedByHelper.toLocaleString('en')} records and did ${last.helped} of the comparing pass's ranges` : 'no helper worker'}; renderer RSS peak ${peak} MB, at most +${grow} MB over the run's start; longest main-thread task ${round(longest)} ms`
		});
	}
	if (want('dedup-on-entry')) {
		const r = await benchDedupOnEntry(page, { base });
		const sorted = [...r.times].sort((a, b) => a - b);
		const p95 = sorted[Math.floor(sorted.length * 0.95)];
		const kinds = ['unmarked name + phone', 'name + other phone', 'phone alone', 'name + email'];
		const found = kinds.map((k, i) => `${k} ${r.found[i]}/${r.kinds[i]}`).join(', ');
		console.log(
			`  dedup-on-entry: build ${round(r.buildMs)} ms; worker ${JSON.stringify(r.times.map(round))}; form ${JSON.stringify(r.form.times.map(round))}`
		);
		rows.push({
			scenario: 'dedup-on-entry',
			n: r.book,
			ms: round(median(r.times)),
			runs: r.times.map(round),
			note: `worker answer to ${r.times.length} drafts: median ${round(median(r.times))} ms, p95 ${round(p95)}, max ${round(sorted[sorted.length - 1])}; found: ${found}, new customers with a match ${r.found[4]}/${r.kinds[4]}; first check (read the book, build the index) ${round(r.buildMs)} ms; in the form, typed phone to warning painted (120 ms debounce included): median ${round(median(r.form.times))} ms (${r.form.times.map(round).join(', ')})`
		});
	}
	for (const row of rows) console.log(`  ${row.scenario}: ${row.ms} ms`);
	return rows;
}
