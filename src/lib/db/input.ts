import type { ProblemCode } from '$lib/domain/types';

/**
 * Why a repository refused what it was given. Not an AppError: nothing went wrong with the
 * storage, the input itself cannot be saved, and the UI shows the problem next to the field.
 */
export type InputProblem =
	| ProblemCode
	/** The customer is in the trash (or was deleted): nothing new is recorded for them. */
	| 'customer-trashed'
	| 'referral-self'
	| 'referral-cycle'
	| 'text-empty'
	| 'value-invalid'
	/** The reminder is not open (done, skipped or cancelled already), or not closed for reopen. */
	| 'reminder-status';

export class InputError extends Error {
	readonly code = 'invalid-input';
	readonly field: string;
	readonly problem: InputProblem;

	constructor(field: string, problem: InputProblem) {
		super(`${field}: ${problem}`);
		this.name = 'InputError';
		this.field = field;
		this.problem = problem;
	}
}

/** The InputError inside what a batch threw: withDb wraps whatever it does not know. */
function findInputError(e: unknown, depth = 0): InputError | null {
	if (e instanceof InputError) return e;
	if (typeof e !== 'object' || e === null || depth > 8) return null;
	const { cause, inner } = e as { cause?: unknown; inner?: unknown };
	return findInputError(cause, depth + 1) ?? findInputError(inner, depth + 1);
}

/**
 * Awaits a batch and lets an InputError thrown inside its transaction out as itself, so callers
 * see one error type for bad input whether it was caught before or inside the transaction.
 */
export async function unwrapInput<T>(promise: Promise<T>): Promise<T> {
	try {
		return await promise;
	} catch (e) {
		throw findInputError(e) ?? e;
	}
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `yyyy-mm-dd`. */
export function isIsoDate(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	const m = ISO_DATE.exec(value);
	if (m === null) return false;
	const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
	return d.toISOString().slice(0, 10) === value;
}

export function requireIsoDate(field: string, value: unknown): string {
	if (!isIsoDate(value)) throw new InputError(field, 'date-invalid');
	return value;
}
