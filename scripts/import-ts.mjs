// Runs the app's TypeScript modules in Node for the command-line tools and the benches: esbuild
// bundles them (the `$lib` alias resolved; a few hundred milliseconds), the bundle is imported and
// then deleted, so nothing but Node and the installed dev dependencies is needed.
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The module made of `lines` (export statements, resolved from the repository's root), or of the
 * file `entry`. `tag` names the bundle while it exists (node_modules/.cache/dedup).
 */
export async function importTs(tag, { lines, entry }) {
	const outdir = join(root, 'node_modules', '.cache', 'dedup');
	mkdirSync(outdir, { recursive: true });
	const outfile = join(outdir, `${tag}-${process.pid}.mjs`);
	await build({
		...(entry === undefined
			? { stdin: { contents: lines.join('\n'), resolveDir: root, loader: 'ts' } }
			: { entryPoints: [entry] }),
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile,
		alias: { $lib: join(root, 'src/lib') },
		logLevel: 'error'
	});
	try {
		return await import(pathToFileURL(outfile).href);
	} finally {
		rmSync(outfile, { force: true });
	}
}
