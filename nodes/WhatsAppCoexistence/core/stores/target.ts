/**
 * Which Redis holds shared state, read from the credential or from n8n's queue-mode environment,
 * and how it may be shown. The target keeps the username and password apart from the URL, so the
 * URL can be shown and logged while the secret only ever goes to the Redis client.
 */
import { MASK } from '../redact';

/** The credential fields that choose a Redis (a subset of the credential). */
export interface RedisSettings {
	redisUrl?: string;
	redisUsername?: string;
	redisPassword?: string;
}

/** Where shared state lives when it is shared, and the setting it came from. */
export interface RedisTarget {
	/** Scheme, host, port, database and options; never a username or password. */
	url: string;
	username?: string;
	password?: string;
	/** Named in errors so a person knows which setting to fix. */
	source: 'redisUrl' | 'QUEUE_BULL_REDIS_*';
}

function decoded(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/**
 * Takes the username and password out of a Redis URL, in every form ioredis accepts:
 * `redis://:pw@h`, `redis://user:pw@h`, `rediss://…`, `?password=pw`, `?username=u`, encoded or not.
 */
export function splitRedisUrl(raw: string): { url: string; username?: string; password?: string } {
	let parsed: URL;
	try {
		parsed = new URL(raw);
	} catch {
		return { url: raw };
	}
	const username = decoded(parsed.username) || parsed.searchParams.get('username') || undefined;
	const password = decoded(parsed.password) || parsed.searchParams.get('password') || undefined;
	parsed.username = '';
	parsed.password = '';
	for (const name of ['username', 'password']) if (parsed.searchParams.has(name)) parsed.searchParams.delete(name);
	const url = parsed.toString().replace(/\?$/, '').replace(/\/$/, '');
	return { url, ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

/**
 * The one rule for which Redis to use: the credential's `redisUrl` (with `redisUsername` and
 * `redisPassword` taking precedence over any written in the URL); else, when n8n runs in queue
 * mode, n8n's own queue Redis (`QUEUE_BULL_REDIS_HOST/PORT/USERNAME/PASSWORD/DB/TLS`), since
 * every worker already reaches it; else none (one process, memory).
 */
export function redisTargetFor(settings: string | RedisSettings | undefined, env: NodeJS.ProcessEnv = process.env): RedisTarget | undefined {
	const given: RedisSettings = typeof settings === 'string' ? { redisUrl: settings } : (settings ?? {});
	const redisUrl = given.redisUrl?.trim();
	if (redisUrl) {
		const split = splitRedisUrl(redisUrl);
		const username = given.redisUsername?.trim() || split.username;
		const password = given.redisPassword || split.password;
		return { url: split.url, ...(username ? { username } : {}), ...(password ? { password } : {}), source: 'redisUrl' };
	}
	if (env.EXECUTIONS_MODE !== 'queue') return undefined;
	const scheme = env.QUEUE_BULL_REDIS_TLS === 'true' ? 'rediss' : 'redis';
	const host = env.QUEUE_BULL_REDIS_HOST || 'localhost';
	const port = env.QUEUE_BULL_REDIS_PORT || '6379';
	const db = env.QUEUE_BULL_REDIS_DB || '0';
	const username = env.QUEUE_BULL_REDIS_USERNAME || undefined;
	const password = env.QUEUE_BULL_REDIS_PASSWORD || undefined;
	return { url: `${scheme}://${host}:${port}/${db}`, ...(username ? { username } : {}), ...(password ? { password } : {}), source: 'QUEUE_BULL_REDIS_*' };
}

/** A URL as it may be shown: any password, in the user part or the query, replaced by `***`. */
export function describeRedisUrl(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.password) parsed.password = MASK;
		if (parsed.searchParams.has('password')) parsed.searchParams.set('password', MASK);
		return parsed.toString().replace(/\/$/, '');
	} catch {
		return 'an unparseable Redis URL';
	}
}

/** The target as it may be shown: host, port and database, `***` where a password is used. */
export function describeTarget(target: RedisTarget): string {
	try {
		const parsed = new URL(target.url);
		if (target.username) parsed.username = encodeURIComponent(target.username);
		if (target.password) parsed.password = MASK;
		// A target built elsewhere may still carry a password in its URL: masked all the same.
		return describeRedisUrl(parsed.toString());
	} catch {
		return 'an unparseable Redis URL';
	}
}

/** `host:port` of the target, for hints. */
export function targetAddress(target: RedisTarget): string {
	try {
		const parsed = new URL(target.url);
		return `${parsed.hostname}:${parsed.port || '6379'}`;
	} catch {
		return 'the configured host';
	}
}
