/**
 * The Duplicates page's state: a scan in its own worker (made for the scan and ended after it,
 * so the memory a large book needs is given back), its progress and cancelling, the proposed
 * groups with their customers, and what the person decides about each group (merge, or "not
 * duplicates", remembered). Module-level, so the results survive a visit to a customer's page.
 * The groups shown follow the book live (Dexie's liveQuery over their customers and the
 * remembered "not duplicates"): a merge or a dismissal takes a group away, and its undo — Ctrl+Z
 * here, or in another tab — brings it back, without a new scan.
 */
import { liveQuery, type Subscription } from 'dexie';
import { clusterAt, clusterCount, createDedupClient, type PackedClusters } from '$lib/dedup/client';
import type { Band, DedupCluster, MatchField } from '$lib/dedup/types';
import { getDb } from '$lib/db/db';
import { mergeCustomers, type MergeResult } from '$lib/db/merge';
import { listNotDuplicates, markNotDuplicates, pairsAmong } from '$lib/db/not-duplicates';
import type { Customer } from '$lib/domain/types';
import type { MergeChoices } from './merge-plan';

export interface ClusterView {
	/** Stable within one scan: the ids joined. */
	key: string;
	score: number;
	band: Band;
	/** Fields that agreed in at least one pair, most frequent first. */
	matched: MatchField[];
	conflicts: MatchField[];
	/** Its live customers, in the engine's order (best connected first). */
	customers: Customer[];
}

export type ScanStatus = 'idle' | 'reading' | 'comparing' | 'done' | 'cancelled' | 'failed';

/** Groups shown at a time; more on request, so a huge book does not load thousands of records. */
const PAGE = 50;

/** The groups' indexes: likely before review, then the surest first. */
export function byConfidence(p: PackedClusters): number[] {
	const order = Array.from({ length: clusterCount(p) }, (_, k) => k);
	return order.sort((x, y) => p.likely[y] - p.likely[x] || p.score[y] - p.score[x]);
}

/** The fields named by a cluster's pairs, the most often named first. */
function fieldsOf(pairs: DedupCluster['pairs'], pick: 'matched' | 'conflicts'): MatchField[] {
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- local tally, never rendered
	const counts = new Map<MatchField, number>();
	for (const p of pairs) for (const f of p[pick]) counts.set(f, (counts.get(f) ?? 0) + 1);
	return [...counts].sort((x, y) => y[1] - x[1]).map(([f]) => f);
}

export class DuplicatesState {
	status = $state<ScanStatus>('idle');
	/** Customers read so far (reading), or work done and its total (comparing). */
	done = $state(0);
	total = $state(0);
	error = $state('');
	views = $state.raw<ClusterView[]>([]);
	/** Scans finished since the page was loaded (lets a test or a screen reader tell two apart). */
	finished = $state(0);
	/**
	 * Every proposed group of the last scan, packed, and the order they are shown in; `views`
	 * holds the loaded front of it.
	 */
	#found: PackedClusters | null = null;
	#order = $state.raw<number[]>([]);
	/** The first groups of that order, made when first shown. */
	#made: DedupCluster[] = [];
	#loaded = $state(0);
	#abort: AbortController | null = null;
	#watch: Subscription | null = null;
	/** Counts showMore calls: only the latest may show its groups or keep a subscription. */
	#generation = 0;

	readonly running = $derived(this.status === 'reading' || this.status === 'comparing');
	readonly more = $derived(this.#loaded < this.#order.length);

	async scan(): Promise<void> {
		if (this.running) return;
		const abort = new AbortController();
		this.#abort = abort;
		this.status = 'reading';
		this.done = 0;
		this.total = 0;
		this.error = '';
		const client = createDedupClient();
		try {
			const dismissed = await listNotDuplicates();
			const result = await client.scan({
				dismissed,
				signal: abort.signal,
				onProgress: (done, total) => {
					this.status = total === 0 ? 'reading' : 'comparing';
					this.done = done;
					this.total = total;
				}
			});
			this.#found = result.clusters;
			this.#made = [];
			this.#order = byConfidence(result.clusters);
			this.#loaded = 0;
			await this.showMore();
			this.status = 'done';
			this.finished++;
		} catch (e) {
			if (abort.signal.aborted) this.status = 'cancelled';
			else {
				console.error(e);
				this.status = 'failed';
				this.error = e instanceof Error ? e.message : String(e);
			}
		} finally {
			client.dispose();
			if (this.#abort === abort) this.#abort = null;
		}
	}

	cancel(): void {
		this.#abort?.abort();
	}

	/**
	 * Shows the next page of groups, and follows the book from then on: a group is shown with
	 * its live customers while it has two or more, and not all of their pairs were said not to
	 * be duplicates.
	 */
	async showMore(): Promise<void> {
		const generation = ++this.#generation;
		this.#loaded = Math.min(this.#order.length, this.#loaded + PAGE);
		const found = this.#found;
		if (found !== null) {
			for (let k = this.#made.length; k < this.#loaded; k++) {
				this.#made.push(clusterAt(found, this.#order[k]));
			}
		}
		const shown = this.#made.slice(0, this.#loaded);
		const views = await viewsOf(shown);
		if (generation !== this.#generation) return;
		this.#watch?.unsubscribe();
		this.views = views;
		this.#watch = liveQuery(() => viewsOf(shown)).subscribe({
			next: (next) => {
				if (generation === this.#generation) this.views = next;
			},
			// The list then stays as it is until the next scan; said in the console.
			error: (e: unknown) => console.error(e)
		});
	}

	#drop(key: string): void {
		this.views = this.views.filter((v) => v.key !== key);
	}

	/** "Không trùng": remembered for every pair of the group, which leaves the list. */
	async dismiss(view: ClusterView): Promise<void> {
		await markNotDuplicates(view.customers.map((c) => c.id));
		this.#drop(view.key);
	}

	async merge(view: ClusterView, keepId: string, choices: MergeChoices): Promise<MergeResult> {
		const mergeIds = view.customers.map((c) => c.id).filter((id) => id !== keepId);
		const result = await mergeCustomers({ keepId, mergeIds, choices });
		this.#drop(view.key);
		return result;
	}
}

export const duplicates = new DuplicatesState();

/** The groups as shown: their live customers, read together; groups no longer whole left out. */
async function viewsOf(groups: readonly DedupCluster[]): Promise<ClusterView[]> {
	const db = getDb();
	const rows = await db.customers.bulkGet(groups.flatMap((c) => c.ids));
	const dismissed = new Set(await listNotDuplicates());
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- local lookup, never rendered
	const byId = new Map<string, Customer>();
	for (const r of rows) if (r && r.deletedAt === undefined) byId.set(r.id, r);
	const views: ClusterView[] = [];
	for (const c of groups) {
		const customers = c.ids.flatMap((id) => byId.get(id) ?? []);
		if (customers.length < 2) continue;
		const ids = customers.map((x) => x.id);
		if (pairsAmong(ids).every((k) => dismissed.has(k))) continue;
		views.push({
			key: c.ids.join('|'),
			score: c.score,
			band: c.band,
			matched: fieldsOf(c.pairs, 'matched'),
			conflicts: fieldsOf(c.pairs, 'conflicts'),
			customers
		});
	}
	return views;
}
