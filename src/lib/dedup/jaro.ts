/** Jaro-Winkler similarity, without allocation (scratch flags reused). */
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro-Winkler similarity (prefix scale 0.1, up to 4 characters), 0–1. */
export function jaroWinkler(a: string, b: string): number {
	return jaroWinklerFrom(a, b, -1);
}

/**
 * `jaroWinkler(a, b) >= threshold`, giving up as soon as the characters of `a` left to match
 * cannot lift the similarity to the threshold: two emails at the same provider share their
 * ending, and most differ early in the mailbox name.
 */
export function jaroWinklerAtLeast(a: string, b: string, threshold: number): boolean {
	return jaroWinklerFrom(a, b, threshold) >= threshold;
}

/** Jaro-Winkler, or -1 as soon as it is sure to be below `threshold` (when ≥ 0). */
export function jaroWinklerFrom(a: string, b: string, threshold: number): number {
	if (a === b) return a === '' ? 0 : 1;
	const la = a.length;
	const lb = b.length;
	if (la === 0 || lb === 0) return 0;
	if (la > flagsA.length || lb > flagsB.length) {
		flagsA = new Uint8Array(Math.max(la, lb) * 2);
		flagsB = new Uint8Array(Math.max(la, lb) * 2);
	}
	flagsA.fill(0, 0, la);
	flagsB.fill(0, 0, lb);
	const range = Math.max(0, (Math.max(la, lb) >> 1) - 1);
	let prefix = 0;
	const maxPrefix = Math.min(4, la, lb);
	while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
	// The most characters that may still match: every one of a not yet found unmatched. With all
	// of them matched and no transposition the similarity is at its highest (it grows with the
	// matches); the margin keeps rounding from ever deciding.
	let canMatch = la;
	let matches = 0;
	for (let i = 0; i < la; i++) {
		const lo = Math.max(0, i - range);
		const hi = Math.min(lb - 1, i + range);
		const c = a.charCodeAt(i);
		for (let j = lo; j <= hi; j++) {
			if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
				flagsA[i] = 1;
				flagsB[j] = 1;
				matches++;
				break;
			}
		}
		if (threshold >= 0 && flagsA[i] === 0) {
			canMatch--;
			const best = (canMatch / la + canMatch / lb + 1) / 3;
			if (best + prefix * 0.1 * (1 - best) < threshold - 1e-9) return -1;
		}
	}
	if (matches === 0) return 0;
	let k = 0;
	let half = 0;
	for (let i = 0; i < la; i++) {
		if (flagsA[i] === 0) continue;
		while (flagsB[k] === 0) k++;
		if (a.charCodeAt(i) !== b.charCodeAt(k)) half++;
		k++;
	}
	const m = matches;
	const jaro = (m / la + m / lb + (m - half / 2) / m) / 3;
	return jaro + prefix * 0.1 * (1 - jaro);
}
