// Installs the project's packages when they are missing or older than package-lock.json, so that
// `npm start` and `npm test` work on a fresh clone with nothing but Node and npm.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');

const missing = !existsSync(marker);
const stale = !missing && existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs;

const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });

if (missing || stale) {
	console.log(missing ? 'Installing packages (first run)…' : 'Updating packages…');
	try {
		// The exact versions of package-lock.json on a fresh clone…
		run(
			missing && existsSync(lock)
				? 'npm ci --no-audit --no-fund'
				: 'npm install --no-audit --no-fund'
		);
	} catch {
		// …unless npm refuses its own lock file: it leaves other platforms' optional packages out
		// of it (npm/cli#4828), and `npm ci` then calls the lock out of sync. `npm install` keeps
		// the versions the lock names and installs what this platform needs.
		console.log('npm ci refused the lock file; installing with npm install instead…');
		run('npm install --no-audit --no-fund');
	}
}
