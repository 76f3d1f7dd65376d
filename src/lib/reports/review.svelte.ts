/** The monthly review page's state: the month shown and its lists from the reports worker. */
import { shopToday } from '$lib/db/care';
import { createReportClient, type ReportClient } from './client';
import { nextPeriod, periodContaining, previousPeriod, type Period } from './period';
import type { ReviewResult } from './read-review';

export class ReviewState {
	month = $state<Period>(periodContaining('month', shopToday()));
	result = $state<ReviewResult | null>(null);
	loading = $state(false);
	error = $state<string | null>(null);

	#client: ReportClient | null = null;
	#inFlight: AbortController | null = null;

	connect(): () => void {
		this.#client = createReportClient();
		void this.load();
		return () => {
			this.#inFlight?.abort();
			this.#client?.dispose();
			this.#client = null;
		};
	}

	step(direction: -1 | 1): void {
		this.month = direction < 0 ? previousPeriod(this.month) : nextPeriod(this.month);
		void this.load();
	}

	async load(): Promise<void> {
		const client = this.#client;
		if (client === null) return;
		this.#inFlight?.abort();
		const controller = new AbortController();
		this.#inFlight = controller;
		this.loading = true;
		this.error = null;
		try {
			const result = await client.review(this.month, shopToday(), { signal: controller.signal });
			if (this.#inFlight !== controller) return;
			this.result = result;
		} catch (e) {
			if (this.#inFlight !== controller) return;
			if (!(e instanceof Error && e.name === 'AbortError')) {
				this.error = e instanceof Error ? e.message : String(e);
			}
		} finally {
			if (this.#inFlight === controller) this.loading = false;
		}
	}
}
