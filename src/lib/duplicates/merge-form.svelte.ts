/** The merge dialog's state: which record is kept and whose value each field keeps. */
import type { Customer, CustomerId } from '$lib/domain/types';
import {
	defaultChoices,
	defaultKeep,
	hasValue,
	MERGE_FIELDS,
	type MergeChoices,
	type MergeField
} from './merge-plan';

export class MergeForm {
	readonly customers: readonly Customer[];
	keepId = $state('');
	choices = $state<MergeChoices>({});
	/** Only the fields somebody has a value for: an empty row offers no choice. */
	readonly fields: readonly MergeField[];

	constructor(customers: readonly Customer[]) {
		this.customers = customers;
		this.keepId = defaultKeep(customers);
		this.choices = defaultChoices(customers, this.keepId);
		this.fields = MERGE_FIELDS.filter((f) => customers.some((c) => hasValue(c, f)));
	}

	choose(field: MergeField, id: CustomerId): void {
		this.choices = { ...this.choices, [field]: id };
	}

	keep(id: CustomerId): void {
		this.keepId = id;
	}
}
