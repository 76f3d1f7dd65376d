/**
 * Review of the v8 change (facts store dropped; the stage recompute reads the facts blocks).
 * Each test is a problem a review found, and failed before its fix: a bad first-purchase day
 * skipped a customer the rules would have moved (facts.ts, GAP_BAD_DATE now follows the last
 * day only); two rebuilds overlapping without Web Locks let the second overwrite what the
 * first patched in (packs-facts.ts: the meta's `rev` now tells them apart).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { resetDbForTests, type SoKhachDB } from '$lib/db/db';
import { factsOf } from '$lib/db/facts';
import { buildCustomer } from '$lib/domain/customer';
import { DEFAULT_STAGE_DAYS } from '$lib/domain/stages';
import { rfmLookup } from '$lib/domain/rfm';
import type { Customer } from '$lib/domain/types';
import { recomputeFromDb } from '$lib/stages/read';
import { recomputeStages, type RecomputeResult } from '$lib/stages/recompute';
import { entryOf, unpackBlock, type FactsEntry } from './packed';
import { loadFacts } from './packs-facts';
import { customer, marks } from './packs-fixtures';

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
});

const GENERAL = DEFAULT_STAGE_DAYS.general;
const TODAY = '2026-03-12';

const normalised = (r: RecomputeResult) => ({
	...r,
	rfm: rfmLookup(r.rfm),
	ranges: r.rfm.ranges
});

const withoutOrdinal = ({ ord, ...rest }: FactsEntry) => (void ord, rest);

async function expectAsStored(): Promise<void> {
	const { blocks } = await loadFacts();
	const got = blocks
		.flatMap(unpackBlock)
		.map(withoutOrdinal)
		.sort((x, y) => (x.id < y.id ? -1 : 1));
	const stored = await db.customers.orderBy(':id').toArray();
	expect(got).toEqual(stored.map((c) => withoutOrdinal(entryOf(factsOf(c), 0))));
}

describe('stage recompute from blocks vs recomputeStages over whole customers', () => {
	it('does not skip a customer whose only unreadable date is stats.first (never parsed by the rules)', async () => {
		const whole = (id: string, stats: Customer['stats']): Customer => ({
			...buildCustomer({ name: id }, { id, now: 0, today: TODAY }),
			stats
		});
		const book = [
			// stageFacts/ruleStage/nextCheckDay/rfm only ever parse `last`; `first` is only copied
			// into the 'first-purchase' reason. The old path gave these a stage and RFM.
			whole('first-bad', { count: 1, total: 100_000, first: '1/3/2026', last: '2026-03-01' }),
			whole('first-empty', { count: 1, total: 100_000, first: '', last: '2026-03-01' }),
			whole('ok', { count: 1, total: 100_000, first: '2026-03-01', last: '2026-03-01' })
		];
		await db.customers.bulkAdd(book);
		const reference = recomputeStages(book, GENERAL, TODAY);
		expect(reference.skipped).toEqual([]);
		const result = await recomputeFromDb({ settings: GENERAL, today: TODAY });
		expect(result.skipped).toEqual(reference.skipped);
		// The same moves and scores; only the reasons' first-purchase date differs, since the
		// blocks keep no unreadable first day (the last one stands in for it).
		const moves = (r: RecomputeResult) => r.changes.map((c) => [c.id, c.from, c.to]);
		expect(moves(result)).toEqual(moves(reference));
		expect({ ...normalised(result), changes: [] }).toEqual({
			...normalised(reference),
			changes: []
		});
	});
});

describe('rebuilds without Web Locks (navigator.locks undefined: Node, non-secure contexts)', () => {
	async function builtWithAllMark(): Promise<void> {
		await db.customers.bulkAdd(['a', 'b', 'c', 'd'].map((id) => customer(id)));
		await loadFacts();
		// An "everything changed" mark, as an import leaves: every loader rebuilds.
		await db.packs.put({ key: ['d', 'f', 'zz'], all: true });
	}

	it('loses an edit that one rebuild patched while another, overlapping, overwrote the blocks', async () => {
		expect((globalThis.navigator as Navigator | undefined)?.locks).toBeUndefined();
		await builtWithAllMark();
		let edit: Promise<unknown> | null = null;
		const one = loadFacts({
			onProgress: () => {
				edit ??= db.customers.update('b', {
					stats: { count: 2, total: 900_000, first: '2026-01-02', last: '2026-03-01' }
				});
			}
		});
		const two = loadFacts();
		await Promise.all([one, two]);
		await edit;
		// No mark is left to tell the next request; the blocks must say what the record says.
		const { blocks } = await loadFacts();
		expect(blocks.flatMap(unpackBlock).find((e) => e.id === 'b')?.total).toBe(900_000);
		expect(await marks(db)).toBe(0);
	});

	it('keeps a customer deleted for good in the blocks in the same race', async () => {
		await builtWithAllMark();
		let erase: Promise<unknown> | null = null;
		const one = loadFacts({
			onProgress: () => {
				erase ??= db.customers.delete('c');
			}
		});
		const two = loadFacts();
		await Promise.all([one, two]);
		await erase;
		const { blocks } = await loadFacts();
		expect(blocks.flatMap((b) => b.ids)).not.toContain('c');
		await expectAsStored();
	});
});
