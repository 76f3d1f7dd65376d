import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// Unit tests need SvelteKit's $lib alias but not the PWA or i18n build plugins (whose file
// watchers would keep the test process alive); messages are compiled by `npm run i18n` first.
export default defineConfig({
	plugins: [sveltekit()],
	define: { __APP_VERSION__: JSON.stringify('test') },
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/unit/**/*.test.ts'],
		environment: 'node',
		setupFiles: ['./src/test-setup.ts'],
		// Worker threads start faster than forked processes: about 8% off the suite here.
		pool: 'threads'
	}
});
