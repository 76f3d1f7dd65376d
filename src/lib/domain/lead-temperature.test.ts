import { describe, expect, it } from 'vitest';
import { emptyStats } from './customer';
import { isLeadNow, isLeadTemperature, shownLeadTemperature } from './lead-temperature';

const stats = (count: number) => ({ ...emptyStats(), count });

describe('lead temperature', () => {
	it('knows the three temperatures and nothing else', () => {
		expect(['cold', 'warm', 'hot'].every(isLeadTemperature)).toBe(true);
		expect(isLeadTemperature('boiling')).toBe(false);
		expect(isLeadTemperature(null)).toBe(false);
		expect(isLeadTemperature(undefined)).toBe(false);
	});

	it('counts a customer not yet placed who never bought as a lead', () => {
		expect(isLeadNow({ stage: 'lead', stats: stats(0) })).toBe(true);
		expect(isLeadNow({ stage: null, stats: stats(0) })).toBe(true);
		expect(isLeadNow({ stage: null, stats: stats(1) })).toBe(false);
		expect(isLeadNow({ stage: 'new', stats: stats(1) })).toBe(false);
	});

	it('shows the temperature only while the customer is a lead, and nothing when not rated', () => {
		expect(shownLeadTemperature({ stage: 'lead', stats: stats(0), leadTemperature: 'hot' })).toBe(
			'hot'
		);
		expect(shownLeadTemperature({ stage: 'new', stats: stats(1), leadTemperature: 'hot' })).toBe(
			null
		);
		expect(shownLeadTemperature({ stage: 'lead', stats: stats(0) })).toBe(null);
		expect(shownLeadTemperature({ stage: 'lead', stats: stats(0), leadTemperature: null })).toBe(
			null
		);
	});
});
