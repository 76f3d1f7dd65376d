/** Customers for the query tests, built the way the app builds them (normalised, folded). */
import { buildCustomer, type CustomerInput } from '$lib/domain/customer';
import type { Customer } from '$lib/domain/types';
import { createQueryEngine, type EngineOptions, type QueryEngine } from './engine';
import type { Query } from './types';

/** Local time, so that date filters (which work on local days) test the same in any zone. */
export function at(year: number, month: number, day: number, hour = 12): number {
	return new Date(year, month - 1, day, hour).getTime();
}

export function customer(
	id: string,
	input: CustomerInput,
	extra: Partial<Customer> = {}
): Customer {
	const now = extra.createdAt ?? at(2024, 1, 1);
	return {
		...buildCustomer(input, { id, now, today: '2025-06-15' }),
		...extra
	};
}

export function engineOf(customers: Customer[], options: Partial<EngineOptions> = {}): QueryEngine {
	const engine = createQueryEngine(options);
	engine.upsert(customers);
	return engine;
}

export function q(partial: Partial<Query> = {}): Query {
	return { sort: [], filter: {}, search: '', ...partial };
}

/** The ids of the whole result, in order. */
export function ids(engine: QueryEngine, query: Partial<Query> = {}): string[] {
	return engine.query(q(query)).ids();
}
