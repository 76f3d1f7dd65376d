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
