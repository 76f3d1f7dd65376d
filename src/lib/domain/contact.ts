/**
 * Links that hand a call, text or mail over to the phone's own apps. They are navigations the
 * user starts by tapping; the app itself sends nothing over the network. Each returns null when
 * the number or address is not valid, so the UI can hide the button instead of opening an app
 * with a wrong recipient.
 */
import type { Email, Phone } from './types';

/** `tel:+84912345678`. */
export function telLink(phone: Phone): string | null {
	return phone.e164 === null ? null : `tel:${phone.e164}`;
}

/**
 * The SMS app with the message typed in: `sms:+84912345678?&body=…`. Android reads the body
 * from the query (`?body=`, RFC 5724); iOS 8 and later split the address at `&` and read
 * `&body=`. `?&body=` satisfies both: Android sees an empty parameter and then body, iOS sees
 * its `&body=`. Encoded with encodeURIComponent, so a space is %20 (a '+' would reach the
 * customer as a plus on some Android apps) and Vietnamese letters survive.
 */
export function smsLink(phone: Phone, body: string): string | null {
	if (phone.e164 === null) return null;
	return body === '' ? `sms:${phone.e164}` : `sms:${phone.e164}?&body=${encodeURIComponent(body)}`;
}

/**
 * The Zalo chat with the number: `https://zalo.me/0912345678`. Zalo's links use the national
 * number with its leading 0 for Vietnamese numbers; it has no documented form for foreign ones,
 * so they get null rather than a link that may open the wrong account.
 */
export function zaloLink(phone: Phone): string | null {
	if (phone.e164 === null || !phone.e164.startsWith('+84')) return null;
	return `https://zalo.me/0${phone.e164.slice(3)}`;
}

/** RFC 6068: line breaks in a mailto body are CRLF. */
function mailtoText(text: string): string {
	return encodeURIComponent(text.replace(/\r\n?|\n/g, '\r\n'));
}

/**
 * `mailto:lan@example.com?subject=…&body=…`, leaving out an empty subject or body. The address is
 * percent-encoded except its '@', so a '?', '&' or '%' in it cannot break the link.
 */
export function mailtoLink(email: Email, subject: string, body: string): string | null {
	if (!email.valid) return null;
	const address = encodeURIComponent(email.value).replace(/%40/g, '@');
	const params = [
		subject === '' ? '' : `subject=${mailtoText(subject)}`,
		body === '' ? '' : `body=${mailtoText(body)}`
	].filter((p) => p !== '');
	return params.length === 0 ? `mailto:${address}` : `mailto:${address}?${params.join('&')}`;
}
