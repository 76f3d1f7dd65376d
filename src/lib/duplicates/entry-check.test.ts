import { beforeEach, describe, expect, it } from 'vitest';
import { customerToDedupRecord, type DedupClient } from '$lib/dedup/client';
import { createDedupIndex, type DedupIndex } from '$lib/dedup/index';
import type { DedupRecord } from '$lib/dedup/types';
import { createCustomer, trashCustomers } from '$lib/db/customers';
import { getDb, resetDbForTests } from '$lib/db/db';
import { undo } from '$lib/db/history';
import { buildCustomer } from '$lib/domain/customer';
import { createEntryCheck, type EntryCheck } from './entry-check';

/** The worker's side, in process: the index is built from the database on the first check. */
function inProcessClient(log: { builds: number; updates: string[][] }): DedupClient {
	let index: Promise<DedupIndex> | null = null;
	const build = async () => {
		log.builds += 1;
		const all = await getDb().customers.toArray();
		return createDedupIndex(
			all.filter((c) => c.deletedAt === undefined).map(customerToDedupRecord)
		);
	};
	return {
		async scan() {
			throw new Error('not used');
		},
		async check(draft, limit) {
			index ??= build();
			return (await index).candidatesFor(draft, limit);
		},
		async update(customers, removed = []) {
			log.updates.push([...customers.map((c) => c.id), ...removed.map((r) => `-${r}`)]);
			if (index === null) return;
			const built = await index;
			for (const c of customers) built.update(customerToDedupRecord(c));
			for (const r of removed) built.remove(r);
		},
		async evaluate() {
			throw new Error('not used');
		},
		dispose() {}
	};
}

function draft(input: { name?: string; phones?: string; emails?: string }): DedupRecord {
	return customerToDedupRecord(buildCustomer(input, { id: '', now: Date.now() }));
}

let log: { builds: number; updates: string[][] };
let entry: EntryCheck;
let dismissed: string[];

beforeEach(async () => {
	await resetDbForTests();
	log = { builds: 0, updates: [] };
	dismissed = [];
	entry = createEntryCheck({
		makeClient: () => inProcessClient(log),
		db: getDb,
		dismissed: async () => dismissed
	});
	await createCustomer({ name: 'Nguyễn Thị Hương', phones: '+84 912 345 678' });
	await createCustomer({ name: 'Trần Văn Đức', phones: '0987 654 321' });
});

describe('on-entry duplicate check', () => {
	it('finds an existing customer from a phone written another way', async () => {
		const matches = await entry.check(draft({ phones: '0912.345.678' }));
		expect(matches).toHaveLength(1);
		expect(matches[0].matched).toContain('phone');
		expect(matches[0].score).toBeNull();
	});

	it('finds a customer from an old 11-digit mobile number', async () => {
		const old = await createCustomer({ name: 'Lê Văn Nam', phones: '0383 456 789' });
		const matches = await entry.check(draft({ name: 'Lê Nam', phones: '0163 3456 789' }));
		expect(matches.map((p) => p.id)).toContain(old.id);
	});

	it('builds the index once and follows customers written after it was built', async () => {
		await entry.check(draft({ phones: '0912345678' }));
		const lan = await createCustomer({ name: 'Phạm Thị Lan', emails: 'lan@example.com' });
		const matches = await entry.check(draft({ emails: 'LAN@example.com' }));
		expect(matches.map((p) => p.id)).toEqual([lan.id]);
		expect(log.builds).toBe(1);
		expect(log.updates).toEqual([[lan.id]]);
	});

	it('stops proposing a customer moved to the trash, and proposes them again after undo', async () => {
		const first = await entry.check(draft({ phones: '0912345678' }));
		const id = first[0].id;
		await trashCustomers([id]);
		expect(await entry.check(draft({ phones: '0912345678' }))).toEqual([]);
		await undo();
		expect((await entry.check(draft({ phones: '0912345678' })))[0].id).toBe(id);
	});

	it('leaves out pairs marked not duplicates when checking a known customer', async () => {
		const huong = (await entry.check(draft({ phones: '0912345678' })))[0].id;
		const again = await createCustomer({ name: 'Hương', phones: '0912345678' });
		const record = draft({ phones: '0912345678' });
		expect((await entry.check({ ...record, id: again.id })).map((p) => p.id)).toContain(huong);
		dismissed = [[again.id, huong].sort().join('|')];
		expect((await entry.check({ ...record, id: again.id })).map((p) => p.id)).not.toContain(huong);
	});

	it('returns at most the requested number of candidates, best first', async () => {
		for (const name of ['Nguyễn Thị Hương', 'Nguyễn Thị Hương', 'Nguyễn Thị Hương']) {
			await createCustomer({ name, phones: '0912 345 678' });
		}
		const matches = await entry.check(draft({ name: 'Nguyễn Thị Hương', phones: '0912345678' }), 3);
		expect(matches).toHaveLength(3);
		expect(matches.every((p) => p.matched.includes('phone'))).toBe(true);
	});
});
