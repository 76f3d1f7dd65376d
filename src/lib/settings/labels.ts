import { m } from '$lib/i18n';
import type { BusinessType } from '$lib/domain/care';
import type { StepPurpose } from './plan-form';

const PURPOSES: Record<StepPurpose, () => string> = {
	ask: m.care_purpose_ask,
	thanks: m.care_purpose_thanks,
	feedback: m.care_purpose_feedback,
	followup: m.care_purpose_followup,
	chance: m.care_purpose_chance,
	aftercare: m.care_purpose_aftercare,
	repurchase: m.care_purpose_repurchase,
	reactivation: m.care_purpose_reactivation,
	birthday: m.care_purpose_birthday,
	custom: m.care_purpose_custom
};

export function purposeLabel(purpose: StepPurpose): string {
	return PURPOSES[purpose]();
}

const BUSINESS: Record<BusinessType, () => string> = {
	general: m.business_general,
	spa: m.business_spa,
	fashion: m.business_fashion,
	cafe: m.business_cafe,
	repair: m.business_repair
};

export function businessLabel(type: BusinessType): string {
	return BUSINESS[type]();
}
