import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCustomer } from '$lib/domain/customer';
import { phoneIdentity } from '$lib/domain/phone';
import type { Customer } from '$lib/domain/types';
import {
	createIoClient,
	deserializeError,
	serializeError,
	type IoClient,
	type IoRequest,
	type IoResponse,
	type IoWorkerPort
} from './client';
import { ImportError } from './errors';
import { repeatedFile } from './testing';

type Listener = (event: MessageEvent<IoRequest>) => void;

/** Runs worker.ts in this process behind a stand-in `self`. */
async function startWorker(): Promise<IoWorkerPort> {
	let workerListener: Listener = () => {};
	const pageListeners = new Set<(event: MessageEvent<IoResponse>) => void>();
	vi.stubGlobal('self', {
		postMessage: (message: IoResponse) => {
			for (const l of [...pageListeners]) l({ data: message } as MessageEvent<IoResponse>);
		},
		addEventListener: (_type: 'message', listener: Listener) => (workerListener = listener)
	});
	await import('./worker');
	return {
		postMessage: (message) => workerListener({ data: message } as MessageEvent<IoRequest>),
		addEventListener: (_type, listener) => pageListeners.add(listener),
		removeEventListener: (_type, listener) => pageListeners.delete(listener)
	};
}

const TODAY = '2026-01-01';
let client: IoClient;

beforeAll(async () => {
	client = createIoClient(await startWorker());
});

afterAll(() => {
	client.dispose();
	vi.unstubAllGlobals();
});

function person(i: number): Customer {
	const c = buildCustomer(
		{
			name: `Nguyễn Thị Khách ${i}`,
			salutation: i % 2 === 0 ? 'chị' : 'anh',
			phones:
				i % 7 === 0
					? `09${String(i).padStart(8, '0')}, 0912 34`
					: `09${String(i).padStart(8, '0')}`,
			emails: i % 3 === 0 ? `khach${i}@example.com` : '',
			gender: ['nữ', 'nam', 'khác', '', 'không rõ'][i % 5],
			birthday: ['05/03/1990', '29/02', '', '31/02/1990'][i % 4],
			address: `${i} Hàng Bông, "tầng 2"`,
			district: 'Hoàn Kiếm',
			city: 'Hà Nội',
			source: i % 11 === 0 ? '=cmd|calc' : 'Facebook',
			notes: i % 5 === 0 ? `Dòng 1\nDòng 2; ${i}` : ''
		},
		{ id: `c${i}`, now: 1, today: TODAY }
	);
	c.tags = i % 4 === 0 ? ['t-vip', 't-spa'] : [];
	c.custom = i % 6 === 0 ? { 'Mã KH': `KH${i}`, Size: '-M' } : {};
	return c;
}

const tagNames = new Map([
	['t-vip', 'Khách VIP'],
	['t-spa', 'Spa']
]);

