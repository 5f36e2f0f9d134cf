/**
 * Shared state with expiry (de-duplication, 24-hour windows, human takeover, limiter slots):
 * which store a credential gets, and every name the rest of the package imports from here.
 * In memory for one n8n process; in Redis when the credential sets `redisUrl` or n8n runs in
 * queue mode, so every main, webhook and worker process sees the same state.
 */
import type { BurstStore, SlotStore } from '../ports';
import type { ExpiringStore } from './expiring';
import { MemoryStore } from './memory';
import { MemoryBursts } from './memoryBursts';
import { RedisBursts } from './redisBursts';
import { breakerFor } from './pool';
import { RedisSlots } from './redisSlots';
import { RedisStore } from './redisStore';
import { redisTargetFor, type RedisSettings } from './target';
import type { RedisBreaker } from './breaker';

export { answersAtOnce, CONFIRMED_PREFIX, DEFAULT_CLAIM_TOKEN, isConfirmedClaim, systemClock, type Clock, type ExpiringStore, type ImmediateStore } from './expiring';
export { MemoryStore } from './memory';
export { keyUnit, type KeyLayout } from './keys';
export { describeRedisUrl, describeTarget, redisTargetFor, splitRedisUrl, targetAddress, type RedisNode, type RedisSettings, type RedisTarget } from './target';
export { StoreUnavailableError } from './unavailable';
export { breakerFor, closeRedisClients, setRedisTimings, withRedis, type CommandContext, type RedisTimings, type StoreClient } from './pool';
export type { RedisBreaker } from './breaker';
export { RedisStore } from './redisStore';
export { RedisSlots } from './redisSlots';
export { MemoryBursts } from './memoryBursts';
export { RedisBursts } from './redisBursts';

const processMemoryStore = new MemoryStore();
const processBursts = new MemoryBursts();

/** Burst buffers for a credential: this process's, or Redis when the state is shared. */
export function burstsFor(settings?: string | RedisSettings, env?: NodeJS.ProcessEnv): BurstStore {
	const target = redisTargetFor(settings, env);
	return target ? new RedisBursts(target) : processBursts;
}

/**
 * The store for a credential: the process-wide memory store, or a shared Redis store when the
 * credential sets `redisUrl` or n8n runs in queue mode (see `redisTargetFor`). Takes the
 * credential itself (its `redisUrl`, `redisUsername`, `redisPassword`) or, as before, a URL.
 */
export function storeFor(settings?: string | RedisSettings, env?: NodeJS.ProcessEnv): ExpiringStore {
	const target = redisTargetFor(settings, env);
	return target ? new RedisStore(target) : processMemoryStore;
}

/** Shared slots for a credential, or undefined when sends are limited in this process only. */
export function sharedSlotsFor(settings?: string | RedisSettings, env?: NodeJS.ProcessEnv): SlotStore | undefined {
	const target = redisTargetFor(settings, env);
	return target ? new RedisSlots(target) : undefined;
}

/** The circuit breaker of a credential's Redis, or undefined when state stays in this process. */
export function redisBreakerFor(settings?: string | RedisSettings, env?: NodeJS.ProcessEnv): RedisBreaker | undefined {
	const target = redisTargetFor(settings, env);
	return target ? breakerFor(target) : undefined;
}
