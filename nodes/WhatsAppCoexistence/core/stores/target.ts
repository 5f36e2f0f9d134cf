/**
 * Which Redis holds shared state, read from the credential or from n8n's queue-mode environment,
 * and how it may be shown. The target keeps the username and password apart from the URL, so the
 * URL can be shown and logged while the secret only ever goes to the Redis client. A Redis
 * Cluster is named by several nodes in one URL (`redis://a:7000,b:7001`), by `?cluster=true` on
 * a single seed node, or by n8n's `QUEUE_BULL_REDIS_CLUSTER_NODES`.
 */
import { InputError } from '../errors';
import { MASK } from '../redact';

/** The credential fields that choose a Redis (a subset of the credential). */
export interface RedisSettings {
	redisUrl?: string;
	redisUsername?: string;
	redisPassword?: string;
}

export interface RedisNode {
	host: string;
	port: number;
}

/** Where shared state lives when it is shared, and the setting it came from. */
export interface RedisTarget {
	/**
	 * Scheme, host, port, database and options; never a username or password. For a cluster, its
	 * seed nodes as `scheme://host:port`, joined by commas.
	 */
	url: string;
	username?: string;
	password?: string;
	/** Named in errors so a person knows which setting to fix. */
	source: 'redisUrl' | 'QUEUE_BULL_REDIS_*';
	/** Set for a Redis Cluster: the nodes to discover it from, and whether they speak TLS. */
	cluster?: { nodes: RedisNode[]; tls: boolean };
}

const CLUSTER_FLAG = 'cluster';

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

function isOn(value: string | null | undefined): boolean {
	return value !== null && value !== undefined && /^(true|1|yes)$/i.test(value.trim());
}

function urlOrUndefined(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

function nodeOf(host: string, port: string): RedisNode {
	return { host: host.replace(/^\[|\]$/g, ''), port: Number(port || '6379') };
}

function clusterUrl(nodes: RedisNode[], tls: boolean): string {
	const scheme = tls ? 'rediss' : 'redis';
	return nodes.map((node) => `${scheme}://${node.host.includes(':') ? `[${node.host}]` : node.host}:${node.port}`).join(',');
}

/**
 * A cluster written in `redisUrl`: several comma-separated nodes (the first with its scheme, the
 * others with it or as bare `host:port`), or one seed node flagged `?cluster=true`. Undefined
 * for a single Redis. The username and password may be written on any node; the first wins.
 */
function clusterFromUrl(raw: string): { target: Omit<RedisTarget, 'source'> } | undefined {
	const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
	const scheme = /^(rediss?):\/\//i.exec(entries[0] ?? '')?.[1]?.toLowerCase() ?? 'redis';
	const parsed: URL[] = [];
	for (const entry of entries) {
		const url = urlOrUndefined(/^rediss?:\/\//i.test(entry) ? entry : `${scheme}://${entry}`);
		if (!url) throw new InputError('redisUrl', `redisUrl lists a node that is not host:port (${entry.replace(/\/\/[^@/]*@/, '//')}); expected redis://host:port,host:port for a Redis Cluster`);
		parsed.push(url);
	}
	if (parsed.length === 0) return undefined;
	if (parsed.length === 1 && !isOn(parsed[0].searchParams.get(CLUSTER_FLAG))) return undefined;
	let username: string | undefined;
	let password: string | undefined;
	for (const url of parsed) {
		const split = splitRedisUrl(url.toString());
		username ??= split.username;
		password ??= split.password;
		const db = url.pathname.replace(/^\//, '');
		// A cluster has only database 0: another number would be silently ignored otherwise.
		if (db !== '' && db !== '0') throw new InputError('redisUrl', `redisUrl names database ${db}, but a Redis Cluster has only database 0; remove /${db} from the URL`);
	}
	const tls = scheme === 'rediss';
	const nodes = parsed.map((url) => nodeOf(url.hostname, url.port));
	return { target: { url: clusterUrl(nodes, tls), ...(username ? { username } : {}), ...(password ? { password } : {}), cluster: { nodes, tls } } };
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
		const cluster = clusterFromUrl(redisUrl);
		if (cluster) {
			const username = given.redisUsername?.trim() || cluster.target.username;
			const password = given.redisPassword || cluster.target.password;
			return { ...cluster.target, ...(username ? { username } : {}), ...(password ? { password } : {}), source: 'redisUrl' };
		}
		const split = splitRedisUrl(redisUrl);
		const username = given.redisUsername?.trim() || split.username;
		const password = given.redisPassword || split.password;
		return { url: split.url, ...(username ? { username } : {}), ...(password ? { password } : {}), source: 'redisUrl' };
	}
	if (env.EXECUTIONS_MODE !== 'queue') return undefined;
	const scheme = env.QUEUE_BULL_REDIS_TLS === 'true' ? 'rediss' : 'redis';
	const username = env.QUEUE_BULL_REDIS_USERNAME || undefined;
	const password = env.QUEUE_BULL_REDIS_PASSWORD || undefined;
	const clusterNodes = (env.QUEUE_BULL_REDIS_CLUSTER_NODES ?? '').split(',').map((node) => node.trim()).filter(Boolean);
	if (clusterNodes.length > 0) {
		// n8n's own setting for a clustered queue Redis: `host:port,host:port`.
		const nodes = clusterNodes.map((node) => {
			const at = node.lastIndexOf(':');
			return at > 0 ? nodeOf(node.slice(0, at), node.slice(at + 1)) : nodeOf(node, '');
		});
		const tls = scheme === 'rediss';
		return { url: clusterUrl(nodes, tls), ...(username ? { username } : {}), ...(password ? { password } : {}), source: 'QUEUE_BULL_REDIS_*', cluster: { nodes, tls } };
	}
	const host = env.QUEUE_BULL_REDIS_HOST || 'localhost';
	const port = env.QUEUE_BULL_REDIS_PORT || '6379';
	const db = env.QUEUE_BULL_REDIS_DB || '0';
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
	if (target.cluster) {
		const scheme = target.cluster.tls ? 'rediss' : 'redis';
		const user = target.username || target.password ? `${target.username ? encodeURIComponent(target.username) : ''}${target.password ? `:${MASK}` : ''}@` : '';
		return `${target.cluster.nodes.map((node) => `${scheme}://${user}${node.host}:${node.port}`).join(',')} [cluster]`;
	}
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
	if (target.cluster) return target.cluster.nodes.map((node) => `${node.host}:${node.port}`).join(', ');
	try {
		const parsed = new URL(target.url);
		return `${parsed.hostname}:${parsed.port || '6379'}`;
	} catch {
		return 'the configured host';
	}
}
