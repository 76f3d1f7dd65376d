import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetDbForTests } from '$lib/db/db';
import { buildCustomer } from '$lib/domain/customer';
import type { Customer, Interaction, Purchase, Reminder } from '$lib/domain/types';
import { createReportClient, type ReportWorkerPort } from './client';
import { periodContaining } from './period';
import type { ReportWorkerRequest, ReportWorkerResponse } from './types';

type Listener = (event: MessageEvent<ReportWorkerRequest>) => void;

/** Runs worker.ts in this process behind a stand-in `self`, over a fake-indexeddb database. */
async function startWorker(): Promise<ReportWorkerPort> {
	let workerListener: Listener = () => {};
	const pageListeners = new Set<(event: MessageEvent<ReportWorkerResponse>) => void>();
	vi.stubGlobal('self', {
		postMessage: (message: ReportWorkerResponse) => {
			for (const l of [...pageListeners])
				l({ data: message } as MessageEvent<ReportWorkerResponse>);
		},
		addEventListener: (_type: 'message', listener: Listener) => (workerListener = listener)
	});
	await import('./worker');
	return {
		postMessage: (message) =>
			workerListener({ data: message } as MessageEvent<ReportWorkerRequest>),
		addEventListener: (_type, listener) => pageListeners.add(listener),
		removeEventListener: (_type, listener) => pageListeners.delete(listener)
	};
}

let port: ReportWorkerPort;
beforeAll(async () => {
	port = await startWorker();
});
afterAll(() => {
	vi.unstubAllGlobals();
});

const at = (day: string, hourVn = 9) =>
	Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10), hourVn - 7);

function person(
	id: string,
	name: string,
	dates: string[],
	extra: Partial<Customer> = {}
): Customer {
	const sorted = [...dates].sort();
	return {
		...buildCustomer({ name, phones: '0912345678' }, { id, now: at('2026-01-01') }),
		stats: {
			count: sorted.length,
			total: sorted.length * 100_000,
			first: sorted[0] ?? null,
			last: sorted[sorted.length - 1] ?? null
		},
		...extra
	};
}

function sale(id: string, customerId: string, date: string, amount = 100_000): Purchase {
	return {
		id,
		customerId,
		date,
		items: '',
		amount,
		channel: '',
		staff: 'Lan',
		note: '',
		aftercare: { done: {}, chance: null },
		createdAt: 0,
		updatedAt: 0
	};
}

function contact(
	id: string,
	customerId: string,
	day: string,
	extra: Partial<Interaction> = {}
): Interaction {
	return {
		id,
		customerId,
		at: at(day),
		kind: 'call',
		channel: 'phone',
		sentiment: null,
		reminderId: null,
		summary: '',
		staff: 'Lan',
		createdAt: 0,
		updatedAt: 0,
		...extra
	};
}

function reminder(
	id: string,
	customerId: string,
	due: string,
	extra: Partial<Reminder> = {}
): Reminder {
	return {
		id,
		customerId,
		due,
		dueEnd: null,
		kind: 'aftercare',
		step: null,
		aftercareStep: null,
		templateId: null,
		status: 'open',
		snoozedUntil: null,
		sourcePurchaseId: null,
		assignee: '',
		note: '',
		skipReason: '',
		closedAt: null,
		interactionId: null,
		createdAt: 0,
		updatedAt: 0,
		...extra
	};
}

const MARCH = periodContaining('month', '2026-03-01');

describe('reports worker', () => {
	it('reads the book in chunks and answers with the dashboard', async () => {
		const db = await resetDbForTests();
		await db.customers.bulkAdd([
			person('a', 'An', ['2026-01-05', '2026-03-02']),
			person('b', 'Bình', ['2026-03-31'], { referredBy: 'a', createdAt: at('2026-03-31', 23) }),
			person('c', 'Chi', []),
			person('t', 'Trash', ['2026-03-03'], { deletedAt: 1 })
		]);
		await db.purchases.bulkAdd([
			sale('p1', 'a', '2026-01-05'),
			sale('p2', 'a', '2026-03-02', 300_000),
			sale('p3', 'b', '2026-03-31', 200_000),
			sale('p4', 't', '2026-03-03')
		]);
		await db.interactions.bulkAdd([contact('i1', 'b', '2026-04-02', { reminderId: 'r' })]);
		const client = createReportClient(port);
		const progress: number[] = [];
		const d = await client.dashboard(
			{ period: MARCH, today: '2026-04-10', lostAfterDays: 365 },
			{ onProgress: (done) => progress.push(done) }
		);
		expect(d.current).toMatchObject({
			buyers: 2,
			newCustomers: 1,
			returningCustomers: 1,
			revenue: 500_000,
			returningRevenue: 300_000,
			caredBuyers: 1,
			referralsMade: 1,
			referredRevenue: 200_000
		});
		expect(d.previous.buyers).toBe(0);
		expect(d.quality.customers).toBe(3);
		expect(progress.at(-1)).toBe(4);
		client.dispose();
	});

	it('answers the monthly review: missed care, due to buy, referrers, negative feedback', async () => {
		const db = await resetDbForTests();
		await db.customers.bulkAdd([
			person('a', 'An', ['2026-01-05']),
			person('b', 'Bình', [], { referredBy: 'a', createdAt: at('2026-03-10') }),
			person('t', 'Trash', [], { deletedAt: 1, referredBy: 'a', createdAt: at('2026-03-11') })
		]);
		await db.reminders.bulkAdd([
			reminder('r1', 'a', '2026-03-05'), // missed
			reminder('r2', 'a', '2026-03-06', { status: 'done' }),
			reminder('r3', 'a', '2026-03-20', { kind: 'repurchase', dueEnd: '2026-05-20' }), // due, not missed
			reminder('r4', 't', '2026-03-05'), // customer in the trash
			reminder('r5', 'b', '2026-03-30') // not yet late on 30 March
		]);
		await db.interactions.bulkAdd([
			contact('i1', 'a', '2026-03-08', {
				kind: 'complaint',
				sentiment: 'negative',
				summary: 'Chậm'
			}),
			contact('i2', 'a', '2026-02-08', { sentiment: 'negative' }),
			contact('i3', 'b', '2026-03-09', { sentiment: 'positive' })
		]);
		const client = createReportClient(port);
		const { review, names } = await client.review(MARCH, '2026-03-30');
		expect(review.missedCare.items.map((i) => i.reminderId)).toEqual(['r1']);
		expect(review.dueToBuy.items.map((i) => i.reminderId)).toEqual(['r3']);
		expect(review.referrers.items).toEqual([
			{ customerId: 'a', referred: [{ id: 'b', name: 'Bình' }] }
		]);
		expect(review.negativeFeedback.items).toMatchObject([
			{ interactionId: 'i1', customerId: 'a', day: '2026-03-08', summary: 'Chậm' }
		]);
		expect(names).toEqual({ a: 'An' });
		client.dispose();
	});

	it('rejects a cancelled request with an aborted error', async () => {
		await resetDbForTests();
		const client = createReportClient(port);
		const controller = new AbortController();
		controller.abort();
		await expect(
			client.dashboard(
				{ period: MARCH, today: '2026-04-10', lostAfterDays: 365 },
				{ signal: controller.signal }
			)
		).rejects.toMatchObject({ code: 'aborted' });
		client.dispose();
	});
});
