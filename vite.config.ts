import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
	version: string;
};

export default defineConfig({
	define: {
		__APP_VERSION__: JSON.stringify(pkg.version)
	},
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// Vietnamese unless the user picked English in Settings (kept in localStorage).
			strategy: ['localStorage', 'baseLocale']
		}),
		sveltekit(),
		SvelteKitPWA({
			// The user decides when a new version takes over: never mid-edit.
			registerType: 'prompt',
			injectRegister: false,
			kit: { adapterFallback: 'index.html', spa: true },
			manifest: {
				name: 'Sổ Khách',
				short_name: 'Sổ Khách',
				description: 'Sổ khách hàng cho cửa hàng nhỏ — chạy trên máy, không cần mạng.',
				lang: 'vi',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				background_color: '#fffaf3',
				theme_color: '#0f766e',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
					{
						src: '/icons/icon-maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			},
			workbox: {
				globPatterns: ['client/**/*.{js,css,html,ico,png,svg,webp,woff2,webmanifest}'],
				maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
				cleanupOutdatedCaches: true
			}
		})
	],
	worker: {
		format: 'es'
	},
	server: { port: 5173 },
	preview: { port: 4173, strictPort: true }
});
