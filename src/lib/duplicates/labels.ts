import type { Band, MatchField } from '$lib/dedup/types';
import { formatDate } from '$lib/domain/date';
import type { Customer } from '$lib/domain/types';
import { fieldLabel, genderLabel, m, stageLabel } from '$lib/i18n';
import type { MergeField } from './merge-plan';

const MATCH_FIELDS: Record<MatchField, () => string> = {
	name: m.dup_field_name,
	phone: m.dup_field_phone,
	email: m.dup_field_email,
	address: m.dup_field_address,
	birthday: m.dup_field_birthday,
	extraId: m.dup_field_extraId,
	gender: m.dup_field_gender
};

/** "số điện thoại, tên" — the fields a match rests on, in the user's language. */
export function matchFieldsText(fields: readonly MatchField[]): string {
	return fields.map((f) => MATCH_FIELDS[f]()).join(', ');
}

/** 0.9731 → "97": a probability as a whole percentage, never 100 unless it is certain. */
export function percent(score: number): string {
	return String(Math.min(Math.floor(score * 100), score >= 1 ? 100 : 99));
}

export function bandLabel(band: Band): string {
	return band === 'likely' ? m.dup_band_likely() : m.dup_band_review();
}

export function mergeFieldLabel(field: MergeField): string {
	return field === 'consent' ? m.merge_consent() : fieldLabel(field);
}

/** A field's value as the merge dialog shows it; '' when there is none. */
export function mergeValueText(c: Customer, field: MergeField): string {
	switch (field) {
		case 'gender':
			return c.gender ? genderLabel(c.gender) : (c.invalid.gender?.raw ?? '');
		case 'birthday':
			return c.birthday ? formatDate(c.birthday) : (c.invalid.birthday?.raw ?? '');
		case 'stage':
			return stageLabel(c.stage);
		case 'consent':
			return c.consent === null ? '' : c.consent ? m.yes() : m.no();
		default:
			return c[field];
	}
}
