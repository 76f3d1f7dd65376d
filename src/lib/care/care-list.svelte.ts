/**
 * A care list: the customers of a segment as a list to work through — call, message, note that
 * they were contacted. The customers come a page at a time from the query worker, so a segment
 * of 50,000 costs what its first page does; the list follows every write like the grid.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { SegmentDefinition } from '$lib/domain/segments';
import type { ConsentPurpose, Customer, CustomerId } from '$lib/domain/types';
import { isQueryCancelled, type QueryClient } from '$lib/query/client';
import type { Query } from '$lib/query/types';

export const CARE_LIST_PAGE = 30;

/**
 * A call list reads best by name; the ones never contacted are found by the marker on each card.
 * With a purpose, only customers who consent to messages for it are listed (a customer never
 * asked has not consented).
 */
export function careListQuery(
	segment: SegmentDefinition | null,
	purpose: ConsentPurpose | null = null
): Query {
	return {
		sort: [{ colId: 'name', sort: 'asc' }],
		filter: {},
		search: '',
		segment,
		consent: purpose
	};
}

export interface CareListDeps {
	client: Pick<QueryClient, 'getPage' | 'onChange' | 'count'>;
	/** The latest interaction of each customer (epoch ms); absent when none. */
	lastContacts(ids: CustomerId[]): Promise<Map<CustomerId, number>>;
	onError(error: unknown): void;
}

export class CareList {
	segment = $state<SegmentDefinition | null>(null);
	/** Whose consent the list asks for: care messages by default; null lists everyone. */
	purpose = $state<ConsentPurpose | null>('care');
	/** Customers of the segment left out for want of consent; null until known. */
	leftOut = $state<number | null>(null);
	rows = $state<Customer[]>([]);
	/** Customers in the segment; null until the worker answers. */
	total = $state<number | null>(null);
	lastContact = new SvelteMap<CustomerId, number>();
	loading = $state(false);

	#wanted = CARE_LIST_PAGE;
	#seq = 0;
	readonly #deps: CareListDeps;

	constructor(deps: CareListDeps) {
		this.#deps = deps;
	}

	/** Loads now and after every write; returns the unsubscribe. */
	connect(): () => void {
		const stop = this.#deps.client.onChange(() => void this.load());
		void this.load();
		return stop;
	}

	setSegment(segment: SegmentDefinition | null): Promise<void> {
		this.segment = segment;
		this.#wanted = CARE_LIST_PAGE;
		this.total = null;
		this.rows = [];
		return this.load();
	}

	setPurpose(purpose: ConsentPurpose | null): Promise<void> {
		this.purpose = purpose;
		this.#wanted = CARE_LIST_PAGE;
		return this.load();
	}

	more(): Promise<void> {
		this.#wanted = this.rows.length + CARE_LIST_PAGE;
		return this.load();
	}

	/** Marks a customer as contacted now, before the interaction's write is seen. */
	contacted(id: CustomerId, at: number): void {
		this.lastContact.set(id, at);
	}

	async load(): Promise<void> {
		const seq = ++this.#seq;
		this.loading = true;
		try {
			const [{ total, rows }, all] = await Promise.all([
				this.#deps.client.getPage(careListQuery(this.segment, this.purpose), 0, this.#wanted, {
					concurrent: true
				}),
				this.purpose === null
					? Promise.resolve(null)
					: this.#deps.client.count(careListQuery(this.segment))
			]);
			const contacts = await this.#deps.lastContacts(rows.map((c) => c.id));
			if (seq !== this.#seq) return;
			this.total = total;
			this.leftOut = all === null ? 0 : all - total;
			this.rows = rows;
			this.lastContact.clear();
			for (const [id, at] of contacts) this.lastContact.set(id, at);
		} catch (e) {
			if (!isQueryCancelled(e)) this.#deps.onError(e);
		} finally {
			if (seq === this.#seq) this.loading = false;
		}
	}
}
