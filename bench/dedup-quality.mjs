// The dedup-quality scenario for npm run bench: the duplicate engine's precision, recall, F1 and
// blocking recall measured in real Chromium, inside the app's built dedup worker (its `evaluate`
// request, src/lib/dedup/protocol.ts), on FEBRL 1–4 with and without soc_sec_id and on the
// generated Vietnamese set — the sets and the code of `npm run dedup:eval`. Each set is also
// evaluated in Node with the same engine, and the row says whether the two agree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTs, root } from '../scripts/import-ts.mjs';
import { dedupWorkerPath } from './dedup.mjs';

/** The engine's evaluation code and the labelled sets, as `npm run dedup:eval` has them. */
const loadEngine = () =>
	importTs('bench-quality', {
		lines: [
			"export * from './src/lib/dedup/evaluate';",
			"export * from './src/lib/dedup/vn-testset';"
		]
	});

function labelledSets(engine) {
	const dir = join(root, 'tests/fixtures/febrl');
	const febrl = (file, withId, source) =>
		engine.febrlRecords(readFileSync(join(dir, file), 'utf8'), { withId, source });
	const sets = [];
	for (const withId of [true, false]) {
		const tag = withId ? '+ssid' : 'no ssid';
		for (const n of [1, 2, 3]) {
			sets.push({
				name: `FEBRL${n} (${tag})`,
				records: febrl(`dataset${n}.csv`, withId),
				linkage: false
			});
		}
		sets.push({
			name: `FEBRL4 a×b (${tag})`,
			records: [...febrl('dataset4a.csv', withId, 'a'), ...febrl('dataset4b.csv', withId, 'b')],
			linkage: true
		});
	}
	sets.push({
		name: 'VN set (seed 2025)',
		records: engine.generateVnTestSet({ seed: 2025, people: 20000 }),
		linkage: false
	});
	return sets;
}

/** What must agree between the browser and Node (times aside). */
const FIELDS = ['comparisons', 'blockedTruePairs', 'truePairs', 'proposed', 'truePositives'];

export async function benchDedupQuality(page, { base }) {
	const engine = await loadEngine();
	const url = dedupWorkerPath();
	await page.goto(`${base}/settings`);
	const out = [];
	for (const set of labelledSets(engine)) {
		const start = Date.now();
		const browser = await page.evaluate(
			async ({ url, set }) => {
				const worker = new Worker(url, { type: 'module', name: 'dedup' });
				try {
					return await new Promise((resolve, reject) => {
						worker.addEventListener('message', (e) => {
							if (e.data.type === 'evaluated') resolve(e.data.evaluation);
							else if (e.data.type === 'failed') reject(new Error(e.data.error.message));
						});
						worker.addEventListener('error', (e) => reject(new Error(e.message)));
						worker.postMessage({
							type: 'evaluate',
							id: 1,
							dataset: set.name,
							records: set.records,
							linkage: set.linkage
						});
					});
				} finally {
					worker.terminate();
				}
			},
			{ url, set }
		);
		const wallMs = Date.now() - start;
		const node = await engine.evaluate(set.name, set.records, { linkage: set.linkage });
		const differs = FIELDS.filter((k) => browser[k] !== node[k]);
		out.push({ name: set.name, wallMs, browser, node, differs });
		console.log(
			`  dedup-quality ${set.name}: F1 ${browser.f1.toFixed(4)}, blocking recall ${(browser.blockingRecall * 100).toFixed(2)}%, ${browser.ms.toFixed(0)} ms in the worker${differs.length ? `; differs from Node in ${differs.join(', ')}` : ''}`
		);
	}
	return out;
}
