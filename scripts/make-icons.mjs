// Renders static/icons/icon.svg to the PNG icons the web manifest names, in Chromium.
// Run: node scripts/make-icons.mjs (the PNGs are committed; run again after editing the SVG).
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

const svg = readFileSync('static/icons/icon.svg', 'utf8');
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox']
});
const page = await browser.newPage();
async function render(size, file, maskable = false) {
	await page.setViewportSize({ width: size, height: size });
	// A maskable icon keeps its content in the inner 80% safe zone and fills the whole square.
	const inner = maskable ? Math.round(size * 0.72) : size;
	const bg = maskable ? '#0f766e' : 'transparent';
	await page.setContent(
		`<html><body style="margin:0;background:${bg};display:grid;place-items:center;width:${size}px;height:${size}px">` +
			`<img style="width:${inner}px;height:${inner}px" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></body></html>`
	);
	await page.screenshot({ path: file, omitBackground: !maskable });
}
await render(192, 'static/icons/icon-192.png');
await render(512, 'static/icons/icon-512.png');
await render(512, 'static/icons/icon-maskable-512.png', true);
await render(64, 'static/favicon.png');
await browser.close();
