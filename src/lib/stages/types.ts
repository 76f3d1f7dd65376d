/** Messages between the page and the stages worker. */
import type { StageDays } from '$lib/domain/stages';
import type { RecomputeResult } from './recompute';

export type StageWorkerRequest =
	/**
	 * Recompute the whole book for `today` (ISO, the shop's day) with these day counts.
	 * Requests run one after the other, in the order they came.
	 */
	| { type: 'recompute'; reqId: number; today: string; settings: StageDays }
	/** Stop a recompute after the chunk it is reading; it answers with an 'aborted' error. */
	| { type: 'cancel'; reqId: number };

export type StageWorkerResponse =
	| { type: 'progress'; reqId: number; done: number; total: number }
	| { type: 'result'; reqId: number; result: RecomputeResult }
	/**
	 * `code`: 'aborted', or an AppError code ('db-upgraded-elsewhere'…). `reqId` null: the
	 * worker failed outside a request.
	 */
	| { type: 'error'; reqId: number | null; message: string; code?: string };
