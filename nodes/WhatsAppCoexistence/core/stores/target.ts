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
 * A cluster written in `redisUrl`: several comma-separated nodes after the scheme and the
 * credentials (`redis://user:pw@a:7000,b:7001/0`; a later node may repeat the scheme), or one
 * seed node flagged `?cluster=true`. Undefined for a single Redis. Only the host list is split,
 * so a password holding a comma still names a single Redis.
 */
function clusterFromUrl(raw: string): Omit<RedisTarget, 'source'> | undefined {
	const scheme = /^(rediss?):\/\//i.exec(raw)?.[1]?.toLowerCase();
	if (!scheme) return undefined;
	const rest = raw.slice(scheme.length + 3).replace(/,\s*rediss?:\/\//gi, ',');
	const stop = rest.search(/[/?]/) === -1 ? rest.length : rest.search(/[/?]/);
	const at = rest.lastIndexOf('@', stop);
	const userinfo = at === -1 ? '' : rest.slice(0, at + 1);
	const hosts = rest.slice(at + 1, stop).split(',').map((host) => host.trim());
	const suffix = rest.slice(stop);
	const first = urlOrUndefined(`${scheme}://${userinfo}${hosts[0]}${suffix}`);
	if (hosts.length === 1 && !isOn(first?.searchParams.get(CLUSTER_FLAG))) return undefined;
	const nodes: RedisNode[] = [];
	for (const host of hosts) {
		const url = urlOrUndefined(`${scheme}://${host}`);
		if (!host || !url || !url.hostname) throw new InputError('redisUrl', `redisUrl lists a node that is not host:port ("${host}"); expected redis://host:port,host:port for a Redis Cluster`);
		nodes.push(nodeOf(url.hostname, url.port));
	}
	const split = splitRedisUrl(`${scheme}://${userinfo}${hosts[0]}${suffix}`);
	const db = first?.pathname.replace(/^\//, '') ?? '';
	// A cluster has only database 0: another number would otherwise be silently ignored.
	if (db !== '' && db !== '0') throw new InputError('redisUrl', `redisUrl names database ${db}, but a Redis Cluster has only database 0; remove /${db} from the URL`);
	const tls = scheme === 'rediss';
	return { url: clusterUrl(nodes, tls), ...(split.username ? { username: split.username } : {}), ...(split.password ? { password: split.password } : {}), cluster: { nodes, tls } };
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
			const username = given.redisUsername?.trim() || cluster.username;
			const password = given.redisPassword || cluster.password;
			return { ...cluster, ...(username ? { username } : {}), ...(password ? { password } : {}), source: 'redisUrl' };
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
