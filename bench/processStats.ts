/**
 * CPU time and memory of running processes, read from Linux's /proc: the figures an ops team
 * reads for each n8n process (main, webhook processes, workers). A process's children (n8n's
 * task runner) are counted with it, since they do its work and would otherwise go unseen.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on (getconf CLK_TCK). */
const TICKS_PER_SECOND = 100;

export interface ProcessSample {
	/** User + system CPU seconds so far, children included. */
	cpuSeconds: number;
	/** Resident memory now and at its peak (MiB), children included. */
	rssMiB: number;
	peakRssMiB: number;
}

function read(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		// The process ended between listing and reading it.
		return undefined;
	}
}

function cpuSecondsOf(pid: number): number {
	const stat = read(`/proc/${pid}/stat`);
	if (!stat) return 0;
	// The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// utime and stime are fields 14 and 15 of the whole line, so 12 and 13 after the name.
	return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function kibOf(status: string | undefined, key: string): number {
	const match = status ? new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status) : null;
	return match ? Number(match[1]) : 0;
}

function childrenOf(pid: number): number[] {
	const tasks = read(`/proc/${pid}/task/${pid}/children`) ?? '';
	return tasks.split(' ').filter(Boolean).map(Number);
}

/** The process and all its descendants. */
function treeOf(pid: number): number[] {
	const tree = [pid];
	for (let index = 0; index < tree.length; index++) tree.push(...childrenOf(tree[index]));
	return tree;
}

export function sampleProcess(pid: number): ProcessSample {
	let cpuSeconds = 0;
	let rssKiB = 0;
	let peakKiB = 0;
	for (const member of treeOf(pid)) {
		const status = read(`/proc/${member}/status`);
		cpuSeconds += cpuSecondsOf(member);
		rssKiB += kibOf(status, 'VmRSS');
		peakKiB += kibOf(status, 'VmHWM');
	}
	return { cpuSeconds, rssMiB: rssKiB / 1024, peakRssMiB: peakKiB / 1024 };
}
