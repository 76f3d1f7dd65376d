/**
 * The import plan, made before anything is written: every row classified as new, matching a
 * customer (already in the book, by E.164 phone or canonical email, or an earlier row of the same
 * file), invalid (values kept as typed and flagged), or empty; counts per group; and a decision
 * per row (create, merge or skip) from per-group defaults and per-row overrides. Pure: the worker
 * runs it over its row store, tests over arrays, and the repository writes its output in chunks.
 */
import type { Customer } from '$lib/domain/types';
import {
	previewCustomer,
	recordProblems,
	rowToRecord,
	type ImportRecord,
	type RecordOptions,
	type RowProblem
} from './rows';
import type { Mapping } from './types';

export type RowGroup = 'new' | 'match' | 'invalid' | 'empty';
export type RowDecision = 'create' | 'merge' | 'skip';

export const ROW_GROUPS: readonly RowGroup[] = ['new', 'match', 'invalid', 'empty'];

export const DEFAULT_DECISIONS: Readonly<Record<RowGroup, RowDecision>> = {
	new: 'create',
	match: 'merge',
	invalid: 'create',
	empty: 'skip'
};

/** The customers already in the book, by phone key (E.164) and email key. Maps clone to workers. */
export interface ExistingIndex {
	phones: Map<string, string>;
	emails: Map<string, string>;
}

/** Finds an existing customer's id by one key; the repository may answer from its indexes. */
export interface ExistingLookup {
	byPhone(e164: string): string | undefined;
	byEmail(email: string): string | undefined;
}

export function lookupFromIndex(index: ExistingIndex): ExistingLookup {
	return {
		byPhone: (key) => index.phones.get(key),
		byEmail: (key) => index.emails.get(key)
	};
}

export const NO_EXISTING: ExistingLookup = { byPhone: () => undefined, byEmail: () => undefined };

export type RowMatch =
	/** A customer in the book. */
	| { kind: 'existing'; id: string; by: 'phone' | 'email'; key: string }
	/** An earlier row of this file (by its row number), which the same person's later rows join. */
	| { kind: 'row'; row: number; by: 'phone' | 'email'; key: string };

export interface RowClass {
	/** The file's row number (header = 1). */
	row: number;
	group: RowGroup;
	match: RowMatch | null;
	problems: RowProblem[];
}

export interface PlanCounts {
	total: number;
	new: number;
	match: number;
	invalid: number;
	empty: number;
	/** Rows matching a customer in the book / an earlier row of the file. */
	matchExisting: number;
	matchInFile: number;
	/** Rows with at least one value kept as typed and flagged (any group). */
	withProblems: number;
	/** Rows carrying a purchase. */
	purchases: number;
}

export function emptyCounts(): PlanCounts {
	return {
		total: 0,
		new: 0,
		match: 0,
		invalid: 0,
		empty: 0,
		matchExisting: 0,
		matchInFile: 0,
		withProblems: 0,
		purchases: 0
	};
}

/**
 * Classifies rows one at a time, in file order, remembering the keys of earlier rows so that the
 * same person twice in a file is one customer. Memory: one map entry per distinct key.
 */
export class Planner {
	readonly counts = emptyCounts();
	private readonly lookup: ExistingLookup;
	private readonly seenPhones = new Map<string, RowMatch>();
	private readonly seenEmails = new Map<string, RowMatch>();

	constructor(lookup: ExistingLookup = NO_EXISTING) {
		this.lookup = lookup;
	}

