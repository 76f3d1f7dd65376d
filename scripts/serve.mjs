// Serves the built app (build/) the way a static host would: real files first, index.html for
// every other path (the SPA fallback). No dependencies, so it runs right after the build.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.webmanifest': 'application/manifest+json; charset=utf-8',
	'.png': 'image/png',
	'.svg': 'image/svg+xml',
	'.ico': 'image/x-icon',
	'.woff2': 'font/woff2',
	'.wasm': 'application/wasm',
	'.txt': 'text/plain; charset=utf-8'
};

function fileAt(root, pathname) {
	const target = normalize(join(root, decodeURIComponent(pathname)));
	if (!target.startsWith(root)) return null;
	try {
		const s = statSync(target);
		if (s.isFile()) return target;
		if (s.isDirectory()) {
			const index = join(target, 'index.html');
			if (statSync(index).isFile()) return index;
		}
	} catch {
		// not found
	}
	return null;
}

/** Starts the server and resolves with it once it listens. */
export function serve({ dir = 'build', port = 4173, host = 'localhost' } = {}) {
	const root = resolve(dir);
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const file = fileAt(root, url.pathname) ?? join(root, 'index.html');
		const type = TYPES[extname(file)] ?? 'application/octet-stream';
		// Hashed assets never change; everything else (index.html, sw.js, manifest) must revalidate
		// so a new version is noticed.
		const immutable = url.pathname.startsWith('/_app/immutable/');
		res.writeHead(200, {
			'Content-Type': type,
			'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
			'X-Content-Type-Options': 'nosniff'
		});
		if (req.method === 'HEAD') return res.end();
		createReadStream(file).pipe(res);
	});
	return new Promise((ok, fail) => {
		server.once('error', fail);
		server.listen(port, host, () => ok(server));
	});
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const port = Number(process.env.PORT ?? process.argv[2] ?? 4173);
	await serve({ port });
	console.log(`Serving build/ on http://localhost:${port}`);
}
