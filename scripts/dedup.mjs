#!/usr/bin/env node
// `npm run --silent dedup -- customers.csv`: the duplicate engine from the command line. The
// engine is TypeScript under src/lib/dedup; esbuild bundles it for Node first (a few hundred
// milliseconds), so nothing but Node and the installed dev dependencies is needed.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'node_modules', '.cache', 'dedup');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, `cli-${process.pid}.mjs`);

await build({
	entryPoints: [join(root, 'src/lib/dedup/cli.ts')],
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	outfile,
	alias: { $lib: join(root, 'src/lib') },
	logLevel: 'error'
});

try {
	const { main } = await import(pathToFileURL(outfile).href);
	process.exitCode = await main(process.argv.slice(2));
} finally {
	const { rmSync } = await import('node:fs');
	rmSync(outfile, { force: true });
}
