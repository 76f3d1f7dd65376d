export interface StorageInfo {
	/** null when the browser has no Storage API (then nothing can be promised). */
	persisted: boolean | null;
	usage: number | null;
	quota: number | null;
}

/** Asks the browser to keep our data even when the disk runs low. Safe to call repeatedly. */
export async function requestPersistentStorage(): Promise<boolean | null> {
	if (!navigator.storage?.persist) return null;
	if (await navigator.storage.persisted()) return true;
	try {
		return await navigator.storage.persist();
	} catch {
		return false;
	}
}

export async function storageInfo(): Promise<StorageInfo> {
	const s = navigator.storage;
	if (!s) return { persisted: null, usage: null, quota: null };
	const [persisted, estimate] = await Promise.all([
		s.persisted ? s.persisted() : Promise.resolve(null),
		s.estimate ? s.estimate() : Promise.resolve({} as StorageEstimate)
	]);
	return { persisted, usage: estimate.usage ?? null, quota: estimate.quota ?? null };
}
