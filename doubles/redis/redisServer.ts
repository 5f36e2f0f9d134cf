import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

import Redis from 'ioredis';

/**
 * A private, throwaway Redis for tests that stop and restart it (the shared one on 6379 is left
 * alone). No persistence: a restart loses every key, the worst case for the limiter.
 */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

export class PrivateRedis {
	private process?: ChildProcess;

	/** @param password when set, the server requires it (`--requirepass`). */
	constructor(
		readonly port: number,
		private readonly password?: string,
	) {}

	get url(): string {
		return `redis://127.0.0.1:${this.port}`;
	}

	async start(): Promise<void> {
		const auth = this.password ? ['--requirepass', this.password] : [];
		this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...auth], { stdio: 'ignore' });
		await waitForRedis(this.port, this.password);
	}

	/** Kills the server at once, as a crash would. */
	async kill(): Promise<void> {
		const running = this.process;
		this.process = undefined;
		if (!running || running.exitCode !== null) return;
		await new Promise<void>((resolve) => {
			running.once('exit', () => resolve());
			running.kill('SIGKILL');
		});
	}
}

/** Resolves once a redis-server just spawned on `port` answers PING; fails after about 5 s. */
export async function waitForRedis(port: number, password?: string): Promise<void> {
	const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, password });
	probe.on('error', () => undefined);
	for (let tries = 0; tries < 200; tries++) {
		try {
			await probe.connect();
			await probe.ping();
			probe.disconnect();
			return;
		} catch {
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
	}
	throw new Error(`redis-server did not start on port ${port}`);
}
