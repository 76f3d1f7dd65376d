/**
 * Is a mailbox name made of its owner's name? Vietnamese addresses often are (tranthingan@,
 * ngan.tran1990@, tran.ngan.90@), so two namesakes' mailboxes look alike because their names do:
 * the same mailbox name at two providers, or one number apart. That likeness is the name again,
 * already weighed by the name comparison, not a second piece of evidence.
 */

/** Letters of a local part: digits and the separators . _ - taken out. */
function lettersOf(local: string): string {
	return local.replace(/[0-9._-]+/g, '');
}

/**
 * Can `letters` from `at` on be written as some of `words`, each at most once, in any order? A
 * folded name word ending in i also matches a y there (Lý is folded "li", its mailbox says "ly").
 */
function spells(letters: string, at: number, words: readonly string[], used: number): boolean {
	if (at === letters.length) return used !== 0;
	for (let k = 0; k < words.length && k < 30; k++) {
		if ((used & (1 << k)) !== 0) continue;
		const w = words[k];
		if (w === '' || at + w.length > letters.length) continue;
		let ok = true;
		for (let x = 0; x < w.length && ok; x++) {
			const have = letters.charCodeAt(at + x);
			const want = w.charCodeAt(x);
			ok = have === want || (x === w.length - 1 && want === 105 && have === 121);
		}
		if (ok && spells(letters, at + w.length, words, used | (1 << k))) return true;
	}
	return false;
}

/**
 * True when the local part of `email` (canonical, as keys.ts writes it), digits and separators
 * aside, is one or more of the folded name words: "lethily" for Lê Thị Ly, "ngan.tran90" for
 * Trần Thị Ngân. Initials and nicknames do not count.
 */
export function madeOfName(email: string, words: readonly string[]): boolean {
	const at = email.lastIndexOf('@');
	const letters = lettersOf(at < 0 ? email : email.slice(0, at));
	return letters.length > 0 && words.length > 0 && spells(letters, 0, words, 0);
}
