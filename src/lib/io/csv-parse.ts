/**
 * A streaming CSV parser (RFC 4180 and what spreadsheets really write): quoted fields with
 * doubled quotes, delimiters and line breaks inside quotes, CRLF, LF or CR line ends, a quote in
 * the middle of an unquoted field kept as text. Text is pushed in chunks of any size, so a file
 * is never held whole; each finished record is handed to `onRow` with its record number.
 */
import { ImportError } from './errors';

export type Delimiter = ',' | ';' | '\t' | '|';

export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

export interface CsvParserOptions {
	delimiter: Delimiter;
	/** A field longer than this (in UTF-16 code units) stops the parse with `field-too-long`. */
	maxFieldChars: number;
	/** A record with more fields than this stops the parse with `too-many-columns`. */
	maxColumns: number;
	/** Called for each record; `row` is its 1-based number among the file's records. */
	onRow(cells: string[], row: number): void;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Parser states (plain numbers: the hot loop switches on them). */
const State = { FieldStart: 0, Unquoted: 1, Quoted: 2, QuoteInQuoted: 3 } as const;
type State = (typeof State)[keyof typeof State];

export class CsvParser {
	private readonly delim: number;
	private readonly opts: CsvParserOptions;
	private state: State = State.FieldStart;
	private field = '';
	private cells: string[] = [];
	private afterCR = false;
	private row = 1;
	/** Record number where the open quoted field started (for the error message). */
	private quoteRow = 0;

	constructor(opts: CsvParserOptions) {
		this.opts = opts;
		this.delim = opts.delimiter.charCodeAt(0);
	}

	/** The number the next record will get. */
	get nextRow(): number {
		return this.row;
	}

	private append(piece: string): void {
		if (piece === '') return;
		this.field += piece;
		if (this.field.length > this.opts.maxFieldChars) {
			throw new ImportError('field-too-long', {
				row: this.row,
				column: this.cells.length + 1,
				limit: this.opts.maxFieldChars
			});
		}
	}

	private endField(): void {
		if (this.cells.length >= this.opts.maxColumns) {
			throw new ImportError('too-many-columns', { row: this.row, limit: this.opts.maxColumns });
		}
		this.cells.push(this.field);
		this.field = '';
	}

	private endRow(): void {
		this.endField();
		const cells = this.cells;
		this.cells = [];
		this.opts.onRow(cells, this.row++);
	}

	push(s: string): void {
		const n = s.length;
		const delim = this.delim;
		let i = 0;
		while (i < n) {
			switch (this.state) {
				case State.FieldStart: {
					const c = s.charCodeAt(i);
					if (this.afterCR) {
						this.afterCR = false;
						if (c === LF) {
							i++;
							continue;
						}
					}
					if (c === QUOTE) {
						this.state = State.Quoted;
						this.quoteRow = this.row;
						i++;
						continue;
					}
					this.state = State.Unquoted;
					continue;
				}
				case State.Unquoted: {
					let j = i;
					let c = 0;
					while (j < n) {
						c = s.charCodeAt(j);
						if (c === delim || c === CR || c === LF) break;
						j++;
					}
					this.append(s.slice(i, j));
					if (j === n) {
						i = n;
						break;
					}
					this.state = State.FieldStart;
					i = j + 1;
					if (c === delim) this.endField();
					else {
						this.afterCR = c === CR;
						this.endRow();
					}
					break;
				}
				case State.Quoted: {
					const j = s.indexOf('"', i);
					if (j < 0) {
						this.append(s.slice(i));
						i = n;
						break;
					}
					this.append(s.slice(i, j));
					this.state = State.QuoteInQuoted;
					i = j + 1;
					break;
				}
				case State.QuoteInQuoted: {
					const c = s.charCodeAt(i);
					if (c === QUOTE) {
						this.append('"');
						this.state = State.Quoted;
						i++;
					} else if (c === delim) {
						this.endField();
						this.state = State.FieldStart;
						i++;
					} else if (c === CR || c === LF) {
						this.afterCR = c === CR;
						this.endRow();
						this.state = State.FieldStart;
						i++;
					} else {
						// "abc"def: text after the closing quote stays part of the field, as Excel reads it.
						this.state = State.Unquoted;
					}
					break;
				}
			}
		}
	}

	/** Ends the input: the last record (without a final line break) is emitted. */
	end(): void {
		if (this.state === State.Quoted) {
			throw new ImportError(
				'not-csv',
				{ row: this.quoteRow },
				`A quoted field opened in record ${this.quoteRow} is never closed.`
			);
		}
		if (this.state !== State.FieldStart || this.cells.length > 0) this.endRow();
		this.state = State.FieldStart;
	}
}

/** Parses a whole (small) text: for tests, samples and pasted text. */
export function parseCsvText(
	text: string,
	delimiter: Delimiter,
	limits: { maxFieldChars?: number; maxColumns?: number } = {}
): string[][] {
	const rows: string[][] = [];
	const parser = new CsvParser({
		delimiter,
		maxFieldChars: limits.maxFieldChars ?? Number.MAX_SAFE_INTEGER,
		maxColumns: limits.maxColumns ?? Number.MAX_SAFE_INTEGER,
		onRow: (cells) => rows.push(cells)
	});
	parser.push(text);
	parser.end();
	return rows;
}

/** Excel's "sep=;" first line, which names the delimiter. */
export function sepLine(text: string): Delimiter | null {
	const m = /^sep=(.)\r?\n/i.exec(text);
	if (m === null) return null;
	return (DELIMITERS as readonly string[]).includes(m[1]) ? (m[1] as Delimiter) : null;
}

/**
 * The delimiter of a CSV from the start of its text: the candidate that splits the first records
 * into the same number (more than one) of fields most consistently, quotes respected. The last
 * record of the sample is left out (it may be cut). Commas win ties, then ; tab |.
 */
export function detectDelimiter(sample: string): Delimiter {
	const named = sepLine(sample);
	if (named !== null) return named;
	let best: Delimiter = ',';
	let bestScore = -1;
	for (const delimiter of DELIMITERS) {
		const counts: number[] = [];
		const parser = new CsvParser({
			delimiter,
			maxFieldChars: Number.MAX_SAFE_INTEGER,
			maxColumns: Number.MAX_SAFE_INTEGER,
			onRow: (cells) => {
				if (counts.length < 51 && !(cells.length === 1 && cells[0] === '')) {
					counts.push(cells.length);
				}
			}
		});
		parser.push(sample.slice(0, 65536));
		const complete = counts.length > 1 ? counts.slice(0, -1) : counts;
		if (complete.length === 0) continue;
		const first = complete[0];
		const same = complete.filter((c) => c === first).length / complete.length;
		const score = first > 1 ? same * 1000 + Math.min(first, 999) : 0;
		if (score > bestScore) {
			best = delimiter;
			bestScore = score;
		}
	}
	return best;
}
