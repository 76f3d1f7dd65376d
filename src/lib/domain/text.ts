/** Anything collapseSpaces would change: white space other than a lone inner space. */
const UNTIDY = /[^\S ]|\u200b| {2}|^ | $/;

/** Collapses runs of white space (including non-breaking spaces) to one space and trims. */
export function collapseSpaces(s: string): string {
	// Most texts are tidy already: a test costs a fraction of a replace, which copies.
	if (!UNTIDY.test(s)) return s;
	return s.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

/**
 * The search and sort key of a text: no diacritics (đ → d), lower case, single spaces.
 * "Nguyễn Thị Hương" → "nguyen thi huong". NFC first so that precomposed and decomposed input
 * (macOS, old Windows IMEs) fold alike.
 */
export function fold(s: string): string {
	return collapseSpaces(
		s
			.normalize('NFC')
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/đ/g, 'd')
			.replace(/Đ/g, 'D')
			.toLowerCase()
	);
}
