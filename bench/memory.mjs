// The memory of one bench browser, for the scenarios that report it (import-export.mjs,
// grid.mjs): the Chromium process started with a profile and every process under it
// (renderers, workers' hosts, the storage service), other people's browsers left out.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The processes of the browser using `profile`: { pid, ppid, rss (kB), args }. */
export function processesOf(profile) {
	try {
		const out = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], {
			encoding: 'utf8',
			maxBuffer: 64 << 20
		});
		const procs = out
			.split('\n')
			.map((line) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line))
			.filter((m) => m !== null)
			.map((m) => ({ pid: +m[1], ppid: +m[2], rss: +m[3], args: m[4] }));
		const mine = new Set(
			procs
				.filter((p) => p.args.includes(`--user-data-dir=${profile}`) && !p.args.includes('--type='))
				.map((p) => p.pid)
		);
		for (let grew = true; grew;) {
			grew = false;
			for (const p of procs) {
				if (!mine.has(p.pid) && mine.has(p.ppid)) {
					mine.add(p.pid);
					grew = true;
				}
			}
		}
		return procs.filter((p) => mine.has(p.pid));
	} catch {
		return [];
	}
}

/**
 * A process's proportional set size: shared pages (Chromium's code, mapped by every process)
 * divided among the processes sharing them, so the sum over a browser is what it really holds.
 */
export function pssKb(proc) {
	try {
		const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${proc.pid}/smaps_rollup`, 'utf8'));
		return m ? Number(m[1]) : proc.rss;
	} catch {
		return proc.rss;
	}
}

/** The proportional set size of some processes together, in MB. */
export const pssMb = (procs) => procs.reduce((a, p) => a + pssKb(p), 0) / 1024;

/**
 * Watches the JavaScript heaps of a page's dedicated workers over CDP (attached through the
 * page's session, so the workers need no hook of their own). Start it before the page loads.
 * `heap(name)`: the named worker's heap after a full collection, in MB (used, total), or null.
 */
export async function watchWorkerHeaps(context, page) {
	const cdp = await context.newCDPSession(page);
	const sessions = new Map();
	const waiting = new Map();
	let nextId = 1;
	cdp.on('Target.attachedToTarget', (e) => sessions.set(e.targetInfo.title, e.sessionId));
	cdp.on('Target.detachedFromTarget', (e) => {
		for (const [name, id] of sessions) if (id === e.sessionId) sessions.delete(name);
	});
	cdp.on('Target.receivedMessageFromTarget', (e) => {
		const message = JSON.parse(e.message);
		waiting.get(message.id)?.(message.result);
		waiting.delete(message.id);
	});
	await cdp.send('Target.setAutoAttach', {
		autoAttach: true,
		waitForDebuggerOnStart: false,
		flatten: false
	});
	async function call(sessionId, method) {
		const id = nextId++;
		const answer = new Promise((resolve) => waiting.set(id, resolve));
		await cdp.send('Target.sendMessageToTarget', {
			sessionId,
			message: JSON.stringify({ id, method, params: {} })
		});
		return answer;
	}
	return {
		async heap(name) {
			const sessionId = sessions.get(name);
			if (sessionId === undefined) return null;
			await call(sessionId, 'HeapProfiler.collectGarbage');
			const usage = await call(sessionId, 'Runtime.getHeapUsage');
			const mb = (bytes) => Math.round(bytes / 1048576);
			return { usedMb: mb(usage.usedSize), totalMb: mb(usage.totalSize) };
		}
	};
}
