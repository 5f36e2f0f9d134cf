import Redis from 'ioredis';

import type { Reservation, SlotRule, SlotStore } from './slots';

/**
 * Shared state with expiry: de-duplication, 24-hour windows, human takeover, limiter slots.
 * In memory for one n8n process; in Redis when the credential sets `redisUrl` or n8n runs in
 * queue mode, so every main, webhook and worker process sees the same state. Redis is used only
 * from this file, which is why it runs a little past our usual length (the slot scripts live here).
 */
export interface ExpiringStore {
	/** Sets `key` only if absent. True when this call set it: the first sighting wins. */
	claim(key: string, ttlMs: number, value?: string): Promise<boolean>;
	set(key: string, value: string, ttlMs: number): Promise<void>;
	get(key: string): Promise<string | undefined>;
	delete(key: string): Promise<void>;
}

export interface Clock {
	now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

interface Entry {
	value: string;
	expiresAt: number;
}

/**
 * A bounded in-memory store. Entries expire lazily on read and by a sweep when the size bound is
 * hit; past the bound the oldest entries go first (a Map keeps insertion order).
 */
export class MemoryStore implements ExpiringStore {
	private readonly entries = new Map<string, Entry>();

	constructor(
		private readonly maxEntries = 100_000,
		private readonly clock: Clock = systemClock,
	) {}

	get size(): number {
		return this.entries.size;
	}

	async claim(key: string, ttlMs: number, value = '1'): Promise<boolean> {
		if (this.live(key)) return false;
		this.write(key, value, ttlMs);
		return true;
	}

	async set(key: string, value: string, ttlMs: number): Promise<void> {
		this.write(key, value, ttlMs);
	}

	/** Deletes `key` only while `token` holds it. */
	async release(key: string, token: string): Promise<boolean> {
		if (this.live(key)?.value !== token) return false;
		this.entries.delete(key);
		return true;
	}

	/** Gives `key` a new time to live only while `token` holds it. */
	async confirm(key: string, token: string, ttlMs: number): Promise<boolean> {
		if (this.live(key)?.value !== token) return false;
		this.write(key, token, ttlMs);
		return true;
	}

	/** A settled promise rather than an async method: the send path reads the window store per send. */
	get(key: string): Promise<string | undefined> {
		return Promise.resolve(this.live(key)?.value);
	}

	async delete(key: string): Promise<void> {
		this.entries.delete(key);
	}

	private live(key: string): Entry | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (entry.expiresAt <= this.clock.now()) {
			this.entries.delete(key);
			return undefined;
		}
		return entry;
	}

	private write(key: string, value: string, ttlMs: number): void {
		this.entries.delete(key);
		this.entries.set(key, { value, expiresAt: this.clock.now() + ttlMs });
		if (this.entries.size > this.maxEntries) this.evict();
	}

	/**
	 * Drops expired entries, then the oldest ones down to 90 % of the bound. Trimming below the
	 * bound means a full store sweeps once per tenth of its size in writes, not on every write.
	 */
	private evict(): void {
		const now = this.clock.now();
		for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
		const target = Math.floor(this.maxEntries * 0.9);
		for (const key of this.entries.keys()) {
			if (this.entries.size <= target) break;
			this.entries.delete(key);
		}
	}
}

const processMemoryStore = new MemoryStore();

/** Where shared state lives when it is shared: a Redis URL and the setting it came from. */
export interface RedisTarget {
	url: string;
	/** Named in errors so a person knows which setting to fix. */
	source: 'redisUrl' | 'QUEUE_BULL_REDIS_*';
}

/**
 * The one rule for which Redis to use: the credential's `redisUrl`; else, when n8n runs in queue
 * mode, n8n's own queue Redis (`QUEUE_BULL_REDIS_HOST/PORT/USERNAME/PASSWORD/DB/TLS`), since
 * every worker already reaches it; else none (one process, memory).
 */
export function redisTargetFor(redisUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): RedisTarget | undefined {
	if (redisUrl?.trim()) return { url: redisUrl.trim(), source: 'redisUrl' };
	if (env.EXECUTIONS_MODE !== 'queue') return undefined;
	const scheme = env.QUEUE_BULL_REDIS_TLS === 'true' ? 'rediss' : 'redis';
	const user = env.QUEUE_BULL_REDIS_USERNAME ? encodeURIComponent(env.QUEUE_BULL_REDIS_USERNAME) : '';
	const password = env.QUEUE_BULL_REDIS_PASSWORD ? `:${encodeURIComponent(env.QUEUE_BULL_REDIS_PASSWORD)}` : '';
	const auth = user || password ? `${user}${password}@` : '';
	const host = env.QUEUE_BULL_REDIS_HOST || 'localhost';
	const port = env.QUEUE_BULL_REDIS_PORT || '6379';
	const db = env.QUEUE_BULL_REDIS_DB || '0';
	return { url: `${scheme}://${auth}${host}:${port}/${db}`, source: 'QUEUE_BULL_REDIS_*' };
}

