#!/usr/bin/env node
// `npm run dedup:eval`: the duplicate engine measured on FEBRL (tests/fixtures/febrl) and on the
// generated Vietnamese test set: records, true pairs, compared pairs, blocking recall, precision,
// recall, F1 and time, as a table. `-- --perf 100000` also times a scan of that many generated
// customers. The engine is bundled with esbuild first, like scripts/dedup.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTs, root } from './import-ts.mjs';

const engine = await importTs('eval', {
	lines: [
		"export * from './src/lib/dedup/evaluate';",
		"export * from './src/lib/dedup/vn-testset';",
		"export { scanRecords } from './src/lib/dedup/engine';",
		"export { createDedupIndex } from './src/lib/dedup/index';",
		"export { customerToDedupRecord } from './src/lib/dedup/adapter';",
		"export { generateSample } from './src/lib/sample/generate';"
	]
});

const args = process.argv.slice(2);
const option = (name) => {
	const i = args.indexOf(name);
	return i < 0 ? undefined : args[i + 1];
};
const febrlDir = join(root, 'tests/fixtures/febrl');
const febrl = (file, withId, source) =>
	engine.febrlRecords(readFileSync(join(febrlDir, file), 'utf8'), { withId, source });

const rows = [];
const pct = (x) => (x * 100).toFixed(2) + '%';
const f4 = (x) => x.toFixed(4);

function row(name, e) {
	rows.push([
		name,
		e.records,
		e.truePairs,
		e.comparisons ?? '',
		e.blockingRecall === undefined ? '' : pct(e.blockingRecall),
		f4(e.precision),
		f4(e.recall),
		f4(e.f1),
		e.householdPairs ? `${e.householdFlagged}/${e.householdPairs}` : '',
		e.ms === undefined ? '' : (e.ms / 1000).toFixed(2) + ' s'
	]);
}

const only = option('--only');
/** VN set: true pairs that share nothing but the name (see nameOnlyTruePairs). */
let nameOnly;
const want = (name) => only === undefined || name.includes(only);

if (!args.includes('--no-quality')) {
	for (const withId of [true, false]) {
		const tag = withId ? '+ssid' : 'no ssid';
		for (const file of ['dataset1.csv', 'dataset2.csv', 'dataset3.csv']) {
			const name = `FEBRL${file.charAt(7)} (${tag})`;
			if (want(name)) row(name, await engine.evaluate(name, febrl(file, withId)));
		}
		const name = `FEBRL4 a×b (${tag})`;
		if (want(name)) {
			const records = [
				...febrl('dataset4a.csv', withId, 'a'),
				...febrl('dataset4b.csv', withId, 'b')
			];
			row(name, await engine.evaluate(name, records, { linkage: true }));
		}
	}
	const people = Number(option('--people') ?? 20000);
	const vn = engine.generateVnTestSet({ seed: 2025, people });
	if (want('VN')) {
		row(`VN test set (seed 2025)`, await engine.evaluate('vn', vn));
		const base = engine.naiveBaseline(vn);
		row('  baseline: same phone or email', { records: vn.length, ...base });
		nameOnly = { pairs: engine.nameOnlyTruePairs(vn), truePairs: base.truePairs };
	}
}

const header = [
	'dataset',
	'records',
	'true pairs',
	'compared',
	'block recall',
	'P',
	'R',
	'F1',
	'households flagged',
	'time'
];
if (rows.length > 0) {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
	console.log(line(header));
	console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
	for (const r of rows) console.log(line(r));
}
if (nameOnly !== undefined) {
	const reachable = (nameOnly.truePairs - nameOnly.pairs) / nameOnly.truePairs;
	console.log(
		`VN set: ${nameOnly.pairs} of ${nameOnly.truePairs} true pairs share nothing but the name ` +
			`(${pct(nameOnly.pairs / nameOnly.truePairs)}): proposing none of them, recall is at most ` +
			`${f4(reachable)} and F1 at most ${f4((2 * reachable) / (1 + reachable))}.`
	);
}

