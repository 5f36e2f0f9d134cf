/**
 * Shared state with expiry: de-duplication, 24-hour windows, human takeover, limiter slots.
 * In memory for one n8n process; in Redis when the credential sets `redisUrl` (queue mode), so
 * every main, webhook and worker process sees the same state. Redis is used only from this file.
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

	async get(key: string): Promise<string | undefined> {
		return this.live(key)?.value;
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

	private evict(): void {
		const now = this.clock.now();
		for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
		for (const key of this.entries.keys()) {
			if (this.entries.size <= this.maxEntries) break;
			this.entries.delete(key);
		}
	}
}

const processMemoryStore = new MemoryStore();

/**
 * The store for a credential: the process-wide memory store, or a shared Redis store when a
 * Redis URL is configured (the Redis implementation is added alongside the limiter).
 */
export function storeFor(redisUrl?: string): ExpiringStore {
	if (redisUrl) throw new Error('Redis-backed stores are not available yet');
	return processMemoryStore;
}
