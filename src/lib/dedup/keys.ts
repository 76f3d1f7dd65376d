/**
 * Normalised keys other than names, phones and addresses: emails, birthdays, extra identifiers.
 */

/**
 * The mailbox an address delivers to: lower case, "+tag" dropped, and for Gmail the dots of the
 * local part dropped and googlemail.com read as gmail.com. Null when it is not an address.
 */
export function canonicalEmail(raw: string): string | null {
	const text = raw.normalize('NFKC').trim().toLowerCase();
	const at = text.lastIndexOf('@');
	if (at <= 0 || at === text.length - 1 || /\s/.test(text)) return null;
	let local = text.slice(0, at);
	let domain = text.slice(at + 1);
	if (domain === 'googlemail.com') domain = 'gmail.com';
	const plus = local.indexOf('+');
	if (plus > 0) local = local.slice(0, plus);
	if (domain === 'gmail.com') local = local.replace(/\./g, '');
	return local === '' ? null : `${local}@${domain}`;
}

/** Canonical emails of one or more cells (split on commas, semicolons and spaces). */
export function emailKeys(cells: readonly string[]): string[] {
	const out: string[] = [];
	for (const cell of cells) {
		for (const piece of cell.split(/[,;\s]+/u)) {
			const key = piece === '' ? null : canonicalEmail(piece);
			if (key !== null && !out.includes(key)) out.push(key);
		}
	}
	return out;
}

/**
 * A birthday as one integer yyyymmdd (year 0 when unknown), or -1. Reads ISO (`1990-04-23`,
 * `--04-23`), `yyyymmdd`, and `dd/mm/yyyy`: day first, as Vietnamese shops write it, and month
 * first only when the second number cannot be a month. A dd/mm that was really mm/dd is left to
 * the comparison, which gives a day/month swap partial credit.
 */
export function birthdayKey(raw: string): number {
	const text = raw.trim();
	if (text === '') return -1;
	let m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(text);
	if (m) return pack(+m[1], +m[2], +m[3]);
	m = /^--(\d{1,2})-(\d{1,2})$/.exec(text);
	if (m) return pack(0, +m[1], +m[2]);
	m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
	if (m) return pack(+m[1], +m[2], +m[3]);
	m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/.exec(text);
	if (m) {
		let year = +m[3];
		if (m[3].length === 2) year += year > 30 ? 1900 : 2000;
		let day = +m[1];
		let month = +m[2];
		// 04/23/1990 cannot be day-first: read it as month-first rather than lose it.
		if (month > 12 && day <= 12) [day, month] = [month, day];
		return pack(year, month, day);
	}
	m = /^(\d{1,2})[/.-](\d{1,2})$/.exec(text);
	if (m) return pack(0, +m[2], +m[1]);
	return -1;
}

function pack(year: number, month: number, day: number): number {
	if (month < 1 || month > 12 || day < 1 || day > 31) return -1;
	if (year !== 0 && (year < 1000 || year > 9999)) return -1;
	return year * 10000 + month * 100 + day;
}

/** An extra identifier compared as its letters and digits only. */
export function extraIdKey(raw: string | undefined): string {
	return (raw ?? '')
		.normalize('NFKC')
		.replace(/[^\p{L}\p{N}]/gu, '')
		.toLowerCase();
}
