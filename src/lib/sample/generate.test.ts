import { hasConsent } from '$lib/privacy/consent';
import { beforeAll, describe, expect, it } from 'vitest';
import { idTime } from '$lib/db/ids';
import { DEFAULT_CARE_PLANS, groupForToday, planForPurchase } from '$lib/domain/care';
import type { Customer, Interaction, Purchase, Reminder } from '$lib/domain/types';
import { createRng, generateSample, vnDay, type SampleChunk, type SampleOptions } from './generate';
import { SHOP_TYPES, SHOPS } from './vn-data';

const TODAY = '2026-11-26';
const DAY = 86_400_000;

function collect(opts: SampleOptions): {
	chunks: SampleChunk[];
	customers: Customer[];
	purchases: Purchase[];
	reminders: Reminder[];
	interactions: Interaction[];
} {
	const chunks = [...generateSample(opts)];
	return {
		chunks,
		customers: chunks.flatMap((c) => c.customers),
		purchases: chunks.flatMap((c) => c.purchases),
		reminders: chunks.flatMap((c) => c.reminders),
		interactions: chunks.flatMap((c) => c.interactions)
	};
}

/** A customer as generated without purchases: the same person, without purchase totals. */
/** A customer without what their purchases decide: stats, stage, a lead's temperature. */
function withoutStats(
	c: Customer
): Omit<Customer, 'stats' | 'stage' | 'stageReason' | 'leadTemperature'> {
	const { stats, stage, stageReason, leadTemperature, ...rest } = c;
	void stats;
	void stage;
	void stageReason;
	void leadTemperature;
	return rest;
}

function isoOfVnDay(at: number): string {
	return new Date(vnDay(at) * DAY).toISOString().slice(0, 10);
}

function share(count: number, total: number): number {
	return count / total;
}

describe('createRng', () => {
	it('repeats the same sequence for the same seed and differs for another', () => {
		const a = createRng(42);
		const b = createRng(42);
		const c = createRng(43);
		const seqA = Array.from({ length: 5 }, () => a.next());
		expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
		expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
	});

	it('draws integers in range with a roughly even spread', () => {
		const rng = createRng(7);
		const counts = new Array<number>(10).fill(0);
		for (let i = 0; i < 20_000; i++) counts[rng.int(10)]++;
		for (const n of counts) expect(n).toBeGreaterThan(1_700);
		expect(counts.reduce((s, n) => s + n, 0)).toBe(20_000);
	});
});

