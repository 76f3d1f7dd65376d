/** The consent form's date: a day picked in the form, as the moment stored. */

/**
 * Today means now (so the latest entry of the day wins); an earlier day means noon of that day
 * in Vietnam (UTC+7, no daylight saving), so the stored moment shows as that day everywhere.
 * Null for a date that is not a real `yyyy-mm-dd`.
 */
export function consentMoment(isoDay: string, today: string, now: number): number | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
	if (!match) return null;
	if (isoDay === today) return now;
	const [y, mo, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const at = Date.UTC(y, mo - 1, d, 5, 0, 0);
	const back = new Date(at);
	if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
		return null;
	}
	return at;
}
