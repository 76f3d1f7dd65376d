import { useRegisterSW } from 'virtual:pwa-register/svelte';

const HOUR = 60 * 60 * 1000;

/**
 * The service worker lifecycle as the UI sees it. A new version waits until the user chooses to
 * reload, so nobody is switched to new code in the middle of an edit.
 */
export function registerPwa() {
	const { needRefresh, offlineReady, updateServiceWorker } = useRegisterSW({
		onRegisteredSW(_url, registration) {
			if (!registration) return;
			setInterval(() => {
				if (navigator.onLine) registration.update().catch(() => {});
			}, HOUR);
		},
		onRegisterError(error) {
			console.error('Service worker registration failed', error);
		}
	});
	return { needRefresh, offlineReady, update: () => updateServiceWorker(true) };
}
