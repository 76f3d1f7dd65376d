/**
 * Segments and RFM over the query index's slots. The index keeps columns, not customers, so a
 * segment's predicate (written against a customer) reads a slot through one reused view whose
 * getters look the values up; RFM is ranked from the index's purchase columns. Both live in the
 * query worker, so segments and scores follow every write the index follows.
 */
import {
	createRfmBuilder,
	RFM_SEGMENT_IDS,
	type RfmResult,
	type RfmScore,
	type ScoreRanges
} from '$lib/domain/rfm';
import {
	compileSegment,
	type RfmSource,
	type SegmentContext,
	type SegmentCustomer,
	type SegmentDefinition
} from '$lib/domain/segments';
import type { Customer, PurchaseStats } from '$lib/domain/types';
import { ymdString } from './dates';

/** What the index lends the segment view: its arrays as they are now (they are replaced on growth). */
export interface SlotSource {
	/** Slots below this have been used; `alive` says which hold a customer. */
	high(): number;
	alive(slot: number): boolean;
	readonly ids: readonly string[];
	stage(slot: number): string | null;
	tagIds(slot: number): readonly string[];
	/** As stored: folded for source and district, which the segment folds again harmlessly. */
	source(slot: number): string;
	district(slot: number): string;
	/** yyyymmdd, year 0 when unknown, -1 when none. */
	birthday(slot: number): number;
	purchaseCount(slot: number): number;
	purchaseTotal(slot: number): number;
	/** yyyymmdd, -1 without purchases. */
	firstPurchase(slot: number): number;
	lastPurchase(slot: number): number;
	custom(slot: number): Customer['custom'];
	referredBy(slot: number): string | null;
	slotOf(id: string): number | undefined;
}

export interface SlotRfm {
	today: string;
	/** Scores by slot; 0 where the customer has no purchases. */
	r: Uint8Array;
	f: Uint8Array;
	m: Uint8Array;
	/** Index into RFM_SEGMENT_IDS, by slot; meaningful where r > 0. */
	segment: Uint8Array;
	/** Customers with scores. */
	scored: number;
	ranges: RfmResult['ranges'];
}

const NO_CUSTOM: Customer['custom'] = Object.freeze({}) as Customer['custom'];

function isoOf(ymd: number): string | null {
	return ymd < 0 ? null : ymdString(ymd);
}

/** RFM ranked over the live customers with purchases, as `rfmScores` does over records. */
export function slotRfm(source: SlotSource, today: string): SlotRfm {
	const builder = createRfmBuilder(today);
	const slots: number[] = [];
	const high = source.high();
	for (let s = 0; s < high; s++) {
		if (!source.alive(s)) continue;
		const count = source.purchaseCount(s);
		const last = source.lastPurchase(s);
		if (!(count > 0) || last < 0) continue;
		builder.add(source.ids[s], ymdString(last), count, source.purchaseTotal(s));
		slots.push(s);
	}
	const result = builder.finish();
	const n = high;
	const out: SlotRfm = {
		today,
		r: new Uint8Array(n),
		f: new Uint8Array(n),
		m: new Uint8Array(n),
		segment: new Uint8Array(n),
		scored: slots.length,
		ranges: result.ranges
	};
	for (let i = 0; i < slots.length; i++) {
		const s = slots[i];
		out.r[s] = result.r[i];
		out.f[s] = result.f[i];
		out.m[s] = result.m[i];
		out.segment[s] = result.segment[i];
	}
	return out;
}

export function rfmAt(rfm: SlotRfm, slot: number): RfmScore | null {
	if (slot >= rfm.r.length || rfm.r[slot] === 0) return null;
	return {
		r: rfm.r[slot],
		f: rfm.f[slot],
		m: rfm.m[slot],
		segment: RFM_SEGMENT_IDS[rfm.segment[slot]]
	};
}

/** The ids that a live customer names as referrer, the referrer being live too. */
export function slotReferrers(source: SlotSource): Set<string> {
	const out = new Set<string>();
	const high = source.high();
	for (let s = 0; s < high; s++) {
		if (!source.alive(s)) continue;
		const by = source.referredBy(s);
		if (by !== null && source.slotOf(by) !== undefined) out.add(by);
	}
	return out;
}

export interface SlotSegmentInputs {
	today: string;
	/** Asked for only when the segment needs it: ranking 100,000 customers is not free. */
	rfm(): SlotRfm;
	referrers(): ReadonlySet<string>;
}

/**
 * A slot predicate for a validated definition. One view object is reused for every slot: the
 * predicate reads a few fields of each customer and keeps nothing.
 */
export function segmentSlotPredicate(
	definition: SegmentDefinition,
	source: SlotSource,
	inputs: SlotSegmentInputs
): (slot: number) => boolean {
	const compiled = compileSegment(definition);
	let slot = 0;
	const stats = {} as PurchaseStats;
	Object.defineProperties(stats, {
		count: { get: () => source.purchaseCount(slot) },
		total: { get: () => source.purchaseTotal(slot) },
		first: { get: () => isoOf(source.firstPurchase(slot)) },
		last: { get: () => isoOf(source.lastPurchase(slot)) }
	});
	const view = {} as SegmentCustomer;
	Object.defineProperties(view, {
		id: { get: () => source.ids[slot] },
		stage: { get: () => source.stage(slot) },
		tags: { get: () => source.tagIds(slot) },
		stats: { get: () => stats },
		birthday: { get: () => isoOf(source.birthday(slot)) },
		birthdayMD: { get: () => undefined },
		source: { get: () => source.source(slot) },
		district: { get: () => source.district(slot) },
		custom: { get: () => source.custom(slot) ?? NO_CUSTOM },
		referredBy: { get: () => source.referredBy(slot) }
	});
	let rfm: RfmSource = { get: () => undefined, has: () => false };
	if (compiled.needs.rfm) {
		const scores = inputs.rfm();
		rfm = {
			get(id) {
				const s = source.slotOf(id);
				return s === undefined ? undefined : (rfmAt(scores, s) ?? undefined);
			},
			has(id) {
				const s = source.slotOf(id);
				return s !== undefined && s < scores.r.length && scores.r[s] !== 0;
			}
		};
	}
	const ctx: SegmentContext = {
		today: inputs.today,
		rfm,
		referrers: compiled.needs.referrers ? inputs.referrers() : new Set()
	};
	return (s) => {
		slot = s;
		return compiled.matches(view, ctx);
	};
}

export type { ScoreRanges };
