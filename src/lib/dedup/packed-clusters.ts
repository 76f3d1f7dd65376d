/**
 * A scan's groups as they cross from the worker to the page: a few typed arrays and one list of
 * ids, instead of an object per group and per pair. Structured clone copies typed arrays whole,
 * while 64,000 pair objects (100,000 customers) cost about a quarter of a second to copy and as
 * much to read back in the page, on its main thread; at a million customers, seconds. The page
 * sorts the groups by their score and band alone and makes a group's objects only when it shows
 * it (`clusterAt`).
 */
import { fieldsOfMask, MATCH_FIELDS, type Band, type DedupCluster, type MatchField } from './types';

export interface PackedClusters {
	/** Every record id the groups name, once; the arrays below point into it. */
	ids: string[];
	/** Per group: where its members and pairs end (start: the previous group's end). */
	memberEnd: Int32Array;
	pairEnd: Int32Array;
	score: Float64Array;
	/** 1: likely, 0: review. */
	likely: Uint8Array;
	/** Members in order, the best-connected first (indexes into ids). */
	members: Int32Array;
	pairA: Int32Array;
	pairB: Int32Array;
	pairScore: Float64Array;
	pairWeight: Float64Array;
	pairLikely: Uint8Array;
	/** Field masks (see MATCH_FIELDS). */
	matched: Uint8Array;
	conflicts: Uint8Array;
}

function maskOf(fields: readonly MatchField[]): number {
	let mask = 0;
	for (const f of fields) mask |= 1 << MATCH_FIELDS.indexOf(f);
	return mask;
}

const bandOf = (likely: number): Band => (likely === 1 ? 'likely' : 'review');

export function packClusters(clusters: readonly DedupCluster[]): PackedClusters {
	const ids: string[] = [];
	const indexOf = new Map<string, number>();
	const index = (id: string) => {
		let k = indexOf.get(id);
		if (k === undefined) {
			k = ids.length;
			ids.push(id);
			indexOf.set(id, k);
		}
		return k;
	};
	const groups = clusters.length;
	let memberCount = 0;
	let pairCount = 0;
	for (const c of clusters) {
		memberCount += c.ids.length;
		pairCount += c.pairs.length;
	}
	const p: PackedClusters = {
		ids,
		memberEnd: new Int32Array(groups),
		pairEnd: new Int32Array(groups),
		score: new Float64Array(groups),
		likely: new Uint8Array(groups),
		members: new Int32Array(memberCount),
		pairA: new Int32Array(pairCount),
		pairB: new Int32Array(pairCount),
		pairScore: new Float64Array(pairCount),
		pairWeight: new Float64Array(pairCount),
		pairLikely: new Uint8Array(pairCount),
		matched: new Uint8Array(pairCount),
		conflicts: new Uint8Array(pairCount)
	};
	let m = 0;
	let q = 0;
	clusters.forEach((c, k) => {
		for (const id of c.ids) p.members[m++] = index(id);
		for (const pair of c.pairs) {
			p.pairA[q] = index(pair.a);
			p.pairB[q] = index(pair.b);
			p.pairScore[q] = pair.score;
			p.pairWeight[q] = pair.weight;
			p.pairLikely[q] = pair.band === 'likely' ? 1 : 0;
			p.matched[q] = maskOf(pair.matched);
			p.conflicts[q++] = maskOf(pair.conflicts);
		}
		p.memberEnd[k] = m;
		p.pairEnd[k] = q;
		p.score[k] = c.score;
		p.likely[k] = c.band === 'likely' ? 1 : 0;
	});
	return p;
}

/** The typed arrays of a packed list, to hand over rather than copy. */
export function packedBuffers(p: PackedClusters): ArrayBuffer[] {
	const { memberEnd, pairEnd, score, likely, members, pairA, pairB } = p;
	const { pairScore, pairWeight, pairLikely, matched, conflicts } = p;
	return [memberEnd, pairEnd, score, likely, members, pairA, pairB]
		.concat([pairScore, pairWeight, pairLikely, matched, conflicts])
		.map((a) => a.buffer as ArrayBuffer);
}

export const clusterCount = (p: PackedClusters): number => p.score.length;

/** Group k as the engine gave it. */
export function clusterAt(p: PackedClusters, k: number): DedupCluster {
	const members = p.members.subarray(k === 0 ? 0 : p.memberEnd[k - 1], p.memberEnd[k]);
	const pairs: DedupCluster['pairs'] = [];
	for (let q = k === 0 ? 0 : p.pairEnd[k - 1]; q < p.pairEnd[k]; q++) {
		pairs.push({
			a: p.ids[p.pairA[q]],
			b: p.ids[p.pairB[q]],
			score: p.pairScore[q],
			weight: p.pairWeight[q],
			band: bandOf(p.pairLikely[q]),
			matched: fieldsOfMask(p.matched[q]),
			conflicts: fieldsOfMask(p.conflicts[q])
		});
	}
	return {
		ids: Array.from(members, (i) => p.ids[i]),
		score: p.score[k],
		band: bandOf(p.likely[k]),
		pairs
	};
}
