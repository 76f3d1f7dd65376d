import { describe, expect, it } from 'vitest';
import { ImportError } from '$lib/io/errors';
import { importErrorText } from './labels';

describe('importErrorText', () => {
	it('gives a zip bomb limit in megabytes, not as a count of bytes', () => {
		const text = importErrorText(new ImportError('zip-bomb', { limit: 1 << 30 }));
		expect(text).toContain('1.024 MB');
		expect(text).not.toContain('1.073.741.824');
	});

	it('names the row and column of a long cell, and leaves them out for a shared string', () => {
		const limit = 1 << 20;
		expect(importErrorText(new ImportError('field-too-long', { row: 2, column: 3, limit }))).toBe(
			'Ô ở dòng 2, cột 3 quá dài (hơn 1.048.576 ký tự). Hãy kiểm tra tệp.'
		);
		expect(importErrorText(new ImportError('field-too-long', { row: 0, column: 0, limit }))).toBe(
			'Một ô trong tệp quá dài (hơn 1.048.576 ký tự). Hãy kiểm tra tệp.'
		);
	});
});
