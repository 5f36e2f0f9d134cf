/**
 * One Redis client per target per process, shared by every store, each behind its own circuit
 * breaker. The client is set up so a command we gave up on is never applied later: no offline
 * queue (a command waits for nothing), no automatic resend after a reconnect, bounded command
 * time, and a connection that timed out is dropped rather than reused (its late bytes could
 * still reach Redis). Reconnecting is the breaker's probe's job, not ioredis' own loop.
 */
import Redis, { Cluster, ReplyError, type RedisOptions } from 'ioredis';

import { CircuitBreaker, type RedisBreaker } from './breaker';
import { APPEND_BURST_LUA, CLAIM_LUA, CONFIRM_CLAIM_LUA, RELEASE_CLAIM_LUA, RESERVE_SLOT_LUA, SETTLE_SLOT_LUA, TAKE_BURST_LUA } from './scripts';
import type { RedisTarget } from './target';
import { StoreUnavailableError } from './unavailable';

export interface RedisTimings {
	/** Longest wait for a TCP (or TLS) connection. */
	connectTimeoutMs: number;
	/** Longest wait for any one command's answer, including the ready check after connecting. */
	commandTimeoutMs: number;
	/** Time between two probes of an unavailable Redis. */
	probeIntervalMs: number;
}

const DEFAULT_TIMINGS: RedisTimings = { connectTimeoutMs: 2_000, commandTimeoutMs: 2_000, probeIntervalMs: 500 };
let timings: RedisTimings = { ...DEFAULT_TIMINGS };

/** Changes the timings of clients created from now on (tests shorten them); no argument restores the defaults. */
export function setRedisTimings(changes?: Partial<RedisTimings>): void {
	timings = changes ? { ...timings, ...changes } : { ...DEFAULT_TIMINGS };
}

export type StoreClient = (Redis | Cluster) & {
	waReserveSlot(log: string, marker: string, count: number, windowUs: number, spacingUs: number, guardUs: number, ttlMs: number): Promise<[number, string]>;
	waSettleSlot(log: string, ticket: string, shiftUs: number, ttlMs: number): Promise<number>;
	waClaim(key: string, token: string, ttlMs: number, deadlineMs: number): Promise<number>;
	waReleaseClaim(key: string, token: string, confirmedToken: string): Promise<number>;
	/** `waConfirmClaims(keyCount, ...keys, token, ttlMs, confirmedValue)`: the key count comes first (variadic keys). */
	waConfirmClaims(keyCount: number, ...keysThenArgs: Array<string | number>): Promise<number>;
	waAppendBurst(entries: string, meta: string, open: string, entry: string, nowMs: number, pauseMs: number, maxMs: number, ttlMs: number, conversation: string): Promise<[number, string]>;
	waTakeBurst(entries: string, meta: string, open: string, conversation: string, seq: string): Promise<string[] | null>;
};

const COMMAND_TIMED_OUT = 'Command timed out';

function timeout(ms: number, what: string): { promise: Promise<never>; cancel: () => void } {
	let timer: NodeJS.Timeout | undefined;
	const promise = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
	});
	return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * The settings that keep a command we gave up on from ever being applied, for a single Redis and
 * for every node of a cluster alike.
 */
function nodeOptions(target: RedisTarget, given: RedisTimings): RedisOptions {
	return {
		username: target.username,
		password: target.password,
		lazyConnect: true,
		connectionName: 'n8n-whatsapp-coexistence',
		connectTimeout: given.connectTimeoutMs,
		commandTimeout: given.commandTimeoutMs,
		enableOfflineQueue: false,
		autoResendUnfulfilledCommands: false,
		maxRetriesPerRequest: 0,
		retryStrategy: () => null,
		reconnectOnError: () => false,
	};
}

function clientFor(target: RedisTarget, given: RedisTimings): StoreClient {
	if (!target.cluster) return new Redis(target.url, nodeOptions(target, given)) as StoreClient;
	return new Cluster(target.cluster.nodes, {
		// TLS for every node the cluster names, not only the seeds.
		redisOptions: { ...nodeOptions(target, given), ...(target.cluster.tls ? { tls: {} } : {}) },
		lazyConnect: true,
		enableOfflineQueue: false,
		enableReadyCheck: true,
		// As for a single Redis: the breaker's probe reconnects, not ioredis' own loop.
		clusterRetryStrategy: () => null,
		// A redirect (MOVED, ASK) is followed; a cluster that is failing over fails the command at
		// once instead of resending it later, when we may have given up on it.
		maxRedirections: 16,
		retryDelayOnClusterDown: 0,
		retryDelayOnTryAgain: 0,
		retryDelayOnFailover: 0,
	}) as StoreClient;
}