/** The URL as it may be shown: any password replaced by `***`. */
export function describeRedisUrl(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.password) parsed.password = '***';
		return parsed.toString().replace(/\/$/, '');
	} catch {
		return 'an unparseable Redis URL';
	}
}

/** Redis echoes a wrong AUTH argument back in its error text: scrub the password everywhere. */
function scrubSecret(text: string, url: string): string {
	let password = '';
	try {
		password = new URL(url).password;
	} catch {
		return text.split(url).join('***');
	}
	if (!password) return text;
	const forms = new Set([password, decodeURIComponent(password)]);
	let clean = text;
	for (const form of forms) clean = clean.split(form).join('***');
	return clean;
}

/** Shared state could not be read or written. Never silently replaced by local state. */
export class StoreUnavailableError extends Error {
	readonly code = 'REDIS_UNAVAILABLE';
	readonly hint: string;

	constructor(target: RedisTarget, cause: unknown) {
		const reason = scrubSecret(cause instanceof Error ? cause.message : String(cause), target.url);
		super(`Redis at ${describeRedisUrl(target.url)} (${target.source}) did not answer: ${reason}`);
		this.name = 'StoreUnavailableError';
		this.hint = `Check that Redis is running and reachable, and the ${target.source} setting (host, port, password, database).`;
	}
}

const RESERVE_SLOT_LUA = `
-- KEYS[1]: the number's admission log (sorted set: member = ticket, score = time in us);
-- KEYS[2]: data-loss marker. ARGV: count, window us, spacing us, guard us, log ttl ms.
-- Returns {ms to wait, ''} or {0, ticket}. Time comes from Redis itself, so the callers'
-- clocks never matter.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local count = tonumber(ARGV[1])
local span = tonumber(ARGV[2]) + tonumber(ARGV[4])
-- A missing marker means Redis lost its data (restart without persistence, flush, eviction):
-- sends admitted just before are unknown, so nobody sends until a full window has passed.
local born = redis.call('GET', KEYS[2])
if not born then
  born = now
  redis.call('SET', KEYS[2], string.format('%d', now))
end
local wait = tonumber(born) + span - now
local newest = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if newest[2] then wait = math.max(wait, tonumber(newest[2]) + tonumber(ARGV[3]) - now) end
local oldest = redis.call('ZREVRANGE', KEYS[1], count - 1, count - 1, 'WITHSCORES')
if oldest[2] then wait = math.max(wait, tonumber(oldest[2]) + span - now) end
if wait > 0 then return {math.ceil(wait / 1000), ''} end
local ticket = string.format('%d', now)
redis.call('ZADD', KEYS[1], ticket, ticket)
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(count + 1))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {0, ticket}
`;

const SETTLE_SLOT_LUA = `
-- KEYS[1]: the number's admission log. ARGV: ticket, shift us, log ttl ms.
-- Moves one admission later; a ticket already trimmed from the log no longer matters.
local at = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not at then return 0 end
redis.call('ZADD', KEYS[1], string.format('%d', tonumber(at) + tonumber(ARGV[2])), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1
`;

const RELEASE_IF_HELD_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND_IF_HELD_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

const SLOT_MARKER_KEY = 'wa:slots:epoch';

type SlotClient = Redis & {
	waReserveSlot(log: string, marker: string, count: number, windowUs: number, spacingUs: number, guardUs: number, ttlMs: number): Promise<[number, string]>;
	waSettleSlot(log: string, ticket: string, shiftUs: number, ttlMs: number): Promise<number>;
};

/** One client per URL per process, connected on first use and shared by every store. */
const clients = new Map<string, SlotClient>();

