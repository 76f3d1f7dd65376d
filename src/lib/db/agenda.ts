/**
 * The agenda: a hand-made index of the open reminders, kept as an object store so Today can
 * count them from primary keys. Chromium counts an index range at ~12 µs per entry (it checks
 * every index entry against its record) but a primary-key range at ~1 µs, which is the
 * difference between a Today that takes a second and one that takes a tenth of that when a
 * shop has tens of thousands of reminders due.
 *
 * Each open reminder has a few rows (see agendaKeys), for '*' (everyone) and for its assignee
 * ('' for nobody): the day it shows from, its last on-time day, and its snooze.
 * A DBCore middleware keeps the rows in step with every write to `reminders`, whoever writes
 * (repositories, undo and redo, restore, the sample loader), in the same transaction.
 */
import type {
	DBCore,
	DBCoreMutateRequest,
	DBCoreMutateResponse,
	DBCoreTable,
	DBCoreTransaction,
	Middleware
} from 'dexie';

export const AGENDA_TABLE = 'agenda';

/** Everyone's rows, beside each staff member's. */
export const EVERYONE = '*';

/**
 * `[who, kind, 'd', shown from, id]`, `[who, kind, 'l', last on-time day, id]`, and for a
 * snoozed reminder `[who, kind, 's', snoozed until, last on-time day, id]`.
 */
export type AgendaKey = string[];

export interface AgendaRow {
	key: AgendaKey;
}

type StoredReminder = Record<string, unknown>;

function text(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/** The last day a reminder is on time: the end of its window, or its day. */
export function lateDay(r: StoredReminder): string {
	const end = r.dueEnd;
	return typeof end === 'string' && end !== '' ? end : text(r.due);
}

/**
 * The agenda rows of one stored reminder, none unless it is open. For everyone ('*') and for
 * its assignee: the day it shows on Today (its due day, or the end of a snooze if later), its
 * last on-time day, and while snoozed the snooze's end with the last on-time day, so the
 * overdue ones hidden by a snooze can be taken off the count without reading reminders.
 */
export function agendaKeys(r: StoredReminder | undefined | null): AgendaKey[] {
	if (!r || r.status !== 'open' || r.deletedAt !== undefined) return [];
	const id = text(r.id);
	const kind = text(r.kind);
	const due = text(r.due);
	const until = text(r.snoozedUntil);
	const late = lateDay(r);
	const shownFrom = until > due ? until : due;
	const keys: AgendaKey[] = [];
	for (const who of [EVERYONE, text(r.assignee)]) {
		keys.push([who, kind, 'd', shownFrom, id], [who, kind, 'l', late, id]);
		if (until !== '') keys.push([who, kind, 's', until, late, id]);
	}
	return keys;
}

/** DBCoreRangeType.Any (a const enum Dexie's types do not let an isolated module import). */
const RANGE_ANY = 3;

const keyText = (k: AgendaKey) => k.join('\u0000');

/**
 * The reminders as they were before `req`, aligned with its keys (values for add and put).
 * Promise chains, not async/await, here and below: Dexie's lower layers find their transaction
 * in a zone that its own promises carry and an `await` would drop.
 */
function previous(
	table: DBCoreTable,
	req: DBCoreMutateRequest
): Promise<Array<StoredReminder | undefined>> | Array<StoredReminder | undefined> {
	const trans = req.trans;
	// A new record has nothing before it; a failed add (the id exists) leaves it as it was.
	if (req.type === 'add') return req.values.map(() => undefined);
	if (req.type === 'deleteRange') {
		return table
			.query({ trans, values: true, query: { index: table.schema.primaryKey, range: req.range } })
			.then((res) => res.result as StoredReminder[]);
	}
	const keys =
		req.type === 'delete'
			? req.keys
			: (req.keys ?? req.values.map((v) => (v as StoredReminder).id));
	return table.getMany({ trans, keys }) as Promise<Array<StoredReminder | undefined>>;
}

/** Rows to delete and to write so the agenda says what `after` says instead of `before`. */
export function agendaDelta(
	before: ReadonlyArray<StoredReminder | undefined>,
	after: readonly StoredReminder[]
): { remove: AgendaKey[]; add: AgendaKey[] } {
	const old = new Map<string, AgendaKey>();
	for (const r of before) for (const k of agendaKeys(r)) old.set(keyText(k), k);
	const now = new Map<string, AgendaKey>();
	for (const r of after) for (const k of agendaKeys(r)) now.set(keyText(k), k);
	const remove = [...old].filter(([t]) => !now.has(t)).map(([, k]) => k);
	const add = [...now].filter(([t]) => !old.has(t)).map(([, k]) => k);
	return { remove, add };
}

function applyDelta(
	agenda: DBCoreTable,
	trans: DBCoreTransaction,
	delta: { remove: AgendaKey[]; add: AgendaKey[] }
): Promise<unknown> | null {
	const put = () =>
		delta.add.length > 0
			? agenda.mutate({ type: 'put', trans, values: delta.add.map((key) => ({ key })) })
			: null;
	if (delta.remove.length > 0) {
		return agenda.mutate({ type: 'delete', trans, keys: delta.remove }).then(put);
	}
	return put();
}

function withAgenda(down: DBCore): DBCore {
	return {
		...down,
		transaction(stores, mode, options) {
			// Whoever writes reminders writes the agenda: widen the scope so it is one transaction.
			const scope =
				mode === 'readwrite' &&
				stores.includes('reminders') &&
				!stores.includes(AGENDA_TABLE) &&
				down.schema.tables.some((t) => t.name === AGENDA_TABLE)
					? [...stores, AGENDA_TABLE]
					: stores;
			return down.transaction(scope, mode, options);
		},
		table(name) {
			const table = down.table(name);
			if (name !== 'reminders') return table;
			// While an upgrade runs through versions before v3 there is no agenda (yet) to keep.
			if (!down.schema.tables.some((t) => t.name === AGENDA_TABLE)) return table;
			const agenda = down.table(AGENDA_TABLE);
			return {
				...table,
				mutate(req): Promise<DBCoreMutateResponse> {
					if (req.type === 'deleteRange' && req.range.type === RANGE_ANY) {
						// Clearing the reminders (a restore, a new sample) clears the agenda: no need
						// to read every reminder first.
						return table
							.mutate(req)
							.then((res) =>
								agenda
									.mutate({ type: 'deleteRange', trans: req.trans, range: req.range })
									.then(() => res)
							);
					}
					const write = (before: Array<StoredReminder | undefined>) =>
						table.mutate(req).then((res) => {
							// A write that failed left its record as it was: its rows stay too.
							const failed = new Set(Object.keys(res.failures).map(Number));
							const values = req.type === 'add' || req.type === 'put' ? req.values : [];
							const done = (_: unknown, i: number) => req.type === 'deleteRange' || !failed.has(i);
							const delta = agendaDelta(
								before.filter(done),
								(values as StoredReminder[]).filter(done)
							);
							const applied = applyDelta(agenda, req.trans, delta);
							return applied === null ? res : applied.then(() => res);
						});
					const before = previous(table, req);
					return Array.isArray(before) ? write(before) : before.then(write);
				}
			};
		}
	};
}

export const agendaMiddleware: Middleware<DBCore> = {
	stack: 'dbcore',
	name: 'agenda',
	// Below Dexie's hooks (level 2), so `late` is already set and no Dexie zone is needed here.
	level: 1,
	create: withAgenda
};
