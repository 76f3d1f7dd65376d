/**
 * A small streaming, non-validating XML tokenizer, enough for the parts of an .xlsx file we read
 * (workbook, relationships, styles, shared strings, one sheet). Text arrives in chunks of any
 * size. No DTD is processed: a `<!DOCTYPE` or `<!ENTITY` refuses the file (`bad-xml`), so entity
 * expansion tricks ("billion laughs", external entities) cannot happen. Only the five predefined
 * entities and character references are decoded. Element names lose their namespace prefix.
 */
import { ImportError } from './errors';

export interface XmlHandler {
	open(name: string, attrs: string, selfClosing: boolean): void;
	close(name: string): void;
	/** Entity-decoded text; one text run may come in several calls. */
	text(text: string): void;
}

export interface XmlTokenizerOptions {
	/** The zip entry being read, for error messages. */
	entry: string;
	/** A single tag (with its attributes) longer than this is refused. */
	maxTagChars?: number;
}

const NAMED: Readonly<Record<string, string>> = {
	lt: '<',
	gt: '>',
	amp: '&',
	quot: '"',
	apos: "'"
};

/** Decodes the predefined entities and character references; anything else is `bad-xml`. */
export function decodeEntities(s: string, entry = ''): string {
	if (!s.includes('&')) return s;
	return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?/g, (whole, ref: string) => {
		if (!whole.endsWith(';')) {
			throw new ImportError('bad-xml', { entry, reason: 'stray-ampersand' });
		}
		if (ref.startsWith('#')) {
			const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
			if (!(code >= 0 && code <= 0x10ffff)) {
				throw new ImportError('bad-xml', { entry, reason: 'bad-character-reference' });
			}
			return String.fromCodePoint(code);
		}
		const named = Object.hasOwn(NAMED, ref) ? NAMED[ref] : undefined;
		if (named === undefined) throw new ImportError('bad-xml', { entry, reason: 'entity' });
		return named;
	});
}

const attrPatterns = new Map<string, RegExp>();

/** The decoded value of attribute `name` (any namespace prefix) in a tag's attribute text. */
export function getAttr(attrs: string, name: string, entry = ''): string | null {
	let re = attrPatterns.get(name);
	if (re === undefined) {
		re = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
		attrPatterns.set(name, re);
	}
	const m = re.exec(attrs);
	if (m === null) return null;
	return decodeEntities(m[1] ?? m[2], entry);
}

function localName(name: string): string {
	const colon = name.indexOf(':');
	return colon < 0 ? name : name.slice(colon + 1);
}

/** The index of the `>` that ends the tag starting at `from`, outside quoted attribute values. */
function tagEnd(s: string, from: number): number {
	let quote = 0;
	for (let i = from; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (quote !== 0) {
			if (c === quote) quote = 0;
		} else if (c === 34 || c === 39) quote = c;
		else if (c === 62) return i;
	}
	return -1;
}

export class XmlTokenizer {
	private buf = '';
	private readonly handler: XmlHandler;
	private readonly entry: string;
	private readonly maxTag: number;

	constructor(handler: XmlHandler, opts: XmlTokenizerOptions) {
		this.handler = handler;
		this.entry = opts.entry;
		this.maxTag = opts.maxTagChars ?? 1 << 20;
	}

	private bad(reason: string): ImportError<'bad-xml'> {
		return new ImportError('bad-xml', { entry: this.entry, reason });
	}

	push(chunk: string): void {
		const s = this.buf === '' ? chunk : this.buf + chunk;
		this.buf = '';
		const n = s.length;
		let i = 0;
		while (i < n) {
			const lt = s.indexOf('<', i);
			if (lt < 0) {
				// Text to the end of the chunk: emit it up to a possible cut entity reference.
				const amp = s.lastIndexOf('&');
				const cut = amp >= i && s.indexOf(';', amp) < 0 ? amp : n;
				if (cut > i) this.handler.text(decodeEntities(s.slice(i, cut), this.entry));
				this.keep(s.slice(cut));
				return;
			}
			if (lt > i) this.handler.text(decodeEntities(s.slice(i, lt), this.entry));
			const next = this.tag(s, lt);
			if (next < 0) {
				this.keep(s.slice(lt));
				return;
			}
			i = next;
		}
	}

	private keep(rest: string): void {
		if (rest.length > this.maxTag) throw this.bad('tag-too-long');
		this.buf = rest;
	}

	/** Handles the markup at `lt`; returns the index after it, or -1 when it is not complete yet. */
	private tag(s: string, lt: number): number {
		const c1 = s.charCodeAt(lt + 1);
		if (Number.isNaN(c1)) return -1;
		if (c1 === 63 /* ? */) {
			const end = s.indexOf('?>', lt + 2);
			return end < 0 ? -1 : end + 2;
		}
		if (c1 === 33 /* ! */) {
			if (s.startsWith('<!--', lt)) {
				const end = s.indexOf('-->', lt + 4);
				return end < 0 ? -1 : end + 3;
			}
			if (s.startsWith('<![CDATA[', lt)) {
				const end = s.indexOf(']]>', lt + 9);
				if (end < 0) return -1;
				this.handler.text(s.slice(lt + 9, end));
				return end + 3;
			}
			if (s.length - lt < 9) return -1;
			const word = s.slice(lt + 2, lt + 9).toUpperCase();
			throw this.bad(word.startsWith('DOCTYPE') ? 'doctype' : 'declaration');
		}
		const end = tagEnd(s, lt + 1);
		if (end < 0) return -1;
		if (c1 === 47 /* / */) {
			this.handler.close(localName(s.slice(lt + 2, end).trim()));
			return end + 1;
		}
		const selfClosing = s.charCodeAt(end - 1) === 47;
		const body = s.slice(lt + 1, selfClosing ? end - 1 : end);
		const m = /^[^\s/>]+/.exec(body);
		if (m === null) throw this.bad('tag');
		const name = localName(m[0]);
		const attrs = body.slice(m[0].length);
		this.handler.open(name, attrs, selfClosing);
		if (selfClosing) this.handler.close(name);
		return end + 1;
	}

	end(): void {
		if (this.buf.trim() !== '') throw this.bad('truncated');
		this.buf = '';
	}
}

/** Parses a whole small XML text (workbook, relationships, styles). */
export function tokenizeXml(text: string, handler: XmlHandler, entry: string): void {
	const t = new XmlTokenizer(handler, { entry });
	t.push(text);
	t.end();
}
