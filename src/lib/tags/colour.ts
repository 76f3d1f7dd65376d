/** A chip's background and the text colour that reads best on it. */
export interface ChipColours {
	background: string;
	text: string;
}

const DARK_TEXT = '#1f2933';
const LIGHT_TEXT = '#ffffff';
/** A tag whose colour is unknown (not loaded yet, or bad data) still shows, in grey. */
const FALLBACK = '#64748b';

const HEX = /^#([0-9a-f]{6})$/i;

function channel(value: number): number {
	const c = value / 255;
	return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
	const n = parseInt(hex.slice(1), 16);
	return (
		0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255)
	);
}

/** WCAG contrast ratio between two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

/**
 * The tag's colour as the chip's background, with dark or white text, whichever contrasts more:
 * the owner may pick any colour, a pale yellow as well as a deep blue.
 */
export function chipColours(colour: string | undefined): ChipColours {
	const background = colour && HEX.test(colour) ? colour.toLowerCase() : FALLBACK;
	const text =
		contrastRatio(background, LIGHT_TEXT) >= contrastRatio(background, DARK_TEXT)
			? LIGHT_TEXT
			: DARK_TEXT;
	return { background, text };
}
