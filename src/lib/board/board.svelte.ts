/**
 * The pipeline board's state: one column per stage with its count and a page of cards, all asked
 * of the query worker (a stage filter each), so the page never holds more than the cards it shows
 * — 100,000 customers cost what 6 × 30 do. A move by hand shows at once and is written through
 * the stages repository; the worker's change notice then reloads the columns, which also brings
 * undo, other tabs and the daily run onto the board.
 */
import type { Customer, CustomerId } from '$lib/domain/types';
import type { SegmentDefinition } from '$lib/domain/segments';
import type { StageId, StageStyle } from '$lib/domain/stages';
import { isQueryCancelled, type QueryClient } from '$lib/query/client';
import type { Query } from '$lib/query/types';

/** Cards a column shows at first and adds on each "show more". */
export const BOARD_PAGE_SIZE = 30;

/** A stage, or `none` for customers no rule nor owner has placed yet (stage null). */
export type BoardColumnId = StageId | 'none';

export interface BoardColumn {
	id: BoardColumnId;
	colour: string;
	/** Customers in the column; null until the worker answers. */
	total: number | null;
	cards: Customer[];
	/** How many cards the column asks for: grows with "show more", kept across reloads. */
	wanted: number;
	loading: boolean;
}

export const NO_STAGE_COLOUR = '#94a3b8';

/**
 * One column's customers: its stage, within the chosen segment if any, the latest buyers first
 * (never bought last, newest first).
 */
export function columnQuery(id: BoardColumnId, segment: SegmentDefinition | null = null): Query {
	return {
		segment,
		sort: [{ colId: 'lastPurchase', sort: 'desc' }],
		// `equals` on the stage column matches the id exactly (its text is the id and its names).
		filter: {
			stage:
				id === 'none'
					? { filterType: 'text', type: 'blank' }
					: { filterType: 'text', type: 'equals', filter: id }
		},
		search: ''
	};
}

export interface BoardDeps {
	client: Pick<QueryClient, 'getPage' | 'onChange'>;
	/** Sets the stage by hand (setStageByHand in the app) and returns the stored customer. */
	move(id: CustomerId, stage: StageId): Promise<Customer>;
	onError(error: unknown): void;
}

export class Board {
	columns = $state<BoardColumn[]>([]);
	/** The card being dragged, so columns know during dragover whether a drop would move it. */
	dragging = $state<{ id: CustomerId; from: BoardColumnId } | null>(null);
	/** The unplaced column shows only while someone is in it. */
	shown = $derived(this.columns.filter((c) => c.id !== 'none' || (c.total ?? 0) > 0));

	/** Only the customers of this segment are on the board; null for everyone. */
	segment: SegmentDefinition | null = null;

	readonly #deps: BoardDeps;
	/** Per column, the number of the latest load: an older answer arriving late is dropped. */
	readonly #seq: Partial<Record<BoardColumnId, number>> = {};
	#reloading: Promise<void> | null = null;
	/** A change came while reloading: go round once more when done. */
	#again = false;

	constructor(deps: BoardDeps, stages: readonly Pick<StageStyle, 'id' | 'colour'>[]) {
		this.#deps = deps;
		const column = (id: BoardColumnId, colour: string): BoardColumn => ({
			id,
			colour,
			total: null,
			cards: [],
			wanted: BOARD_PAGE_SIZE,
			loading: false
		});
		this.columns = [column('none', NO_STAGE_COLOUR), ...stages.map((s) => column(s.id, s.colour))];
	}

	/** Shows only this segment's customers (null: everyone); the columns start over. */
	setSegment(segment: SegmentDefinition | null): Promise<void> {
		if (JSON.stringify(segment) === JSON.stringify(this.segment)) return Promise.resolve();
		this.segment = segment;
		for (const c of this.columns) {
			c.total = null;
			c.wanted = BOARD_PAGE_SIZE;
		}
		return this.reload();
	}

	column(id: BoardColumnId): BoardColumn | undefined {
		return this.columns.find((c) => c.id === id);
	}

	/** Loads every column and follows the worker's change notices; returns the unsubscribe. */
	connect(): () => void {
		const stop = this.#deps.client.onChange(() => void this.reload());
		void this.reload();
		return stop;
	}

	/**
	 * Asks the worker again for what each column shows (after any write to customers). A burst of
	 * change notices (the daily run writes in chunks) costs one more round, not one per notice.
	 */
	reload(): Promise<void> {
		if (this.#reloading) {
			this.#again = true;
			return this.#reloading;
		}
		this.#reloading = (async () => {
			do {
				this.#again = false;
				await Promise.all(this.columns.map((c) => this.#load(c.id)));
			} while (this.#again);
		})().finally(() => (this.#reloading = null));
		return this.#reloading;
	}

	/** The next page of a column's cards. */
	async more(id: BoardColumnId): Promise<void> {
		const col = this.column(id);
		if (!col) return;
		col.wanted = col.cards.length + BOARD_PAGE_SIZE;
		await this.#load(id);
	}

	/**
	 * Sets a customer's stage by hand. The card moves at once (to the top of its new column, the
	 * counts with it); the worker's change notice then puts it in its place. On failure the
	 * columns are reloaded as stored and the error reported. Null when nothing was written.
	 */
	async move(id: CustomerId, to: StageId): Promise<Customer | null> {
		const from = this.columns.find((c) => c.cards.some((x) => x.id === id));
		const target = this.column(to);
		const card = from?.cards.find((x) => x.id === id);
		if (!from || !target || !card) return null;
		// Dropped back where it was: already in that stage by hand, nothing to change.
		if (from === target && card.stageManual) return null;
		if (from !== target) {
			from.cards = from.cards.filter((x) => x.id !== id);
			if (from.total !== null) from.total -= 1;
			if (target.total !== null) target.total += 1;
		}
		target.cards = [
			{ ...card, stage: to, stageManual: true },
			...target.cards.filter((x) => x.id !== id)
		];
		try {
			const saved = await this.#deps.move(id, to);
			target.cards = target.cards.map((x) => (x.id === id ? saved : x));
			return saved;
		} catch (e) {
			this.#deps.onError(e);
			await this.reload();
			return null;
		}
	}

	async #load(id: BoardColumnId): Promise<void> {
		const col = this.column(id);
		if (!col) return;
		const seq = (this.#seq[id] ?? 0) + 1;
		this.#seq[id] = seq;
		col.loading = true;
		try {
			const { total, rows } = await this.#deps.client.getPage(
				columnQuery(id, this.segment),
				0,
				Math.max(BOARD_PAGE_SIZE, col.wanted),
				{ concurrent: true }
			);
			if (this.#seq[id] !== seq) return;
			col.total = total;
			col.cards = rows;
		} catch (e) {
			if (!isQueryCancelled(e)) this.#deps.onError(e);
		} finally {
			if (this.#seq[id] === seq) col.loading = false;
		}
	}
}
