import { describe, expect, it } from 'vitest';
import {
	amountPreview,
	channelChoices,
	checkPurchaseForm,
	emptyPurchaseForm,
	groupThousands,
	purchaseFormOf,
	type PurchaseFormValues
} from './purchase-form';

const TODAY = '2025-06-15';

const form = (overrides: Partial<PurchaseFormValues> = {}): PurchaseFormValues => ({
	...emptyPurchaseForm(TODAY),
	items: 'Gội đầu dưỡng sinh',
	amount: '350k',
	...overrides
});

describe('emptyPurchaseForm', () => {
	it('starts on today written dd/mm/yyyy, sold in the shop', () => {
		expect(emptyPurchaseForm(TODAY)).toEqual({
			date: '15/06/2025',
			items: '',
			amount: '',
			channel: 'store',
			staff: '',
			note: ''
		});
	});
});

describe('checkPurchaseForm', () => {
	it('reads a sale typed the Vietnamese way', () => {
		expect(
			checkPurchaseForm(
				form({ date: '5/6/2025', amount: '1.250.000', staff: ' Thảo ', note: ' khách quen ' }),
				TODAY
			)
		).toEqual({
			ok: true,
			fields: {
				date: '2025-06-05',
				items: 'Gội đầu dưỡng sinh',
				amount: 1_250_000,
				channel: 'store',
				staff: 'Thảo',
				note: 'khách quen'
			}
		});
	});

	it.each([
		['350k', 350_000],
		['1tr2', 1_200_000],
		['1,5 triệu', 1_500_000],
		['500.000 ₫', 500_000],
		['0', 0]
	])('understands the amount %s', (amount, expected) => {
		const result = checkPurchaseForm(form({ amount }), TODAY);
		expect(result.ok && result.fields.amount).toBe(expected);
	});

	it('accepts a date picked from the calendar (ISO)', () => {
		const result = checkPurchaseForm(form({ date: '2025-06-01' }), TODAY);
		expect(result.ok && result.fields.date).toBe('2025-06-01');
	});

	it('refuses an amount it cannot read, and says which field', () => {
		expect(checkPurchaseForm(form({ amount: 'abc' }), TODAY)).toEqual({
			ok: false,
			problems: [{ field: 'amount', code: 'amount-invalid' }]
		});
		expect(checkPurchaseForm(form({ amount: '-50k' }), TODAY)).toMatchObject({ ok: false });
	});

	it('needs an amount', () => {
		expect(checkPurchaseForm(form({ amount: '  ' }), TODAY)).toEqual({
			ok: false,
			problems: [{ field: 'amount', code: 'amount-required' }]
		});
	});

	it('refuses a missing, impossible or future date', () => {
		const problem = (date: string) => {
			const result = checkPurchaseForm(form({ date }), TODAY);
			return result.ok ? null : result.problems[0];
		};
		expect(problem('')).toEqual({ field: 'date', code: 'date-required' });
		expect(problem('31/02/2025')).toEqual({ field: 'date', code: 'date-invalid' });
		expect(problem('16/06/2025')).toEqual({ field: 'date', code: 'date-future' });
		expect(problem('15/06/2025')).toBeNull();
	});

	it('reports every problem at once', () => {
		const result = checkPurchaseForm(form({ date: 'hôm qua', amount: 'abc' }), TODAY);
		expect(result.ok ? [] : result.problems.map((p) => p.field)).toEqual(['date', 'amount']);
	});

	it('lets items be empty: the amount is what the shop must know', () => {
		const result = checkPurchaseForm(form({ items: '' }), TODAY);
		expect(result.ok && result.fields.items).toBe('');
	});
});

describe('purchaseFormOf', () => {
	it('prefills an edit with the sale as a person would type it, and reads back the same', () => {
		const sale = {
			date: '2025-06-01',
			items: 'Áo thun',
			amount: 1_250_000,
			channel: 'Tại tiệm',
			staff: 'Lan',
			note: ''
		};
		const values = purchaseFormOf(sale);
		expect(values).toMatchObject({ date: '01/06/2025', amount: '1.250.000' });
		expect(checkPurchaseForm(values, TODAY)).toEqual({ ok: true, fields: sale });
	});
});

describe('channelChoices', () => {
	it('offers the known channels', () => {
		expect(channelChoices('zalo')).toEqual([
			'store',
			'facebook',
			'zalo',
			'phone',
			'shopee',
			'other'
		]);
	});

	it('keeps a channel stored as free text, so an edit does not change it', () => {
		expect(channelChoices('Tại tiệm')).toContain('Tại tiệm');
		expect(channelChoices('')).not.toContain('');
	});
});

describe('amount helpers', () => {
	it('previews what the amount means while typing', () => {
		expect(amountPreview('1tr2')).toBe(1_200_000);
		expect(amountPreview('1tr')).toBe(1_000_000);
		expect(amountPreview('abc')).toBeNull();
	});

	it('groups thousands with dots', () => {
		expect(groupThousands(0)).toBe('0');
		expect(groupThousands(350_000)).toBe('350.000');
		expect(groupThousands(1_250_000)).toBe('1.250.000');
	});
});
