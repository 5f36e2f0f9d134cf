/**
 * The Redis ExpiringStore: the same rules as the memory store, shared by every n8n process.
 * Claims are a `SET NX` of the holder's token that Redis refuses past the caller's deadline;
 * release and confirm are compare-and-set scripts.
 */
import { CONFIRMED_PREFIX, DEFAULT_CLAIM_TOKEN } from './expiring';
import type { ExpiringStore } from '../ports';
import { clientGeneration, isBreakerOpen, withRedis } from './pool';
import type { RedisTarget } from './target';
import { StoreUnavailableError } from './unavailable';

/** Redis TTLs are whole milliseconds and at least 1. */
export function redisTtl(ms: number): number {
	return Math.max(1, Math.ceil(ms));
}

export class RedisStore implements ExpiringStore {
	/** The pool's generation when this store was made: a later `closeRedisClients` closes it for good. */
	private readonly generation = clientGeneration();
	/** A cluster needs hash-tagged keys (see keys.ts). */
	readonly hashTags: boolean;

	constructor(private readonly target: RedisTarget) {
		this.hashTags = target.cluster !== undefined;
	}

	/** False while this Redis' circuit breaker is open (commands would fail without being sent). */
	reachable(): boolean {
		return !isBreakerOpen(this.target);
	}

	/**
	 * True once this process closed its Redis clients after the store was made. The pool would
	 * open a new connection for a later command, but background work (releases in doubt) must not:
	 * the server may be gone for good (a test's or benchmark's private Redis) or shutting down.
	 */
	closed(): boolean {
		return clientGeneration() !== this.generation;
	}

	async claim(key: string, ttlMs: number, token = DEFAULT_CLAIM_TOKEN): Promise<boolean> {
		const answer = await withRedis(this.target, (client, context) => client.waClaim(key, token, redisTtl(ttlMs), context.deadline()));
		// Redis got the claim after this process would have given up on it and left it unwritten.
		if (answer === -1) throw new StoreUnavailableError(this.target, new Error('the claim reached Redis after its deadline and was not written'));
		return answer === 1;
	}

	async release(key: string, token: string): Promise<boolean> {
		return (await withRedis(this.target, (client) => client.waReleaseClaim(key, token, CONFIRMED_PREFIX + token))) === 1;
	}

	async confirm(keys: readonly string[], token: string, ttlMs: number): Promise<boolean> {
		if (keys.length === 0) return true;
		return (await withRedis(this.target, (client) => client.waConfirmClaims(keys.length, ...keys, token, redisTtl(ttlMs), CONFIRMED_PREFIX + token))) === 1;
	}

	async set(key: string, value: string, ttlMs: number): Promise<void> {
		await withRedis(this.target, (client) => client.set(key, value, 'PX', redisTtl(ttlMs)));
	}

	async get(key: string): Promise<string | undefined> {
		return (await withRedis(this.target, (client) => client.get(key))) ?? undefined;
	}

	async delete(key: string): Promise<void> {
		await withRedis(this.target, (client) => client.del(key));
	}
}
