/**
 * Segments and RFM over the query index's slots. The index keeps columns, not customers, so a
 * segment's predicate (written against a customer) reads a slot through one reused view whose
 * getters look the values up; RFM is ranked from the index's purchase columns. Both live in the
 * query worker, so segments and scores follow every write the index follows.
 */
import {
	rankRfm,
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
import type { LeadTemperature } from '$lib/domain/stages';
import type { ConsentPurpose, Customer, PurchaseStats } from '$lib/domain/types';
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
	/** Consent in force for a purpose (worked out when the customer was indexed). */
	consent(slot: number, purpose: ConsentPurpose): boolean;
	/** The lead temperature shown (none when not a lead). */
	temperature(slot: number): LeadTemperature | null;
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

/** Days since 1970-01-01 of a yyyymmdd: what recency needs, without making a string. */
function epochDay(ymd: number): number {
	return (
		Date.UTC(Math.floor(ymd / 10000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100) / 86_400_000
	);
}

/**
 * RFM ranked over the live customers with purchases, as `rfmScores` does over records (the
 * same ranking, `rankRfm`), straight from the index's typed columns: after every write to the
 * book it runs again, so it must cost little.
 */
export function slotRfm(source: SlotSource, today: string): SlotRfm {
	const high = source.high();
	const now = epochDay(Number(today.replaceAll('-', '')));
	const slots = new Uint32Array(high);
	const recency = new Float64Array(high);
	const count = new Float64Array(high);
	const total = new Float64Array(high);
	let k = 0;
	for (let s = 0; s < high; s++) {
		if (!source.alive(s)) continue;
		const n = source.purchaseCount(s);
		const last = source.lastPurchase(s);
		if (!(n > 0) || last < 0) continue;
		slots[k] = s;
		// + 0 keeps today at +0: a typed-array sort puts -0 before it.
		recency[k] = Math.min(0, epochDay(last) - now) + 0;
		count[k] = n;
		total[k] = source.purchaseTotal(s);
		k++;
	}
	const result = rankRfm(recency.subarray(0, k), count.subarray(0, k), total.subarray(0, k));
	const out: SlotRfm = {
		today,
		r: new Uint8Array(high),
		f: new Uint8Array(high),
		m: new Uint8Array(high),
		segment: new Uint8Array(high),
		scored: k,
		ranges: result.ranges
	};
	for (let i = 0; i < k; i++) {
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
		referredBy: { get: () => source.referredBy(slot) },
		// Only what the index worked out is read: the records' consent history is not kept.
		consents: { get: () => undefined },
		consent: { get: () => null },
		leadTemperature: { get: () => undefined },
		consentGiven: {
			get: () => ({
				care: source.consent(slot, 'care'),
				promotions: source.consent(slot, 'promotions')
			})
		},
		shownTemperature: { get: () => source.temperature(slot) }
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
