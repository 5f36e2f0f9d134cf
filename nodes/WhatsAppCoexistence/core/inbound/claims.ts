/**
 * The de-duplication claims of one delivery. Each delivery has its own random token, and every
 * claim it makes carries that token, so it can take back exactly its own claims (compare-and-
 * delete) and never another delivery's. A claim starts short-lived and becomes final only when
 * the events are about to be handed to n8n: a delivery that fails is redelivered and not lost.
 */
import { randomUUID } from 'node:crypto';

import { CONFIRMED_PREFIX, DEFAULT_CLAIM_TOKEN, isConfirmedClaim } from '../stores';
import { DEDUPE_TTL_MS, PENDING_CLAIM_TTL_MS, type ClaimStore } from './deps';

/**
 * Another delivery holds the claim but has not confirmed it: it is still being handled, or its
 * process died before it could confirm or release. Either way this delivery must not be taken
 * for a duplicate: it is refused (the provider redelivers), and once the other claim is confirmed
 * the redelivery is a duplicate, or once it lapses the redelivery is processed.
 */
export class DeliveryBusyError extends Error {
	constructor(readonly key: string) {
		super('an event of this delivery is being handled by another delivery that has not finished');
		this.name = 'DeliveryBusyError';
	}
}

/**
 * Deliveries of this process whose confirmation may have been applied although the store's answer
 * was lost (a connection reset after the command was written). Their confirmed claims must not
 * count as handed over: until a background release reaches the store, a redelivery meeting one is
 * refused as busy instead of dropped as a duplicate.
 */
const inDoubt = new Set<string>();
/** How long a background release keeps trying, and how often. */
const DOUBT_RELEASE_MS = 60_000;
const DOUBT_RETRY_MS = 250;

export class DeliveryClaims {
	readonly token = randomUUID();
	/** Every key this delivery tried to claim: a claim that timed out may still have been written. */
	private readonly attempted: string[] = [];
	private readonly won: string[] = [];

	constructor(private readonly store: ClaimStore) {}

	/**
	 * True when this delivery is the first to see `key`; false for a duplicate of a confirmed
	 * sighting. Throws DeliveryBusyError while another delivery's claim is still pending.
	 */
	async claim(key: string): Promise<boolean> {
		this.attempted.push(key);
		// Twice at most: a pending claim that lapses between the two calls is simply taken.
		for (let round = 0; round < 2; round++) {
			if (await this.store.claim(key, PENDING_CLAIM_TTL_MS, this.token)) {
				this.won.push(key);
				return true;
			}
			const holder = await this.store.get(key);
			// This delivery's own (the same event twice in one batch), a confirmed sighting, or a claim
			// written before claims had tokens (those were final): a duplicate.
			if (holder !== undefined && inDoubt.has(confirmedToken(holder))) throw new DeliveryBusyError(key);
			if (holder === this.token || isConfirmedClaim(holder) || holder === DEFAULT_CLAIM_TOKEN) return false;
			if (holder !== undefined) throw new DeliveryBusyError(key);
		}
		throw new DeliveryBusyError(key);
	}

	/**
	 * Makes every claim final (the full de-duplication horizon). False when one lapsed or was
	 * lost meanwhile: the caller must then treat the delivery as failed. When the store fails to
	 * answer, the claims are released in the background (see `releaseInDoubt`).
	 */
	async confirm(): Promise<boolean> {
		return this.store.confirm(this.won, this.token, DEDUPE_TTL_MS).catch((error: unknown) => {
			// The store may have applied the confirmation before its answer was lost.
			this.releaseInDoubt();
			throw error;
		});
	}

	/**
	 * Takes back every claim this delivery may have made, confirmed ones too (handing over failed
	 * after confirming). Best effort: when the store is down,
	 * the short pending time to live frees the keys anyway. Returns how many were released.
	 */
	async release(): Promise<number> {
		const released = await Promise.all(this.attempted.map((key) => this.store.release(key, this.token).catch(() => false)));
		return released.filter(Boolean).length;
	}

	/**
	 * After a confirmation whose answer never came: the claims may be confirmed in the store, with
	 * no events handed over. Marks this delivery in doubt and keeps releasing its claims in the
	 * background until the store answers (or a minute passes), so the redelivery is processed.
	 */
	releaseInDoubt(): void {
		inDoubt.add(this.token);
		const started = Date.now();
		const attempt = async (): Promise<void> => {
			const answered = await Promise.all(this.won.map((key) => this.store.release(key, this.token).then(() => true, () => false)));
			if (answered.every(Boolean) || Date.now() - started > DOUBT_RELEASE_MS) {
				inDoubt.delete(this.token);
				return;
			}
			setTimeout(() => void attempt(), DOUBT_RETRY_MS).unref();
		};
		void attempt();
	}
}

/** The token inside a confirmed claim's value (or the value itself when pending). */
function confirmedToken(holder: string): string {
	return isConfirmedClaim(holder) ? holder.slice(CONFIRMED_PREFIX.length) : holder;
}
