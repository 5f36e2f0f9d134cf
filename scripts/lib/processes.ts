import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Child processes for the local n8n: each runs in its own process group with its output in a
 * log file, and every group still alive is killed when this process exits, so an interrupted run
 * leaves no n8n behind.
 */
const running = new Set<ChildProcess>();
let hooked = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

function hookExit(): void {
	if (hooked) return;
	hooked = true;
	process.on('exit', () => {
		for (const child of running) killGroup(child, 'SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			for (const child of running) killGroup(child, 'SIGTERM');
			// When the program handles the signal itself (a graceful stop), let it finish.
			if (process.listenerCount(signal) === 0) process.exit(130);
		});
	}
}

export interface Spawned {
	child: ChildProcess;
	logFile: string;
	/** Resolves with the exit code once the process ended. */
	exited: Promise<number | null>;
	stop(graceMs?: number): Promise<void>;
}

export function spawnLogged(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; logFile: string }): Spawned {
	hookExit();
	const log = createWriteStream(options.logFile, { flags: 'a' });
	const child = spawn(command, args, { env: options.env, cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout?.pipe(log, { end: false });
	child.stderr?.pipe(log, { end: false });
	running.add(child);
	const exited = new Promise<number | null>((resolve) => {
		child.once('exit', (code) => {
			running.delete(child);
			resolve(code);
		});
		child.once('error', () => {
			running.delete(child);
			resolve(-1);
		});
	});
	return {
		child,
		logFile: options.logFile,
		exited,
		async stop(graceMs = 10_000) {
			killGroup(child, 'SIGTERM');
			const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs).unref());
			if ((await Promise.race([exited, timer])) === 'late') killGroup(child, 'SIGKILL');
			await exited;
			log.end();
		},
	};
}

/** Runs a command to completion; rejects with the tail of its output when it fails. */
export async function runLogged(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; logFile: string; timeoutMs?: number }): Promise<void> {
	const spawned = spawnLogged(command, args, options);
	const timeoutMs = options.timeoutMs ?? 300_000;
	const timer = setTimeout(() => void spawned.stop(1000), timeoutMs);
	const code = await spawned.exited;
	clearTimeout(timer);
	if (code !== 0) {
		const tail = readFileSync(options.logFile, 'utf8').split('\n').slice(-25).join('\n');
		throw new Error(`${command} ${args.join(' ')} exited with ${code}; log ${options.logFile}:\n${tail}`);
	}
}

/** A TCP port on 127.0.0.1 that is free right now (the OS picks it). */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** True when nothing listens on the port yet. */
export async function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

export async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value, or fails after `timeoutMs` naming what it waited for. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, everyMs = 500): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check().catch(() => undefined);
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(everyMs);
	}
}
