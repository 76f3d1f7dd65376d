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

if (missing || stale) {
	console.log(missing ? 'Installing packages (first run)…' : 'Updating packages…');
	execSync(
		existsSync(lock) && missing
			? 'npm ci --no-audit --no-fund'
			: 'npm install --no-audit --no-fund',
		{
			cwd: root,
			stdio: 'inherit'
		}
	);
}
