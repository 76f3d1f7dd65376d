#!/usr/bin/env node
// `npm run --silent dedup -- customers.csv`: the duplicate engine from the command line. The
// engine is TypeScript under src/lib/dedup; esbuild bundles it for Node first (a few hundred
// milliseconds), so nothing but Node and the installed dev dependencies is needed.
import { join } from 'node:path';
import { importTs, root } from './import-ts.mjs';

const { main } = await importTs('cli', { entry: join(root, 'src/lib/dedup/cli.ts') });
process.exitCode = await main(process.argv.slice(2));
