import { describe, expect, it } from 'vitest';
import type { CustomColumn } from '$lib/columns/definitions';
import { SEGMENT_VERSION, type SegmentCondition } from '$lib/domain/segments';
import { describeSegment } from './labels';

const columns: CustomColumn[] = [
	{ id: 'so-do', label: 'Số đo', type: 'number', options: [], hidden: false },
	{ id: 'ngay-cuoi', label: 'Ngày cưới', type: 'date', options: [], hidden: false },
	{ id: 'vip', label: 'VIP', type: 'yesno', options: [], hidden: true }
];

function lines(...conditions: SegmentCondition[]): string[] {
	return describeSegment(
		{ version: SEGMENT_VERSION, match: 'all', conditions },
		(id) => id,
		columns
	).lines;
}

describe('a segment on custom columns in words', () => {
	it('names the column by its label and writes values as the cells do', () => {
		const [size, wedding, vip] = lines(
			{ field: 'custom', key: 'so-do', op: 'gte', value: 1234.5 },
			{ field: 'custom', key: 'ngay-cuoi', op: 'between', value: ['2024-01-01', '2024-12-31'] },
			{ field: 'custom', key: 'vip', op: 'is', value: true }
		);
		expect(size).toMatch(/^Cột riêng “Số đo” .+ 1\.234,5$/);
		expect(wedding).toMatch(/^Cột riêng “Ngày cưới” .+ 01\/01\/2024 .+ 31\/12\/2024$/);
		expect(vip).toMatch(/^Cột riêng “VIP” .+ Có$/);
	});

	it('names a column deleted since by its key', () => {
		expect(lines({ field: 'custom', key: 'cu', op: 'notEmpty' })[0]).toMatch(/^Cột riêng “cu” /);
	});
});