const perf = option('--perf');
if (perf !== undefined) {
	const n = Number(perf);
	// --sample: the sample shop's customers (the book npm run bench seeds, same seed as the
	// welcome page), through the app's adapter; else the generated Vietnamese set.
	const records = args.includes('--sample')
		? sampleBook(n)
		: engine.generateVnTestSet({ seed: 7, people: Math.round(n / 1.5) }).slice(0, n);
	// What the app's adapter hands the engine: phones already in E.164.
	const stored =
		args.includes('--raw') || args.includes('--sample')
			? records
			: records.map((r) => ({ ...r, phones: r.phones.map(e164ish) }));
	globalThis.gc?.();
	const before = process.memoryUsage();
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	let peak = 0;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
	const result = await engine.scanRecords(stored);
	clearInterval(timer);
	const t1 = performance.now();
	const cpu = process.cpuUsage(cpu0);
	const after = process.memoryUsage();
	peak = Math.max(peak, after.rss);
	console.log(
		JSON.stringify(
			{
				records: n,
				wallSeconds: +((t1 - t0) / 1000).toFixed(2),
				cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
				stageMs: Object.fromEntries(
					Object.entries(result.stats.ms).map(([k, v]) => [k, Math.round(v)])
				),
				comparisons: result.stats.comparisons,
				largeBlocks: result.stats.largeBlocks,
				clusters: result.clusters.length,
				heapUsedMB: Math.round(after.heapUsed / 2 ** 20),
				heapGrowthMB: Math.round((after.heapUsed - before.heapUsed) / 2 ** 20),
				peakRssMB: Math.round(peak / 2 ** 20)
			},
			null,
			1
		)
	);
}

const entry = option('--entry');
if (entry !== undefined) {
	// The on-entry check: an index of N generated customers, then 200 drafts (duplicates of
	// customers in the book, typed again), each checked as it would be on the customer form.
	const n = Number(entry);
	const records = engine.generateVnTestSet({ seed: 7, people: Math.round(n / 1.5) });
	const book = records.slice(0, n).map((r) => ({ ...r, phones: r.phones.map(e164ish) }));
	const drafts = records.slice(n, n + 200).map((r) => ({ ...r, id: 'draft' }));
	const cpu0 = process.cpuUsage();
	const index = engine.createDedupIndex(book);
	const build = process.cpuUsage(cpu0);
	for (const d of drafts.slice(0, 20)) index.candidatesFor(d);
	const times = [];
	let found = 0;
	for (const d of drafts) {
		const t0 = performance.now();
		const c0 = process.cpuUsage();
		const matches = index.candidatesFor(d);
		const c = process.cpuUsage(c0);
		times.push([performance.now() - t0, (c.user + c.system) / 1000]);
		if (matches.length > 0) found++;
	}
	const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
	console.log(
		JSON.stringify({
			records: n,
			buildCpuSeconds: +((build.user + build.system) / 1e6).toFixed(2),
			drafts: drafts.length,
			draftsWithMatches: found,
			medianWallMs: +median(times.map((t) => t[0])).toFixed(2),
			medianCpuMs: +median(times.map((t) => t[1])).toFixed(2),
			p95WallMs: +[...times.map((t) => t[0])]
				.sort((a, b) => a - b)
				[Math.floor(times.length * 0.95)].toFixed(2)
		})
	);
}

function sampleBook(n) {
	const out = [];
	const chunks = engine.generateSample({
		seed: 20261126,
		customers: n,
		today: new Date().toISOString().slice(0, 10),
		withPurchases: false
	});
	for (const chunk of chunks)
		for (const c of chunk.customers) out.push(engine.customerToDedupRecord(c));
	return out;
}

/** A plain national number to E.164 the way the app stores it (valid mobiles only here). */
function e164ish(raw) {
	const digits = raw.replace(/\D/g, '');
	if (raw.trim().startsWith('+')) return '+' + digits;
	if (digits.startsWith('84') && digits.length >= 11) return '+' + digits;
	return '+84' + digits.replace(/^0/, '');
}
