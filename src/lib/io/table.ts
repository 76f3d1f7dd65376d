/**
 * A compact store for the rows of an imported file. A million rows as arrays of strings would
 * cost hundreds of bytes of object headers per row; here each chunk of rows is one string holding
 * every cell back to back, with typed arrays of where each cell ends and where each row starts.
 */

export interface RowChunk {
	/** All cells of the chunk, concatenated. */
	text: string;
	/** End offset in `text` of each cell. */
	cellEnds: Uint32Array;
	/** Index in `cellEnds` of each row's first cell; one extra entry at the end. */
	rowStarts: Uint32Array;
	/** The file's row number of each row (header = 1 in a CSV or sheet). */
	rowNumbers: Uint32Array;
}

export const CHUNK_ROWS = 4096;

export class ChunkBuilder {
	private parts: string[] = [];
	private length = 0;
	private ends: number[] = [];
	private starts: number[] = [];
	private numbers: number[] = [];

	get rows(): number {
		return this.numbers.length;
	}

	add(cells: readonly string[], rowNumber: number): void {
		this.starts.push(this.ends.length);
		this.numbers.push(rowNumber);
		let last = cells.length;
		while (last > 0 && cells[last - 1] === '') last--;
		for (let i = 0; i < last; i++) {
			this.parts.push(cells[i]);
			this.length += cells[i].length;
			this.ends.push(this.length);
		}
	}

	build(): RowChunk {
		const chunk: RowChunk = {
			text: this.parts.join(''),
			cellEnds: Uint32Array.from(this.ends),
			rowStarts: Uint32Array.from([...this.starts, this.ends.length]),
			rowNumbers: Uint32Array.from(this.numbers)
		};
		this.parts = [];
		this.length = 0;
		this.ends = [];
		this.starts = [];
		this.numbers = [];
		return chunk;
	}
}

export function chunkRowCount(chunk: RowChunk): number {
	return chunk.rowNumbers.length;
}

/** The cells of row `i` of a chunk (trailing empty cells are not stored). */
export function chunkRow(chunk: RowChunk, i: number): string[] {
	const from = chunk.rowStarts[i];
	const to = chunk.rowStarts[i + 1];
	const cells: string[] = new Array<string>(to - from);
	let start = from === 0 ? 0 : chunk.cellEnds[from - 1];
	for (let k = from; k < to; k++) {
		const end = chunk.cellEnds[k];
		cells[k - from] = chunk.text.slice(start, end);
		start = end;
	}
	return cells;
}

/** A whole table: header and rows in chunks. */
export class RowTable {
	readonly chunks: RowChunk[] = [];
	private builder = new ChunkBuilder();
	private count = 0;

	get rowCount(): number {
		return this.count;
	}

	add(cells: readonly string[], rowNumber: number): void {
		this.builder.add(cells, rowNumber);
		this.count++;
		if (this.builder.rows >= CHUNK_ROWS) this.chunks.push(this.builder.build());
	}

	finish(): void {
		if (this.builder.rows > 0) this.chunks.push(this.builder.build());
	}

	/** The file row number of data row `index`, without reading its cells. */
	rowNumber(index: number): number {
		return this.chunks[Math.floor(index / CHUNK_ROWS)].rowNumbers[index % CHUNK_ROWS];
	}

	/** Row `index` (0-based among data rows): its cells and file row number. */
	row(index: number): { cells: string[]; row: number } {
		const chunk = this.chunks[Math.floor(index / CHUNK_ROWS)];
		const i = index % CHUNK_ROWS;
		return { cells: chunkRow(chunk, i), row: chunk.rowNumbers[i] };
	}

	*rows(from = 0, to = this.count): Generator<{ cells: string[]; row: number; index: number }> {
		for (let index = from; index < to; index++) yield { ...this.row(index), index };
	}
}
