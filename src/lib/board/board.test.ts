import { describe, expect, it } from 'vitest';
import { defaultStageSettings, type StageId } from '$lib/domain/stages';
import type { Customer } from '$lib/domain/types';
import type { ChangeEvent, PageOptions } from '$lib/query/client';
import { customer, engineOf } from '$lib/query/testing';
import type { Query } from '$lib/query/types';
import { Board, BOARD_PAGE_SIZE, type BoardDeps } from './board.svelte';

const stages = defaultStageSettings('spa').stages;

/** A query client answering from a real engine, as the worker does, counting what it is asked. */
function fakeClient(customers: Customer[]) {
	const rows = new Map(customers.map((c) => [c.id, c]));
	const engine = engineOf(customers);
	const listeners = new Set<(e: ChangeEvent) => void>();
	const asked: { query: Query; start: number; end: number; opts?: PageOptions }[] = [];
	return {
		asked,
		client: {
			async getPage(query: Query, start: number, end: number, opts?: PageOptions) {
				asked.push({ query, start, end, opts });
				const page = engine.page(query, start, end);
				return { total: page.total, rows: page.ids.map((id) => rows.get(id) as Customer) };
			},
			onChange(listener: (e: ChangeEvent) => void) {
				listeners.add(listener);
				return () => listeners.delete(listener);
			}
		},
		get: (id: string) => rows.get(id) as Customer,
		/** A write, as the worker reports it after following the change log. */
		write(c: Customer) {
			rows.set(c.id, c);
			engine.upsert([c]);
			for (const l of listeners) l({ ids: [c.id], reloaded: false });
		}
	};
}

function staged(id: string, stage: StageId | null, last: string | null = null): Customer {
	return customer(
		id,
		{ name: `Khách ${id}` },
		{
			stage,
			stats: { count: last ? 1 : 0, total: last ? 300_000 : 0, first: last, last }
		}
	);
}

const settled = () => new Promise((r) => setTimeout(r, 0));

function boardOf(customers: Customer[], move?: BoardDeps['move']) {
	const fake = fakeClient(customers);
	const errors: unknown[] = [];
	const board = new Board(
		{
			client: fake.client,
			move:
				move ??
				(async (id, stage) => {
					const next = { ...fake.get(id), stage, stageManual: true };
					fake.write(next);
					return next;
				}),
			onError: (e) => errors.push(e)
		},
		stages
	);
	return { board, fake, errors };
}