/**
 * A cluster that could reach none of its nodes says only "Failed to refresh slots cache"; the
 * last node's own error (a wrong password, a refused connection) is what a person can act on.
 */
function withNodeCause(error: Error & { lastNodeError?: unknown }): Error {
	return error.lastNodeError instanceof Error ? new Error(`${error.message} ${error.lastNodeError.message}`) : error;
}

/** What a command may know besides the client. */
export interface CommandContext {
	/**
	 * The moment, in Redis' own clock (ms), after which this process will have given up on a
	 * command sent now. Scripts compare it with `TIME` and refuse to act later.
	 */
	deadline(): number;
}

/** A client and its breaker for one target. */
class Connection implements CommandContext {
	readonly breaker: CircuitBreaker;
	private readonly client: StoreClient;
	/** Redis' clock minus ours, and how uncertain that is (half the round trip that measured it). */
	private clockOffsetMs = 0;
	private clockErrorMs = 0;
	/** Fixed at creation: the client's own timeouts and the deadlines given to Redis must agree. */
	private readonly timings: RedisTimings = { ...timings };
	private connecting?: Promise<void>;
	private lastError?: Error;
	private closing = false;
	/** Set while the current connection is being dropped after a timeout. */
	private dropping = false;

	constructor(private readonly target: RedisTarget) {
		this.client = clientFor(target, this.timings);
		this.client.defineCommand('waReserveSlot', { numberOfKeys: 2, lua: RESERVE_SLOT_LUA });
		this.client.defineCommand('waSettleSlot', { numberOfKeys: 1, lua: SETTLE_SLOT_LUA });
		this.client.defineCommand('waClaim', { numberOfKeys: 1, lua: CLAIM_LUA });
		this.client.defineCommand('waReleaseClaim', { numberOfKeys: 1, lua: RELEASE_CLAIM_LUA });
		this.client.defineCommand('waConfirmClaims', { lua: CONFIRM_CLAIM_LUA });
		this.client.defineCommand('waAppendBurst', { numberOfKeys: 3, lua: APPEND_BURST_LUA });
		this.client.defineCommand('waTakeBurst', { numberOfKeys: 3, lua: TAKE_BURST_LUA });
		// Failures reach callers through their commands; the listener also keeps ioredis from logging them.
		this.client.on('error', (error: Error) => {
			this.lastError = withNodeCause(error);
		});
		// A connection that drops on its own (reset, Redis stopped) opens the breaker at once, so
		// queued work learns of it before its own command fails.
		this.client.on('close', () => {
			if (!this.closing) this.breaker.trip(new StoreUnavailableError(this.target, this.lastError ?? new Error('the connection was closed')));
		});
		this.breaker = new CircuitBreaker(() => this.probe(), this.timings.probeIntervalMs);
	}

	/** Runs one command, or fails at once while the breaker is open. */
	async run<T>(command: (client: StoreClient, context: CommandContext) => Promise<T>): Promise<T> {
		const open = this.breaker.cause;
		if (open) throw new StoreUnavailableError(this.target, open.reason, true);
		return this.attempt(command);
	}

	async close(): Promise<void> {
		this.closing = true;
		this.breaker.stop();
		if (this.client.status === 'ready') await this.client.quit().catch(() => undefined);
		// After a clean quit the stream is gone; disconnecting again would only arm a timer.
		if (this.client.status !== 'end') this.client.disconnect();
	}

	deadline(): number {
		// Earlier than our own give-up by more than the clock's uncertainty, with a floor, so a
		// command Redis still accepts is one whose answer we still wait for.
		const margin = Math.min(Math.max(25, 2 * this.clockErrorMs + 5), this.timings.commandTimeoutMs / 2);
		return Math.floor(Date.now() + this.clockOffsetMs + this.timings.commandTimeoutMs - margin);
	}

