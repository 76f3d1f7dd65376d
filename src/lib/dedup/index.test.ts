import { describe, expect, it } from 'vitest';
import { customerToDedupRecord } from './adapter';
import { createDedupIndex, indexPrepared } from './index';
import { prepareRecord } from './prepare';
import type { DedupRecord } from './types';

const rec = (id: string, name: string, phone: string): DedupRecord => ({
	id,
	name,
	phones: [phone],
	emails: [],
	address: '',
	birthday: ''
});

function background(): DedupRecord[] {
	const out: DedupRecord[] = [];
	for (let i = 0; i < 300; i++) {
		out.push(
			rec(
				`bg${i}`,
				`${['Nguyễn', 'Trần', 'Lê'][i % 3]} Văn ${['An', 'Bình', 'Cường', 'Dũng'][i % 4]}`,
				`098${String(1000000 + i * 131).slice(0, 7)}`
			)
		);
	}
	return out;
}

describe('createDedupIndex', () => {
	it('finds the customer being typed again, and follows add and remove', () => {
		const index = createDedupIndex([...background(), rec('x', 'Quách Thị Thủy', '0329123456')]);
		const draft = rec('new', 'chị Quach Thi Thuy', '01629 123 456');
		expect(index.candidatesFor(draft).map((m) => m.b)).toEqual(['x']);
		index.remove('x');
		expect(index.candidatesFor(draft)).toEqual([]);
		index.add(rec('y', 'Quách Thị Thủy', '+84329123456'));
		expect(index.candidatesFor(draft)[0]?.b).toBe('y');
		expect(index.size).toBe(301);
	});
});

describe('indexPrepared', () => {
	it('answers as createDedupIndex does, from records prepared beforehand', () => {
		const records = [...background(), rec('x', 'Quách Thị Thủy', '0329123456')];
		const drafts = [
			rec('d1', 'chị Quach Thi Thuy', '01629 123 456'),
			rec('d2', 'Nguyen Van An', ''),
			rec('d3', 'Trần Văn Bình', '0981000131')
		];
		const whole = createDedupIndex(records);
		const prepared = indexPrepared(records.map(prepareRecord));
		for (const draft of drafts) {
			expect(prepared.candidatesFor(draft)).toEqual(whole.candidatesFor(draft));
		}
		expect(whole.candidatesFor(drafts[0]).length).toBeGreaterThan(0);
		expect(prepared.size).toBe(whole.size);
	});
});

describe('createDedupIndex on a common name', () => {
	it('finds the duplicate among hundreds of namesakes, scoring only a window of them', () => {
		const records: DedupRecord[] = background();
		for (let i = 0; i < 200; i++) {
			const birthday = `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`;
			const phone = `09${String(12000000 + i * 7).slice(0, 8)}`;
			records.push({ ...rec(`n${i}`, 'Nguyễn Thị Linh', phone), birthday });
		}
		records.push({ ...rec('me', 'Nguyễn Thị Linh', '0329123456'), birthday: '1990-03-04' });
		const index = createDedupIndex(records);
		const draft = { ...rec('draft', 'nguyen thi linh', '0329 123 456'), birthday: '04/03/1990' };
		const found = index.candidatesFor(draft);
		expect(found.map((m) => m.b)).toEqual(['me']);
	});
});

describe('customerToDedupRecord', () => {
	it('hands over E.164 phones, emails and the address with its district and city', () => {
		const r = customerToDedupRecord({
			id: 'c1',
			name: 'Quách Thị Thủy',
			salutation: 'chị',
			phones: [
				{ raw: '0329 123 456', e164: '+84329123456' },
				{ raw: '123', e164: null, problem: 'phone-too-short' }
			],
			emails: [{ value: 'thuy@gmail.com', valid: true }],
			birthday: '1990-03-04',
			address: '12 Lê Lợi',
			district: 'Quận 1',
			city: 'TP. Hồ Chí Minh'
		});
		expect(r.phones).toEqual(['+84329123456', '123']);
		expect(r.address).toBe('12 Lê Lợi, Quận 1, TP. Hồ Chí Minh');
		expect(r.salutation).toBe('chị');
	});
});
