import { afterEach, describe, expect, it } from 'vitest';
import { fieldLabel, leadTemperatureLabel } from '$lib/i18n';
import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime.js';

const before = getLocale;
afterEach(() => overwriteGetLocale(before));

// localStorage, the app's locale strategy, is not there in Node: set the locale directly.
const setLocale = (locale: 'vi' | 'en') => overwriteGetLocale(() => locale);

describe('lead temperature labels', () => {
	it('names the temperatures and the field in Vietnamese', () => {
		setLocale('vi');
		expect(['cold', 'warm', 'hot'].map(leadTemperatureLabel)).toEqual(['Lạnh', 'Ấm', 'Nóng']);
		expect(fieldLabel('leadTemperature')).toBe('Nhiệt độ');
	});

	it('names them in English', () => {
		setLocale('en');
		expect(['cold', 'warm', 'hot'].map(leadTemperatureLabel)).toEqual(['Cold', 'Warm', 'Hot']);
		expect(fieldLabel('leadTemperature')).toBe('Temperature');
	});

	it('shows a value it does not know as stored', () => {
		expect(leadTemperatureLabel('boiling')).toBe('boiling');
	});
});