describe('generateSample: determinism and chunking', () => {
	const base: SampleOptions = { seed: 2024, customers: 600, today: TODAY };

	it('gives the same records for the same seed', () => {
		expect(collect(base)).toEqual(collect(base));
	});

	it('gives different customers for a different seed', () => {
		const a = collect(base).customers.map((c) => c.name);
		const b = collect({ ...base, seed: 2025 }).customers.map((c) => c.name);
		expect(b).not.toEqual(a);
	});

	it('does not depend on the chunk size', () => {
		const big = collect(base);
		const small = collect({ ...base, chunkSize: 70 });
		expect(small.chunks.length).toBe(Math.ceil(600 / 70));
		expect(small.customers).toEqual(big.customers);
		expect(small.purchases).toEqual(big.purchases);
		expect(small.reminders).toEqual(big.reminders);
		expect(small.interactions).toEqual(big.interactions);
	});

	it('keeps the same customers when purchases are turned off, with no care records', () => {
		const withOut = collect({ ...base, withPurchases: false });
		expect(withOut.purchases).toHaveLength(0);
		expect(withOut.reminders).toHaveLength(0);
		expect(withOut.interactions).toHaveLength(0);
		expect(withOut.customers.map(withoutStats)).toEqual(collect(base).customers.map(withoutStats));
		expect(withOut.customers.every((c) => c.stats.count === 0)).toBe(true);
	});

	it('keeps the same customers and sales without care, with no reminders or interactions', () => {
		const full = collect(base);
		const light = collect({ ...base, withCare: false });
		expect(light.reminders).toHaveLength(0);
		expect(light.interactions).toHaveLength(0);
		expect(full.reminders.length).toBeGreaterThan(0);
		expect(light.customers).toEqual(full.customers);
		const sale = (p: Purchase) => ({ ...p, aftercare: null });
		expect(light.purchases.map(sale)).toEqual(full.purchases.map(sale));
		expect(light.purchases.every((p) => Object.keys(p.aftercare.done).length === 0)).toBe(true);
	});

	it('gives each customer the stage the rules give on the sample’s today', () => {
		const { customers } = collect(base);
		const stages = new Set(customers.map((c) => c.stage));
		expect(stages.has('new') || stages.has('care')).toBe(true);
		expect(stages.has('loyal')).toBe(true);
		for (const c of customers) {
			if (c.stats.count === 0) expect(c.stage).toBe('lead');
			if (c.stats.count >= 2 && c.stage === 'loyal') {
				expect(c.stageReason?.rule).toBe('second-purchase');
			}
			expect(c.stageManual).toBe(false);
		}
	});

	it('rates some leads cold, warm or hot and leaves buyers and some leads unrated', () => {
		const { customers } = collect(base);
		const leads = customers.filter((c) => c.stage === 'lead');
		const rated = new Set(leads.map((c) => c.leadTemperature ?? 'none'));
		expect([...rated].sort()).toEqual(['cold', 'hot', 'none', 'warm']);
		expect(
			customers.filter((c) => c.stage !== 'lead').every((c) => !('leadTemperature' in c))
		).toBe(true);
	});

	it('records consent as a shop asking at the counter would: most to care, fewer to promotions', () => {
		const { customers } = collect(base);
		const share = (purpose: 'care' | 'promotions') =>
			customers.filter((c) => hasConsent(c, purpose)).length / customers.length;
		expect(share('care')).toBeGreaterThan(0.6);
		expect(share('care')).toBeLessThan(0.95);
		expect(share('promotions')).toBeGreaterThan(0.2);
		expect(share('promotions')).toBeLessThan(share('care'));
		expect(customers.some((c) => c.consents === undefined)).toBe(true);
		for (const c of customers) {
			for (const r of c.consents ?? []) expect(r.at).toBe(c.createdAt);
		}
	});

	it('yields exactly the requested customers in chunks of at most 5,000', () => {
		const chunkSizes = [
			...generateSample({ seed: 1, customers: 12_001, today: TODAY, withPurchases: false })
		].map((c) => c.customers.length);
		expect(chunkSizes).toEqual([5_000, 5_000, 2_001]);
		expect([...generateSample({ seed: 1, customers: 0, today: TODAY })]).toHaveLength(0);
	});

	it('keeps each chunk’s purchases, reminders and interactions with its own customers', () => {
		for (const chunk of collect({ ...base, chunkSize: 100 }).chunks) {
			const ids = new Set(chunk.customers.map((c) => c.id));
			for (const p of chunk.purchases) expect(ids.has(p.customerId)).toBe(true);
			for (const r of chunk.reminders) expect(ids.has(r.customerId)).toBe(true);
			for (const i of chunk.interactions) expect(ids.has(i.customerId)).toBe(true);
		}
	});

	it('rejects a malformed today and a bad count', () => {
		expect(() => [...generateSample({ seed: 1, customers: 5, today: '26/11/2026' })]).toThrow(
			RangeError
		);
		expect(() => [...generateSample({ seed: 1, customers: 5, today: '2026-02-30' })]).toThrow(
			RangeError
		);
		expect(() => [...generateSample({ seed: 1, customers: -1, today: TODAY })]).toThrow(RangeError);
	});
});

