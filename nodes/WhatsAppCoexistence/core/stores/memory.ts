/**
 * The in-memory ExpiringStore: state for one n8n process, bounded in size.
 */
import { CONFIRMED_PREFIX, DEFAULT_CLAIM_TOKEN, systemClock, type Clock } from './expiring';
import type { ExpiringStore, ImmediateStore } from '../ports';

interface Entry {
	value: string;
	expiresAt: number;
}

/**
 * Entries expire lazily on read and by a sweep when the size bound is hit; past the bound the
 * oldest entries go first (a Map keeps insertion order). Every answer is also given at once
 * (`claimNow`, `confirmNow`, `getNow`, `setNow`): the promise-returning methods are those answers.
 */
export class MemoryStore implements ExpiringStore, ImmediateStore {
	private readonly entries = new Map<string, Entry>();

	constructor(
		private readonly maxEntries = 100_000,
		private readonly clock: Clock = systemClock,
	) {}

	get size(): number {
		return this.entries.size;
	}

	async claim(key: string, ttlMs: number, token = DEFAULT_CLAIM_TOKEN): Promise<boolean> {
		return this.claimNow(key, ttlMs, token);
	}

	claimNow(key: string, ttlMs: number, token: string): boolean {
		// One reading of the clock for the whole step: reading it costs about as much as a lookup.
		const now = this.clock.now();
		if (this.live(key, now)) return false;
		// Nothing live under the key (`live` dropped an expired entry): an entry to add, none to move.
		this.add(key, token, now + ttlMs);
		return true;
	}

	async release(key: string, token: string): Promise<boolean> {
		const value = this.live(key)?.value;
		if (value !== token && value !== CONFIRMED_PREFIX + token) return false;
		this.entries.delete(key);
		return true;
	}

	async confirm(keys: readonly string[], token: string, ttlMs: number): Promise<boolean> {
		return this.confirmNow(keys, token, ttlMs);
	}

	confirmNow(keys: readonly string[], token: string, ttlMs: number): boolean {
		// Already confirmed by the same holder counts: a retry after a lost answer must say true.
		const confirmed = CONFIRMED_PREFIX + token;
		const now = this.clock.now();
		const held = keys.map((key) => this.live(key, now));
		for (const entry of held) if (entry?.value !== token && entry?.value !== confirmed) return false;
		// Updated in place: each entry is this delivery's own claim (checked above) and keeps its
		// place in the eviction order, taken when it was claimed moments ago. Moving it would
		// leave a hole in the Map on every delivery.
		for (const entry of held as Entry[]) {
			entry.value = confirmed;
			entry.expiresAt = now + ttlMs;
		}
		return true;
	}

	async set(key: string, value: string, ttlMs: number): Promise<void> {
		this.write(key, value, ttlMs);
	}

	setNow(key: string, value: string, ttlMs: number): void {
		this.write(key, value, ttlMs);
	}

	/** A settled promise rather than an async method: the send path reads the window store per send. */
	get(key: string): Promise<string | undefined> {
		return Promise.resolve(this.live(key)?.value);
	}

	getNow(key: string): string | undefined {
		return this.live(key)?.value;
	}

	async delete(key: string): Promise<void> {
		this.entries.delete(key);
	}

	/** The key's entry unless it expired by `now` (an expired one is dropped). */
	private live(key: string, now = this.clock.now()): Entry | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (entry.expiresAt <= now) {
			this.entries.delete(key);
			return undefined;
		}
		return entry;
	}

	/** Writes the key as the newest entry (a rewritten key moves to the end of the eviction order). */
	private write(key: string, value: string, ttlMs: number): void {
		this.entries.delete(key);
		this.add(key, value, this.clock.now() + ttlMs);
	}

	/** `write` for a key known to have no entry, expiring at `expiresAt`. */
	private add(key: string, value: string, expiresAt: number): void {
		this.entries.set(key, { value, expiresAt });
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
