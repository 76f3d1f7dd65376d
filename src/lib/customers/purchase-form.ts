import { formatDate, parseDate } from '$lib/domain/date';
import { parseMoney } from '$lib/domain/money';
import type { Purchase } from '$lib/domain/types';
import type { PurchaseInput } from '$lib/db/purchases';

/**
 * The purchase form as typed, and what it means: a date written the Vietnamese way (or picked),
 * an amount written the way shop owners write it, and free text for the rest. Pure, so the
 * dialog only renders and the rules are tested here.
 */

/** What the inputs hold, as strings, exactly as typed. */
export interface PurchaseFormValues {
	/** dd/mm/yyyy (any form parseDate reads). */
	date: string;
	items: string;
	/** "1.250.000", "500k", "1tr2"… */
	amount: string;
	/** A PURCHASE_CHANNELS code, or a channel stored as free text by an import or the sample. */
	channel: string;
	staff: string;
	note: string;
}

export type PurchaseFields = Omit<PurchaseInput, 'customerId'>;

export type PurchaseFormProblem =
	| { field: 'date'; code: 'date-required' | 'date-invalid' | 'date-future' }
	| { field: 'amount'; code: 'amount-required' | 'amount-invalid' };

export type PurchaseFormResult =
	{ ok: true; fields: PurchaseFields } | { ok: false; problems: PurchaseFormProblem[] };

/**
 * Where a sale was made. Codes, not labels, so the data reads the same in either language; a
 * channel stored as text by an import keeps its text (see channelChoices).
 */
export const PURCHASE_CHANNELS = ['store', 'facebook', 'zalo', 'phone', 'shopee', 'other'] as const;
export type PurchaseChannel = (typeof PURCHASE_CHANNELS)[number];

export function isPurchaseChannel(value: string): value is PurchaseChannel {
	return (PURCHASE_CHANNELS as readonly string[]).includes(value);
}

/**
 * The options of the channel select: the known channels, plus the purchase's own when it is text
 * from elsewhere, so editing a sale never silently changes its channel.
 */
export function channelChoices(current: string): string[] {
	const known: string[] = [...PURCHASE_CHANNELS];
	return current === '' || isPurchaseChannel(current) ? known : [...known, current];
}

/** 1250000 → "1.250.000": what the amount input shows when a sale is edited. */
export function groupThousands(amount: number): string {
	return String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** A new sale: today, sold in the shop, everything else blank. */
export function emptyPurchaseForm(today: string): PurchaseFormValues {
	return { date: formatDate(today), items: '', amount: '', channel: 'store', staff: '', note: '' };
}

/** The form prefilled with a stored sale, for editing it. */
export function purchaseFormOf(
	p: Pick<Purchase, 'date' | 'items' | 'amount' | 'channel' | 'staff' | 'note'>
): PurchaseFormValues {
	return {
		date: formatDate(p.date),
		items: p.items,
		amount: groupThousands(p.amount),
		channel: p.channel,
		staff: p.staff,
		note: p.note
	};
}

/** The amount the field means so far, for the "= 1.200.000 ₫" hint; null while unreadable. */
export function amountPreview(raw: string): number | null {
	return parseMoney(raw).amount;
}

/**
 * Reads the whole form. A sale needs a date (not after the shop's today) and an amount (0 is a
 * real amount: a free warranty repair); items, channel, staff and note are free text.
 */
export function checkPurchaseForm(values: PurchaseFormValues, today: string): PurchaseFormResult {
	const problems: PurchaseFormProblem[] = [];

	let date: string | null = null;
	if (values.date.trim() === '') {
		problems.push({ field: 'date', code: 'date-required' });
	} else {
		const parsed = parseDate(values.date, { today });
		if (parsed.problem) problems.push({ field: 'date', code: parsed.problem });
		else date = parsed.iso;
	}

	let amount: number | null = null;
	if (values.amount.trim() === '') {
		problems.push({ field: 'amount', code: 'amount-required' });
	} else {
		const parsed = parseMoney(values.amount);
		if (parsed.amount === null) problems.push({ field: 'amount', code: 'amount-invalid' });
		else amount = parsed.amount;
	}

	if (problems.length > 0 || date === null || amount === null) return { ok: false, problems };
	return {
		ok: true,
		fields: {
			date,
			items: values.items.trim(),
			amount,
			channel: values.channel.trim(),
			staff: values.staff.trim(),
			note: values.note.trim()
		}
	};
}
