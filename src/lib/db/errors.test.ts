import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import {
	AppError,
	ConflictError,
	DbClosedForUpgradeError,
	NotFoundError,
	StorageFullError,
	isConnectionLostError,
	isQuotaError,
	toAppError
} from './errors';

const quota = () => new DOMException('Quota exceeded', 'QuotaExceededError');

describe('toAppError', () => {
	it('maps a bare QuotaExceededError to storage-full', () => {
		const err = toAppError(quota());
		expect(err).toBeInstanceOf(StorageFullError);
		expect(err.code).toBe('storage-full');
	});

	it('finds QuotaExceededError inside a Dexie AbortError', () => {
		const abort = new Dexie.AbortError('Transaction aborted', quota());
		expect(toAppError(abort).code).toBe('storage-full');
	});

	it('finds QuotaExceededError among the failures of a Dexie BulkError', () => {
		const bulk = new Dexie.BulkError('1 of 3 failed', { 2: quota() });
		expect(toAppError(bulk).code).toBe('storage-full');
	});

	it('finds QuotaExceededError as the cause of another error', () => {
		expect(toAppError(new Error('write failed', { cause: quota() })).code).toBe('storage-full');
	});

	it("recognises Firefox's legacy quota error name", () => {
		const legacy = Object.assign(new Error('full'), { name: 'NS_ERROR_DOM_QUOTA_REACHED' });
		expect(isQuotaError(legacy)).toBe(true);
	});

	it('maps a ConstraintError (key already taken) to conflict', () => {
		const constraint = new Dexie.ConstraintError('Key already exists');
		expect(toAppError(constraint)).toBeInstanceOf(ConflictError);
	});

	it('maps a VersionError to db-upgraded-elsewhere', () => {
		const version = new Dexie.VersionError('newer version on disk');
		expect(toAppError(version)).toBeInstanceOf(DbClosedForUpgradeError);
	});

	it('passes AppErrors through unchanged', () => {
		const notFound = new NotFoundError('customers', 'x');
		expect(toAppError(notFound)).toBe(notFound);
		expect(notFound.code).toBe('not-found');
	});

	it('maps anything else to unknown, keeping the message and the cause', () => {
		const original = new TypeError('boom');
		const err = toAppError(original);
		expect(err).toBeInstanceOf(AppError);
		expect(err.code).toBe('unknown');
		expect(err.message).toBe('boom');
		expect(err.cause).toBe(original);
		expect(toAppError('plain string').message).toBe('plain string');
	});

	it('does not mistake an ordinary AbortError for a full disk', () => {
		expect(isQuotaError(new Dexie.AbortError('user cancelled'))).toBe(false);
		expect(toAppError(new Dexie.AbortError('user cancelled')).code).toBe('unknown');
	});
});

describe('isConnectionLostError', () => {
	it('recognises a closed database and a closing connection', () => {
		expect(isConnectionLostError(new Dexie.DatabaseClosedError())).toBe(true);
		expect(isConnectionLostError(new DOMException('closing', 'InvalidStateError'))).toBe(true);
		expect(isConnectionLostError(new Dexie.ConstraintError())).toBe(false);
	});
});

describe('toAppError on errors thrown inside a transaction', () => {
	it('finds our own error under the DexieError that Dexie wraps it in', () => {
		const ours = new NotFoundError('customers', 'x');
		const wrapped = new Dexie.NotFoundError(ours.message, ours);
		expect(toAppError(wrapped)).toBe(ours);
	});
});
