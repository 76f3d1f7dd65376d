import { describe, expect, it } from 'vitest';
import { SEGMENT_VERSION, type SegmentDefinition } from '$lib/domain/segments';
import type { Customer } from '$lib/domain/types';
import type { ChangeEvent } from '$lib/query/client';
import { customer, engineOf } from '$lib/query/testing';
import type { Query } from '$lib/query/types';
import { CARE_LIST_PAGE, CareList } from './care-list.svelte';

function setup(customers: Customer[]) {
	const rows = new Map(customers.map((c) => [c.id, c]));
	const engine = engineOf(customers);
	const listeners = new Set<(e: ChangeEvent) => void>();
	const asked: Query[] = [];
	const list = new CareList({
		client: {
			async getPage(query: Query, start: number, end: number) {
				asked.push(query);
				const page = engine.page(query, start, end);
				return { total: page.total, rows: page.ids.map((id) => rows.get(id) as Customer) };
			},
			async count(query?: Query) {
				return query ? engine.query(query).total : engine.size;
			},
			onChange(listener) {
				listeners.add(listener);
				return () => listeners.delete(listener);
			}
		},
		lastContacts: async (ids) => new Map(ids.filter((id) => id === 'c1').map((id) => [id, 42])),
		onError: (e) => {
			throw e;
		}
	});
	const write = (c: Customer) => {
		rows.set(c.id, c);
		engine.upsert([c]);
		for (const l of listeners) l({ ids: [c.id], reloaded: false });
	};
	return { list, asked, write };
}

const people = Array.from({ length: 70 }, (_, i) =>
	customer(
		`c${i}`,
		{ name: `Khách ${String(i).padStart(2, '0')}` },
		{
			source: i % 2 === 0 ? 'Zalo' : 'Facebook'
		}
	)
);
const zalo: SegmentDefinition = {
	version: SEGMENT_VERSION,
	match: 'all' as const,
	conditions: [{ field: 'source' as const, op: 'is' as const, value: 'Zalo' }]
};

describe('care list', () => {
	it('lists a segment by name, a page at a time, with the last contacts', async () => {
		const { list } = setup(people);
		await list.setPurpose(null);
		await list.setSegment(zalo);
		expect(list.total).toBe(35);
		expect(list.rows).toHaveLength(CARE_LIST_PAGE);
		expect(list.rows[0].name).toBe('Khách 00');
		expect(list.rows.every((c) => c.source === 'Zalo')).toBe(true);
		await list.more();
		expect(list.rows).toHaveLength(35);
		await list.setSegment(null);
		expect(list.total).toBe(70);
		expect(list.lastContact.get('c1')).toBe(42);
	});

	it('follows writes: a customer who leaves the segment leaves the list', async () => {
		const { list, write } = setup(people);
		list.purpose = null;
		const stop = list.connect();
		await list.setSegment(zalo);
		write({ ...people[0], source: 'Facebook' });
		await new Promise((r) => setTimeout(r, 0));
		await list.load();
		expect(list.total).toBe(34);
		expect(list.rows.some((c) => c.id === 'c0')).toBe(false);
		stop();
	});

	it('leaves out customers without consent for the purpose, and counts them', async () => {
		const consenting = people.map((c, i) => ({ ...c, consent: i % 4 === 0 ? true : null }));
		const { list } = setup(consenting);
		await list.setSegment(zalo);
		// Zalo customers are the even ones; every fourth customer agreed to care messages.
		expect(list.total).toBe(18);
		expect(list.leftOut).toBe(17);
		expect(list.rows.every((c) => c.consent === true)).toBe(true);
		await list.setPurpose('promotions');
		expect(list.total).toBe(0);
		expect(list.leftOut).toBe(35);
		await list.setPurpose(null);
		expect(list.total).toBe(35);
		expect(list.leftOut).toBe(0);
	});

	it('marks a customer contacted at once', async () => {
		const { list } = setup(people);
		await list.setSegment(zalo);
		list.contacted('c2', 99);
		expect(list.lastContact.get('c2')).toBe(99);
	});
});
