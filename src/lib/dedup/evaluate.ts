/**
 * Measuring the engine on labelled records: precision, recall and F1 over pairs, and blocking
 * recall (the share of true pairs that reach comparison at all). Pure, so the same code runs in
 * Node (npm run dedup:eval, tests) and in the browser worker (the benchmark).
 */
import { AddressLevel, DateLevel, EmailLevel, PhoneLevel } from './compare';
import { measureBook, scanRecords } from './engine';
import { emailKeys } from './keys';
import { phoneKeys } from './phone-keys';
import { prepareRecord } from './prepare';
import { LEVELS_PER_PAIR, pairLevels } from './score';
import type { DedupRecord } from './types';

export interface LabelledRecord extends DedupRecord {
	/** Records with the same entity are one customer. */
	entity: string;
	/** For linkage between two files: only pairs across sources count. */
	source?: string;
	/** Records of one household (different customers sharing a phone or an address). */
	household?: string;
}

export interface PairQuality {
	truePairs: number;
	proposed: number;
	truePositives: number;
	precision: number;
	recall: number;
	f1: number;
	/** Pairs of different customers of one household, and how many of them were proposed. */
	householdPairs: number;
	householdFlagged: number;
}

export interface Evaluation extends PairQuality {
	dataset: string;
	records: number;
	/** Distinct pairs compared. */
	comparisons: number;
	blockedTruePairs: number;
	blockingRecall: number;
	ms: number;
}

