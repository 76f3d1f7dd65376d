import { m } from '$lib/paraglide/messages.js';
import { getLocale, setLocale, locales } from '$lib/paraglide/runtime.js';
import { formatDate } from '$lib/domain/date';
import type { LeadTemperature, LostReason, StageReason } from '$lib/domain/stages';
import type { Gender, ProblemCode } from '$lib/domain/types';
import { customStageName } from './stage-names';

export { m, getLocale, locales };
export type Locale = (typeof locales)[number];

/** Switches the interface language; the page reloads so every text is redrawn in it. */
export function switchLocale(locale: Locale): void {
	setLocale(locale);
}

const intlLocale = (): string => (getLocale() === 'en' ? 'en-GB' : 'vi-VN');

/** 100000 → "100.000" in Vietnamese, "100,000" in English. */
export function formatCount(n: number): string {
	return new Intl.NumberFormat(intlLocale()).format(n);
}

export function formatBytes(bytes: number): string {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let i = 0;
	let v = bytes;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return `${new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
}

/** A timestamp as dd/mm/yyyy hh:mm, the way Vietnamese readers write it (also in English UI). */
export function formatDateTime(ms: number): string {
	const d = new Date(ms);
	const p = (n: number) => String(n).padStart(2, '0');
	return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function genderLabel(g: Gender | null): string {
	if (g === 'male') return m.gender_male();
	if (g === 'female') return m.gender_female();
	if (g === 'other') return m.gender_other();
	return '';
}

export function problemMessage(code: ProblemCode): string {
	switch (code) {
		case 'phone-invalid':
			return m.problem_phone_invalid();
		case 'phone-too-short':
			return m.problem_phone_too_short();
		case 'phone-too-long':
			return m.problem_phone_too_long();
		case 'email-invalid':
			return m.problem_email_invalid();
		case 'date-invalid':
			return m.problem_date_invalid();
		case 'date-future':
			return m.problem_date_future();
		case 'gender-unknown':
			return m.problem_gender_unknown();
		case 'money-invalid':
			return m.problem_money_invalid();
		default:
			return m.problem_phone_invalid();
	}
}

const FIELD_LABELS: Record<string, () => string> = {
	name: m.field_name,
	salutation: m.field_salutation,
	phones: m.field_phones,
	emails: m.field_emails,
	gender: m.field_gender,
	birthday: m.field_birthday,
	address: m.field_address,
	district: m.field_district,
	city: m.field_city,
	source: m.field_source,
	tags: m.field_tags,
	stage: m.field_stage,
	leadTemperature: m.lead_temperature,
	notes: m.field_notes,
	createdAt: m.field_createdAt,
	updatedAt: m.field_updatedAt,
	deletedAt: m.field_deletedAt,
	purchaseCount: m.customers_col_purchases,
	purchaseTotal: m.customers_col_total,
	lastPurchase: m.customers_col_last,
	firstPurchase: m.customers_col_first,
	rfm: m.rfm_column
};

export function fieldLabel(field: string): string {
	return FIELD_LABELS[field]?.() ?? field;
}

const STAGE_LABELS: Record<string, () => string> = {
	lead: m.stage_lead,
	new: m.stage_new,
	care: m.stage_care,
	loyal: m.stage_loyal,
	reactivate: m.stage_reactivate,
	lost: m.stage_lost
};

/** The stage's name: the owner's own when set in the settings, else the built-in one. */
export function stageLabel(stage: string | null): string {
	if (!stage) return '';
	return customStageName(stage) ?? STAGE_LABELS[stage]?.() ?? stage;
}

/** The built-in name, whatever the owner called the stage (placeholders, "back to default"). */
export function builtInStageLabel(stage: string): string {
	return STAGE_LABELS[stage]?.() ?? stage;
}

const LOST_REASON_LABELS: Record<LostReason, () => string> = {
	moved: m.lost_reason_moved,
	competitor: m.lost_reason_competitor,
	price: m.lost_reason_price,
	quality: m.lost_reason_quality,
	service: m.lost_reason_service,
	'no-need': m.lost_reason_no_need,
	other: m.lost_reason_other
};

export function lostReasonLabel(reason: LostReason): string {
	return LOST_REASON_LABELS[reason]();
}

const LEAD_TEMPERATURE_LABELS: Record<LeadTemperature, () => string> = {
	cold: m.lead_temperature_cold,
	warm: m.lead_temperature_warm,
	hot: m.lead_temperature_hot
};

/** Lạnh / Ấm / Nóng; a stored value the app does not know is shown as stored. */
export function leadTemperatureLabel(value: string): string {
	return LEAD_TEMPERATURE_LABELS[value as LeadTemperature]?.() ?? value;
}

/** Why a customer is in their stage, as the owner reads it ("Mua lần 2 ngày 12/03/2026"). */
export function stageReasonText(reason: StageReason): string {
	const date = formatDate(reason.date);
	const days = reason.days ?? 0;
	const count = reason.count ?? 0;
	switch (reason.rule) {
		case 'no-purchases':
			return m.stage_reason_no_purchases();
		case 'first-purchase':
			return m.stage_reason_first_purchase({ date });
		case 'care-window-passed':
			return m.stage_reason_care_window_passed({ date, days });
		case 'second-purchase':
			return m.stage_reason_second_purchase({ date });
		case 'repeat-purchase':
			return m.stage_reason_repeat_purchase({ date, count });
		case 'returned':
			return m.stage_reason_returned({ date });
		case 'no-purchase-for':
			return m.stage_reason_no_purchase_for({ date, days });
		case 'lost-after':
			return m.stage_reason_lost_after({ date, days });
		case 'manual': {
			const text = m.stage_reason_manual({ date });
			return reason.lostReason ? `${text} — ${lostReasonLabel(reason.lostReason)}` : text;
		}
	}
}
