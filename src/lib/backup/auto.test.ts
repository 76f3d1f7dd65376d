import { describe, expect, it } from 'vitest';
import {
	autoBackupName,
	autoBackupStamp,
	autoConfigOf,
	backupsToPrune,
	isAutoBackupDue,
	isAutoBackupName,
	keepOf,
	nextAutoBackupDay
} from './auto';
import { backupFileName, shopSlug } from './export';

/** An instant given in Vietnam time (UTC+7, no summer time). */
function vn(local: string): number {
	return Date.parse(`${local}:00+07:00`);
}

describe('when an automatic backup is due', () => {
	it('is due at once when none was ever made', () => {
		expect(
			isAutoBackupDue({ frequency: 'daily', lastOkAt: null, now: vn('2026-11-26T09:00') })
		).toBe(true);
		expect(
			isAutoBackupDue({ frequency: 'weekly', lastOkAt: null, now: vn('2026-11-26T09:00') })
		).toBe(true);
	});

	it('daily: once a new day has begun in Vietnam, not 24 hours later', () => {
		const last = vn('2026-11-26T23:50');
		expect(
			isAutoBackupDue({ frequency: 'daily', lastOkAt: last, now: vn('2026-11-26T23:59') })
		).toBe(false);
		expect(
			isAutoBackupDue({ frequency: 'daily', lastOkAt: last, now: vn('2026-11-27T00:10') })
		).toBe(true);
		const morning = vn('2026-11-26T08:00');
		expect(
			isAutoBackupDue({ frequency: 'daily', lastOkAt: morning, now: vn('2026-11-26T21:00') })
		).toBe(false);
	});

	it('counts days in the shop’s time zone, whatever the computer’s', () => {
		// 16:30 UTC is 23:30 in Vietnam; 17:30 UTC is already the next day there.
		const last = Date.parse('2026-11-26T16:30:00Z');
		const now = Date.parse('2026-11-26T17:30:00Z');
		expect(isAutoBackupDue({ frequency: 'daily', lastOkAt: last, now })).toBe(true);
		// In London both are on the 26th.
		expect(
			isAutoBackupDue({ frequency: 'daily', lastOkAt: last, now, timeZone: 'Europe/London' })
		).toBe(false);
	});

	it('weekly: seven calendar days after the last one', () => {
		const last = vn('2026-11-26T22:00');
		expect(
			isAutoBackupDue({ frequency: 'weekly', lastOkAt: last, now: vn('2026-12-02T23:59') })
		).toBe(false);
		expect(
			isAutoBackupDue({ frequency: 'weekly', lastOkAt: last, now: vn('2026-12-03T00:01') })
		).toBe(true);
	});

	it('is due when the last one is dated ahead by more than a day (a clock that was wrong)', () => {
		const now = vn('2026-11-26T09:00');
		expect(isAutoBackupDue({ frequency: 'daily', lastOkAt: vn('2026-11-26T12:00'), now })).toBe(
			false
		);
		expect(isAutoBackupDue({ frequency: 'weekly', lastOkAt: vn('2027-01-01T12:00'), now })).toBe(
			true
		);
	});

	it('tells the next day it falls due', () => {
		const last = vn('2026-11-26T22:00');
		expect(nextAutoBackupDay('daily', last, vn('2026-11-26T22:30'))).toBe('2026-11-27');
		expect(nextAutoBackupDay('weekly', last, vn('2026-11-26T22:30'))).toBe('2026-12-03');
		expect(nextAutoBackupDay('daily', null, vn('2026-11-26T22:30'))).toBe('2026-11-26');
	});
});