describe('generateSample: a realistic 10,000-customer shop', () => {
	let customers: Customer[];
	let purchases: Purchase[];
	const N = 10_000;

	beforeAll(() => {
		({ customers, purchases } = collect({ seed: 99, customers: N, shopType: 'spa', today: TODAY }));
	});

	it('gives every record a unique id whose time part is its creation time', () => {
		expect(new Set(customers.map((c) => c.id)).size).toBe(N);
		expect(new Set(purchases.map((p) => p.id)).size).toBe(purchases.length);
		for (const c of customers.slice(0, 500)) expect(idTime(c.id)).toBe(c.createdAt);
		for (const p of purchases.slice(0, 500)) expect(idTime(p.id)).toBe(p.createdAt);
	});

	it('spreads customers over the last three years, growing towards today, in id order', () => {
		const first = Math.min(...customers.map((c) => vnDay(c.createdAt)));
		const last = Math.max(...customers.map((c) => vnDay(c.createdAt)));
		const today = Date.parse(TODAY) / DAY;
		expect(today - first).toBeGreaterThan(3 * 365 - 5);
		expect(today - first).toBeLessThanOrEqual(3 * 365);
		expect(last).toBeLessThanOrEqual(today);
		const ids = customers.map((c) => c.id);
		expect([...ids].sort()).toEqual(ids);
		const lastYear = customers.filter((c) => vnDay(c.createdAt) > today - 365).length;
		const firstYear = customers.filter((c) => vnDay(c.createdAt) <= first + 365).length;
		expect(lastYear).toBeGreaterThan(firstYear * 1.5);
	});

	it('writes phones in mixed habits, with ~3% old 11-digit numbers converted', () => {
		const raws = customers.flatMap((c) => c.phones.map((p) => p.raw));
		expect(raws.some((r) => /^0\d{3} \d{3} \d{3}$/.test(r))).toBe(true);
		expect(raws.some((r) => /^0\d{3}\.\d{3}\.\d{3}$/.test(r))).toBe(true);
		expect(raws.some((r) => r.startsWith('+84 '))).toBe(true);
		expect(raws.some((r) => /^84\d{9}$/.test(r))).toBe(true);
		const converted = customers.filter((c) => c.phones.some((p) => p.converted)).length;
		expect(share(converted, N)).toBeGreaterThan(0.01);
		expect(share(converted, N)).toBeLessThan(0.06);
		for (const c of customers.filter((c) => c.phones.some((p) => p.converted))) {
			expect(c.phones[0].raw.replace(/\D/g, '')).toMatch(/^01\d{9}$/);
		}
	});

	it('keeps ~1.5% invalid phones as typed and flags them instead of dropping them', () => {
		expect(customers.every((c) => c.phones.length >= 1)).toBe(true);
		const invalid = customers.flatMap((c) => c.phones).filter((p) => p.e164 === null);
		expect(share(invalid.length, N)).toBeGreaterThan(0.005);
		expect(share(invalid.length, N)).toBeLessThan(0.03);
		for (const p of invalid) {
			expect(p.raw).not.toBe('');
			expect(p.problem).toBeDefined();
		}
	});

	it('gives ~8% of customers a second phone and no two customers the same number', () => {
		const two = customers.filter((c) => c.phones.length === 2).length;
		expect(share(two, N)).toBeGreaterThan(0.05);
		expect(share(two, N)).toBeLessThan(0.12);
		const keys = customers.flatMap((c) => c.phoneKeys);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('leaves ~20% without email and ~25% without birthday, some birthdays without a year', () => {
		const noEmail = customers.filter((c) => c.emails.length === 0).length;
		expect(share(noEmail, N)).toBeGreaterThan(0.15);
		expect(share(noEmail, N)).toBeLessThan(0.25);
		expect(customers.some((c) => c.emails.some((e) => !e.valid))).toBe(true);
		const withBirthday = customers.filter((c) => c.birthday !== null || c.invalid.birthday);
		expect(share(N - withBirthday.length, N)).toBeGreaterThan(0.2);
		expect(share(N - withBirthday.length, N)).toBeLessThan(0.3);
		const yearless = customers.filter((c) => c.birthday?.startsWith('--')).length;
		expect(share(yearless, withBirthday.length)).toBeGreaterThan(0.03);
		expect(share(yearless, withBirthday.length)).toBeLessThan(0.15);
	});

	it('knows most genders, mostly female for a spa', () => {
		const known = customers.filter((c) => c.gender !== null);
		expect(share(known.length, N)).toBeGreaterThan(0.85);
		const female = known.filter((c) => c.gender === 'female').length;
		expect(share(female, known.length)).toBeGreaterThan(0.7);
	});

	it('draws family names with census-like frequencies', () => {
		const nguyen = customers.filter((c) => c.nameKey.startsWith('nguyen ')).length;
		expect(share(nguyen, N)).toBeGreaterThan(0.3);
		expect(share(nguyen, N)).toBeLessThan(0.42);
		const surnames = new Set(customers.map((c) => c.nameKey.split(' ')[0]));
		expect(surnames.size).toBeGreaterThan(25);
	});

	it('includes names typed with an honorific, and every name normalised to title case', () => {
		expect(customers.every((c) => c.name === c.name.trim())).toBe(true);
		const shortNames = customers.filter((c) => c.name.split(' ').length === 1).length;
		expect(share(shortNames, N)).toBeGreaterThan(0.03);
		expect(share(shortNames, N)).toBeLessThan(0.08);
	});

	it('links a few referred customers to customers who joined earlier', () => {
		const byId = new Map(customers.map((c) => [c.id, c]));
		const referred = customers.filter((c) => c.referredBy !== null);
		expect(share(referred.length, N)).toBeGreaterThan(0.03);
		expect(share(referred.length, N)).toBeLessThan(0.2);
		for (const c of referred) {
			const referrer = byId.get(c.referredBy ?? '');
			expect(referrer).toBeDefined();
			expect(referrer?.createdAt).toBeLessThanOrEqual(c.createdAt);
			expect(c.source).toBe('Giới thiệu');
		}
	});

	it('dates every purchase between its customer’s first day and today', () => {
		const byId = new Map(customers.map((c) => [c.id, c]));
		const misdated = purchases.filter((p) => {
			const c = byId.get(p.customerId);
			return (
				c === undefined ||
				p.date < isoOfVnDay(c.createdAt) ||
				p.date > TODAY ||
				p.createdAt < c.createdAt ||
				isoOfVnDay(p.createdAt) !== p.date
			);
		});
		expect(purchases.length).toBeGreaterThan(N);
		expect(misdated).toEqual([]);
		expect(purchases.some((p) => p.date === TODAY)).toBe(true);
	});

	it('prices purchases from the spa catalogue', () => {
		const prices = new Map(SHOPS.spa.catalogue.map(([p]) => [p.name, p.price]));
		const listPrice = (items: string) =>
			items.split(', ').reduce((sum, item) => {
				const [, name, qty] = /^(.*?)(?: x(\d+))?$/.exec(item) ?? [];
				return sum + (prices.get(name) ?? NaN) * Number(qty ?? 1);
			}, 0);
		// The list price, or 10% off for the occasional discount.
		const mispriced = purchases.filter((p) => {
			const list = listPrice(p.items);
			return !(p.amount === list || p.amount === Math.round((list * 0.9) / 1000) * 1000);
		});
		expect(purchases.length).toBeGreaterThan(N);
		expect(mispriced).toEqual([]);
	});

	it('gives 0 to 12 purchases per customer with a heavy tail of regulars', () => {
		const perCustomer = new Map<string, number>();
		for (const p of purchases)
			perCustomer.set(p.customerId, (perCustomer.get(p.customerId) ?? 0) + 1);
		const counts = customers.map((c) => perCustomer.get(c.id) ?? 0);
		const histogram = new Array<number>(13).fill(0);
		for (const n of counts) histogram[n]++;
		expect(Math.max(...counts)).toBeLessThanOrEqual(12);
		expect(histogram.indexOf(Math.max(...histogram))).toBe(1);
		expect(histogram[0]).toBeGreaterThan(0);
		expect(histogram.slice(8).reduce((s, n) => s + n, 0)).toBeGreaterThan(N * 0.03);
	});
});

describe('generateSample: the default sample shop', () => {
	it.each(SHOP_TYPES)('makes 300 %s customers with names, phones and purchases', (shopType) => {
		const { customers, purchases } = collect({ seed: 7, customers: 300, shopType, today: TODAY });
		expect(customers).toHaveLength(300);
		expect(customers.every((c) => c.name !== '' && c.nameKey !== '')).toBe(true);
		expect(customers.filter((c) => c.phoneKeys.length > 0).length).toBeGreaterThan(285);
		expect(customers.filter((c) => c.city !== '').length).toBeGreaterThan(230);
		expect(purchases.length).toBeGreaterThan(300);
		const catalogue = new Set(SHOPS[shopType].catalogue.map(([p]) => p.name));
		expect(catalogue.has(purchases[0].items.split(', ')[0].replace(/ x\d+$/, ''))).toBe(true);
	});
});

describe('generateSample: customer care', () => {
	const TODAY_DAY = Date.parse(TODAY) / DAY;
	const ageOf = (iso: string) => TODAY_DAY - Date.parse(iso) / DAY;
	let sample: ReturnType<typeof collect>;
	const N = 3_000;

	beforeAll(() => {
		sample = collect({ seed: 31, customers: N, shopType: 'fashion', today: TODAY });
	});

	it('gives every customer the count, total, first and last date of their purchases', () => {
		const own = new Map<string, Purchase[]>();
		for (const p of sample.purchases) own.set(p.customerId, [...(own.get(p.customerId) ?? []), p]);
		for (const c of sample.customers) {
			const dates = (own.get(c.id) ?? []).map((p) => p.date).sort();
			expect(c.stats).toEqual({
				count: dates.length,
				total: (own.get(c.id) ?? []).reduce((s, p) => s + p.amount, 0),
				first: dates[0] ?? null,
				last: dates.at(-1) ?? null
			});
		}
	});

	it('gives every customer with a birthday its month-day index key', () => {
		for (const c of sample.customers) {
			if (c.birthday === null) expect(c).not.toHaveProperty('birthdayMD');
			else expect(c.birthdayMD).toBe(c.birthday.slice(-5));
		}
	});

	it('mostly completes the after-sale checklist of sales older than 40 days, judging some chances', () => {
		const settled = sample.purchases.filter((p) => ageOf(p.date) > 40);
		const complete = settled.filter((p) => Object.keys(p.aftercare.done).length >= 3);
		expect(share(complete.length, settled.length)).toBeGreaterThan(0.6);
		const judged = settled.filter((p) => p.aftercare.chance !== null);
		expect(share(judged.length, settled.length)).toBeGreaterThan(0.1);
		expect(judged.every((p) => p.aftercare.done.chance !== undefined)).toBe(true);
		const fresh = sample.purchases.filter((p) => ageOf(p.date) < 3);
		expect(fresh.every((p) => Object.keys(p.aftercare.done).length === 0)).toBe(true);
	});

	it('plans reminders for the last 120 days’ sales exactly as the care plan does', () => {
		const byId = new Map(sample.purchases.map((p) => [p.id, p]));
		const planned = sample.reminders.filter((r) => r.kind !== 'custom');
		expect(planned.length).toBeGreaterThan(N / 2);
		for (const r of planned) {
			const p = byId.get(r.sourcePurchaseId ?? '');
			expect(p).toBeDefined();
			expect(ageOf(p?.date ?? '')).toBeLessThanOrEqual(120);
		}
		const own = new Map<string, Purchase[]>();
		for (const p of sample.purchases) own.set(p.customerId, [...(own.get(p.customerId) ?? []), p]);
		const recent = sample.purchases.filter((p) => ageOf(p.date) <= 120).slice(0, 200);
		for (const p of recent) {
			const others = (own.get(p.customerId) ?? []).filter((o) => o.id !== p.id);
			const latest =
				others
					.map((o) => o.date)
					.sort()
					.at(-1) ?? null;
			// As planned at the sale, before any step was ticked.
			const atSale = { id: p.id, customerId: p.customerId, date: p.date, items: p.items };
			const expected = planForPurchase(atSale, DEFAULT_CARE_PLANS.fashion, {
				today: p.date,
				makeId: (key) => key,
				latestOtherPurchase: latest
			});
			const actual = planned.filter((r) => r.sourcePurchaseId === p.id);
			expect(actual.map((r) => [r.id, r.due, r.dueEnd, r.kind, r.step])).toEqual(
				expected.map((d) => [d.id, d.due, d.dueEnd, d.kind, d.step])
			);
		}
	});

	it('has most steps due days ago done (with the interaction logged) or skipped', () => {
		const past = sample.reminders.filter((r) => r.kind !== 'custom' && ageOf(r.due) > 3);
		const open = past.filter((r) => r.status === 'open');
		expect(share(open.length, past.length)).toBeLessThan(0.06);
		const done = past.filter((r) => r.status === 'done');
		expect(share(done.length, past.length)).toBeGreaterThan(0.75);
		const interactions = new Map(sample.interactions.map((i) => [i.id, i]));
		for (const r of sample.reminders.filter((x) => x.status === 'done')) {
			const i = interactions.get(r.interactionId ?? '');
			expect(i?.reminderId).toBe(r.id);
			expect(i?.at).toBe(r.closedAt);
			expect(['call', 'message']).toContain(i?.kind);
		}
		const skipped = sample.reminders.filter((r) => r.status === 'skipped');
		expect(skipped.length).toBeGreaterThan(0);
		expect(skipped.every((r) => r.skipReason !== '' && r.closedAt !== null)).toBe(true);
		const closedLate = sample.reminders.filter(
			(r) => r.closedAt !== null && vnDay(r.closedAt) > TODAY_DAY
		);
		expect(closedLate).toEqual([]);
	});

	it('logs some feedback and complaints with their sentiment, and a few hand-made reminders', () => {
		const feedback = sample.interactions.filter((i) => i.kind === 'feedback');
		const complaints = sample.interactions.filter((i) => i.kind === 'complaint');
		expect(feedback.length).toBeGreaterThan(10);
		expect(complaints.length).toBeGreaterThan(5);
		expect(complaints.every((i) => i.sentiment === 'negative')).toBe(true);
		expect(feedback.every((i) => i.sentiment === 'positive' || i.sentiment === 'neutral')).toBe(
			true
		);
		const custom = sample.reminders.filter((r) => r.kind === 'custom');
		expect(custom.length).toBeGreaterThan(N * 0.01);
		expect(custom.every((r) => r.status === 'open' && r.note !== '')).toBe(true);
	});

	it('gives records unique ids, interactions ids that carry their time', () => {
		expect(new Set(sample.reminders.map((r) => r.id)).size).toBe(sample.reminders.length);
		expect(new Set(sample.interactions.map((i) => i.id)).size).toBe(sample.interactions.length);
		for (const i of sample.interactions.slice(0, 300)) expect(idTime(i.id)).toBe(i.createdAt);
	});

	it.each(SHOP_TYPES)('leaves a 300-customer %s shop dozens of things to do today', (shopType) => {
		const { reminders } = collect({ seed: 7, customers: 300, shopType, today: TODAY });
		const today = groupForToday(reminders, TODAY);
		const total = today.overdue + today.dueToday;
		expect(total).toBeGreaterThanOrEqual(10);
		expect(total).toBeLessThanOrEqual(80);
	});
});
