import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { m } from '$lib/i18n';
import { batchLabel } from './undo';

const before = getLocale;
afterEach(() => overwriteGetLocale(before));

/** Every `'change_…'` label a repository passes to runBatch, read from the sources. */
function labelsInSources(): string[] {
	const root = fileURLToPath(new URL('../', import.meta.url));
	const found = new Set<string>();
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
				const text = readFileSync(path, 'utf8');
				for (const match of text.matchAll(/runBatch\(\s*'(change_[a-z_]+)'/g)) found.add(match[1]);
				for (const match of text.matchAll(/^\s+'(change_[a-z_]+)',$/gm)) found.add(match[1]);
			}
		}
	};
	walk(root);
	return [...found].sort();
}

// System batches: written by the app, not offered to Ctrl+Z.
const SYSTEM = new Set(['change_daily_care', 'change_template_seed']);

describe('undo toasts', () => {
	it('say what every user action was, never "một thay đổi"', () => {
		overwriteGetLocale(() => 'vi');
		const labels = labelsInSources().filter((l) => !SYSTEM.has(l));
		expect(labels).toContain('change_paste');
		for (const label of labels) {
			expect(batchLabel({ label, params: { count: 2 } }), label).not.toBe(m.change_other());
		}
	});

	it('name the field, the stage and the count of a bulk edit', () => {
		overwriteGetLocale(() => 'vi');
		expect(batchLabel({ label: 'change_bulk_stage', params: { stage: 'care', count: 3 } })).toBe(
			'chuyển 3 khách sang giai đoạn Cần chăm sóc'
		);
		expect(batchLabel({ label: 'change_paste', params: { count: 12 } })).toBe('dán vào 12 khách');
		expect(
			batchLabel({ label: 'change_bulk_field', params: { field: 'source', count: 4 } })
		).toMatch(/^sửa .+ của 4 khách$/);
	});
});
