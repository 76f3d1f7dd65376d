import { describe, expect, it } from 'vitest';
import { Lexicon, Table } from './lexicon';

describe('Table', () => {
	it('gives ids in order of first sight and finds them again after growing', () => {
		const table = new Table();
		const words = Array.from({ length: 20_000 }, (_, i) => `từ${(i * 7919) % 20_000}`);
		words.forEach((w, i) => expect(table.id(w)).toBe(i));
		expect(table.size).toBe(20_000);
		// The same text in other string objects, as a record's keys are.
		for (let i = 0; i < words.length; i += 97) {
			const copy = [...words[i]].join('');
			expect(table.id(copy)).toBe(i);
			expect(table.find(copy)).toBe(i);
		}
		expect(table.size).toBe(20_000);
		expect(table.strings[123]).toBe(words[123]);
	});

	it('keeps the empty string out and says when a string is unknown', () => {
		const table = new Table();
		expect(table.id('')).toBe(-1);
		expect(table.find('')).toBe(-1);
		expect(table.find('nguyen')).toBe(-1);
		expect(table.id('nguyen')).toBe(0);
		expect(table.size).toBe(1);
	});
});

describe('Lexicon last-seven ids', () => {
	it('gives phones ending in the same seven digits one id, others their own', () => {
		const lex = new Lexicon();
		const a = lex.phones.id('+84912345678');
		const b = lex.phones.id('+84382345678');
		const c = lex.phones.id('+84912345679');
		expect(lex.phoneLastSeven(a)).toBe(lex.phoneLastSeven(b));
		expect(lex.phoneLastSeven(c)).not.toBe(lex.phoneLastSeven(a));
		// Many numbers, so the table grows; ids stay in order of first sight.
		const ids = Array.from({ length: 5000 }, (_, i) => lex.lastSeven(1_000_000 + i * 13));
		expect(ids[0]).toBe(2);
		expect(ids[4999]).toBe(5001);
		expect(lex.lastSeven(1_000_000 + 4999 * 13)).toBe(5001);
	});
});
