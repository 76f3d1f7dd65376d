/**
 * The Duplicates page's list (duplicates.svelte.ts) follows the book: groups leave when merged
 * or dismissed and come back with the undo, and only the latest "show more" keeps a live
 * subscription (two at once used to leave one behind, which put an old scan's groups back on
 * the page after a rescan). The scan itself is stubbed: the engine has its own tests.
 */
import { beforeEach, expect, it, vi } from 'vitest';
import { resetDbForTests, type SoKhachDB } from '$lib/db/db';
import { undo } from '$lib/db/history';
import { customer } from '$lib/reports/packs-fixtures';
import { packClusters } from '$lib/dedup/packed-clusters';
import type { DedupCluster } from '$lib/dedup/types';

let clusters: DedupCluster[] = [];
vi.mock('$lib/dedup/client', async (original) => ({
	...(await original<typeof import('$lib/dedup/client')>()),
	createDedupClient: () => ({
		scan: async () => ({ clusters: packClusters(clusters) }),
		dispose() {}
	})
}));
const { DuplicatesState } = await import('./duplicates.svelte');

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
	clusters = [];
	for (let g = 0; g < 120; g++) {
		const ids = [`g${String(g).padStart(3, '0')}a`, `g${String(g).padStart(3, '0')}b`];
		await db.customers.bulkAdd(ids.map((id) => customer(id)));
		clusters.push({ ids, score: 0.9 - g / 1000, band: 'likely', pairs: [] });
	}
});

/** Lets liveQuery run again after a write. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

it('shows only the new scan’s groups after two "show more" at once and a rescan', async () => {
	const state = new DuplicatesState();
	await state.scan();
	await Promise.all([state.showMore(), state.showMore()]);
	await settle();
	clusters = clusters.slice(0, 3);
	await state.scan();
	await settle();
	const seen = [state.views.length];
	for (let k = 0; k < 3; k++) {
		await db.customers.update('g000a', { name: `Tên ${k}` });
		await settle();
		seen.push(state.views.length);
	}
	expect(seen).toEqual([3, 3, 3, 3]);
	expect(state.views[0].customers[0].name).toBe('Tên 2');
});

it('takes a dismissed group away and brings it back with the undo, without a rescan', async () => {
	clusters = clusters.slice(0, 2);
	const state = new DuplicatesState();
	await state.scan();
	expect(state.views.map((v) => v.key)).toEqual(['g000a|g000b', 'g001a|g001b']);
	await state.dismiss(state.views[0]);
	await settle();
	expect(state.views.map((v) => v.key)).toEqual(['g001a|g001b']);
	await undo();
	await settle();
	expect(state.views.map((v) => v.key)).toEqual(['g000a|g000b', 'g001a|g001b']);
});

it('shows likely groups first, then the surest', async () => {
	clusters = [
		{ ids: ['g000a', 'g000b'], score: 0.7, band: 'review', pairs: [] },
		{ ids: ['g001a', 'g001b'], score: 0.96, band: 'likely', pairs: [] },
		{ ids: ['g002a', 'g002b'], score: 0.9, band: 'review', pairs: [] },
		{ ids: ['g003a', 'g003b'], score: 0.99, band: 'likely', pairs: [] }
	];
	const state = new DuplicatesState();
	await state.scan();
	expect(state.views.map((v) => v.key)).toEqual([
		'g003a|g003b',
		'g001a|g001b',
		'g002a|g002b',
		'g000a|g000b'
	]);
});
