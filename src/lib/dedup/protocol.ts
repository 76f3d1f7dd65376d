/**
 * The messages between the page (client.ts) and the dedup worker (worker.ts).
 */
import type { CustomerForDedup } from './adapter';
import type { Evaluation, LabelledRecord } from './evaluate';
import type { PackedClusters } from './packed-clusters';
import type { DedupRecord, ScanStats, ScoredPair } from './types';

export type DedupRequest =
	/**
	 * Scan every customer not in the trash; never propose a dismissed pair (`pairKey`). `alone`:
	 * without the helper worker a large book otherwise gets (to measure what it brings).
	 * `prepareSplitFrom`: from how many customers the helper prepares half the book (the tests
	 * lower it, ScanOptions).
	 */
	| {
			type: 'scan';
			id: number;
			dismissed: string[];
			alone?: boolean;
			prepareSplitFrom?: number;
	  }
	/** On-entry check of one record being typed; builds the index on first use. */
	| { type: 'check'; id: number; draft: DedupRecord; limit: number }
	/** Keeps the on-entry index current after the page wrote customers. */
	| { type: 'update'; id: number; customers: CustomerForDedup[]; removed: string[] }
	/** Measures the engine on labelled records (the benchmark, in real Chromium). */
	| { type: 'evaluate'; id: number; dataset: string; records: LabelledRecord[]; linkage: boolean }
	| { type: 'cancel'; id: number };

/** A scan's result as it crosses to the page: its groups packed (packed-clusters.ts). */
export interface PackedScanResult {
	clusters: PackedClusters;
	stats: ScanStats;
}

export type DedupResponse =
	| { type: 'progress'; id: number; done: number; total: number }
	| { type: 'scanned'; id: number; result: PackedScanResult }
	| { type: 'checked'; id: number; matches: ScoredPair[] }
	| { type: 'updated'; id: number }
	| { type: 'evaluated'; id: number; evaluation: Evaluation }
	| { type: 'failed'; id: number; error: { kind: 'cancelled' | 'unknown'; message: string } };

export function serializeDedupError(e: unknown): {
	kind: 'cancelled' | 'unknown';
	message: string;
} {
	const name = typeof e === 'object' && e !== null ? (e as { name?: unknown }).name : undefined;
	const message = e instanceof Error ? e.message : String(e);
	return { kind: name === 'AbortError' ? 'cancelled' : 'unknown', message };
}
