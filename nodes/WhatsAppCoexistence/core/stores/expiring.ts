/**
 * The store port: shared state with expiry (de-duplication, 24-hour windows, human takeover).
 * In memory for one n8n process, in Redis when several processes must see the same state.
 * Both implementations follow the same rules, written down here.
 */

export interface ExpiringStore {
	/**
	 * Sets `key` to `token` only if absent; true when this call set it (the first sighting wins).
	 * The token names who holds the claim, so only that holder can take it back or confirm it.
	 */
	claim(key: string, ttlMs: number, token?: string): Promise<boolean>;
	/** Deletes `key` only while it still holds `token` (compare-and-delete); true when it did. */
	release(key: string, token: string): Promise<boolean>;
	/** Sets a new time to live on `key` only while it still holds `token`; true when it did. */
	confirm(key: string, token: string, ttlMs: number): Promise<boolean>;
	set(key: string, value: string, ttlMs: number): Promise<void>;
	get(key: string): Promise<string | undefined>;
	delete(key: string): Promise<void>;
}

/** The token of a claim made without one: such a claim is never meant to be taken back. */
export const DEFAULT_CLAIM_TOKEN = '1';

export interface Clock {
	now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
