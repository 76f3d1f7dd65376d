/**
 * Automatic backups into a folder: when one is due, what it is called, and which old ones to
 * delete. Pure: auto-run.ts does the reading and writing, with these answers.
 */
import { isoToday } from '$lib/domain/date';
import { DAY_MS } from './reminder';

export type AutoFrequency = 'daily' | 'weekly';

/** What the owner chose, kept in the book's settings (`backup.auto`). Never a secret. */
export interface AutoBackupConfig {
	/** The X25519 age recipient (`age1…`) the backups are encrypted to. */
	recipient: string;
	frequency: AutoFrequency;
	/** How many automatic backups of this shop to keep in the folder. */
	keep: number;
}

export const DEFAULT_KEEP = 7;
export const MAX_KEEP = 100;
/** While the app is open, how often to look whether a backup is due. */
export const CHECK_EVERY_MS = 30 * 60 * 1000;
export const SHOP_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** The stored or typed count, as a whole number from 1 to MAX_KEEP. */
export function keepOf(value: unknown): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n)) return DEFAULT_KEEP;
	return Math.min(MAX_KEEP, Math.max(1, Math.round(n)));
}

export function frequencyOf(value: unknown): AutoFrequency {
	return value === 'weekly' ? 'weekly' : 'daily';
}

/** The stored setting as a config, or null when automatic backups are off or it is unusable. */
export function autoConfigOf(value: unknown): AutoBackupConfig | null {
	if (typeof value !== 'object' || value === null) return null;
	const { recipient, frequency, keep } = value as Record<string, unknown>;
	if (typeof recipient !== 'string' || !recipient.startsWith('age1')) return null;
	return { recipient, frequency: frequencyOf(frequency), keep: keepOf(keep) };
}

/** `HHmm` in the shop's time zone. */
function localTime(date: Date, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone,
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(date);
	const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value;
	return `${part('hour') ?? '00'}${part('minute') ?? '00'}`;
}

/**
 * `so-khach-Spa-Hoa-Mai-2026-11-26-0930.age`: the shop's slug (export.ts `shopSlug`) and the
 * shop's local date and time to the minute. Dashes only, unlike a hand-made backup's
 * `so-khach_…_date.age`, so the two never look alike and pruning can never touch a hand-made one.
 */
export function autoBackupName(slug: string, at: Date, timeZone = SHOP_TIME_ZONE): string {
	const stamp = `${isoToday(timeZone, at)}-${localTime(at, timeZone)}`;
	return `so-khach-${slug === '' ? '' : `${slug}-`}${stamp}.age`;
}

/**
 * The `yyyy-mm-dd-HHmm` stamp of an automatic backup of this shop, or null for any other name:
 * another shop's backups, hand-made backups, anything else the owner keeps in the folder.
 */
export function autoBackupStamp(name: string, slug: string): string | null {
	const prefix = `so-khach-${slug === '' ? '' : `${slug}-`}`;
	if (!name.startsWith(prefix) || !name.endsWith('.age')) return null;
	const stamp = name.slice(prefix.length, -'.age'.length);
	if (!/^\d{4}-\d{2}-\d{2}-\d{4}$/.test(stamp)) return null;
	return stamp;
}

/** Whether a file is named like an automatic backup of any shop (it opens with a key file). */
export function isAutoBackupName(name: string): boolean {
	return /^so-khach-(?:[A-Za-z0-9-]+-)?\d{4}-\d{2}-\d{2}-\d{4}\.age$/.test(name);
}

/**
 * The automatic backups of this shop to delete so that `keep` remain: the oldest by the time in
 * their names. Names that are not this shop's automatic backups are never returned. The one just
 * written is always kept, even when a clock set back gives it an older name.
 */
export function backupsToPrune(
	names: readonly string[],
	slug: string,
	keep: number,
	justWritten?: string
): string[] {
	const ours = names
		.map((name) => ({ name, stamp: autoBackupStamp(name, slug) }))
		.filter((f): f is { name: string; stamp: string } => f.stamp !== null)
		.sort((a, b) => (a.stamp === b.stamp ? 0 : a.stamp < b.stamp ? 1 : -1))
		.map((f) => f.name);
	const kept = new Set<string>();
	if (justWritten !== undefined && ours.includes(justWritten)) kept.add(justWritten);
	for (const name of ours) {
		if (kept.size >= Math.max(1, keep)) break;
		kept.add(name);
	}
	return ours.filter((name) => !kept.has(name));
}

function dayNumber(iso: string): number {
	return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/**
 * Whether an automatic backup is due, by the shop's calendar: daily, once a calendar day has
 * begun since the last successful one (a backup at 23:50 and the next at 00:10 are on two days,
 * which is what "daily" means to a shop); weekly, once seven calendar days have passed. Never
 * made: due. A last backup dated more than a day ahead means the clock was wrong then: due, or
 * backups would stop until that date.
 */
export function isAutoBackupDue(input: {
	frequency: AutoFrequency;
	lastOkAt: number | null;
	now: number;
	timeZone?: string;
}): boolean {
	const { frequency, lastOkAt, now, timeZone = SHOP_TIME_ZONE } = input;
	if (lastOkAt === null) return true;
	if (lastOkAt > now + DAY_MS) return true;
	const days =
		dayNumber(isoToday(timeZone, new Date(now))) -
		dayNumber(isoToday(timeZone, new Date(lastOkAt)));
	return days >= (frequency === 'weekly' ? 7 : 1);
}

/** When the next automatic backup falls due (start of that shop day), for the owner to see. */
export function nextAutoBackupDay(
	frequency: AutoFrequency,
	lastOkAt: number | null,
	now: number,
	timeZone = SHOP_TIME_ZONE
): string {
	if (lastOkAt === null || isAutoBackupDue({ frequency, lastOkAt, now, timeZone })) {
		return isoToday(timeZone, new Date(now));
	}
	const last = dayNumber(isoToday(timeZone, new Date(lastOkAt)));
	const next = last + (frequency === 'weekly' ? 7 : 1);
	return new Date(next * DAY_MS).toISOString().slice(0, 10);
}
