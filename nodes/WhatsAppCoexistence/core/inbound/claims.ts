/**
 * The de-duplication claims of one delivery. Each delivery has its own unique token, and every
 * claim it makes carries that token, so it can take back exactly its own claims (compare-and-
 * delete) and never another delivery's. A claim starts short-lived and becomes final only when
 * the events are about to be handed to n8n: a delivery that fails is redelivered and not lost.
 */
import { randomBytes } from 'node:crypto';

import { answersAtOnce, CONFIRMED_PREFIX, DEFAULT_CLAIM_TOKEN, isConfirmedClaim, type ImmediateStore } from '../stores';
import { DEDUPE_TTL_MS, PENDING_CLAIM_TTL_MS, type ClaimStore } from './deps';
import { isInDoubt, releaseInBackground } from './doubts';

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

/** The store never answered a confirmation, nor any repeat of it: the delivery is in doubt. */
export class ConfirmationUnansweredError extends Error {
	constructor(readonly cause: unknown) {
		super(`the de-duplication store did not answer the confirmation of the claims: ${cause instanceof Error ? cause.message : String(cause)}`);
		this.name = 'ConfirmationUnansweredError';
	}
}

/**
 * How long a delivery keeps asking again for a confirmation whose answer was lost, and the waits
 * between two asks (doubling from the first to the longest). A few seconds: the provider's
 * request waits meanwhile, and a store that stays away longer is an outage, not a glitch.
 */
export interface ConfirmRetry {
	budgetMs: number;
	firstWaitMs: number;
	longestWaitMs: number;
}

export const CONFIRM_RETRY: ConfirmRetry = { budgetMs: 3_000, firstWaitMs: 50, longestWaitMs: 500 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A token only has to differ from every other delivery's, in every process sharing the store:
 * a random part per process (128 bits) and a count per delivery give that, without drawing
 * random bytes on every delivery.
 */
const PROCESS_TOKEN = randomBytes(16).toString('base64url');
let deliveries = 0;

export function deliveryToken(): string {
	return `${PROCESS_TOKEN}.${(++deliveries).toString(36)}`;
}

export class DeliveryClaims {
	readonly token = deliveryToken();
	/** Every key this delivery tried to claim: a claim that timed out may still have been written. */
	private readonly attempted: string[] = [];
	private readonly won: string[] = [];

	constructor(
		private readonly store: ClaimStore,
		private readonly retry: ConfirmRetry = CONFIRM_RETRY,
	) {}

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
			if (!this.lapsedSince(key, await this.store.get(key))) return false;
		}
		throw new DeliveryBusyError(key);
	}

	/** True when the store answers at once (memory): `claimNow` may then be used instead of `claim`. */
	get answersAtOnce(): boolean {
		return answersAtOnce(this.store);
	}

	/** `claim` on a store that answers at once: the same rule, no promise. */
	claimNow(key: string): boolean {
		const store = this.store as ClaimStore & ImmediateStore;
		this.attempted.push(key);
		for (let round = 0; round < 2; round++) {
			if (store.claimNow(key, PENDING_CLAIM_TTL_MS, this.token)) {
				this.won.push(key);
				return true;
			}
			if (!this.lapsedSince(key, store.getNow(key))) return false;
		}
		throw new DeliveryBusyError(key);
	}

	/**
	 * After a claim was refused: false when the holder makes the event a duplicate (this
	 * delivery's own claim, the same event twice in one batch; a confirmed sighting; a claim
	 * written before claims had tokens, which were final), true when the claim is gone since
	 * (lapsed: claim again). Throws DeliveryBusyError while another delivery holds it pending, or
	 * holds it confirmed but in doubt in this process.
	 */
	private lapsedSince(key: string, holder: string | undefined): boolean {
		if (holder === undefined) return true;
		if (isInDoubt(confirmedToken(holder))) throw new DeliveryBusyError(key);
		if (holder === this.token || isConfirmedClaim(holder) || holder === DEFAULT_CLAIM_TOKEN) return false;
		throw new DeliveryBusyError(key);
	}

	/**
	 * Makes every claim final (the full de-duplication horizon). False when one lapsed or was
	 * lost meanwhile: the caller must then treat the delivery as failed. When the store's answer
	 * is lost, the confirmation is asked again (it is idempotent) for a few seconds; only when no
	 * answer comes are the claims released in the background (see `releaseInDoubt`) and the
	 * error thrown.
	 */
	async confirm(): Promise<boolean> {
		let lost: unknown;
		try {
			return await this.store.confirm(this.won, this.token, DEDUPE_TTL_MS);
		} catch (error) {
			lost = error;
		}
		return await this.afterLostConfirmation(lost);
	}

	/**
	 * `confirm` on a store that answers at once: the answer itself, no promise. Only when the
	 * store throws does it become `confirm`'s asking again (a promise), so a failed confirmation
	 * is treated the same on every store.
	 */
	confirmNow(): boolean | Promise<boolean> {
		const store = this.store as ClaimStore & ImmediateStore;
		try {
			return store.confirmNow(this.won, this.token, DEDUPE_TTL_MS);
		} catch (error) {
			return this.afterLostConfirmation(error);
		}
	}

	/** After a confirmation whose answer was lost (`lost`): ask again, or give the claims up as in doubt and throw. */
	private async afterLostConfirmation(lost: unknown): Promise<boolean> {
		const answer = await this.askAgain();
		if (answer !== undefined) return answer;
		// The store may have applied one of the confirmations before its answer was lost.
		this.releaseInDoubt();
		throw new ConfirmationUnansweredError(lost);
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
	 * no events handed over. Marks this delivery in doubt and hands its claims to the process's
	 * background release, so the redelivery is refused as busy until they are released, then
	 * processed.
	 */
	releaseInDoubt(): void {
		releaseInBackground(this.store, this.token, this.won);
	}

	/**
	 * Asks the store to confirm again until it answers or the retry budget is spent. While the
	 * store is known to be unreachable (its circuit breaker is open) nothing is sent: the breaker's
	 * own probe finds out when it answers again. The answer of a repeat is the truth about the
	 * first ask too: true means confirmed by this delivery (the first ask or this one), false
	 * means a claim is no longer this delivery's, so nothing of it was confirmed (all or none).
	 * Undefined when no ask was answered in time.
	 */
	private async askAgain(): Promise<boolean | undefined> {
		// A monotonic clock: the wall clock may be moved (or frozen) while the budget runs.
		const giveUpAt = performance.now() + this.retry.budgetMs;
		let wait = this.retry.firstWaitMs;
		for (let left = this.retry.budgetMs; left > 0; left = giveUpAt - performance.now()) {
			await sleep(Math.min(wait, left));
			wait = Math.min(wait * 2, this.retry.longestWaitMs);
			if (this.store.closed?.()) return undefined;
			if (this.store.reachable?.() === false) continue;
			try {
				return await this.store.confirm(this.won, this.token, DEDUPE_TTL_MS);
			} catch {
				// No answer again: wait longer, while the budget lasts.
			}
		}
		return undefined;
	}
}

/** The token inside a confirmed claim's value (or the value itself when pending). */
function confirmedToken(holder: string): string {
	return isConfirmedClaim(holder) ? holder.slice(CONFIRMED_PREFIX.length) : holder;
}