	classify(row: number, record: ImportRecord, customer: Customer, today?: string): RowClass {
		const counts = this.counts;
		counts.total++;
		if (record.empty) {
			counts.empty++;
			return { row, group: 'empty', match: null, problems: [] };
		}
		if (record.purchase !== null) counts.purchases++;
		const problems = recordProblems(record, customer, today);
		if (problems.length > 0) counts.withProblems++;
		const match = this.findMatch(customer);
		// Keys of this row now point at its customer: the existing one, the earlier row's, or this row.
		const self = (by: 'phone' | 'email', key: string): RowMatch =>
			match ?? { kind: 'row', row, by, key };
		for (const key of customer.phoneKeys) {
			if (!this.seenPhones.has(key)) this.seenPhones.set(key, self('phone', key));
		}
		for (const key of customer.emailKeys) {
			if (!this.seenEmails.has(key)) this.seenEmails.set(key, self('email', key));
		}
		if (match !== null) {
			counts.match++;
			if (match.kind === 'existing') counts.matchExisting++;
			else counts.matchInFile++;
			return { row, group: 'match', match, problems };
		}
		const group: RowGroup = problems.length > 0 ? 'invalid' : 'new';
		counts[group]++;
		return { row, group, match: null, problems };
	}

	private findMatch(customer: Customer): RowMatch | null {
		for (const key of customer.phoneKeys) {
			const id = this.lookup.byPhone(key);
			if (id !== undefined) return { kind: 'existing', id, by: 'phone', key };
		}
		for (const key of customer.emailKeys) {
			const id = this.lookup.byEmail(key);
			if (id !== undefined) return { kind: 'existing', id, by: 'email', key };
		}
		for (const key of customer.phoneKeys) {
			const seen = this.seenPhones.get(key);
			if (seen !== undefined) return { ...seen, by: 'phone', key };
		}
		for (const key of customer.emailKeys) {
			const seen = this.seenEmails.get(key);
			if (seen !== undefined) return { ...seen, by: 'email', key };
		}
		return null;
	}
}

/** Per-group decisions and per-row overrides (by file row number). */
export interface Decisions {
	groups?: Partial<Record<RowGroup, RowDecision>>;
	rows?: Map<number, RowDecision>;
}

/**
 * The decision for a row. Merge only means something for a match: a merge asked of another group
 * is a create. A match may be created as a separate customer, or skipped.
 */
export function decide(
	cls: Pick<RowClass, 'row' | 'group'>,
	decisions: Decisions = {}
): RowDecision {
	const chosen =
		decisions.rows?.get(cls.row) ?? decisions.groups?.[cls.group] ?? DEFAULT_DECISIONS[cls.group];
	if (cls.group === 'empty') return 'skip';
	if (chosen === 'merge' && cls.group !== 'match') return 'create';
	return chosen;
}

/** One row of the plan, ready for the repository to write. */
export interface PlanRow extends RowClass {
	decision: RowDecision;
	record: ImportRecord;
	/** The customer the row would create (no id, timestamps 0): for the preview and for merges. */
	customer: Customer;
}

/** A whole plan in memory (tests, small files); the worker keeps only the classes and re-reads. */
export interface ImportPlan {
	counts: PlanCounts;
	rows: PlanRow[];
}

export interface PlanOptions extends RecordOptions {
	lookup?: ExistingLookup;
	decisions?: Decisions;
}

export function planRows(
	rows: Iterable<{ cells: readonly string[]; row: number }>,
	mapping: Mapping,
	opts: PlanOptions = {}
): ImportPlan {
	const planner = new Planner(opts.lookup);
	const out: PlanRow[] = [];
	for (const { cells, row } of rows) {
		const record = rowToRecord(cells, mapping, opts);
		const customer = previewCustomer(record, opts.today);
		const cls = planner.classify(row, record, customer, opts.today);
		out.push({ ...cls, decision: decide(cls, opts.decisions), record, customer });
	}
	return { counts: planner.counts, rows: out };
}

/** How many rows each decision would write. */
export function decisionCounts(
	classes: Iterable<Pick<RowClass, 'row' | 'group'>>,
	decisions: Decisions = {}
): Record<RowDecision, number> {
	const out: Record<RowDecision, number> = { create: 0, merge: 0, skip: 0 };
	for (const cls of classes) out[decide(cls, decisions)]++;
	return out;
}
