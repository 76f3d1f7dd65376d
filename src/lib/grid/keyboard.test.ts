import { describe, expect, it } from 'vitest';
import { isRedoKey, isUndoKey } from './keyboard';

const key = (
	k: string,
	mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}
) => ({
	key: k,
	ctrlKey: false,
	metaKey: false,
	shiftKey: false,
	altKey: false,
	...mods
});

describe('undo and redo keys', () => {
	it.each([
		[key('z', { ctrlKey: true }), true],
		[key('Z', { ctrlKey: true }), true],
		[key('z', { metaKey: true }), true],
		[key('z'), false],
		[key('z', { ctrlKey: true, shiftKey: true }), false],
		[key('z', { ctrlKey: true, altKey: true }), false]
	])('recognises Ctrl+Z as undo (%o → %s)', (e, expected) => {
		expect(isUndoKey(e)).toBe(expected);
	});

	it.each([
		[key('y', { ctrlKey: true }), true],
		[key('z', { ctrlKey: true, shiftKey: true }), true],
		[key('Z', { metaKey: true, shiftKey: true }), true],
		[key('y'), false],
		[key('z', { ctrlKey: true }), false]
	])('recognises Ctrl+Y and Ctrl+Shift+Z as redo (%o → %s)', (e, expected) => {
		expect(isRedoKey(e)).toBe(expected);
	});
});
