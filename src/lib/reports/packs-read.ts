/**
 * The reports worker's packs (db/packs.ts): the facts blocks (packs-facts.ts), then the day packs
 * of the period's purchases and contacts (packs-days.ts), each first rebuilt where a write marked
 * it. Reading clean packs takes one read-only transaction; rebuilding takes a read-write one over
 * the source table and the packs, so a write landing meanwhile waits and then marks again, and a
 * mark is only removed by the transaction that rebuilt what it names.
 */
import type { ContactDay, FactsBlock, PurchaseDay } from '$lib/db/packs';
import { contactSource, loadDays, purchaseSource } from './packs-days';
import { loadFacts } from './packs-facts';
import { isStale, type PackCost, type PackProgress } from './packs-common';

export { abortError, type PackProgress } from './packs-common';
export { loadFacts } from './packs-facts';

export interface LoadedPacks {
	blocks: FactsBlock[];
	purchases: PurchaseDay[];
	contacts: ContactDay[];
	cost: PackCost & { factsMs: number; purchasesMs: number; contactsMs: number };
}

/** Times a request starts again when another tab rebuilt the blocks under it. */
const ATTEMPTS = 3;

/** Everything a dashboard over these days needs, rebuilt where marked. */
export async function loadPacks(
	range: { purchases: [number, number]; contacts: [number, number] },
	progress: PackProgress = {}
): Promise<LoadedPacks> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await loadPacksOnce(range, progress);
		} catch (e) {
			if (!isStale(e) || attempt >= ATTEMPTS) throw e;
		}
	}
}

async function loadPacksOnce(
	range: { purchases: [number, number]; contacts: [number, number] },
	progress: PackProgress
): Promise<LoadedPacks> {
	const start = performance.now();
	const facts = await loadFacts(progress);
	const factsMs = performance.now() - start;
	// Ordinals by id: the first few by scanning the blocks (a patch names a handful), then a map.
	let map: Map<string, number> | null = null;
	let scans = 0;
	const lookup = (id: string): number => {
		if (map === null && scans++ < 32) {
			for (const b of facts.blocks) {
				const i = b.ids.indexOf(id);
				if (i >= 0) return b.ord[i];
			}
			return -1;
		}
		if (map === null) {
			map = new Map();
			for (const b of facts.blocks)
				for (let i = 0; i < b.ids.length; i++) map.set(b.ids[i], b.ord[i]);
		}
		return map.get(id) ?? -1;
	};
	const ordOf = () => lookup;
	const cost = { factsPacked: facts.packed, daysRebuilt: 0 };
	const purchases = (await loadDays(
		purchaseSource,
		...range.purchases,
		ordOf,
		facts.epoch,
		progress,
		cost
	)) as PurchaseDay[];
	const purchasesMs = performance.now() - start - factsMs;
	const contacts = (await loadDays(
		contactSource,
		...range.contacts,
		ordOf,
		facts.epoch,
		progress,
		cost
	)) as ContactDay[];
	const contactsMs = performance.now() - start - factsMs - purchasesMs;
	return {
		blocks: facts.blocks,
		purchases,
		contacts,
		cost: { ...cost, factsMs, purchasesMs, contactsMs }
	};
}