describe('the names of automatic backups', () => {
	it('carries the shop and the Vietnam date and time to the minute', () => {
		const at = new Date(vn('2026-11-26T09:05'));
		expect(autoBackupName(shopSlug('Spa Hoa Mai'), at)).toBe(
			'so-khach-Spa-Hoa-Mai-2026-11-26-0905.age'
		);
		expect(autoBackupName(shopSlug(''), at)).toBe('so-khach-2026-11-26-0905.age');
		expect(autoBackupName(shopSlug('Tiệm Đồ Ăn'), new Date(vn('2026-11-26T23:59')))).toBe(
			'so-khach-Tiem-Do-An-2026-11-26-2359.age'
		);
		// Just after midnight in Vietnam is still the day before in UTC.
		expect(autoBackupName('', new Date('2026-11-26T17:01:00Z'))).toBe(
			'so-khach-2026-11-27-0001.age'
		);
	});

	it('recognises only this shop’s automatic backups', () => {
		expect(autoBackupStamp('so-khach-Spa-2026-11-26-0905.age', 'Spa')).toBe('2026-11-26-0905');
		expect(autoBackupStamp('so-khach-Spa-Hoa-2026-11-26-0905.age', 'Spa')).toBeNull();
		expect(autoBackupStamp('so-khach-Spa-2026-11-26-0905.age', '')).toBeNull();
		expect(autoBackupStamp('so-khach-2026-11-26-0905.age', '')).toBe('2026-11-26-0905');
		expect(autoBackupStamp('so-khach-2026-11-26-0905.age.txt', '')).toBeNull();
		expect(autoBackupStamp('so-khach-2026-11-26-905.age', '')).toBeNull();
		// A hand-made backup of the same shop and day is not an automatic one.
		const manual = backupFileName('Spa', new Date(vn('2026-11-26T09:05')));
		expect(manual).toBe('so-khach_Spa_2026-11-26.age');
		expect(autoBackupStamp(manual, 'Spa')).toBeNull();
		expect(isAutoBackupName('so-khach-Spa-Hoa-Mai-2026-11-26-0905.age')).toBe(true);
		expect(isAutoBackupName('so-khach-2026-11-26-0905.age')).toBe(true);
		expect(isAutoBackupName(manual)).toBe(false);
	});
});

describe('which old automatic backups are deleted', () => {
	const ours = (day: number, time = '0900') =>
		`so-khach-Spa-2026-11-${String(day).padStart(2, '0')}-${time}.age`;

	it('keeps the newest N and deletes the rest, oldest first', () => {
		const names = [ours(20), ours(24), ours(21), ours(26), ours(23), ours(22), ours(25)];
		expect(backupsToPrune(names, 'Spa', 3)).toEqual([ours(23), ours(22), ours(21), ours(20)]);
		expect(backupsToPrune(names, 'Spa', 7)).toEqual([]);
		expect(backupsToPrune(names, 'Spa', 10)).toEqual([]);
	});

	it('orders by time within a day', () => {
		const names = [ours(26, '2300'), ours(26, '0005'), ours(26, '1200')];
		expect(backupsToPrune(names, 'Spa', 1)).toEqual([ours(26, '1200'), ours(26, '0005')]);
	});

	it('never touches anything else in the folder', () => {
		const foreign = [
			'so-khach_Spa_2026-11-01.age',
			'so-khach_Spa_2026-11-01_truoc-khoi-phuc.age',
			'so-khach-Spa-Hoa-Mai-2026-11-01-0900.age',
			'so-khach-2026-11-01-0900.age',
			'so-khach-Spa-2026-11-01-0900.age.bak',
			'Ảnh cưới.jpg',
			'so-khach-Spa-old.age',
			'notes.txt'
		];
		const names = [...foreign, ours(24), ours(25), ours(26)];
		expect(backupsToPrune(names, 'Spa', 1)).toEqual([ours(25), ours(24)]);
		expect(backupsToPrune(foreign, 'Spa', 1)).toEqual([]);
	});

	it('keeps the one just written even when a clock set back gave it an older name', () => {
		const names = [ours(10), ours(24), ours(25)];
		expect(backupsToPrune(names, 'Spa', 2, ours(10))).toEqual([ours(24)]);
		expect(backupsToPrune(names, 'Spa', 0, ours(25))).toEqual([ours(24), ours(10)]);
	});
});

describe('the stored settings', () => {
	it('reads a config and cleans its numbers, or says off', () => {
		expect(autoConfigOf(null)).toBeNull();
		expect(
			autoConfigOf({ recipient: 'AGE-SECRET-KEY-1X', frequency: 'daily', keep: 3 })
		).toBeNull();
		expect(autoConfigOf({ recipient: 'age1abc', frequency: 'monthly', keep: '0' })).toEqual({
			recipient: 'age1abc',
			frequency: 'daily',
			keep: 1
		});
		expect(keepOf('12')).toBe(12);
		expect(keepOf(undefined)).toBe(7);
		expect(keepOf(1000)).toBe(100);
	});
});
