/**
 * The import/export worker: parses files, plans imports and writes exports off the main thread.
 * Started by client.ts; the work is in service.ts. A 'db' export reads the book over the
 * worker's own Dexie connection, opened on first use.
 */
import { createDatabase, type SoKhachDB } from '$lib/db/schema';
import type { Customer } from '$lib/domain/types';
import type { IoRequest, IoResponse } from './client';
import { createIoService, type CustomerReader } from './service';
import { COLUMNS_SETTING_KEY, readColumns } from '$lib/columns/definitions';

/**
 * The part of a dedicated worker's global scope used here, declared rather than taken from the
 * WebWorker lib, which cannot be loaded next to the DOM lib the rest of the app compiles with.
 */
interface WorkerScope {
	postMessage(message: IoResponse): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<IoRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;
let db: SoKhachDB | null = null;

function reader(): CustomerReader {
	db ??= createDatabase();
	const book = db;
	return {
		async *batches(ids, size) {
			if (ids !== undefined) {
				for (let i = 0; i < ids.length; i += size) {
					const found = await book.customers.bulkGet(ids.slice(i, i + size));
					yield found.filter((c): c is Customer => c !== undefined && c.deletedAt === undefined);
				}
				return;
			}
			// Pages in id order (creation order), read by key range: never the whole table at once.
			let after = '';
			for (;;) {
				const page = await book.customers.where(':id').above(after).limit(size).toArray();
				if (page.length === 0) return;
				after = page[page.length - 1].id;
				yield page.filter((c) => c.deletedAt === undefined);
			}
		},
		async tagNames() {
			const tags = await book.tags.toArray();
			return new Map(tags.filter((t) => t.deletedAt === undefined).map((t) => [t.id, t.name]));
		},
		async customColumns() {
			return readColumns((await book.settings.get(COLUMNS_SETTING_KEY))?.value);
		}
	};
}

const service = createIoService({ post: (m) => scope.postMessage(m), reader });

scope.addEventListener('message', (event) => service.receive(event.data));
