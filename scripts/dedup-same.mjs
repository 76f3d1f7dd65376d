#!/usr/bin/env node
// `node scripts/dedup-same.mjs <old engine dir>`: checks that a change to the duplicate engine
// left its proposals alone. Bundles the engine twice — from the given directory (a copy of
// src/lib/dedup taken before the change) and from src/lib/dedup — runs both on the same fixed
// inputs (FEBRL 1–4 with and without soc_sec_id, the Vietnamese test set, a generated book with
// phones in E.164 as the app stores them, 30,000 customers of the sample shop, and on-entry
// checks against an index of the generated book) and
// compares every proposed pair with its exact weight, score, band and fields, the number of
// pairs compared and the duplicate rate. Prints "same" or the first differences; exit code 1
// when anything differs. `--people N` sets the size of the Vietnamese set (default 20,000).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importTs, root } from './import-ts.mjs';

const args = process.argv.slice(2);
const option = (name) => {
	const i = args.indexOf(name);
	return i < 0 ? undefined : args[i + 1];
};
const oldDir = args.find((a, i) => !a.startsWith('-') && !args[i - 1]?.startsWith('--'));
if (oldDir === undefined) {
	console.error('Usage: node scripts/dedup-same.mjs <copy of src/lib/dedup before the change>');
	process.exit(2);
}
const people = Number(option('--people') ?? 20000);

function load(dir, tag) {
	return importTs(`same-${tag}`, {
		lines: [
			`export * from ${JSON.stringify(join(dir, 'evaluate'))};`,
			`export * from ${JSON.stringify(join(dir, 'vn-testset'))};`,
			`export { scanRecords } from ${JSON.stringify(join(dir, 'engine'))};`,
			`export { createDedupIndex } from ${JSON.stringify(join(dir, 'index'))};`,
			`export { customerToDedupRecord } from ${JSON.stringify(join(dir, 'adapter'))};`,
			`export { generateSample } from ${JSON.stringify(join(root, 'src/lib/sample/generate'))};`
		]
	});
}

const before = await load(resolve(oldDir), 'old');
const after = await load(join(root, 'src/lib/dedup'), 'new');

// Inputs are made once, by the old code, and handed to both.
const febrlDir = join(root, 'tests/fixtures/febrl');
const febrl = (file, withId, source) =>
	before.febrlRecords(readFileSync(join(febrlDir, file), 'utf8'), { withId, source });
const e164 = (raw) => {
	const digits = raw.replace(/\D/g, '');
	if (raw.trim().startsWith('+')) return '+' + digits;
	if (digits.startsWith('84') && digits.length >= 11) return '+' + digits;
	return '+84' + digits.replace(/^0/, '');
};
const inputs = [];
for (const withId of [true, false]) {
	for (const n of [1, 2, 3]) inputs.push([`FEBRL${n} ${withId}`, febrl(`dataset${n}.csv`, withId)]);
	inputs.push([
		`FEBRL4 ${withId}`,
		[...febrl('dataset4a.csv', withId, 'a'), ...febrl('dataset4b.csv', withId, 'b')]
	]);
}
inputs.push(['VN', before.generateVnTestSet({ seed: 2025, people })]);
const stored = before
	.generateVnTestSet({ seed: 7, people: 20000 })
	.map((r) => ({ ...r, phones: r.phones.map(e164) }));
inputs.push(['VN stored', stored.slice(0, 30000)]);
// The sample shop (what npm run bench seeds): second phones, possible landlines, many emails.
const shop = [];
const chunks = before.generateSample({
	seed: 20261126,
	customers: 30000,
	today: '2026-11-26',
	withPurchases: false
});
for (const chunk of chunks)
	for (const c of chunk.customers) shop.push(before.customerToDedupRecord(c));
inputs.push(['sample shop', shop]);

/** Everything a scan proposes, in a form two runs can be compared by. */
function scanLines(result) {
	const lines = [
		`comparisons ${result.stats.comparisons} largeBlocks ${result.stats.largeBlocks} rate ${result.stats.duplicateRate}`
	];
	for (const c of result.clusters) {
		lines.push(`cluster ${c.ids.join(' ')} ${c.score} ${c.band}`);
		for (const p of c.pairs) {
			lines.push(
				`  ${p.a} ${p.b} ${p.score} ${p.weight} ${p.band} ${p.matched.join('+')} ${p.conflicts.join('+')}`
			);
		}
	}
	return lines;
}

function entryLines(engine) {
	const book = stored.slice(0, 30000);
	const drafts = stored.slice(30000, 30300).map((r) => ({ ...r, id: '' }));
	const index = engine.createDedupIndex(book);
	const lines = [`size ${index.size}`];
	for (const d of drafts) {
		for (const p of index.candidatesFor(d, 5)) {
			lines.push(`${d.name}: ${p.b} ${p.score} ${p.weight} ${p.matched.join('+')}`);
		}
	}
	// Kept current: a customer changed and one removed, then the same drafts again.
	index.update({ ...book[5], name: book[7].name });
	index.remove(book[9].id);
	for (const d of drafts.slice(0, 50)) {
		for (const p of index.candidatesFor(d, 5)) lines.push(`again ${d.name}: ${p.b} ${p.score}`);
	}
	return lines;
}

function compare(name, a, b) {
	if (a.length === b.length && a.every((line, i) => line === b[i])) {
		console.log(`${name}: same (${a.length} lines)`);
		return true;
	}
	console.log(`${name}: DIFFERENT (${a.length} → ${b.length} lines)`);
	let shown = 0;
	for (let i = 0; i < Math.max(a.length, b.length) && shown < 5; i++) {
		if (a[i] !== b[i]) {
			console.log(`  - ${a[i]}\n  + ${b[i]}`);
			shown++;
		}
	}
	return false;
}

let same = true;
for (const [name, records] of inputs) {
	const x = scanLines(await before.scanRecords(records));
	const y = scanLines(await after.scanRecords(records));
	same = compare(name, x, y) && same;
}
same = compare('on entry', entryLines(before), entryLines(after)) && same;
console.log(same ? 'same' : 'DIFFERENT');
process.exitCode = same ? 0 : 1;