	private async attempt<T>(command: (client: StoreClient, context: CommandContext) => Promise<T>): Promise<T> {
		try {
			await this.connected();
		} catch (error) {
			throw this.failed(error, true);
		}
		try {
			return await command(this.client, this);
		} catch (error) {
			throw this.failed(error);
		}
	}

	/** The error for a failed command, opening the breaker when the failure was the connection's. */
	private failed(cause: unknown, connecting = false): StoreUnavailableError {
		const error = new StoreUnavailableError(this.target, cause);
		// Redis answered a command with an error of its own (not while connecting, where a wrong
		// password is one): the connection is fine, the breaker stays closed.
		if (cause instanceof ReplyError && !connecting) return error;
		// Bytes of a timed-out command may still be on their way: drop the connection with them.
		if (cause instanceof Error && cause.message === COMMAND_TIMED_OUT && !this.dropping) {
			// Once per connection: many commands time out together when Redis stalls.
			this.dropping = true;
			this.client.disconnect();
		}
		this.breaker.trip(error);
		return error;
	}

	private async probe(): Promise<void> {
		await this.attempt((client) => client.ping());
	}

	/** Connects when not connected; concurrent callers share one attempt, bounded in time. */
	private connected(): Promise<void> {
		if (this.client.status === 'ready') return Promise.resolve();
		if (!this.connecting) {
			this.connecting = this.connect().finally(() => {
				this.connecting = undefined;
			});
		}
		return this.connecting;
	}

	private async connect(): Promise<void> {
		this.lastError = undefined;
		this.dropping = false;
		const limit = timeout(this.timings.connectTimeoutMs + this.timings.commandTimeoutMs, 'Connecting');
		let onError: ((error: Error) => void) | undefined;
		// An error while connecting (refused, wrong password) ends the attempt at once; the ready
		// check that follows a wrong password would otherwise wait for the time limit.
		const failed = new Promise<never>((_, reject) => {
			onError = (error: Error) => reject(error);
			this.client.once('error', onError);
		});
		try {
			await Promise.race([this.client.connect(), failed, limit.promise]);
			await this.measureClock();
		} catch (error) {
			this.client.disconnect();
			throw this.lastError ?? error;
		} finally {
			limit.cancel();
			if (onError) this.client.removeListener('error', onError);
		}
	}

	/** Reads Redis' clock once per connection, so deadlines can be given in it. */
	private async measureClock(): Promise<void> {
		const sentAt = Date.now();
		const [seconds, micros] = await this.client.time();
		const receivedAt = Date.now();
		this.clockOffsetMs = Number(seconds) * 1000 + Number(micros) / 1000 - (sentAt + receivedAt) / 2;
		this.clockErrorMs = (receivedAt - sentAt) / 2;
	}
}

function keyOf(target: RedisTarget): string {
	return JSON.stringify([target.url, target.username ?? '', target.password ?? '']);
}

const connections = new Map<string, Connection>();
/** Counts `closeRedisClients` calls: a store made before the last one belongs to closed clients. */
let generation = 0;

function connectionFor(target: RedisTarget): Connection {
	const key = keyOf(target);
	let connection = connections.get(key);
	if (!connection) {
		connection = new Connection(target);
		connections.set(key, connection);
	}
	return connection;
}

/**
 * Runs a command on the target's shared client. Every failure becomes a StoreUnavailableError;
 * while the target's breaker is open the command is not tried and fails at once.
 */
export function withRedis<T>(target: RedisTarget, command: (client: StoreClient, context: CommandContext) => Promise<T>): Promise<T> {
	return connectionFor(target).run(command);
}

/** The circuit breaker of a target (created without connecting). */
export function breakerFor(target: RedisTarget): RedisBreaker {
	return connectionFor(target).breaker;
}

/**
 * Whether the target's breaker is open now. Looks only: unlike `breakerFor`, it never creates a
 * client, so asking about a target whose clients were closed does not dial it again.
 */
export function isBreakerOpen(target: RedisTarget): boolean {
	return connections.get(keyOf(target))?.breaker.open ?? false;
}

/** The number of times this process closed its clients so far (see `closeRedisClients`). */
export function clientGeneration(): number {
	return generation;
}

/** Closes every Redis client of this process (tests, benchmarks, shutdown). Breakers and their listeners go with them. */
export async function closeRedisClients(): Promise<void> {
	const all = [...connections.values()];
	connections.clear();
	generation += 1;
	await Promise.all(all.map((connection) => connection.close()));
}
