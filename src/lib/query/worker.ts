/**
 * The query worker: holds the index of all customers and answers the grid's page requests, off
 * the main thread. Started by client.ts. The logic lives in feed.ts (loading and following
 * changes) and service.ts (answering requests); this file only wires them to the worker globals.
 */
import { createDatabase } from '$lib/db/schema';
import { RFM_SEGMENT_IDS } from '$lib/domain/rfm';
import { RFM_SEGMENT_NAMES } from '$lib/i18n/rfm-names';
import type { StageId } from '$lib/domain/stages';
import type { Gender } from '$lib/domain/types';
import {
	gender_female,
	gender_male,
	gender_other,
	lead_temperature_cold,
	lead_temperature_hot,
	lead_temperature_warm,
	stage_care,
	stage_lead,
	stage_lost,
	stage_loyal,
	stage_new,
	stage_reactivate
} from '$lib/paraglide/messages.js';
import { createQueryEngine } from './engine';
import { createIndexFeed } from './feed';
import { createQueryService } from './service';
import { isCensus, type Census } from './census';
import { isDefaultQuery, type WorkerRequest, type WorkerResponse } from './types';

/**
 * The part of a dedicated worker's global scope used here. Declared rather than taken from the
 * WebWorker lib, which cannot be loaded next to the DOM lib the rest of the app compiles with.
 */
interface WorkerScope {
	postMessage(message: WorkerResponse): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;

type Message = (inputs?: Record<string, never>, options?: { locale?: 'vi' | 'en' }) => string;

/** A label in both languages: a filter typed in either finds the row, whatever the UI shows. */
function labels(message: Message): string[] {
	return [message({}, { locale: 'vi' }), message({}, { locale: 'en' })];
}

const genderLabels: Record<Gender, string[]> = {
	male: labels(gender_male),
	female: labels(gender_female),
	other: labels(gender_other)
};

const stageLabels: Record<StageId, string[]> = {
	lead: labels(stage_lead),
	new: labels(stage_new),
	care: labels(stage_care),
	loyal: labels(stage_loyal),
	reactivate: labels(stage_reactivate),
	lost: labels(stage_lost)
};

const rfmLabels = Object.fromEntries(
	RFM_SEGMENT_IDS.map((id) => [id, labels(RFM_SEGMENT_NAMES[id])])
);

const temperatureLabels = {
	cold: labels(lead_temperature_cold),
	warm: labels(lead_temperature_warm),
	hot: labels(lead_temperature_hot)
};

const db = createDatabase();
const engine = createQueryEngine({
	genderLabels,
	stageLabels,
	rfmLabels,
	temperatureLabels
});

function reportError(e: unknown): void {
	scope.postMessage({
		type: 'error',
		reqId: null,
		message: e instanceof Error ? e.message : String(e)
	});
}

/** The page's last census of the book (census.ts), posted before any request. */
let census: Census | null = null;

const feed = createIndexFeed(db, engine, {
	census: () => census,
	onCensus: (taken) => scope.postMessage({ type: 'census', census: taken }),
	onProgress: (loaded, expected) => scope.postMessage({ type: 'progress', loaded, expected }),
	onReady: (total) => {
		scope.postMessage({ type: 'ready', total });
		// The most used sort, ordered before anyone asks; a moment later, so that the requests
		// that were waiting for the index go first.
		setTimeout(() => engine.prepare(['createdAt', 'name']), 1000);
	},
	onChanged: (ids, reloaded) => scope.postMessage({ type: 'changed', ids, reloaded }),
	onError: reportError
});

const service = createQueryService(db, engine, feed, () => census);

// A newer version of the app is upgrading the database in another tab: let it, and stop here.
// The page learns it from its own connection and offers a reload.
db.on('versionchange', () => {
	feed.dispose();
	db.close();
	return false;
});

// Loading the index reads the whole table, and IndexedDB serves one connection's requests in
// turn: started at once, it would queue the grid's first 100 rows behind thousands of others.
// So the first rows go first (a default view is read straight from the createdAt index), then
// the load begins; any other query starts it at once, and so does a short timeout.
let feedStarted = false;
function startFeed(): void {
	if (feedStarted) return;
	feedStarted = true;
	feed.start().catch(reportError);
}
const fallbackStart = setTimeout(startFeed, 1500);

scope.addEventListener('message', (event) => {
	const request = event.data;
	if (request.type === 'census') {
		census = isCensus(request.census) ? request.census : null;
		return;
	}
	if (request.type === 'start') {
		clearTimeout(fallbackStart);
		startFeed();
		return;
	}
	const needsIndex = request.type === 'query' && !isDefaultQuery(request.query);
	if (needsIndex || request.type === 'count') startFeed();
	service.handle(request).then((response) => {
		if (response) scope.postMessage(response);
		if (request.type === 'query') {
			clearTimeout(fallbackStart);
			startFeed();
		}
	}, reportError);
});
