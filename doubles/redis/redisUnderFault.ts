/**
 * A private Redis behind a fault proxy, for the fault suite and its benchmark: the node's
 * credential points at the proxy, the test breaks the proxy or restarts the server. The server
 * writes every command to its append-only file before answering, so a restart keeps the data
 * (what a production Redis with persistence does); the shared Redis on 6379 is never touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, waitForRedis } from './redisServer';
import { startFaultProxy, type FaultProxy } from './faultProxy';

export class RedisUnderFault {
	private server?: ChildProcess;
	private readonly dir = mkdtempSync(join(tmpdir(), 'wa-fault-redis-'));

	private constructor(
		readonly redisPort: number,
		readonly proxy: FaultProxy,
	) {}

	static async start(): Promise<RedisUnderFault> {
		const port = await freePort();
		const proxy = await startFaultProxy(port);
		const redis = new RedisUnderFault(port, proxy);
		await redis.startServer();
		return redis;
	}

	/** The URL for the credential's `redisUrl`: through the proxy. */
	get url(): string {
		return `redis://127.0.0.1:${this.proxy.port}`;
	}

	/** Kills the server (as a crash would) and starts it again on the same port, with its data. */
	async restart(): Promise<void> {
		await this.stopServer();
		await this.startServer();
	}

	async close(): Promise<void> {
		await this.proxy.close();
		await this.stopServer();
		rmSync(this.dir, { recursive: true, force: true });
	}

	private async startServer(): Promise<void> {
		const args = ['--port', String(this.redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir];
		this.server = spawn('redis-server', args, { stdio: 'ignore' });
		await waitForRedis(this.redisPort);
	}

	private async stopServer(): Promise<void> {
		const running = this.server;
		this.server = undefined;
		if (!running || running.exitCode !== null) return;
		await new Promise<void>((resolve) => {
			running.once('exit', () => resolve());
			running.kill('SIGKILL');
		});
	}
}
