/**
 * When a customer's lead temperature (lạnh / ấm / nóng) counts. The owner sets it by hand; it is
 * kept when the customer buys, so a sale taken back (the customer a lead again) brings it back,
 * but it is shown only while the customer is a lead. See docs/lifecycle.md.
 */
import { LEAD_TEMPERATURES, type LeadTemperature } from './stages';
import type { Customer } from './types';

export function isLeadTemperature(value: unknown): value is LeadTemperature {
	return (LEAD_TEMPERATURES as readonly unknown[]).includes(value);
}

/**
 * A lead, or a customer no rule has placed yet who never bought: the next daily run makes them
 * a lead, and the owner should not have to wait for it to rate them.
 */
export function isLeadNow(customer: Pick<Customer, 'stage' | 'stats'>): boolean {
	return customer.stage === 'lead' || (customer.stage === null && customer.stats.count === 0);
}

/** The temperature to show: null when not rated, not a lead, or the stored value is unknown. */
export function shownLeadTemperature(
	customer: Pick<Customer, 'stage' | 'stats' | 'leadTemperature'>
): LeadTemperature | null {
	if (!isLeadNow(customer)) return null;
	return isLeadTemperature(customer.leadTemperature) ? customer.leadTemperature : null;
}
