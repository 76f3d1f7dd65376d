/**
 * The dashboard page's state: the chosen period, whether to compare, and the numbers the
 * reports worker sends back. A newer request cancels the one in flight.
 */
import { shopToday } from '$lib/db/care';
import { getStageSettings } from '$lib/db/stages';
import { createReportClient, type ReportClient } from './client';
import type { Dashboard } from './measures';
import {
	customPeriod,
	nextPeriod,
	periodContaining,
	previousPeriod,
	type Period,
	type PeriodKind
} from './period';

export class DashboardState {
	period = $state<Period>(periodContaining('month', shopToday()));
	compare = $state(true);
	data = $state<Dashboard | null>(null);
	loading = $state<{ done: number; total: number } | null>(null);
	error = $state<string | null>(null);

	#client: ReportClient | null = null;
	#inFlight: AbortController | null = null;
	#lostAfterDays: number | null = null;

	connect(): () => void {
		this.#client = createReportClient();
		void this.load();
		return () => {
			this.#inFlight?.abort();
			this.#client?.dispose();
			this.#client = null;
		};
	}

	setKind(kind: PeriodKind): void {
		if (kind === this.period.kind) return;
		this.period =
			kind === 'custom'
				? customPeriod(this.period.from, this.period.to)
				: periodContaining(kind, this.period.from);
		void this.load();
	}

	setCustom(from: string, to: string): void {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return;
		this.period = customPeriod(from, to);
		void this.load();
	}

	step(direction: -1 | 1): void {
		this.period = direction < 0 ? previousPeriod(this.period) : nextPeriod(this.period);
		void this.load();
	}

	async load(): Promise<void> {
		const client = this.#client;
		if (client === null) return;
		this.#inFlight?.abort();
		const controller = new AbortController();
		this.#inFlight = controller;
		this.error = null;
		this.loading = { done: 0, total: 0 };
		try {
			this.#lostAfterDays ??= (await getStageSettings()).lostAfterDays;
			const data = await client.dashboard(
				{ period: this.period, today: shopToday(), lostAfterDays: this.#lostAfterDays },
				{
					signal: controller.signal,
					onProgress: (done, total) => {
						if (this.#inFlight === controller) this.loading = { done, total };
					}
				}
			);
			if (this.#inFlight !== controller) return;
			this.data = data;
			this.loading = null;
		} catch (e) {
			if (this.#inFlight !== controller) return;
			this.loading = null;
			if (e instanceof Error && e.name === 'AbortError') return;
			this.error = e instanceof Error ? e.message : String(e);
		}
	}
}
