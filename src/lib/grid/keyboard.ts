/** Ctrl+Z (Cmd+Z on a Mac) without Shift. */
export function isUndoKey(
	e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>
): boolean {
	return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'z';
}

/** Ctrl+Y, or Ctrl+Shift+Z as in most Mac and Linux programs. */
export function isRedoKey(
	e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>
): boolean {
	if (!(e.ctrlKey || e.metaKey) || e.altKey) return false;
	const k = e.key.toLowerCase();
	return k === 'y' || (k === 'z' && e.shiftKey);
}

/** True when a key press belongs to a text field (its own undo), not to the page. */
export function isTextEntry(target: EventTarget | null): boolean {
	if (!(target instanceof HTMLElement)) return false;
	return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
