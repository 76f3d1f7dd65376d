import { describe, expect, it } from 'vitest';
import { backupFileName } from './export';
import { beforeRestoreFileName } from './files';

describe('the copy made before a restore', () => {
	it('is named like the day’s backup, marked as taken before restoring', () => {
		const name = backupFileName('Spa Hoa Mai', new Date(Date.UTC(2026, 10, 26, 3)));
		expect(name).toBe('so-khach_Spa-Hoa-Mai_2026-11-26.age');
		expect(beforeRestoreFileName(name)).toBe('so-khach_Spa-Hoa-Mai_2026-11-26_truoc-khoi-phuc.age');
	});
});
