/**
 * The only writer of consent records. Each change of mind is a new entry in the customer's
 * `consents` history (nothing is overwritten), written as one undoable batch.
 */
import type { ConsentRecord, Customer, CustomerId } from '$lib/domain/types';
import { consentProblem, withConsent, type ConsentInput } from '$lib/privacy/consent';
import { runBatch } from './changes';
import { NotFoundError } from './errors';
import { newId } from './ids';
import { InputError, unwrapInput } from './input';

/**
 * Records that the customer gave or withdrew consent for a purpose. Undo takes the entry back
 * (a mistake in the record); a real change of mind is recorded as a new entry.
 *
 * @throws InputError for a bad purpose, method or date, a customer in the trash or anonymised
 */
export async function recordConsent(id: CustomerId, input: ConsentInput): Promise<ConsentRecord> {
	const problem = consentProblem(input, Date.now());
	if (problem) throw new InputError(problem.field, problem.problem);
	return unwrapInput(
		runBatch(
			input.given ? 'change_consent_given' : 'change_consent_withdrawn',
			undefined,
			'user',
			async (ctx) => {
				const customer: Customer | undefined = await ctx.db.customers.get(id);
				if (!customer) throw new NotFoundError('customers', id);
				if (customer.deletedAt !== undefined) {
					throw new InputError('customerId', 'customer-trashed');
				}
				// No one is left to have consented: the record says who they were no longer.
				if (customer.anonymisedAt !== undefined) {
					throw new InputError('customerId', 'value-invalid');
				}
				const entry: ConsentRecord = {
					id: newId(),
					purpose: input.purpose,
					given: input.given,
					at: input.at,
					method: input.method,
					note: (input.note ?? '').trim(),
					recordedAt: ctx.now
				};
				ctx.setParams({ name: customer.name, purpose: input.purpose });
				await ctx.update('customers', id, { consents: withConsent(customer.consents, entry) });
				return entry;
			},
			{ tables: ['customers'] }
		)
	);
}
