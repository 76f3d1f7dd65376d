/** The named RFM segments in the user's language (the worker asks for both languages). */
import type { RfmSegmentId } from '$lib/domain/rfm';
import {
	rfm_segment_about_to_sleep,
	rfm_segment_at_risk,
	rfm_segment_cant_lose,
	rfm_segment_champions,
	rfm_segment_hibernating,
	rfm_segment_lost,
	rfm_segment_loyal,
	rfm_segment_need_attention,
	rfm_segment_new,
	rfm_segment_potential_loyalist,
	rfm_segment_promising
} from '$lib/paraglide/messages.js';

type Message = (inputs?: Record<string, never>, options?: { locale?: 'vi' | 'en' }) => string;

export const RFM_SEGMENT_NAMES: Record<RfmSegmentId, Message> = {
	champions: rfm_segment_champions,
	loyal: rfm_segment_loyal,
	'potential-loyalist': rfm_segment_potential_loyalist,
	new: rfm_segment_new,
	promising: rfm_segment_promising,
	'need-attention': rfm_segment_need_attention,
	'about-to-sleep': rfm_segment_about_to_sleep,
	'at-risk': rfm_segment_at_risk,
	'cant-lose': rfm_segment_cant_lose,
	hibernating: rfm_segment_hibernating,
	lost: rfm_segment_lost
};

export function rfmSegmentName(id: RfmSegmentId): string {
	return RFM_SEGMENT_NAMES[id]();
}