describe('pipeline board', () => {
	it('puts each customer in the column of their stage, with the counts', async () => {
		const { board } = boardOf([
			staged('a', 'lead'),
			staged('b', 'new', '2025-06-01'),
			staged('c', 'new', '2025-06-10'),
			staged('d', 'loyal', '2025-05-01')
		]);
		await board.reload();
		const view = Object.fromEntries(
			board.columns.map((c) => [c.id, { total: c.total, ids: c.cards.map((x) => x.id) }])
		);
		expect(view.lead).toEqual({ total: 1, ids: ['a'] });
		// The latest buyer first.
		expect(view.new).toEqual({ total: 2, ids: ['c', 'b'] });
		expect(view.loyal).toEqual({ total: 1, ids: ['d'] });
		expect(view.care).toEqual({ total: 0, ids: [] });
	});

	it('shows the columns in the settings’ order, with their colours', () => {
		const reordered = [stages[3], ...stages.filter((s) => s.id !== 'loyal')];
		const board = new Board(
			{
				client: fakeClient([]).client,
				move: () => Promise.reject(new Error('no')),
				onError: () => {}
			},
			reordered.map((s) => (s.id === 'loyal' ? { ...s, colour: '#123456' } : s))
		);
		expect(board.columns.slice(1).map((c) => c.id)).toEqual([
			'loyal',
			'lead',
			'new',
			'care',
			'reactivate',
			'lost'
		]);
		expect(board.column('loyal')?.colour).toBe('#123456');
	});

	it('shows the unplaced column only while someone has no stage', async () => {
		const { board } = boardOf([staged('a', null), staged('b', 'lead')]);
		await board.reload();
		expect(board.shown.map((c) => c.id)).toContain('none');
		expect(board.column('none')?.cards.map((c) => c.id)).toEqual(['a']);

		const empty = boardOf([staged('b', 'lead')]).board;
		await empty.reload();
		expect(empty.shown.map((c) => c.id)).not.toContain('none');
	});

	it('asks for a page per column, all at once, and more on request', async () => {
		const many = Array.from({ length: 75 }, (_, i) =>
			staged(`c${String(i).padStart(2, '0')}`, 'lead')
		);
		const { board, fake } = boardOf(many);
		await board.reload();
		const lead = board.column('lead');
		expect(lead?.total).toBe(75);
		expect(lead?.cards).toHaveLength(BOARD_PAGE_SIZE);
		// Concurrent: the columns' requests must not cancel one another.
		expect(fake.asked.every((a) => a.opts?.concurrent === true)).toBe(true);
		expect(fake.asked.every((a) => a.end === BOARD_PAGE_SIZE)).toBe(true);

		await board.more('lead');
		await board.more('lead');
		expect(lead?.cards).toHaveLength(75);
		expect(new Set(lead?.cards.map((c) => c.id)).size).toBe(75);
	});

	it('moves a dragged card at once and keeps it after the write is reported', async () => {
		const { board } = boardOf([staged('a', 'new', '2025-06-01'), staged('b', 'new', '2025-06-02')]);
		const stop = board.connect();
		await settled();
		const moving = board.move('a', 'loyal');
		// Before the write lands, the card is already in its new column, counts with it.
		expect(board.column('new')?.cards.map((c) => c.id)).toEqual(['b']);
		expect(board.column('new')?.total).toBe(1);
		expect(board.column('loyal')?.cards.map((c) => [c.id, c.stageManual])).toEqual([['a', true]]);
		expect(board.column('loyal')?.total).toBe(1);
		expect((await moving)?.stage).toBe('loyal');
		await settled();
		expect(board.column('loyal')?.cards.map((c) => c.id)).toEqual(['a']);
		expect(board.column('new')?.total).toBe(1);
		stop();
	});

	it('follows writes made elsewhere (undo, another tab, the daily run)', async () => {
		const { board, fake } = boardOf([staged('a', 'new', '2025-06-01')]);
		const stop = board.connect();
		await settled();
		fake.write({ ...staged('a', 'care', '2025-06-01') });
		await settled();
		expect(board.column('new')?.total).toBe(0);
		expect(board.column('care')?.cards.map((c) => c.id)).toEqual(['a']);
		stop();
	});

	it('answers a burst of change notices with one more round, not one per notice', async () => {
		const { board, fake } = boardOf([staged('a', 'new', '2025-06-01')]);
		const stop = board.connect();
		await board.reload();
		const before = fake.asked.length;
		for (const stage of ['care', 'loyal', 'reactivate', 'lost'] as const) {
			fake.write(staged('a', stage, '2025-06-01'));
		}
		await board.reload();
		// Seven columns (the unplaced one included): at most two rounds.
		expect(fake.asked.length - before).toBeLessThanOrEqual(14);
		expect(board.column('lost')?.cards.map((c) => c.id)).toEqual(['a']);
		expect(board.column('new')?.total).toBe(0);
		stop();
	});

	it('puts the card back and reports the error when the write fails', async () => {
		const { board, errors } = boardOf([staged('a', 'new', '2025-06-01')], () =>
			Promise.reject(new Error('disk full'))
		);
		await board.reload();
		expect(await board.move('a', 'lost')).toBeNull();
		expect(errors).toHaveLength(1);
		expect(board.column('new')?.cards.map((c) => c.id)).toEqual(['a']);
		expect(board.column('lost')?.total).toBe(0);
	});

	it('writes nothing for a card dropped back on its own column when already set by hand', async () => {
		let writes = 0;
		const c = { ...staged('a', 'loyal', '2025-06-01'), stageManual: true };
		const { board } = boardOf([c], async () => {
			writes += 1;
			return c;
		});
		await board.reload();
		expect(await board.move('a', 'loyal')).toBeNull();
		expect(writes).toBe(0);
	});
});

describe('the board within a segment', () => {
	it('shows only the segment’s customers, counts included, and back to everyone', async () => {
		const people = [
			staged('a', 'new', '2026-01-10'),
			staged('b', 'new', '2026-01-12'),
			staged('c', 'lead'),
			staged('d', 'lead')
		];
		people[1] = { ...people[1], source: 'Zalo' };
		people[3] = { ...people[3], source: 'Zalo' };
		const { board, fake } = boardOf(people);
		await board.reload();
		expect(board.column('new')?.total).toBe(2);
		await board.setSegment({
			version: 1,
			match: 'all',
			conditions: [{ field: 'source', op: 'is', value: 'zalo' }]
		});
		expect(board.column('new')?.cards.map((c) => c.id)).toEqual(['b']);
		expect(board.column('lead')?.cards.map((c) => c.id)).toEqual(['d']);
		expect(board.column('new')?.total).toBe(1);
		expect(fake.asked.at(-1)?.query.segment).not.toBeNull();
		await board.setSegment(null);
		expect(board.column('lead')?.total).toBe(2);
	});
});
