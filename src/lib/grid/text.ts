/** Splits a cell's list ("VIP, Hay mua; Quận 1") into trimmed, non-empty items, keeping order. */
export function splitList(text: string): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const part of text.split(/[,;\n]/)) {
		const item = part.replace(/\s+/g, ' ').trim();
		const key = item.toLowerCase();
		if (item && !seen.has(key)) {
			seen.add(key);
			out.push(item);
		}
	}
	return out;
}
