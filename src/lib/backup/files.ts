/**
 * Saving a backup file: where the File System Access API exists the owner picks the place and
 * the worker streams into it; elsewhere the file is downloaded from a Blob.
 */

/** The name of the copy of the book made just before a restore, beside the usual backup name. */
export function beforeRestoreFileName(backupName: string): string {
	return backupName.replace(/\.age$/, '') + '_truoc-khoi-phuc.age';
}

interface SaveFilePickerOptions {
	suggestedName?: string;
	types?: { description?: string; accept: Record<string, string[]> }[];
}

type SavePicker = (options: SaveFilePickerOptions) => Promise<FileSystemFileHandle>;

function savePicker(): SavePicker | null {
	const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
	return typeof picker === 'function' ? picker : null;
}

/** Whether the owner can choose where the file goes (Chromium-based browsers on a computer). */
export function canPickSaveFile(): boolean {
	return savePicker() !== null;
}

/**
 * Asks where to save, with `fileName` suggested. null when the owner closed the dialog.
 * Must be called straight from a click: browsers refuse it otherwise.
 */
export async function pickSaveFile(
	fileName: string,
	description: string
): Promise<FileSystemFileHandle | null> {
	const picker = savePicker();
	if (picker === null) throw new Error('showSaveFilePicker is not available.');
	try {
		return await picker({
			suggestedName: fileName,
			types: [{ description, accept: { 'application/octet-stream': ['.age'] } }]
		});
	} catch (e) {
		if ((e as { name?: unknown }).name === 'AbortError') return null;
		throw e;
	}
}
