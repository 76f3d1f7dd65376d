/**
 * Why a file could not be imported. Each code is a situation the UI explains in the user's
 * language with what to do next (docs/import-export.md lists the messages); `params` carry the
 * row, column or limit the message needs. Rows are 1-based record numbers in the file (the header
 * is row 1 of a CSV or sheet), columns 1-based.
 */

export interface ImportErrorParams {
	/** Nothing in the file, or only white space. */
	'empty-file': Record<string, never>;
	/** The text is not a table we can read (binary bytes, no delimiter, broken quotes). */
	'not-csv': { row?: number };
	/** An old binary Excel file (.xls, OLE2): save it as .xlsx or CSV. */
	'xls-unsupported': Record<string, never>;
	/** A password-protected workbook: remove the password in Excel first. */
	'encrypted-xlsx': Record<string, never>;
	/** Not a file type we read (the bytes are neither CSV text, xlsx, nor vCard). */
	'unsupported-file': { detected?: string };
	/** A zip that is broken, truncated, or not a workbook (no sheet inside). */
	'bad-zip': { entry?: string };
	/** A workbook whose XML cannot be read, or that uses DTDs/entities (refused on purpose). */
	'bad-xml': { entry?: string; reason?: string };
	/** Expands far beyond what it declares, or beyond the total or ratio limit. */
	'zip-bomb': { entry?: string; limit: number };
	/** The shared-strings table has more strings, or more text, than the limit. */
	'too-many-strings': { limit: number };
	/** One cell is longer than the limit (characters). */
	'field-too-long': { row: number; column: number; limit: number };
	/** A row has more columns than the limit. */
	'too-many-columns': { row: number; limit: number };
	/** More data rows than the limit. */
	'too-many-rows': { limit: number };
	/** The file has no header row with at least one named column. */
	'no-header': Record<string, never>;
	/** The vCard file holds no contact, or a card is broken. */
	'bad-vcard': { row?: number };
	/** The user cancelled. */
	cancelled: Record<string, never>;
	/** A parse or plan session that the worker no longer holds (it was closed or replaced). */
	'no-session': Record<string, never>;
}

export type ImportErrorCode = keyof ImportErrorParams;

export const IMPORT_ERROR_CODES: readonly ImportErrorCode[] = [
	'empty-file',
	'not-csv',
	'xls-unsupported',
	'encrypted-xlsx',
	'unsupported-file',
	'bad-zip',
	'bad-xml',
	'zip-bomb',
	'too-many-strings',
	'field-too-long',
	'too-many-columns',
	'too-many-rows',
	'no-header',
	'bad-vcard',
	'cancelled',
	'no-session'
];

export class ImportError<C extends ImportErrorCode = ImportErrorCode> extends Error {
	readonly code: C;
	readonly params: ImportErrorParams[C];

	constructor(code: C, params: ImportErrorParams[C], message?: string) {
		super(message ?? `${code}${describe(params)}`);
		this.name = 'ImportError';
		this.code = code;
		this.params = params;
	}
}

function describe(params: object): string {
	const parts = Object.entries(params).map(([k, v]) => `${k}=${String(v)}`);
	return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

export function importError<C extends ImportErrorCode>(
	code: C,
	params: ImportErrorParams[C],
	message?: string
): ImportError<C> {
	return new ImportError(code, params, message);
}

export function isImportError(e: unknown): e is ImportError {
	return e instanceof ImportError;
}

/** Throws `cancelled` when the signal has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw new ImportError('cancelled', {});
}
