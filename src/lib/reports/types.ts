/** Messages between the page and the reports worker. */
import type { Dashboard, MemberMeasure, ReportOptions } from './measures';
import type { Period } from './period';
import type { ReviewResult } from './read-review';

export type ReportWorkerRequest =
	/** The dashboard of `options.period` against the period before. */
	| { type: 'dashboard'; reqId: number; options: ReportOptions }
	/** The ids of the customers behind one measure of `options.period`. */
	| {
			type: 'members';
			reqId: number;
			options: ReportOptions;
			measure: MemberMeasure | 'notCared';
	  }
	/** The monthly review of `month` (a month period) as of `today`. */
	| { type: 'review'; reqId: number; month: Period; today: string }
	/** Stop a request after its current read; it answers with an 'aborted' error. */
	| { type: 'cancel'; reqId: number };

export type ReportWorkerResponse =
	| { type: 'progress'; reqId: number; done: number; total: number }
	| { type: 'dashboard'; reqId: number; result: Dashboard }
	| { type: 'review'; reqId: number; result: ReviewResult }
	| { type: 'members'; reqId: number; result: string[] }
	/** `code`: 'aborted', or an AppError code. `reqId` null: the worker failed outside a request. */
	| { type: 'error'; reqId: number | null; message: string; code?: string };
