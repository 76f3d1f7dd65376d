import { describe, expect, it } from 'vitest';
import { fold, MIN_SCORE, passphraseStrength } from './strength';

const score = (p: string) => passphraseStrength(p).score;

describe('passphrase strength', () => {
	it('gives nothing for an empty passphrase', () => {
		expect(passphraseStrength('')).toMatchObject({ bits: 0, score: 0 });
	});

	it('rates common passwords very weak whatever their length', () => {
		for (const p of ['123456', 'password', 'matkhau123', 'anhyeuem', 'qwertyuiop', 'iloveyou']) {
			expect(score(p), p).toBe(0);
		}
		expect(passphraseStrength('matkhau123').warnings).toContain('common');
	});

	it('sees through repeats and runs', () => {
		expect(score('aaaaaaaaaaaaaaaa')).toBe(0);
		expect(score('abcdefghijkl')).toBe(0);
		expect(score('987654321')).toBe(0);
		expect(passphraseStrength('aaaaaaaaaaaaaaaa').warnings).toContain('pattern');
	});

	it('counts Vietnamese words typed without diacritics as few guesses, not as random letters', () => {
		const words = passphraseStrength('tiem hoa mai');
		const random = passphraseStrength('xqz kvw pjr');
		expect(words.bits).toBeLessThan(random.bits);
		expect(words.score).toBeLessThan(MIN_SCORE);
		// Run together, they are guessed just the same.
		expect(passphraseStrength('tiemhoamai').score).toBeLessThan(MIN_SCORE);
	});

	it('gives a little, not much, for diacritics and capitals', () => {
		const plain = passphraseStrength('con meo vang an banh cuon').bits;
		const marked = passphraseStrength('Con mèo vàng ăn bánh cuốn').bits;
		expect(marked).toBeGreaterThan(plain);
		expect(marked - plain).toBeLessThanOrEqual(4);
	});

	it('treats dates, years and phone numbers as guessable', () => {
		expect(passphraseStrength('lan12011990').warnings).toContain('date');
		expect(score('lan12011990')).toBeLessThan(MIN_SCORE);
		expect(passphraseStrength('hoa0912345678').warnings).toContain('phone');
		expect(score('hoa0912345678')).toBeLessThan(MIN_SCORE);
		expect(passphraseStrength('Tiệm Hoa Mai 2026').score).toBeLessThan(MIN_SCORE);
	});

	it('rates several words or long random text strong enough to lock a backup', () => {
		expect(score('gà trống gáy sáng sớm mai')).toBeGreaterThanOrEqual(3);
		expect(score('con mèo vàng ăn bánh cuốn')).toBeGreaterThanOrEqual(3);
		expect(score('b7Vq-Lm2x-9Rt4-Kp8z')).toBe(4);
		expect(score('Xk9#pL2q')).toBeGreaterThanOrEqual(MIN_SCORE);
	});

	it('grows with every random word added', () => {
		const bits = ['bánh', 'bánh cuốn', 'bánh cuốn gà', 'bánh cuốn gà trống'].map(
			(p) => passphraseStrength(p).bits
		);
		for (let i = 1; i < bits.length; i++) expect(bits[i]).toBeGreaterThan(bits[i - 1]);
	});

	it('flags a short passphrase', () => {
		expect(passphraseStrength('Xk9#pL2q').warnings).toContain('short');
		expect(passphraseStrength('Xk9#pL2qZ7!m').warnings).not.toContain('short');
	});

	it('judges the same words alike whether typed precomposed or with combining marks', () => {
		const p = 'gà trống gáy sáng';
		expect(passphraseStrength(p.normalize('NFD'))).toEqual(passphraseStrength(p.normalize('NFC')));
	});

	it('folds to lower case without diacritics, đ to d', () => {
		expect(fold('Đường Trần Hưng Đạo')).toBe('duong tran hung dao');
	});
});