describe('the io worker', () => {
	it('parses a file with progress, proposes a mapping and shows a preview', async () => {
		const file = new Blob([
			'Họ tên;SĐT;Ngày sinh\r\nchị Hương;0912345678;05/03/1990\r\nAn;0912 34;\r\n'
		]);
		const progress: number[] = [];
		const summary = await client.parse(file, {
			today: TODAY,
			onProgress: (done) => progress.push(done)
		});
		expect(progress.at(-1)).toBe(file.size);
		expect(summary).toMatchObject({
			kind: 'csv',
			encoding: 'utf-8',
			delimiter: ';',
			source: 'generic',
			header: ['Họ tên', 'SĐT', 'Ngày sinh'],
			rowCount: 2
		});
		expect(summary.mapping.columns.map((c) => c.target)).toEqual(['name', 'phones', 'birthday']);
		expect(summary.preview[0].customer).toMatchObject({
			name: 'Hương',
			salutation: 'chị',
			phoneKeys: ['+84912345678'],
			birthday: '1990-03-05'
		});
		expect(summary.preview[1].problems[0]).toMatchObject({
			field: 'phones',
			problem: 'phone-too-short'
		});
		await client.close(summary.session);
	});

	it('round-trips an export through parse and plan without losing anything', async () => {
		const people = Array.from({ length: 60 }, (_, i) => person(i + 1));
		const exported = await client.exportFile(
			'csv',
			{ kind: 'rows', customers: people },
			{ tagNames }
		);
		expect(exported.fileName).toMatch(/^so-khach_khach-hang_\d{4}-\d{2}-\d{2}\.csv$/);
		const summary = await client.parse(exported.blob, { today: TODAY });
		expect(summary.source).toBe('so-khach');
		const plan = await client.plan(summary.session, summary.mapping, {
			phones: new Map(),
			emails: new Map()
		});
		expect(plan.counts.total).toBe(60);
		expect(plan.counts.match).toBe(0);
		const rows = await client.planRows(summary.session, { start: 0, end: 60 });
		rows.forEach((r, i) => {
			const before = people[i];
			const after = r.customer;
			for (const field of [
				'name',
				'nameKey',
				'salutation',
				'emails',
				'emailKeys',
				'gender',
				'birthday',
				'birthdayMD',
				'address',
				'district',
				'city',
				'source',
				'notes',
				'invalid',
				'phoneKeys'
			] as const) {
				expect(after[field], `${field} of row ${r.row}`).toEqual(before[field]);
			}
			expect(after.phones.map(phoneIdentity)).toEqual(before.phones.map(phoneIdentity));
			expect(r.record.tags).toEqual(before.tags.map((t) => tagNames.get(t)));
			expect({ ...r.record.custom }).toEqual(before.custom);
		});
		// The rows the repository writes: the same customer, tags and purchase, a leaner record.
		const lean = await client.planRows(summary.session, { start: 0, end: 60, forWrite: true });
		lean.forEach((r, i) => {
			const { record, ...rest } = rows[i];
			expect(r).toMatchObject(rest);
			expect(r.customer).toEqual(rows[i].customer);
			expect(r.record.tags).toEqual(record.tags);
			expect(r.record.purchase).toEqual(record.purchase);
			expect(r.record.input).toEqual({});
		});
		await client.close(summary.session);
	});

	it('round-trips through .xlsx and vCard too', async () => {
		const people = Array.from({ length: 12 }, (_, i) => person(i + 1));
		const xlsx = await client.exportFile('xlsx', { kind: 'rows', customers: people }, { tagNames });
		const fromXlsx = await client.parse(xlsx.blob, { today: TODAY, previewRows: 12 });
		expect(fromXlsx.kind).toBe('xlsx');
		fromXlsx.preview.forEach((p, i) => {
			expect(p.customer.name).toBe(people[i].name);
			expect(p.customer.birthday).toBe(people[i].birthday);
			expect(p.customer.notes).toBe(people[i].notes);
			expect(p.customer.source).toBe(people[i].source);
		});
		const vcf = await client.exportFile('vcf', { kind: 'rows', customers: people }, { tagNames });
		const fromVcf = await client.parse(vcf.blob, { today: TODAY, previewRows: 12 });
		expect(fromVcf.kind).toBe('vcard');
		fromVcf.preview.forEach((p, i) => {
			expect(p.customer.name).toBe(people[i].name);
			expect(p.customer.phoneKeys).toEqual(people[i].phoneKeys);
			expect(p.customer.emailKeys).toEqual(people[i].emailKeys);
			expect(p.tags).toEqual(people[i].tags.map((t) => tagNames.get(t)));
		});
	});

	it('leaves out of a promotions export every customer who did not consent to promotions', async () => {
		const consent = (given: boolean) => [
			{
				id: 'k',
				purpose: 'promotions' as const,
				given,
				at: 1,
				method: 'store' as const,
				note: '',
				recordedAt: 1
			}
		];
		const people = [
			{ ...person(1), consents: consent(true) },
			{ ...person(2), consents: consent(false) },
			{ ...person(3), consent: true },
			person(4)
		];
		const file = await client.exportFile(
			'csv',
			{ kind: 'rows', customers: people },
			{ tagNames, consentFor: 'promotions' }
		);
		const text = await file.blob.text();
		expect(text).toContain(people[0].name);
		for (const left of people.slice(1)) expect(text).not.toContain(left.name);
	});

	it('plans against the book, serves plan rows by group, and writes the rejects CSV', async () => {
		const file = new Blob([
			'Tên,SĐT,Email\nAn,0912345678,\nBình,0987654321,\n,,\nChi,0912 34,chi@\nAn lại,0912 345 678,an@example.com\n'
		]);
		const summary = await client.parse(file, { today: TODAY });
		const plan = await client.plan(summary.session, summary.mapping, {
			phones: new Map([['+84987654321', 'existing-binh']]),
			emails: new Map()
		});
		expect(plan.counts).toMatchObject({ total: 4, new: 1, match: 2, invalid: 1 });
		expect(plan.decisions).toEqual({ create: 2, merge: 2, skip: 0 });
		const matches = await client.planRows(summary.session, { group: 'match', start: 0, end: 10 });
		expect(matches.map((r) => [r.row, r.match?.kind])).toEqual([
			[3, 'existing'],
			[6, 'row']
		]);
		const decisions = {
			groups: { invalid: 'skip' as const },
			rows: new Map([[2, 'skip' as const]])
		};
		expect(await client.decisionCounts(summary.session, decisions)).toEqual({
			create: 0,
			merge: 2,
			skip: 2
		});
		const rejects = await client.rejects(summary.session, decisions, 'vi');
		expect(rejects.rows).toBe(2);
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
			await rejects.blob.arrayBuffer()
		);
		expect(text).toBe(
			'\ufeffTên,SĐT,Email,Lỗi nhập\r\nAn,0912345678,,Đã bỏ qua\r\nChi,0912 34,chi@,Số điện thoại: thiếu chữ số (0912 34); Email: không phải email hợp lệ (chi@)\r\n'
		);
		// The fixed file re-imports without the error column.
		const again = await client.parse(rejects.blob, { today: TODAY });
		expect(again.mapping.columns.at(-1)?.target).toBe('skip');
	});

	it('cancels a parse midway with the cancelled code', async () => {
		const file = repeatedFile('Tên,SĐT\n', 'Khách,0912345678\n', 40 << 20, '');
		const controller = new AbortController();
		const err = await client
			.parse(file, {
				signal: controller.signal,
				onProgress: (done) => {
					if (done > 2 << 20) controller.abort();
				}
			})
			.catch((e: unknown) => e);
		expect(err).toBeInstanceOf(ImportError);
		expect((err as ImportError).code).toBe('cancelled');
	});

	it('sends refusals back as ImportErrors with their code and params', async () => {
		const err = await client.parse(new Blob(['a,b\n1,"x'])).catch((e: unknown) => e);
		expect(err).toMatchObject({ code: 'not-csv', params: { row: 2 } });
		const gone = await client
			.preview(999, { columns: [], dateOrder: 'dmy' })
			.catch((e: unknown) => e);
		expect(gone).toMatchObject({ code: 'no-session' });
	});
});

describe('errors crossing from the worker', () => {
	it('keep their code and params; other errors keep their message', () => {
		const e = deserializeError(
			serializeError(new ImportError('field-too-long', { row: 3, column: 2, limit: 10 }))
		);
		expect(e).toBeInstanceOf(ImportError);
		expect(e).toMatchObject({ code: 'field-too-long', params: { row: 3, column: 2, limit: 10 } });
		expect(deserializeError(serializeError(new DOMException('x', 'AbortError')))).toMatchObject({
			code: 'cancelled'
		});
		expect(deserializeError(serializeError(new Error('boom'))).message).toBe('boom');
	});
});
