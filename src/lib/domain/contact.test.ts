import { describe, expect, it } from 'vitest';
import { mailtoLink, smsLink, telLink, zaloLink } from './contact';
import { normaliseEmail } from './email';
import { normalisePhone } from './phone';

const mobile = normalisePhone('0912 345 678');
const landline = normalisePhone('024 3825 1234');
const foreign = normalisePhone('+1 202 555 0143');
const old = normalisePhone('0168 123 4567');
const broken = normalisePhone('0912 34');

describe('telLink', () => {
	it.each([
		[mobile, 'tel:+84912345678'],
		[landline, 'tel:+842438251234'],
		[foreign, 'tel:+12025550143'],
		[old, 'tel:+84381234567'],
		[broken, null]
	])('calls %j at %j', (phone, link) => {
		expect(telLink(phone)).toBe(link);
	});
});

describe('smsLink', () => {
	it('puts the message in a body both iOS and Android read', () => {
		expect(smsLink(mobile, 'Chào chị Hương, giảm 10% & quà?')).toBe(
			'sms:+84912345678?&body=Ch%C3%A0o%20ch%E1%BB%8B%20H%C6%B0%C6%A1ng%2C%20gi%E1%BA%A3m%2010%25%20%26%20qu%C3%A0%3F'
		);
	});

	it('gives back the exact message, line breaks and plus signs included', () => {
		const body = 'Dạ em chào chị!\nMã: A+B #1 = 100%';
		const link = smsLink(mobile, body) ?? '';
		expect(link).not.toMatch(/[\s#]/);
		expect(decodeURIComponent(link.slice(link.indexOf('body=') + 5))).toBe(body);
	});

	it('opens an empty message without a body parameter', () => {
		expect(smsLink(mobile, '')).toBe('sms:+84912345678');
	});

	it('has no link for a number that is not valid', () => {
		expect(smsLink(broken, 'Chào chị')).toBe(null);
	});
});

describe('zaloLink', () => {
	it.each([
		[mobile, 'https://zalo.me/0912345678'],
		[old, 'https://zalo.me/0381234567'],
		[landline, 'https://zalo.me/02438251234'],
		[foreign, null],
		[broken, null]
	])('opens Zalo for %j at %j', (phone, link) => {
		expect(zaloLink(phone)).toBe(link);
	});
});

describe('mailtoLink', () => {
	const email = normaliseEmail('Lan.Nguyen@Gmail.com');

	it('writes subject and body with CRLF line breaks', () => {
		expect(mailtoLink(email, 'Cảm ơn chị', 'Dòng 1\nDòng 2')).toBe(
			'mailto:lan.nguyen@gmail.com?subject=C%E1%BA%A3m%20%C6%A1n%20ch%E1%BB%8B&body=D%C3%B2ng%201%0D%0AD%C3%B2ng%202'
		);
	});

	it.each([
		['', '', 'mailto:lan.nguyen@gmail.com'],
		['Chào', '', 'mailto:lan.nguyen@gmail.com?subject=Ch%C3%A0o'],
		['', 'a&b=c', 'mailto:lan.nguyen@gmail.com?body=a%26b%3Dc']
	])('leaves out what is empty: subject %j, body %j', (subject, body, link) => {
		expect(mailtoLink(email, subject, body)).toBe(link);
	});

	it('encodes an address that would break the link', () => {
		expect(mailtoLink(normaliseEmail('lan+shop@gmail.com'), '', '')).toBe(
			'mailto:lan%2Bshop@gmail.com'
		);
	});

	it('has no link for an address that is not valid', () => {
		expect(mailtoLink(normaliseEmail('lan@gmail'), 'Chào', 'x')).toBe(null);
	});
});
