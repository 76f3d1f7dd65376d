/**
 * Which text encoding a CSV or vCard file is in, decided from its bytes: a BOM (UTF-8, UTF-16 LE
 * or BE); UTF-16 without a BOM from its zero bytes; then UTF-8 if the bytes are valid UTF-8, and
 * otherwise the legacy Windows code page that reads as more plausible Vietnamese: Windows-1258
 * (Vietnamese, with combining tone marks) or Windows-1252 (Western, what old Excel on an English
 * Windows writes).
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'windows-1252';

export interface DetectedEncoding {
	encoding: TextEncodingName;
	/** Bytes of byte-order mark at the start of the file, to skip. */
	bomLength: number;
}

export function detectBom(bytes: Uint8Array): DetectedEncoding | null {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		return { encoding: 'utf-8', bomLength: 3 };
	}
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
	return null;
}

/** UTF-16 without a BOM: many zero bytes, nearly all at odd (LE) or even (BE) offsets. */
function guessUtf16(bytes: Uint8Array): TextEncodingName | null {
	const n = Math.min(bytes.length, 4096) & ~1;
	if (n < 4) return null;
	let even = 0;
	let odd = 0;
	for (let i = 0; i < n; i++) {
		if (bytes[i] === 0) {
			if (i % 2 === 0) even++;
			else odd++;
		}
	}
	const half = n / 2;
	if (odd > half * 0.4 && even < half * 0.05) return 'utf-16le';
	if (even > half * 0.4 && odd < half * 0.05) return 'utf-16be';
	return null;
}

/** True when every byte is ASCII. */
export function isAscii(bytes: Uint8Array): boolean {
	for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
	return true;
}

/** Valid UTF-8, allowing a sequence cut at the end of the sample. */
export function isValidUtf8(bytes: Uint8Array): boolean {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
		return true;
	} catch {
		return false;
	}
}

/** Every letter of the Vietnamese alphabet with its diacritics, lower case, NFC. */
const VIETNAMESE_LETTERS = new Set(
	[
		'aàáảãạ',
		'ăằắẳẵặ',
		'âầấẩẫậ',
		'eèéẻẽẹ',
		'êềếểễệ',
		'iìíỉĩị',
		'oòóỏõọ',
		'ôồốổỗộ',
		'ơờớởỡợ',
		'uùúủũụ',
		'ưừứửữự',
		'yỳýỷỹỵ',
		'đ'
	]
		.join('')
		.split('')
);

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * How much a text reads like Vietnamese: +1 for each word with a non-ASCII letter that is a
 * plausible syllable (letters of the Vietnamese alphabet only, at most one tone mark, no capital
 * after a small letter), −1 for each that is not. Windows-1252 turns "Hương" into "Hýõng" (two
 * tones) and "Nguyễn" into "NguyêÞn" (Þ): both lose points, while Windows-1258 reads them right.
 */
export function vietnameseScore(text: string): number {
	let score = 0;
	for (const word of text.normalize('NFC').split(/[^\p{L}\p{M}]+/u)) {
		if (word === '' || /^[A-Za-z]*$/.test(word)) continue;
		const lower = word.toLowerCase();
		let ok = true;
		for (const ch of lower) {
			if (ch < '\x80') {
				if (!/[a-z]/.test(ch)) ok = false;
			} else if (!VIETNAMESE_LETTERS.has(ch)) ok = false;
		}
		const tones = lower.normalize('NFD').match(TONE_MARKS)?.length ?? 0;
		if (tones > 1) ok = false;
		if (/\p{Ll}\p{Lu}/u.test(word)) ok = false;
		score += ok ? 1 : -1;
	}
	return score;
}

/**
 * The encoding of a text file from the start of its bytes and, optionally, more stretches of it
 * holding non-ASCII bytes (each starting and ending on an ASCII byte, so on a character boundary).
 * A file that is all ASCII is UTF-8. Between the two code pages a tie goes to Windows-1252: then
 * the letters read the same in both, or read as plausibly in either.
 */
export function detectEncoding(
	start: Uint8Array,
	more: readonly Uint8Array[] = []
): DetectedEncoding {
	const bom = detectBom(start);
	if (bom !== null) return bom;
	const utf16 = guessUtf16(start);
	if (utf16 !== null) return { encoding: utf16, bomLength: 0 };
	if (isValidUtf8(start) && more.every(isValidUtf8)) return { encoding: 'utf-8', bomLength: 0 };
	let as1258 = 0;
	let as1252 = 0;
	for (const sample of [start, ...more]) {
		as1258 += vietnameseScore(new TextDecoder('windows-1258').decode(sample));
		as1252 += vietnameseScore(new TextDecoder('windows-1252').decode(sample));
	}
	return { encoding: as1258 > as1252 ? 'windows-1258' : 'windows-1252', bomLength: 0 };
}

/**
 * A streaming decoder for the detected encoding. Windows-1258 writes tones as combining marks
 * ("a" + U+0301), so text from it must be NFC-normalised before use: `needsNfc` says so.
 */
export function createTextDecoder(encoding: TextEncodingName): TextDecoder {
	return new TextDecoder(encoding);
}
