import { describe, expect, it } from 'vitest';
import { customerRecord, purchaseRecord } from '../../../tests/fixtures/db/records';
import {
	SUBJECT_FORMAT,
	subjectFileName,
	subjectHtml,
	subjectJson,
	type SubjectLabels,
	type SubjectRecord
} from './subject-export';

const labels: SubjectLabels = {
	title: 'Dữ liệu của khách',
	exportedAt: 'Xuất lúc',
	fields: 'Thông tin',
	consents: 'Đồng ý',
	purchases: 'Giao dịch',
	interactions: 'Tương tác',
	reminders: 'Nhắc việc',
	changes: 'Lịch sử thay đổi',
	none: '—',
	field: (k) => (k === 'name' ? 'Họ và tên' : k)
};

const record: SubjectRecord = {
	format: SUBJECT_FORMAT,
	version: 1,
	exportedAt: '2026-11-26T10:00:00.000Z',
	shopName: 'Spa Hoa Mai',
	customer: customerRecord('c1', {
		name: 'Lê <b>Thu</b> Trang',
		consents: [
			{
				id: 'k',
				purpose: 'promotions',
				given: true,
				at: 0,
				method: 'zalo',
				note: 'qua Zalo',
				recordedAt: 0
			}
		]
	}),
	purchases: [purchaseRecord('p1', 'c1', { items: 'Gội đầu thảo dược', amount: 150_000 })],
	interactions: [],
	reminders: [],
	changes: [
		{
			seq: 1,
			at: 0,
			batchId: 'b',
			table: 'customers',
			rowId: 'c1',
			op: 'create',
			before: null,
			after: { name: 'x' }
		}
	]
};

describe('subjectJson', () => {
	it('holds every part of the record and reads back as it was', () => {
		expect(JSON.parse(subjectJson(record))).toEqual(JSON.parse(JSON.stringify(record)));
	});
});

describe('subjectHtml', () => {
	it('shows the fields, consents, purchases and changes, with the text escaped', () => {
		const html = subjectHtml(record, labels);
		expect(html).toContain('Lê &lt;b&gt;Thu&lt;/b&gt; Trang');
		expect(html).not.toContain('<b>Thu</b>');
		expect(html).toContain('Họ và tên');
		expect(html).toContain('qua Zalo');
		expect(html).toContain('Gội đầu thảo dược');
		expect(html).toContain('150000');
		expect(html).toContain('Lịch sử thay đổi');
		expect(html).not.toMatch(/<script/i);
	});
});

describe('subjectFileName', () => {
	it('is plain ASCII from the name and the date', () => {
		expect(subjectFileName({ name: 'Đặng Thị Hương', id: 'x' }, '2026-11-26', 'json')).toBe(
			'khach-dang-thi-huong-2026-11-26.json'
		);
		expect(subjectFileName({ name: '', id: 'X1' }, '2026-11-26', 'html')).toBe(
			'khach-X1-2026-11-26.html'
		);
	});
});