function f1(p: number, r: number): number {
	return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

function countTruePairs(records: readonly LabelledRecord[], linkage: boolean): number {
	const bySource = new Map<string, Map<string, number>>();
	for (const r of records) {
		let m = bySource.get(r.entity);
		if (m === undefined) {
			m = new Map();
			bySource.set(r.entity, m);
		}
		const s = linkage ? (r.source ?? '') : '';
		m.set(s, (m.get(s) ?? 0) + 1);
	}
	let pairs = 0;
	for (const m of bySource.values()) {
		const counts = [...m.values()];
		if (!linkage) {
			pairs += (counts[0] * (counts[0] - 1)) / 2;
			continue;
		}
		let sum = 0;
		let squares = 0;
		for (const c of counts) {
			sum += c;
			squares += c * c;
		}
		pairs += (sum * sum - squares) / 2;
	}
	return pairs;
}

function countHouseholdPairs(records: readonly LabelledRecord[]): number {
	const byHousehold = new Map<string, Map<string, number>>();
	for (const r of records) {
		if (r.household === undefined || r.household === '') continue;
		let m = byHousehold.get(r.household);
		if (m === undefined) {
			m = new Map();
			byHousehold.set(r.household, m);
		}
		m.set(r.entity, (m.get(r.entity) ?? 0) + 1);
	}
	let pairs = 0;
	for (const m of byHousehold.values()) {
		let sum = 0;
		let squares = 0;
		for (const c of m.values()) {
			sum += c;
			squares += c * c;
		}
		pairs += (sum * sum - squares) / 2;
	}
	return pairs;
}

/** Scores proposed pairs (ids) against the labels. */
export function pairQuality(
	records: readonly LabelledRecord[],
	proposed: Iterable<readonly [string, string]>,
	linkage = false
): PairQuality {
	const byId = new Map<string, LabelledRecord>();
	for (const r of records) byId.set(r.id, r);
	const seen = new Set<string>();
	let count = 0;
	let tp = 0;
	let household = 0;
	for (const [x, y] of proposed) {
		const a = byId.get(x);
		const b = byId.get(y);
		if (a === undefined || b === undefined || x === y) continue;
		if (linkage && a.source === b.source) continue;
		const key = x < y ? `${x}|${y}` : `${y}|${x}`;
		if (seen.has(key)) continue;
		seen.add(key);
		count++;
		if (a.entity === b.entity) tp++;
		else if (a.household !== undefined && a.household !== '' && a.household === b.household) {
			household++;
		}
	}
	const truePairs = countTruePairs(records, linkage);
	const precision = count === 0 ? 1 : tp / count;
	const recall = truePairs === 0 ? 1 : tp / truePairs;
	return {
		truePairs,
		proposed: count,
		truePositives: tp,
		precision,
		recall,
		f1: f1(precision, recall),
		householdPairs: countHouseholdPairs(records),
		householdFlagged: household
	};
}

/** Runs the engine on labelled records and measures it. */
export async function evaluate(
	dataset: string,
	records: readonly LabelledRecord[],
	options: { linkage?: boolean; signal?: AbortSignal } = {}
): Promise<Evaluation> {
	const linkage = options.linkage ?? false;
	let blockedTruePairs = 0;
	const start = performance.now();
	const result = await scanRecords(records, {
		signal: options.signal,
		onCompared: (i, j) => {
			const a = records[i];
			const b = records[j];
			if (a.entity === b.entity && (!linkage || a.source !== b.source)) blockedTruePairs++;
		}
	});
	const ms = performance.now() - start;
	const proposed: [string, string][] = [];
	for (const c of result.clusters) for (const p of c.pairs) proposed.push([p.a, p.b]);
	const quality = pairQuality(records, proposed, linkage);
	return {
		dataset,
		records: records.length,
		comparisons: result.stats.comparisons,
		blockedTruePairs,
		blockingRecall: quality.truePairs === 0 ? 1 : blockedTruePairs / quality.truePairs,
		ms,
		...quality
	};
}

/** The naive rule a shop might use: same phone or same email. For comparison only. */
export function naiveBaseline(records: readonly LabelledRecord[]): PairQuality {
	const groups = new Map<string, string[]>();
	for (const r of records) {
		const keys = [
			...phoneKeys(r.phones).exact.map((p) => 'p' + p),
			...emailKeys(r.emails).map((e) => 'e' + e)
		];
		for (const key of keys) {
			const g = groups.get(key);
			if (g === undefined) groups.set(key, [r.id]);
			else g.push(r.id);
		}
	}
	const pairs: [string, string][] = [];
	for (const ids of groups.values()) {
		for (let x = 0; x < ids.length; x++) {
			for (let y = x + 1; y < ids.length; y++) pairs.push([ids[x], ids[y]]);
		}
	}
	return pairQuality(records, pairs);
}

/**
 * FEBRL's CSV (`rec_id, given_name, surname, street_number, address_1, address_2, suburb,
 * postcode, state, date_of_birth, soc_sec_id`) as labelled records: rec-12-org and rec-12-dup-3
 * are one entity.
 */
export function febrlRecords(
	text: string,
	options: { withId: boolean; source?: string }
): LabelledRecord[] {
	const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
	const out: LabelledRecord[] = [];
	for (const line of lines.slice(1)) {
		const f = line.split(',').map((s) => s.trim());
		const [id, given, surname, number, address1, address2, suburb, postcode, state, dob, ssid] = f;
		const street = [number, address1].filter(Boolean).join(' ');
		const place = [suburb, postcode, state].filter(Boolean).join(' ');
		out.push({
			id: options.source ? `${options.source}:${id}` : id,
			entity: id.replace(/^rec-(\d+)-.*$/, '$1'),
			source: options.source,
			// Family name first, as the engine reads a name (and as the app stores one): the surname is
			// known here, while "isabella nguyen" written given-first would be read as family Isabella.
			name: [surname, given].filter(Boolean).join(' '),
			phones: [],
			emails: [],
			address: [street, address2, place].filter(Boolean).join(', '),
			birthday: dob ?? '',
			extraId: options.withId ? (ssid ?? '') : ''
		});
	}
	return out;
}

/**
 * True pairs whose records share nothing a person could go by except the name: no phone, email,
 * birthday or address in common, not even nearly (a digit off, a day/month swap, a street in
 * common). No model can tell such a pair from two namesakes, so they bound the recall a finder
 * can reach without proposing namesakes too. For the report (npm run dedup:eval), not the app.
 */
export function nameOnlyTruePairs(records: readonly LabelledRecord[], linkage = false): number {
	const book = measureBook(records.map(prepareRecord));
	const byEntity = new Map<string, number[]>();
	records.forEach((r, i) => {
		const list = byEntity.get(r.entity);
		if (list === undefined) byEntity.set(r.entity, [i]);
		else list.push(i);
	});
	const levels = new Uint8Array(LEVELS_PER_PAIR);
	let count = 0;
	for (const list of byEntity.values()) {
		for (let x = 0; x < list.length; x++) {
			for (let y = x + 1; y < list.length; y++) {
				const i = list[x];
				const j = list[y];
				if (linkage && records[i].source === records[j].source) continue;
				pairLevels(book.columns, i, j, book.model, levels, 0);
				const phone = levels[3] >= PhoneLevel.Same && levels[3] <= PhoneLevel.OneEdit;
				const email = levels[4] >= EmailLevel.Same && levels[4] <= EmailLevel.Close;
				const date = levels[5] >= DateLevel.Same && levels[5] <= DateLevel.OneDigit;
				const home = levels[6] >= AddressLevel.Same && levels[6] <= AddressLevel.Overlap;
				const id = levels[7] === 1 || levels[7] === 2;
				if (!phone && !email && !date && !home && !id) count++;
			}
		}
	}
	return count;
}
