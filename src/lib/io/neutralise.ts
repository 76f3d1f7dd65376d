/**
 * Formula injection ("CSV injection"): a cell that starts with = + - @, a tab or a carriage
 * return is run as a formula by Excel and LibreOffice when a CSV is opened. On CSV export such a
 * cell gets a leading apostrophe, which spreadsheets show as text and do not display; on import
 * exactly that apostrophe is taken off again, so an export re-imports unchanged. In .xlsx cells are
 * written as strings (never formulas), so nothing is added there.
 *
 * Phones are exported in display form ("0912 345 678"), which does not start with +; a foreign
 * number ("+1 202 555 0143") is neutralised like any text, and the phone parser ignores the
 * apostrophe.
 */

const TRIGGER = /^[=+\-@\t\r]/;

export function needsNeutralising(text: string): boolean {
	return TRIGGER.test(text);
}

export function neutralise(text: string): string {
	return TRIGGER.test(text) ? `'${text}` : text;
}

/** Takes off the apostrophe `neutralise` added (and only that one). */
export function unneutralise(text: string): string {
	return text.charCodeAt(0) === 39 && TRIGGER.test(text.slice(1)) ? text.slice(1) : text;
}
