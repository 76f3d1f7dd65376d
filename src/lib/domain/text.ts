/** Collapses runs of white space (including non-breaking spaces) to one space and trims. */
export function collapseSpaces(s: string): string {
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
