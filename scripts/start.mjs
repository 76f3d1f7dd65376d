// `npm start`: build the production app and serve it on http://localhost:4173.
import { build } from 'vite';
import { serve } from './serve.mjs';

const port = 4173;
console.log('Building Sổ Khách…');
await build({ logLevel: 'warn' });
const server = await serve({ port }).catch((e) => {
	console.error(
		e.code === 'EADDRINUSE' ? `Port ${port} is already in use: stop the other server first.` : e
	);
	process.exit(1);
});
console.log(
	`\n  Sổ Khách is running at http://localhost:${port}\n  Open it in Chrome or Edge; press Ctrl+C to stop.\n`
);
process.on('SIGINT', () => server.close(() => process.exit(0)));
