import { describe, expect, it } from 'vitest';
import { collapseSpaces, fold } from './text';

describe('collapseSpaces', () => {
	it.each([
		['  Nguyễn   Thị  Hương  ', 'Nguyễn Thị Hương'],
		['Hà\tNội', 'Hà Nội'],
		['dòng 1\r\ndòng 2', 'dòng 1 dòng 2'],
		['1\u00a0250\u00a0000', '1 250 000'],
		['Hương\u200b ', 'Hương'],
		['\ufeffLan', 'Lan'],
		['   ', ''],
		['', ''],
		[' ', ''],
		['a​b', 'a b'],
		['a 　b', 'a b'],
		['a b', 'a b'],
		['Nguyễn Thị Hương', 'Nguyễn Thị Hương']
	])('tidies %j to %j', (raw, tidy) => {
		expect(collapseSpaces(raw)).toBe(tidy);
	});

	it('gives what the full replace gives for any mix of spaces and letters', () => {
		const parts = ['a', 'Hà', ' ', '  ', '\t', '\n', '\u00a0', '\u200b', '\ufeff', '\u2003', '1'];
		const slow = (s: string) => s.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
		let seed = 1;
		for (let n = 0; n < 5000; n++) {
			let s = '';
			for (let k = 0; k < n % 7; k++) {
				seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
				s += parts[seed % parts.length];
			}
			expect(collapseSpaces(s), JSON.stringify(s)).toBe(slow(s));
		}
	});
});

describe('fold', () => {
	it.each([
		['Nguyễn Thị Hương', 'nguyen thi huong'],
		['Đỗ Văn Đạt', 'do van dat'],
		['ĐẶNG  THỊ   NGỌC', 'dang thi ngoc'],
		['Phạm Ngũ Lão, Q.1, TP.HCM', 'pham ngu lao, q.1, tp.hcm'],
		['Bà Rịa – Vũng Tàu', 'ba ria – vung tau'],
		['Ưu đãi ỷ ơ ư', 'uu dai y o u'],
		['nguyen thi huong', 'nguyen thi huong'],
		['', '']
	])('folds %j to %j', (raw, folded) => {
		expect(fold(raw)).toBe(folded);
	});

	it('folds precomposed and decomposed input alike', () => {
		const nfc = 'Nguyễn Thị Hương Đức'.normalize('NFC');
		const nfd = nfc.normalize('NFD');
		expect(nfd).not.toBe(nfc);
		expect(fold(nfd)).toBe(fold(nfc));
		expect(fold(nfd)).toBe('nguyen thi huong duc');
	});
});
