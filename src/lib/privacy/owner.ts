/**
 * `requireOwner()`: asks for the owner passphrase before an owner's action (restore, plain
 * export, emptying the trash, bulk deletion, erasing, settings). True at once when no lock is set
 * or it was opened in the last few minutes (UNLOCK_MS, kept in this tab's memory only, so a
 * reload locks again).
 */
import { mount, unmount } from 'svelte';
import { getOwnerLock } from '$lib/db/owner-lock';
import { checkOwnerPassphrase, UnlockWindow } from './owner-lock';
import OwnerDialog from './OwnerDialog.svelte';

const unlock = new UnlockWindow();
let asking: Promise<boolean> | null = null;

export async function requireOwner(): Promise<boolean> {
	const lock = await getOwnerLock();
	if (lock === null || unlock.isOpen(Date.now())) return true;
	// Two buttons pressed together share one question.
	asking ??= new Promise<boolean>((resolve) => {
		const dialog = mount(OwnerDialog, {
			target: document.body,
			props: {
				check: (passphrase: string) => checkOwnerPassphrase(passphrase, lock),
				ondone(unlocked: boolean) {
					if (unlocked) unlock.open(Date.now());
					asking = null;
					void unmount(dialog);
					resolve(unlocked);
				}
			}
		});
	});
	return asking;
}

/** Whether owner's actions are open now without asking (for showing a lock state). */
export function ownerUnlocked(): boolean {
	return unlock.isOpen(Date.now());
}

/** Opens the window after the passphrase was checked elsewhere (the settings form). */
export function markOwnerUnlocked(): void {
	unlock.open(Date.now());
}

export function lockOwnerNow(): void {
	unlock.close();
}
