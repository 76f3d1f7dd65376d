/**
 * The state of the "có thể trùng với …" warning under the new-customer form: what was typed
 * goes, lightly debounced, to the on-entry check (one shared worker for the session); the
 * answer is kept only if nothing newer was typed meanwhile.
 */
import { createDedupClient, customerToDedupRecord } from '$lib/dedup/client';
import { getDb } from '$lib/db/db';
import { listNotDuplicates } from '$lib/db/not-duplicates';
import { buildCustomer, type CustomerInput } from '$lib/domain/customer';
import type { Customer } from '$lib/domain/types';
import { createEntryCheck, type EntryCheck, type EntryMatch } from './entry-check';

/** Short enough to feel immediate, long enough not to check every letter of a fast typist. */
const DEBOUNCE_MS = 120;

let shared: EntryCheck | null = null;

/** The session's on-entry check; its worker and index are made on first use. */
function entryCheck(): EntryCheck {
	shared ??= createEntryCheck({
		makeClient: () => createDedupClient(),
		db: getDb,
		dismissed: listNotDuplicates
	});
	return shared;
}

export interface EntryCandidate {
	match: EntryMatch;
	customer: Customer;
}

function worthChecking(input: CustomerInput): boolean {
	return [input.name, input.phones, input.emails].some((v) => (v ?? '').trim().length >= 2);
}

export class EntryWarning {
	candidates = $state.raw<EntryCandidate[]>([]);
	#timer: ReturnType<typeof setTimeout> | undefined;
	#asked = 0;

	/** Builds the index while the form is being opened, before the first keystroke needs it. */
	warm(): void {
		entryCheck()
			.warm()
			.catch((e: unknown) => console.warn('Duplicate check unavailable', e));
	}

	/** Called on every change to the form. */
	update(input: CustomerInput): void {
		clearTimeout(this.#timer);
		const asked = ++this.#asked;
		if (!worthChecking(input)) {
			this.candidates = [];
			return;
		}
		this.#timer = setTimeout(() => void this.#run(input, asked), DEBOUNCE_MS);
	}

	async #run(input: CustomerInput, asked: number): Promise<void> {
		try {
			const draft = customerToDedupRecord(buildCustomer(input, { id: '', now: Date.now() }));
			const matches = await entryCheck().check(draft, 3);
			const rows = await getDb().customers.bulkGet(matches.map((x) => x.id));
			if (asked !== this.#asked) return;
			const found: EntryCandidate[] = [];
			matches.forEach((match, i) => {
				const customer = rows[i];
				if (customer && customer.deletedAt === undefined) found.push({ match, customer });
			});
			this.candidates = found;
		} catch (e) {
			// A warning that cannot be computed must never stop anyone from saving a customer.
			console.warn('Duplicate check failed', e);
			if (asked === this.#asked) this.candidates = [];
		}
	}

	clear(): void {
		clearTimeout(this.#timer);
		this.#asked++;
		this.candidates = [];
	}
}
