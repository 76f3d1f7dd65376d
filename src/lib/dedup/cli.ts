/**
 * `npm run dedup -- file.csv`: reads customers from a CSV (header
 * `id,name,phone,email,address,birthday`, optionally `extra_id`; other columns ignored) and
 * prints every pair the app would propose, both bands, as `id_a,id_b,score`.
 */
import { readFileSync } from 'node:fs';
import { csvRecords, toCsv } from './csv';
import { scanRecords } from './engine';
import type { DedupRecord, ScanResult } from './types';

/** Maps CSV rows to engine records. */
export function recordsFromCsv(text: string): DedupRecord[] {
	return csvRecords(text).map((row, i) => ({
		id: row.id || String(i + 1),
		name: row.name ?? '',
		phones: row.phone ? [row.phone] : [],
		emails: row.email ? [row.email] : [],
		address: row.address ?? '',
		birthday: row.birthday ?? '',
		extraId: row.extra_id ?? row.extraid ?? row.soc_sec_id ?? ''
	}));
}

/** Every pair inside every proposed cluster, with its probability. */
export function pairsCsv(result: ScanResult): string {
	const rows: (string | number)[][] = [['id_a', 'id_b', 'score']];
	for (const cluster of result.clusters) {
		for (const pair of cluster.pairs) rows.push([pair.a, pair.b, pair.score.toFixed(4)]);
	}
	return toCsv(rows);
}

export async function main(args: readonly string[]): Promise<number> {
	const file = args.find((a) => !a.startsWith('-'));
	if (file === undefined) {
		process.stderr.write('Usage: npm run --silent dedup -- <customers.csv>\n');
		return 2;
	}
	const records = recordsFromCsv(readFileSync(file, 'utf8'));
	const result = await scanRecords(records);
	process.stdout.write(pairsCsv(result));
	if (args.includes('--stats')) process.stderr.write(JSON.stringify(result.stats) + '\n');
	return 0;
}
