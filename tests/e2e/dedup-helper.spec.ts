import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

/**
 * A large book's duplicate scan shares comparing with a second worker (src/lib/dedup/helper.ts),
 * started by the dedup worker itself. In the built app, in Chromium: the Duplicates page's scan
 * starts it, and a scan with it finds exactly what a scan without it finds.
 */

/** The built dedup worker, found by a text only it holds (as bench/workers.mjs does). */
function dedupWorkerUrl(): string {
	const dir = join('build', '_app', 'immutable', 'workers');
	const found = readdirSync(dir).filter((f) =>
		readFileSync(join(dir, f), 'utf8').includes('The duplicate scan was cancelled.')
	);
	expect(found).toHaveLength(1);
	return `/_app/immutable/workers/${found[0]}`;
}

test('a scan of 6,000 customers shares comparing with a helper worker and finds the same', async ({
	page
}) => {
	test.setTimeout(180_000);
	const workers: string[] = [];
	page.on('worker', (w) => workers.push(w.url()));
	await page.goto('/welcome?customers=6000');
	await page.getByTestId('load-sample').click();
	await page.waitForURL((u) => u.pathname === '/', { timeout: 120_000 });

	await test.step('the Duplicates page scan starts the helper', async () => {
		await page.getByRole('link', { name: 'Trùng lặp' }).click();
		await page.waitForURL('**/duplicates');
		const status = page.getByTestId('dup-status');
		await page.getByTestId('dup-scan').click();
		await expect(status).toHaveAttribute('data-finished', '1', { timeout: 60_000 });
		await expect(status).toContainText(/^\s*[\d.]+ nhóm có thể trùng/);
		expect(
			workers.some((url) => url.includes('/dedup-helper') || url.includes('helper-worker'))
		).toBe(true);
	});

	await test.step('with the helper, with it preparing half the book, and without it, the same groups', async () => {
		const runs = await page.evaluate(async (url) => {
			const scan = (options: { alone?: boolean; prepareSplitFrom?: number }) =>
				new Promise<{
					helped: number;
					preparedByHelper: number;
					records: number;
					comparisons: number;
					groups: number;
					clusters: string;
				}>((resolve, reject) => {
					const worker = new Worker(url, { type: 'module' });
					worker.addEventListener('message', (e) => {
						const msg = e.data;
						if (msg.type === 'scanned') {
							worker.terminate();
							resolve({
								helped: msg.result.stats.helped,
								preparedByHelper: msg.result.stats.preparedByHelper,
								records: msg.result.stats.records,
								comparisons: msg.result.stats.comparisons,
								groups: msg.result.clusters.score.length,
								clusters: JSON.stringify(msg.result.clusters)
							});
						} else if (msg.type === 'failed') reject(new Error(msg.error.message));
					});
					worker.postMessage({ type: 'scan', id: 1, dismissed: [], ...options });
				});
			return {
				shared: await scan({}),
				// The split lowered from 20,000 so that this book reaches it.
				split: await scan({ prepareSplitFrom: 1000 }),
				alone: await scan({ alone: true })
			};
		}, dedupWorkerUrl());
		expect(runs.shared.records).toBe(6000);
		// How many of the 24 ranges the helper takes depends on how busy each worker's core is
		// (6–12 alone, 2 beside another test's browser): that it took part is what is asserted.
		expect(runs.shared.helped).toBeGreaterThan(0);
		expect(runs.alone.helped).toBe(0);
		expect(runs.shared.comparisons).toBe(runs.alone.comparisons);
		expect(runs.shared.groups).toBeGreaterThan(100);
		expect(runs.shared.clusters).toBe(runs.alone.clusters);
		expect(runs.shared.preparedByHelper).toBe(0);
		expect(runs.split.preparedByHelper).toBe(3000);
		expect(runs.split.helped).toBeGreaterThan(0);
		expect(runs.split.comparisons).toBe(runs.alone.comparisons);
		expect(runs.split.clusters).toBe(runs.alone.clusters);
	});

	await test.step('a cancel sent while the book is prepared stops the scan', async () => {
		const outcome = await page.evaluate(
			(url) =>
				new Promise<{ type: string; kind?: string; progressed: number }>((resolve) => {
					const worker = new Worker(url, { type: 'module' });
					let progressed = 0;
					worker.addEventListener('message', (e) => {
						const msg = e.data;
						if (msg.type === 'progress' && msg.total > 0) {
							// The first report of the preparing: the scan is in its loop now.
							if (progressed++ === 0) worker.postMessage({ type: 'cancel', id: 1 });
						} else if (msg.type === 'scanned' || msg.type === 'failed') {
							worker.terminate();
							resolve({ type: msg.type, kind: msg.error?.kind, progressed });
						}
					});
					worker.postMessage({ type: 'scan', id: 1, dismissed: [] });
				}),
			dedupWorkerUrl()
		);
		expect(outcome).toMatchObject({ type: 'failed', kind: 'cancelled' });
		expect(outcome.progressed).toBeGreaterThan(0);
	});
});
