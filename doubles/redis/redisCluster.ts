/**
 * A private, throwaway Redis Cluster of three masters on loopback, for the cluster integration
 * tests: three redis-server processes with cluster mode on, joined by `redis-cli --cluster
 * create`, each in its own temporary directory. No persistence and no replicas: enough to prove
 * that keys and scripts stay on one slot, not to test failover.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import Redis from 'ioredis';

import { waitForRedis } from './redisServer';

const run = promisify(execFile);

async function isFree(port: number): Promise<boolean> {
	const server = createServer();
	return new Promise((resolve) => {
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/**
 * A port whose cluster bus port (port + 10000) is free too. Picked below 55536 so the bus port
 * exists, from a range the other suites' ephemeral ports rarely use.
 */
async function freeClusterPort(taken: Set<number>): Promise<number> {
	for (let tries = 0; tries < 200; tries++) {
		const port = 21_000 + Math.floor(Math.random() * 20_000);
		if (taken.has(port) || taken.has(port + 10_000) || taken.has(port - 10_000)) continue;
		if ((await isFree(port)) && (await isFree(port + 10_000))) return port;
	}
	throw new Error('no free port pair for a Redis Cluster node');
}

export class PrivateRedisCluster {
	private readonly processes: ChildProcess[] = [];
	private readonly dir = mkdtempSync(join(tmpdir(), 'wa-redis-cluster-'));

	/** Kills the servers if this process ends before `stop()`, so an interrupted run leaves no Redis behind. */
	private readonly onExit = () => {
		for (const server of this.processes) if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
		rmSync(this.dir, { recursive: true, force: true });
	};

	private constructor(readonly ports: number[]) {
		process.once('exit', this.onExit);
	}

	/** Starts three masters, creates the cluster and waits until every node reports it ok. */
	static async start(): Promise<PrivateRedisCluster> {
		const taken = new Set<number>();
		for (let index = 0; index < 3; index++) taken.add(await freeClusterPort(taken));
		const cluster = new PrivateRedisCluster([...taken]);
		try {
			await cluster.create();
		} catch (error) {
			await cluster.stop();
			throw error;
		}
		return cluster;
	}

	/** The nodes as the credential's Redis URL lists them. */
	get url(): string {
		return this.ports.map((port, index) => (index === 0 ? `redis://127.0.0.1:${port}` : `127.0.0.1:${port}`)).join(',');
	}

	/** The nodes as `host:port`, the way n8n's QUEUE_BULL_REDIS_CLUSTER_NODES lists them. */
	get nodes(): string[] {
		return this.ports.map((port) => `127.0.0.1:${port}`);
	}

	/** Stops every server and removes their folder; safe to call again. */
	async stop(): Promise<void> {
		process.removeListener('exit', this.onExit);
		await Promise.all(
			this.processes.map(
				(server) =>
					new Promise<void>((resolve) => {
						if (server.exitCode !== null || server.signalCode !== null) return resolve();
						server.once('exit', () => resolve());
						server.kill('SIGKILL');
					}),
			),
		);
		rmSync(this.dir, { recursive: true, force: true });
	}

	/** Adds an ACL user with every right on every node (ACL rules are per node, not per cluster). */
	async addUser(username: string, password: string): Promise<void> {
		await Promise.all(this.ports.map((port) => this.onNode(port, (node) => node.call('ACL', 'SETUSER', username, 'on', `>${password}`, '~*', '&*', '+@all'))));
	}

	/** How many keys each node holds (a node with none means the keys did not spread). */
	async keysPerNode(pattern: string): Promise<number[]> {
		return (await this.keysOnNodes(pattern)).map((keys) => keys.length);
	}

	/** The keys matching `pattern` that each node holds, in the order of `ports` (SCAN, so a busy node is not blocked). */
	async keysOnNodes(pattern: string): Promise<string[][]> {
		return Promise.all(
			this.ports.map((port) =>
				this.onNode(port, async (node) => {
					const keys: string[] = [];
					let cursor = '0';
					do {
						const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
						keys.push(...batch);
						cursor = next;
					} while (cursor !== '0');
					return keys;
				}),
			),
		);
	}

	/** The hash slot the cluster gives each key (CLUSTER KEYSLOT): only a key's hash tag counts, when it has one. */
	async slotsOf(keys: string[]): Promise<number[]> {
		return this.onNode(this.ports[0], async (node) => {
			const slots: number[] = [];
			for (const key of keys) slots.push(Number(await node.call('CLUSTER', 'KEYSLOT', key)));
			return slots;
		});
	}

	/**
	 * Which master (its index in `ports`) holds the slot of each key, from CLUSTER SLOTS. Tests
	 * use it to pick names that land on different masters: names that differ in one character
	 * often share a master, since the slot hash (CRC16) is linear in the bits that differ.
	 */
	async mastersOf(keys: string[]): Promise<number[]> {
		const slots = await this.slotsOf(keys);
		const ranges = await this.onNode(this.ports[0], async (node) => (await node.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]>);
		return slots.map((slot) => {
			const range = ranges.find(([start, end]) => slot >= start && slot <= end);
			if (!range) throw new Error(`no master holds slot ${slot}`);
			return this.ports.indexOf(Number(range[2][1]));
		});
	}

	/**
	 * `count` names from `candidate(0)`, `candidate(1)`, … whose keys (`key(name)`) are spread over
	 * every master, as evenly as the candidates allow.
	 */
	async namesOnEveryMaster(count: number, candidate: (index: number) => string, key: (name: string) => string = (name) => `{${name}}`): Promise<string[]> {
		const pool = Array.from({ length: count * 20 }, (_, index) => candidate(index));
		const masters = await this.mastersOf(pool.map(key));
		const byMaster = this.ports.map((_, master) => pool.filter((_, index) => masters[index] === master));
		const picked: string[] = [];
		for (let round = 0; picked.length < count; round++) {
			for (const names of byMaster) if (names[round] !== undefined && picked.length < count) picked.push(names[round]);
			if (byMaster.every((names) => names[round] === undefined)) throw new Error('not enough candidate names');
		}
		return picked;
	}

	private async onNode<T>(port: number, use: (node: Redis) => Promise<T>): Promise<T> {
		const node = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
		try {
			await node.connect();
			return await use(node);
		} finally {
			node.disconnect();
		}
	}

	private async create(): Promise<void> {
		for (const port of this.ports) {
			const server = spawn(
				'redis-server',
				[
					'--port', String(port),
					'--bind', '127.0.0.1',
					'--dir', this.dir,
					'--cluster-enabled', 'yes',
					'--cluster-config-file', `nodes-${port}.conf`,
					'--cluster-node-timeout', '5000',
					'--save', '',
					'--appendonly', 'no',
				],
				{ stdio: 'ignore' },
			);
			this.processes.push(server);
		}
		await Promise.all(this.ports.map((port) => waitForRedis(port)));
		await run('redis-cli', ['--cluster', 'create', ...this.ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
		await Promise.all(this.ports.map((port) => this.waitUntilOk(port)));
	}

	private async waitUntilOk(port: number): Promise<void> {
		const node = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
		try {
			await node.connect();
			for (let tries = 0; tries < 200; tries++) {
				const info = String(await node.call('CLUSTER', 'INFO'));
				if (/cluster_state:ok/.test(info) && /cluster_known_nodes:3/.test(info)) return;
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			throw new Error(`Redis Cluster node ${port} did not report cluster_state:ok`);
		} finally {
			node.disconnect();
		}
	}
}
