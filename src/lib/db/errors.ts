/**
 * The errors the storage layer lets out. Each has a stable `code` that the UI turns into a message
 * in the user's language (see src/lib/app/errors.ts); the original error stays in `cause` for the
 * console.
 */

export type AppErrorCode =
	'storage-full' | 'db-upgraded-elsewhere' | 'not-found' | 'conflict' | 'unknown';

export class AppError extends Error {
	readonly code: AppErrorCode;

	constructor(code: AppErrorCode, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'AppError';
		this.code = code;
	}
}

/** The browser refused to store more. The transaction was rolled back: nothing was half-saved. */
export class StorageFullError extends AppError {
	constructor(cause?: unknown) {
		super('storage-full', 'The browser storage is full; nothing was saved.', { cause });
		this.name = 'StorageFullError';
	}
}

/**
 * Another tab opened the database with a newer schema (or deleted it), so this tab's code no
 * longer matches the data. Writing would risk storing old-shaped records: the page must reload.
 */
export class DbClosedForUpgradeError extends AppError {
	constructor(cause?: unknown) {
		super('db-upgraded-elsewhere', 'The database was upgraded in another tab; reload this page.', {
			cause
		});
		this.name = 'DbClosedForUpgradeError';
	}
}

export class NotFoundError extends AppError {
	readonly table: string;
	readonly key: string;

	constructor(table: string, key: string) {
		super('not-found', `No ${table} record with key ${key}.`);
		this.name = 'NotFoundError';
		this.table = table;
		this.key = key;
	}
}

/** A write collided with data already there (an id or unique key taken, usually by another tab). */
export class ConflictError extends AppError {
	constructor(message = 'The data was changed elsewhere.', cause?: unknown) {
		super('conflict', message, { cause });
		this.name = 'ConflictError';
	}
}

interface ErrorLike {
	name?: unknown;
	message?: unknown;
	code?: unknown;
	inner?: unknown;
	cause?: unknown;
	failures?: unknown;
}

function isObject(e: unknown): e is ErrorLike {
	return typeof e === 'object' && e !== null;
}

/**
 * The error and every error nested in it. Dexie nests the real reason in `inner` (AbortError,
 * OpenFailedError…) and bulk operations list per-row failures in `failures` (an array, or an
 * object keyed by position); standard errors use `cause`.
 */
function* errorChain(e: unknown, depth = 0): Generator<ErrorLike> {
	if (!isObject(e) || depth > 8) return;
	yield e;
	yield* errorChain(e.inner, depth + 1);
	yield* errorChain(e.cause, depth + 1);
	const failures = e.failures;
	if (Array.isArray(failures)) {
		for (const f of failures) yield* errorChain(f, depth + 1);
	} else if (isObject(failures)) {
		for (const f of Object.values(failures)) yield* errorChain(f, depth + 1);
	}
}

function hasName(e: unknown, names: readonly string[]): boolean {
	for (const err of errorChain(e)) {
		if (typeof err.name === 'string' && names.includes(err.name)) return true;
	}
	return false;
}

/**
 * True when the browser ran out of storage for us, however it says so: QuotaExceededError itself
 * (Chrome, Safari), wrapped as the `inner` of an AbortError because the transaction aborted
 * instead of the request failing (Firefox, Dexie docs), inside a Dexie BulkError, or Firefox's
 * legacy NS_ERROR_DOM_QUOTA_REACHED / DOMException code 22.
 */
export function isQuotaError(e: unknown): boolean {
	for (const err of errorChain(e)) {
		if (err.name === 'QuotaExceededError' || err.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
		if (err.code === 22 || err instanceof StorageFullError) return true;
	}
	return false;
}

/** An id or unique index already taken. */
export function isConstraintError(e: unknown): boolean {
	return hasName(e, ['ConstraintError']);
}

/**
 * The connection went away under an operation that therefore did not commit: closed by the
 * browser (storage cleared, disk detached, bfcache) or closing while a transaction was being made.
 */
export function isConnectionLostError(e: unknown): boolean {
	if (!isObject(e)) return false;
	const name = e.name;
	if (name === 'DatabaseClosedError' || name === 'InvalidStateError') return true;
	return (
		isObject(e.inner) &&
		(e.inner.name === 'DatabaseClosedError' || e.inner.name === 'InvalidStateError')
	);
}

/** Maps anything thrown by the storage layer to an AppError with a stable code. */
export function toAppError(e: unknown): AppError {
	// Dexie re-wraps errors thrown inside a transaction whose name is a DOMException name (our
	// NotFoundError is one) as a DexieError with the original in `inner`.
	for (const err of errorChain(e)) if (err instanceof AppError) return err;
	if (isQuotaError(e)) return new StorageFullError(e);
	if (isConstraintError(e)) return new ConflictError(undefined, e);
	if (hasName(e, ['VersionError'])) return new DbClosedForUpgradeError(e);
	const message = isObject(e) && typeof e.message === 'string' ? e.message : String(e);
	return new AppError('unknown', message, { cause: e });
}
