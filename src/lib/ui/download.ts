/** Saves a Blob as a file through a temporary `<a download>`; the URL is freed afterwards. */
export function downloadBlob(blob: Blob, fileName: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	a.style.display = 'none';
	document.body.append(a);
	a.click();
	a.remove();
	// Some browsers read the URL after click() returns.
	setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
