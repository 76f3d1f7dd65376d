import { runDailyCare, shopToday } from '$lib/db/care';
import { ensureDefaultTemplates } from '$lib/db/templates';
import { reportError } from './errors';

/**
 * The shop's morning routine, done by the app: the default message templates exist, and this
 * week's birthday reminders are made. Both are idempotent; the check repeats every few minutes so
 * a laptop left open overnight rolls over to the new day.
 */
export function startDailyCare(locale: 'vi' | 'en'): () => void {
	let lastDay = '';
	const run = async () => {
		const today = shopToday();
		if (today === lastDay) return;
		lastDay = today;
		try {
			await ensureDefaultTemplates(locale);
			await runDailyCare(today);
		} catch (e) {
			lastDay = '';
			reportError(e);
		}
	};
	void run();
	const timer = setInterval(run, 5 * 60 * 1000);
	return () => clearInterval(timer);
}
