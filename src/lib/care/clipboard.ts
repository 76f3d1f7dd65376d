/**
 * Puts text on the clipboard. The async Clipboard API needs a secure context and may be refused
 * (no permission, the page not focused); the old execCommand route still works in those cases,
 * so it is tried before telling the user to copy by hand.
 */
export async function copyText(text: string): Promise<boolean> {
	try {
		if (navigator.clipboard && window.isSecureContext) {
			await navigator.clipboard.writeText(text);
			return true;
		}
	} catch {
		// Refused: fall through to the old way.
	}
	const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
	const area = document.createElement('textarea');
	area.value = text;
	area.setAttribute('readonly', '');
	area.style.position = 'fixed';
	area.style.opacity = '0';
	document.body.append(area);
	area.select();
	let copied = false;
	try {
		copied = document.execCommand('copy');
	} catch {
		copied = false;
	}
	area.remove();
	focused?.focus();
	return copied;
}
