/**
 * The shapes the duplicate engine works with. Plain data only, so that records, results and
 * options cross a worker boundary with structured clone.
 */
import type { CompareHelper } from './helper';

/** One customer as the engine sees it: text as typed (or already normalised), any part empty. */
export interface DedupRecord {
	id: string;
	/** Full name, possibly with an honorific ("chị Hương") and in either order. */
	name: string;
	/** Phones as typed or E.164; a cell holding several numbers may be one string. */
	phones: string[];
	emails: string[];
	/** One line: street number, street, ward, district, city in any common spelling. */
	address: string;
	/** ISO `yyyy-mm-dd`, `--mm-dd`, `yyyymmdd`, `dd/mm/yyyy` or empty. */
	birthday: string;
	/** The stored honorific (anh, chị…) when the app keeps it apart from the name. */
	salutation?: string;
	/** Another identifier that is nearly unique per person (FEBRL's soc_sec_id, a member card). */
	extraId?: string;
}

/** The fields a pair is compared on; codes the UI translates. */
export type MatchField = 'name' | 'phone' | 'email' | 'address' | 'birthday' | 'extraId' | 'gender';

/** Every MatchField, in the order pairs list them; bit k of a field mask is MATCH_FIELDS[k]. */
export const MATCH_FIELDS: readonly MatchField[] = [
	'name',
	'phone',
	'email',
	'address',
	'birthday',
	'extraId',
	'gender'
];

/** The fields of a mask's low byte. */
export function fieldsOfMask(mask: number): MatchField[] {
	return MATCH_FIELDS.filter((_, k) => (mask & (1 << k)) !== 0);
}

/** likely: the evidence is strong; review: worth a look. Nothing is merged without a person. */
export type Band = 'likely' | 'review';

/** One proposed pair. */
export interface ScoredPair {
	a: string;
	b: string;
	/** Probability (0–1) that the two records are one customer. */
	score: number;
	/** Sum of the log2 Bayes factors (match weight), before the prior. */
	weight: number;
	band: Band;
	/** Fields whose agreement counted for the match. */
	matched: MatchField[];
	/** Fields whose disagreement counted against it. */
	conflicts: MatchField[];
}

export interface DedupCluster {
	/** Record ids, the best-connected first. */
	ids: string[];
	/** Average pair probability inside the cluster. */
	score: number;
	band: Band;
	/** Every pair inside the cluster, scored. */
	pairs: ScoredPair[];
}

export interface ScanStats {
	records: number;
	/** Distinct pairs that were compared. */
	comparisons: number;
	/** Blocks larger than the cap, compared by sorted neighbourhood instead of all pairs. */
	largeBlocks: number;
	/** Estimated share of duplicate pairs used as the prior (duplicate pairs per record). */
	duplicateRate: number;
	/** Ranges of the comparing pass a helper worker did (0: the scan ran alone). */
	helped: number;
	/** Records a helper worker prepared (0: every record was prepared by the scan's worker). */
	preparedByHelper: number;
	ms: { prepare: number; block: number; compare: number; cluster: number };
}

export interface ScanResult {
	clusters: DedupCluster[];
	stats: ScanStats;
}

export interface ScanOptions {
	/** Pair keys (`pairKey(a, b)`) the user said are not duplicates: never proposed. */
	dismissed?: ReadonlySet<string>;
	/** Called with work done, out of `total`, now and then. */
	onProgress?: (done: number, total: number) => void;
	signal?: AbortSignal;
	/** For evaluation: called for every pair that reached comparison (record indexes). */
	onCompared?: (i: number, j: number) => void;
	/**
	 * A second worker to share the pair passes with (helper.ts); not used with `onCompared`.
	 * The scan neither starts nor ends it.
	 */
	helper?: CompareHelper;
	/**
	 * With a helper, from how many records it prepares half of them (default
	 * engine.ts PREPARE_SPLIT_FROM; the tests lower it to reach it with small books).
	 */
	prepareSplitFrom?: number;
}
