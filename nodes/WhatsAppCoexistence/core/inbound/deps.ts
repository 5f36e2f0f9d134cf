/**
 * The state `receive()` works on: the shared store (windows, takeover pauses, which the action
 * node reads too), the seen-id store for de-duplication, and the clock. Redis when the credential
 * or n8n's queue mode names one, so every process agrees; memory otherwise.
 */
import { burstsFor, MemoryStore, RedisStore, storeFor, systemClock, type ExpiringStore, type RedisSettings } from '../stores';
import type { BurstStore, ClaimStore, InboundLog } from '../ports';

export type { ClaimStore };

/** Meta retries an unacknowledged delivery for up to 7 days: a confirmed claim lasts as long. */
export const DEDUPE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * How long a claim lasts before its delivery confirms it. Short, so a process that dies mid-way,
 * or a claim whose release could not reach the store, holds the provider's redeliveries back for
 * seconds, not for the whole de-duplication horizon. Safety does not depend on it: a delivery
 * whose claim lapsed cannot confirm it (compare-and-set) and is answered 500 and redelivered.
 * Long enough for a delivery's own store round trips (each bounded by the Redis command timeout).
 */
export const PENDING_CLAIM_TTL_MS = 10 * 1000;

export interface InboundDeps {
	/** Windows and takeover: the store the action node reads too. */
	store: ExpiringStore;
	/** Seen event ids. */
	seen: ClaimStore;
	now(): number;
	log?: InboundLog;
	/** Burst buffers for "Wait for Pause" (absent: the option cannot be used). */
	bursts?: BurstStore;
	/** How a delivery waits for its burst to go quiet (tests pass a fake). */
	sleep?: (ms: number) => Promise<void>;
}

/**
 * Seen ids without Redis: a bounded store of its own, apart from the shared process store, so
 * that a flood of events cannot evict the 24-hour windows kept there.
 */
const processSeenIds = new MemoryStore(50_000);

/** Takes the credential's Redis settings (URL, username, password), so the password never rides in a URL. */
export function inboundDepsFor(redis: RedisSettings): InboundDeps {
	const store = storeFor(redis);
	// Shared state (Redis: an explicit URL or n8n's queue-mode Redis) also holds seen ids, so every process agrees.
	return { store, seen: store instanceof RedisStore ? store : processSeenIds, now: systemClock.now, bursts: burstsFor(redis) };
}
