import { runDailyCare, shopToday } from '$lib/db/care';
import { runDailyStages } from '$lib/db/stages';
import { createStageClient } from '$lib/stages/client';
import { ensureDefaultTemplates } from '$lib/db/templates';
import { reportError } from './errors';

/**
 * Moves customers whose care window or buying gap has passed: the stages worker reads the whole
 * book off the main thread and says who moves; the page writes the moves.
 */
async function runStages(today: string): Promise<void> {
	const client = createStageClient();
	try {
		await runDailyStages((settings, day) => client.recompute({ settings, today: day }), today);
	} finally {
		client.dispose();
	}
}

/**
 * The shop's morning routine, done by the app: the default message templates exist, this
 * week's birthday reminders are made, and lifecycle stages follow the calendar. All are idempotent; the check repeats every few minutes so
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
			await runStages(today);
		} catch (e) {
			lastDay = '';
			reportError(e);
		}
	};
	void run();
	const timer = setInterval(run, 5 * 60 * 1000);
	return () => clearInterval(timer);
}
