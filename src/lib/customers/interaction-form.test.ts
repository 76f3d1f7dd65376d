import { describe, expect, it } from 'vitest';
import {
	asksSentiment,
	checkInteractionForm,
	emptyInteractionForm,
	usualChannel
} from './interaction-form';

describe('checkInteractionForm', () => {
	it('keeps how a complaining customer felt, trimmed', () => {
		expect(
			checkInteractionForm({
				kind: 'complaint',
				channel: 'zalo',
				sentiment: 'negative',
				summary: '  Áo bị sút chỉ ',
				staff: ' Thảo '
			})
		).toEqual({
			ok: true,
			fields: {
				kind: 'complaint',
				channel: 'zalo',
				sentiment: 'negative',
				summary: 'Áo bị sút chỉ',
				staff: 'Thảo'
			}
		});
	});

	it('drops a sentiment left over from another kind', () => {
		const result = checkInteractionForm({ ...emptyInteractionForm('call'), sentiment: 'positive' });
		expect(result.ok && result.fields.sentiment).toBeNull();
	});

	it('logs a call without words, but not a note, feedback or complaint', () => {
		expect(checkInteractionForm(emptyInteractionForm('call')).ok).toBe(true);
		expect(checkInteractionForm(emptyInteractionForm('visit')).ok).toBe(true);
		for (const kind of ['note', 'feedback', 'complaint'] as const) {
			expect(checkInteractionForm({ ...emptyInteractionForm(kind), summary: ' ' })).toEqual({
				ok: false,
				problem: 'summary-required'
			});
		}
	});
});

describe('form defaults', () => {
	it('asks for a sentiment only on feedback and complaints', () => {
		expect(asksSentiment('feedback')).toBe(true);
		expect(asksSentiment('complaint')).toBe(true);
		expect(asksSentiment('call')).toBe(false);
	});

	it('picks the usual channel of a kind', () => {
		expect(usualChannel('call')).toBe('phone');
		expect(usualChannel('visit')).toBe('store');
		expect(usualChannel('message')).toBe('zalo');
		expect(usualChannel('note')).toBe('');
		expect(emptyInteractionForm()).toMatchObject({ kind: 'call', channel: 'phone' });
	});
});
