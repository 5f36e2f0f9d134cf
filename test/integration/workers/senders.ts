/**
 * Starts sender worker processes (workers/sender.js) for the integration suites: one per job,
 * waits until all are loaded, then starts every job at once, as warm n8n workers would.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const WORKER = path.join(__dirname, 'sender.js');

export interface WorkerJob {
	sender: string;
	count: number;
	messagesPerSecond: number;
	redisUrl: string;
	target: string;
	clockOffsetMs?: number;
	/** Several numbers sent from the one process at once. */
	jobs?: Array<Omit<WorkerJob, 'jobs' | 'clockOffsetMs'>>;
}

export interface WorkerResult {
	sent: number;
	failures: string[];
}

/** Starts one worker per job, waits until all are loaded, then starts every job at once. */
export async function runWorkers(jobs: WorkerJob[]): Promise<WorkerResult[]> {
	const workers = await Promise.all(
		jobs.map(
			() =>
				new Promise<ChildProcess>((resolve, reject) => {
					const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
					child.once('message', () => resolve(child));
					child.once('error', reject);
				}),
		),
	);
	return Promise.all(
		workers.map(
			(child, index) =>
				new Promise<WorkerResult>((resolve, reject) => {
					let answer: WorkerResult | undefined;
					child.once('message', (message) => (answer = message as WorkerResult));
					child.once('exit', (code) => (answer ? resolve(answer) : reject(new Error(`worker exited with ${code} before answering`))));
					child.send(jobs[index]);
				}),
		),
	);
}
