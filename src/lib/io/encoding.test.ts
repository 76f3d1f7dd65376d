import { describe, expect, it } from 'vitest';
import { detectEncoding, vietnameseScore } from './encoding';
import { encodeLegacy, encodeUtf16 } from './testing';

const VI =
	'Họ và tên;Địa chỉ\nNguyễn Thị Hương;12 Hàng Bông, Hoàn Kiếm\nTrần Văn Đức;Phường Bến Nghé\n';
const WESTERN = 'Name;City\nJosé Müller;Zürich\nFrançoise Lefèvre;Besançon\nSão Paulo;Ñandú\n';

describe('encoding detection', () => {
	it('reads byte-order marks', () => {
		expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toEqual({
			encoding: 'utf-8',
			bomLength: 3
		});
		expect(detectEncoding(encodeUtf16(VI, 'le')).encoding).toBe('utf-16le');
		expect(detectEncoding(encodeUtf16(VI, 'be')).encoding).toBe('utf-16be');
	});

	it('recognises UTF-16 without a BOM by its zero bytes', () => {
		expect(detectEncoding(encodeUtf16(VI, 'le', false)).encoding).toBe('utf-16le');
		expect(detectEncoding(encodeUtf16(VI, 'be', false)).encoding).toBe('utf-16be');
	});

	it('takes valid UTF-8 as UTF-8, even when the sample cuts a character', () => {
		const bytes = new TextEncoder().encode(VI);
		expect(detectEncoding(bytes).encoding).toBe('utf-8');
		expect(detectEncoding(bytes.subarray(0, 12)).encoding).toBe('utf-8');
	});

	it('tells Vietnamese Windows-1258 from Western Windows-1252', () => {
		expect(detectEncoding(encodeLegacy(VI, 'windows-1258')).encoding).toBe('windows-1258');
		expect(detectEncoding(encodeLegacy(WESTERN, 'windows-1252')).encoding).toBe('windows-1252');
	});

	it('scores real Vietnamese above its Windows-1252 misreading', () => {
		const bytes = encodeLegacy('Nguyễn Thị Hương', 'windows-1258');
		const right = new TextDecoder('windows-1258').decode(bytes);
		const wrong = new TextDecoder('windows-1252').decode(bytes);
		expect(right.normalize('NFC')).toBe('Nguyễn Thị Hương');
		expect(vietnameseScore(right)).toBeGreaterThan(vietnameseScore(wrong));
	});
});
