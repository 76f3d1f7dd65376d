/**
 * The limits an import is held to, so that a broken or hostile file is refused in bounded memory
 * and time rather than freezing the tab. docs/import-export.md says why each value is what it is.
 */
export interface ImportLimits {
	/** Characters in one cell (CSV field, sheet cell or vCard value). */
	maxFieldChars: number;
	/** Columns in one row. */
	maxColumns: number;
	/** Data rows (after the header). */
	maxRows: number;
	/** Bytes inflated from an .xlsx in total. */
	maxUncompressedBytes: number;
	/** Output/input ratio of one zip entry that no real workbook reaches… */
	maxCompressionRatio: number;
	/** …checked once the entry has produced this many bytes. */
	ratioGraceBytes: number;
	maxZipEntries: number;
	/** Strings in the shared-strings table, and their characters in total. */
	maxSharedStrings: number;
	maxSharedStringChars: number;
}

export const DEFAULT_LIMITS: Readonly<ImportLimits> = {
	maxFieldChars: 1 << 20,
	maxColumns: 1000,
	maxRows: 1_000_000,
	maxUncompressedBytes: 1 << 30,
	maxCompressionRatio: 200,
	ratioGraceBytes: 16 << 20,
	maxZipEntries: 10_000,
	maxSharedStrings: 2_000_000,
	maxSharedStringChars: 64 << 20
};

export function withLimits(overrides: Partial<ImportLimits> = {}): ImportLimits {
	return { ...DEFAULT_LIMITS, ...overrides };
}
