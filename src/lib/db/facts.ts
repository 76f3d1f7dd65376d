/**
 * Customer facts: only what the whole-book passes need of a customer (the daily stage and RFM
 * recompute, the reports' customer measures). They are packed into the facts blocks
 * (packs.ts), which the passes read instead of the customers: a whole customer record is 4–5
 * times larger, and a whole-book read costs by the record and by the byte.
 *
 * Schema v5–v7 kept them as a store of their own, a record per customer written beside every
 * customer write; v8 dropped it, since that second request per customer cost an import of
 * 100,000 rows 9–13 s (docs/import-export.md). The blocks are built from the customers.
 */
import { isoDay } from './packs';
import type { Customer, PurchaseStats } from '$lib/domain/types';

/** Bits of `gaps`: what a customer's record lacks, for the data-quality measures. */
export const GAP_NO_PHONE = 1;
export const GAP_INVALID_PHONE = 2;
export const GAP_NO_BIRTHDAY = 4;
/**
 * Not a gap in the data-quality sense: the purchase stats' last day is not a real one (a
 * damaged or hand-edited backup). The stage recompute leaves such a customer as is and
 * reports them; the blocks keep no day for them.
 */
export const GAP_BAD_DATE = 8;

export interface CustomerFacts {
	id: string;
	stage: string | null;
	stageManual: boolean;
	stats: PurchaseStats;
	referredBy: string | null;
	createdAt: number;
	/** The valid phones (E.164), for "shares a phone with another customer". */
	phoneKeys: string[];
	/** GAP_* bits. */
	gaps: number;
	deletedAt?: number;
}

const NO_STATS: PurchaseStats = { count: 0, total: 0, first: null, last: null };

/** The facts of a stored customer; defensive, since older or restored records may lack fields. */
export function factsOf(c: Customer): CustomerFacts {
	const phones = Array.isArray(c.phones) ? c.phones : [];
	let gaps = 0;
	if (phones.length === 0) gaps |= GAP_NO_PHONE;
	if (phones.some((p) => p.e164 === null)) gaps |= GAP_INVALID_PHONE;
	if (!c.birthday) gaps |= GAP_NO_BIRTHDAY;
	const stats = c.stats ?? NO_STATS;
	// As the rules read them: only the last day is ever parsed (the first is copied into a
	// reason), and only for a customer who bought.
	if (stats.count > 0 && stats.last !== null && !Number.isFinite(isoDay(stats.last))) {
		gaps |= GAP_BAD_DATE;
	}
	const facts: CustomerFacts = {
		id: c.id,
		stage: c.stage ?? null,
		stageManual: c.stageManual === true,
		stats,
		referredBy: c.referredBy ?? null,
		createdAt: c.createdAt,
		phoneKeys: Array.isArray(c.phoneKeys) ? c.phoneKeys : [],
		gaps
	};
	if (c.deletedAt !== undefined) facts.deletedAt = c.deletedAt;
	return facts;
}
