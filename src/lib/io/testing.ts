/**
 * Helpers for the io tests: legacy encoders (TextEncoder only writes UTF-8), UTF-16, and a Blob
 * stand-in that makes its bytes on demand, so a test can read a 100 MB file without holding it.
 */

function reverseTable(encoding: string): Map<string, number> {
	const decoder = new TextDecoder(encoding);
	const table = new Map<string, number>();
	for (let b = 0; b < 256; b++) {
		const ch = decoder.decode(new Uint8Array([b]));
		if (ch !== '\ufffd' && !table.has(ch)) table.set(ch, b);
	}
	return table;
}

/**
 * Encodes text in a Windows code page. For 1258, a letter without its own byte is written as its
 * base letter (precomposed with circumflex, breve or horn where the code page has it) followed by
 * the combining tone mark, the way Vietnamese Windows software wrote it.
 */
export function encodeLegacy(text: string, encoding: 'windows-1258' | 'windows-1252'): Uint8Array {
	const table = reverseTable(encoding);
	const out: number[] = [];
	for (const ch of text.normalize('NFC')) {
		const direct = table.get(ch);
		if (direct !== undefined) {
			out.push(direct);
			continue;
		}
		const nfd = ch.normalize('NFD');
		let done = false;
		for (let cut = nfd.length - 1; cut >= 1 && !done; cut--) {
			const base = nfd.slice(0, cut).normalize('NFC');
			const marks = [...nfd.slice(cut)];
			const baseByte = table.get(base);
			const markBytes = marks.map((m) => table.get(m));
			if (baseByte !== undefined && markBytes.every((b) => b !== undefined)) {
				out.push(baseByte, ...(markBytes as number[]));
				done = true;
			}
		}
		if (!done) throw new Error(`Cannot encode ${ch} in ${encoding}`);
	}
	return Uint8Array.from(out);
}

export function encodeUtf16(text: string, endian: 'le' | 'be', bom = true): Uint8Array {
	const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
	const view = new DataView(out.buffer);
	let i = 0;
	if (bom) {
		view.setUint16(0, 0xfeff, endian === 'le');
		i = 2;
	}
	for (let k = 0; k < text.length; k++, i += 2)
		view.setUint16(i, text.charCodeAt(k), endian === 'le');
	return out;
}

/**
 * A Blob whose bytes are produced by `at(offset, length)` when sliced: enough of the Blob API for
 * readTable (size, slice, arrayBuffer).
 */
export class GeneratedBlob {
	readonly size: number;
	readonly type = '';
	private readonly make: (offset: number, length: number) => Uint8Array;
	private readonly start: number;

	constructor(size: number, make: (offset: number, length: number) => Uint8Array, start = 0) {
		this.size = size;
		this.make = make;
		this.start = start;
	}

	slice(begin = 0, end = this.size): GeneratedBlob {
		const b = Math.max(0, Math.min(this.size, begin));
		const e = Math.max(b, Math.min(this.size, end));
		return new GeneratedBlob(e - b, this.make, this.start + b);
	}

	async arrayBuffer(): Promise<ArrayBuffer> {
		const bytes = this.make(this.start, this.size);
		return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
	}

	asBlob(): Blob {
		return this as unknown as Blob;
	}
}

/** A text file of `head` + `fill` repeated up to `size` bytes + `tail`, made on demand (ASCII fill). */
export function repeatedFile(head: string, fill: string, fillBytes: number, tail: string): Blob {
	const enc = new TextEncoder();
	const h = enc.encode(head);
	const f = enc.encode(fill);
	const t = enc.encode(tail);
	const size = h.length + fillBytes + t.length;
	return new GeneratedBlob(size, (offset, length) => {
		const out = new Uint8Array(length);
		for (let i = 0; i < length; i++) {
			const p = offset + i;
			if (p < h.length) out[i] = h[p];
			else if (p < h.length + fillBytes) out[i] = f[(p - h.length) % f.length];
			else out[i] = t[p - h.length - fillBytes];
		}
		return out;
	}).asBlob();
}

export function textBlob(text: string): Blob {
	return new Blob([text]);
}