function clientFor(target: RedisTarget): SlotClient {
	let client = clients.get(target.url);
	if (!client) {
		client = new Redis(target.url, {
			lazyConnect: true,
			connectionName: 'n8n-whatsapp-coexistence',
			connectTimeout: 5_000,
			// A hung or unreachable Redis must fail a command in bounded time, not queue it forever.
			commandTimeout: 3_000,
			maxRetriesPerRequest: 2,
			retryStrategy: (times) => Math.min(times * 200, 2_000),
		}) as SlotClient;
		// Failures reach callers through their commands; without a listener ioredis would log them.
		client.on('error', () => undefined);
		client.defineCommand('waReserveSlot', { numberOfKeys: 2, lua: RESERVE_SLOT_LUA });
		client.defineCommand('waSettleSlot', { numberOfKeys: 1, lua: SETTLE_SLOT_LUA });
		clients.set(target.url, client);
	}
	return client;
}

function unavailable(target: RedisTarget, cause: unknown): StoreUnavailableError {
	return new StoreUnavailableError(target, cause);
}

async function withRedis<T>(target: RedisTarget, command: (client: SlotClient) => Promise<T>): Promise<T> {
	try {
		return await command(clientFor(target));
	} catch (error) {
		throw unavailable(target, error);
	}
}

/** Redis TTLs are whole milliseconds and at least 1. */
function ttl(ms: number): number {
	return Math.max(1, Math.ceil(ms));
}

export class RedisStore implements ExpiringStore {
	constructor(private readonly target: RedisTarget) {}

	async claim(key: string, ttlMs: number, value = '1'): Promise<boolean> {
		return (await withRedis(this.target, (client) => client.set(key, value, 'PX', ttl(ttlMs), 'NX'))) === 'OK';
	}

	async set(key: string, value: string, ttlMs: number): Promise<void> {
		await withRedis(this.target, (client) => client.set(key, value, 'PX', ttl(ttlMs)));
	}

	async release(key: string, token: string): Promise<boolean> {
		return Number(await withRedis(this.target, (client) => client.eval(RELEASE_IF_HELD_LUA, 1, key, token))) === 1;
	}

	async confirm(key: string, token: string, ttlMs: number): Promise<boolean> {
		return Number(await withRedis(this.target, (client) => client.eval(EXTEND_IF_HELD_LUA, 1, key, token, ttl(ttlMs)))) === 1;
	}

	async get(key: string): Promise<string | undefined> {
		return (await withRedis(this.target, (client) => client.get(key))) ?? undefined;
	}

	async delete(key: string): Promise<void> {
		await withRedis(this.target, (client) => client.del(key));
	}
}

/** Send slots shared by every process through one atomic script per reservation. */
export class RedisSlots implements SlotStore {
	constructor(private readonly target: RedisTarget) {}

	async reserve(sender: string, rule: SlotRule): Promise<Reservation> {
		const [wait, ticket] = await withRedis(this.target, (client) =>
			client.waReserveSlot(
				slotKey(sender),
				SLOT_MARKER_KEY,
				rule.count,
				Math.round(rule.windowMs * 1000),
				Math.round(rule.spacingMs * 1000),
				Math.round(rule.guardMs * 1000),
				logTtl(rule),
			),
		);
		return Number(wait) > 0 ? { wait: Number(wait) } : { wait: 0, ticket };
	}

	async settle(sender: string, ticket: string, shiftMs: number, rule: SlotRule): Promise<void> {
		await withRedis(this.target, (client) => client.waSettleSlot(slotKey(sender), ticket, Math.round(shiftMs * 1000), logTtl(rule, shiftMs)));
	}
}

function slotKey(sender: string): string {
	return `wa:slots:${sender}`;
}

/** Kept just past the last moment the log can still refuse a send. */
function logTtl(rule: SlotRule, shiftMs = 0): number {
	return ttl(rule.windowMs + rule.guardMs + shiftMs + 1_000);
}

/**
 * The store for a credential: the process-wide memory store, or a shared Redis store when the
 * credential sets `redisUrl` or n8n runs in queue mode (see `redisTargetFor`).
 */
export function storeFor(redisUrl?: string, env: NodeJS.ProcessEnv = process.env): ExpiringStore {
	const target = redisTargetFor(redisUrl, env);
	return target ? new RedisStore(target) : processMemoryStore;
}

/** Shared slots for a credential, or undefined when sends are limited in this process only. */
export function sharedSlotsFor(redisUrl?: string, env: NodeJS.ProcessEnv = process.env): SlotStore | undefined {
	const target = redisTargetFor(redisUrl, env);
	return target ? new RedisSlots(target) : undefined;
}

/** Closes every Redis client of this process (tests, benchmarks, shutdown). */
export async function closeRedisClients(): Promise<void> {
	const all = [...clients.values()];
	clients.clear();
	await Promise.all(all.map((client) => client.quit().catch(() => client.disconnect())));
}
