/**
 * The de-duplication claims of one delivery. Each delivery has its own random token, and every
 * claim it makes carries that token, so it can take back exactly its own claims (compare-and-
 * delete) and never another delivery's. A claim starts short-lived and becomes final only when
 * the events are about to be handed to n8n: a delivery that fails is redelivered and not lost.
 */
import { randomUUID } from 'node:crypto';

import { DEDUPE_TTL_MS, PENDING_CLAIM_TTL_MS, type ClaimStore } from './deps';

export class DeliveryClaims {
	readonly token = randomUUID();
	/** Every key this delivery tried to claim: a claim that timed out may still have been written. */
	private readonly attempted: string[] = [];
	private readonly won: string[] = [];

	constructor(private readonly store: ClaimStore) {}

	/** True when this delivery is the first to see `key`. */
	async claim(key: string): Promise<boolean> {
		this.attempted.push(key);
		const first = await this.store.claim(key, PENDING_CLAIM_TTL_MS, this.token);
		if (first) this.won.push(key);
		return first;
	}

	/**
	 * Makes every claim final (the full de-duplication horizon). False when one lapsed or was
	 * lost meanwhile: the caller must then treat the delivery as failed.
	 */
	async confirm(): Promise<boolean> {
		const held = await Promise.all(this.won.map((key) => this.store.confirm(key, this.token, DEDUPE_TTL_MS)));
		return held.every(Boolean);
	}

	/**
	 * Takes back every claim this delivery may have made. Best effort: when the store is down,
	 * the short pending time to live frees the keys anyway. Returns how many were released.
	 */
	async release(): Promise<number> {
		const released = await Promise.all(this.attempted.map((key) => this.store.release(key, this.token).catch(() => false)));
		return released.filter(Boolean).length;
	}
}
