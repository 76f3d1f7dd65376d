/**
 * Customer facts: a small record per customer with only what the whole-book passes need (the
 * daily stage and RFM recompute, the reports' customer measures), kept as its own object store.
 * A whole customer record is 4–5 times larger (phones, addresses, notes, consents, custom
 * fields), and in Chromium a whole-book read costs by the byte as much as by the record: the
 * passes read this store instead (docs/lifecycle.md, Measured).
 *
 * A DBCore middleware keeps it in step with every write to `customers`, whoever writes
 * (repositories, undo and redo, restore, imports, the sample loader), in the same transaction,
 * as the agenda does for reminders. It is derived data: not in the change log, not in backups.
 */
import type {
	DBCore,
	DBCoreMutateRequest,
	DBCoreMutateResponse,
	DBCoreTable,
	Middleware
} from 'dexie';
import type { Customer, PurchaseStats } from '$lib/domain/types';

export const FACTS_TABLE = 'facts';

/** Bits of `gaps`: what a customer's record lacks, for the data-quality measures. */
export const GAP_NO_PHONE = 1;
export const GAP_INVALID_PHONE = 2;
export const GAP_NO_BIRTHDAY = 4;

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
	const facts: CustomerFacts = {
		id: c.id,
		stage: c.stage ?? null,
		stageManual: c.stageManual === true,
		stats: c.stats ?? NO_STATS,
		referredBy: c.referredBy ?? null,
		createdAt: c.createdAt,
		phoneKeys: Array.isArray(c.phoneKeys) ? c.phoneKeys : [],
		gaps
	};
	if (c.deletedAt !== undefined) facts.deletedAt = c.deletedAt;
	return facts;
}

/** DBCoreRangeType.Any (a const enum Dexie's types do not let an isolated module import). */
const RANGE_ANY = 3;

function hasFacts(down: DBCore): boolean {
	return down.schema.tables.some((t) => t.name === FACTS_TABLE);
}

/**
 * The customer writes below Dexie's hooks, mirrored. Promise chains, not async/await: Dexie's
 * lower layers find their transaction in a zone its own promises carry (see agenda.ts).
 */
function mirror(
	table: DBCoreTable,
	facts: DBCoreTable,
	req: DBCoreMutateRequest
): Promise<DBCoreMutateResponse> {
	const trans = req.trans;
	if (req.type === 'deleteRange') {
		if (req.range.type === RANGE_ANY) {
			return table
				.mutate(req)
				.then((res) =>
					facts.mutate({ type: 'deleteRange', trans, range: req.range }).then(() => res)
				);
		}
		// Rare (nothing in the app deletes a key range but all): find the keys, then mirror them.
		return table
			.query({ trans, values: false, query: { index: table.schema.primaryKey, range: req.range } })
			.then(({ result }) =>
				table
					.mutate(req)
					.then((res) =>
						result.length > 0
							? facts.mutate({ type: 'delete', trans, keys: result }).then(() => res)
							: res
					)
			);
	}
	return table.mutate(req).then((res) => {
		// A write that failed left its record as it was: its facts stay too.
		const failed = res.numFailures > 0 ? new Set(Object.keys(res.failures).map(Number)) : null;
		const ok = (_: unknown, i: number) => failed === null || !failed.has(i);
		if (req.type === 'delete') {
			const keys = req.keys.filter(ok);
			return keys.length > 0 ? facts.mutate({ type: 'delete', trans, keys }).then(() => res) : res;
		}
		const values = (req.values as Customer[]).filter(ok).map(factsOf);
		return values.length > 0 ? facts.mutate({ type: 'put', trans, values }).then(() => res) : res;
	});
}

function withFacts(down: DBCore): DBCore {
	return {
		...down,
		transaction(stores, mode, options) {
			// Whoever writes customers writes their facts: widen the scope so it is one transaction.
			const scope =
				mode === 'readwrite' &&
				stores.includes('customers') &&
				!stores.includes(FACTS_TABLE) &&
				hasFacts(down)
					? [...stores, FACTS_TABLE]
					: stores;
			return down.transaction(scope, mode, options);
		},
		table(name) {
			const table = down.table(name);
			// Before v5 (an upgrade passing through older versions) there are no facts to keep.
			if (name !== 'customers' || !hasFacts(down)) return table;
			const facts = down.table(FACTS_TABLE);
			return { ...table, mutate: (req) => mirror(table, facts, req) };
		}
	};
}

export const factsMiddleware: Middleware<DBCore> = {
	stack: 'dbcore',
	name: 'facts',
	// Below Dexie's hooks (level 2), so the derived fields are already set.
	level: 1,
	create: withFacts
};
