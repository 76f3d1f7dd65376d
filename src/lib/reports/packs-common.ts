/**
 * What the packs' reading sides share (packs-facts.ts, packs-days.ts, packs-read.ts): progress
 * and cost, cancelling, and the check that the blocks' numbering has not changed under a request.
 */
import type { SoKhachDB } from '$lib/db/db';
import { kindRange, META_KEY, type PacksMeta } from '$lib/db/packs';

export interface PackProgress {
	onProgress?: (done: number, total: number) => void;
	signal?: AbortSignal;
}

export interface PackCost {
	/** Customers whose facts were packed again (all of them on a full rebuild). */
	factsPacked: number;
	/** Day packs rebuilt. */
	daysRebuilt: number;
}

/** The blocks a request loaded were built again, with new ordinals, by another tab meanwhile. */
const STALE = 'StaleOrdinals';

function staleOrdinals(): Error {
	const e = new Error('The packs were rebuilt meanwhile');
	e.name = STALE;
	return e;
}

/** Whether `e` is staleOrdinals(), as thrown or as withDb wraps it. */
export function isStale(e: unknown): boolean {
	const named = (x: unknown) => x instanceof Error && x.name === STALE;
	return named(e) || (e instanceof Error && named(e.cause));
}

/** Refuses, in a transaction, to go on with ordinals of a numbering no longer stored. */
export async function sameEpoch(db: SoKhachDB, epoch: string | undefined): Promise<void> {
	const meta = (await db.packs.get(META_KEY)) as PacksMeta | undefined;
	if (meta === undefined || meta.epoch !== epoch) throw staleOrdinals();
}

export function abortError(): Error {
	const e = new Error('Report cancelled');
	e.name = 'AbortError';
	return e;
}

export const rowsOf = (db: SoKhachDB, kind: string, sub?: string) => {
	const [lo, hi] = kindRange(kind, sub);
	return db.packs.where(':id').between(lo, hi, true, false);
};
