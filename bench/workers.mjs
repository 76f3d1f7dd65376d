// Finds a built worker for the scenarios that speak a worker's protocol themselves.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The URL of the built worker whose code holds `marker`. Every worker is bundled as
 * `worker-<hash>.js`, so it is found by a text only it holds; the page's clients are not
 * reachable from a bench (they are inside the app's chunks), so the scenarios speak the clients'
 * protocols (src/lib/<area>/types.ts) themselves.
 */
export function builtWorkerPath(name, marker, buildDir = process.env.BENCH_BUILD ?? 'build') {
	const dir = join(buildDir, '_app', 'immutable', 'workers');
	const found = readdirSync(dir).filter((f) => readFileSync(join(dir, f), 'utf8').includes(marker));
	if (found.length !== 1) throw new Error(`${name} worker not found in ${dir} (${found})`);
	return `/_app/immutable/workers/${found[0]}`;
}
