/**
 * The one retry policy for sends. It reads `ProviderError.retry` (set from each provider's error
 * table) and decides whether to try again, after how long, and whether the wait holds back the
 * whole number or only one recipient. It never sleeps itself: the limiter waits, so every retry
 * goes back through the number's send slots.
 */
import { ProviderError } from './errors';

export interface RetryPolicy {
	/** Attempts in total, the first one included. */
	maxAttempts: number;
	/** No retry starts later than this after the first attempt. */
	maxElapsedMs: number;
	/** Exponential backoff when the provider gives no hint: base, doubled per attempt, capped. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** Backoff base for a per-recipient limit (Meta allows about one message per 6 s to one person). */
	recipientDelayMs: number;
	/** Up to this share of a backoff is taken off at random, so waiting senders do not retry in step. */
	jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	maxElapsedMs: 60_000,
	baseDelayMs: 500,
	maxDelayMs: 8_000,
	recipientDelayMs: 6_000,
	jitter: 0.25,
};

export type RetryDecision =
	| { retry: true; delayMs: number; scope: 'sender' | 'recipient' }
	| { retry: false; reason: 'permanent' | 'unsafe' | 'attempts' | 'time' };

export interface AttemptFacts {
	/** The attempt that just failed, from 1. */
	attempt: number;
	/** Time since the first attempt started. */
	elapsedMs: number;
	/** The user accepts possible duplicates to get through timeouts after the request was written. */
	retryUnsafe: boolean;
	/** The request may be repeated without effect (a read): an ambiguous failure is safe to retry. */
	idempotent?: boolean;
}

/** Who a send was for, named in the error when its outcome is unknown. */
export interface SendIdentity {
	sender: string;
	recipient?: string;
}

/** Capped exponential backoff with jitter, for the attempt that just failed. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, jitter: number, random: () => number): number {
	const raw = Math.min(capMs, baseMs * 2 ** (attempt - 1));
	return Math.round(raw * (1 - jitter * random()));
}

/**
 * What to do after a failed attempt. Only ProviderErrors are ever retried: anything else is a
 * bad input or a bug, and trying again cannot help. Delay order: the server's hint
 * (`retryAfterMs`, from Retry-After), else capped backoff with jitter.
 */
export function decideRetry(error: unknown, facts: AttemptFacts, policy: RetryPolicy, random: () => number): RetryDecision {
	if (!(error instanceof ProviderError) || error.retry === 'never') return { retry: false, reason: 'permanent' };
	if (error.retry === 'unsafe' && !facts.retryUnsafe && !facts.idempotent) return { retry: false, reason: 'unsafe' };
	if (facts.attempt >= policy.maxAttempts) return { retry: false, reason: 'attempts' };
	const scope = error.retry === 'recipient' ? 'recipient' : 'sender';
	const hinted = error.retryAfterMs !== undefined && Number.isFinite(error.retryAfterMs) && error.retryAfterMs >= 0;
	const delayMs = hinted
		? Math.ceil(error.retryAfterMs!)
		: scope === 'recipient'
			? backoffMs(facts.attempt, policy.recipientDelayMs, Math.max(policy.maxDelayMs, policy.recipientDelayMs * 4), policy.jitter, random)
			: backoffMs(facts.attempt, policy.baseDelayMs, policy.maxDelayMs, policy.jitter, random);
	if (facts.elapsedMs + delayMs > policy.maxElapsedMs) return { retry: false, reason: 'time' };
	return { retry: true, delayMs, scope };
}

const UNSAFE_NOTE =
	'Not retried: the request may have reached the provider, and a retry could send the message twice. Check the conversation, or enable "Retry Unconfirmed Sends" to retry such failures.';

/**
 * The error an item ends with when the policy stops. A permanent refusal passes through as it
 * is; otherwise the hint and details say what was (not) retried, so the person reading the item
 * knows whether the message may have gone out. When it may have (`unsafe`), the message says the
 * outcome is unknown and the details carry what identifies the request: sender, recipient and
 * the provider's trace or request id when it gave one.
 */
export function finalError(error: unknown, decision: Extract<RetryDecision, { retry: false }>, attempts: number, elapsedMs: number, send?: SendIdentity): unknown {
	if (!(error instanceof ProviderError) || decision.reason === 'permanent') return error;
	const seconds = Math.round(elapsedMs / 100) / 10;
	const unknown = decision.reason === 'unsafe';
	const note = unknown ? UNSAFE_NOTE : `Gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} over ${seconds} s.`;
	const hint = error.hint && !error.hint.includes(note) ? `${note} ${error.hint}` : note;
	const identity = unknown && send ? { sender: send.sender, ...(send.recipient ? { recipient: send.recipient } : {}) } : {};
	const retried = new ProviderError({
		provider: error.provider,
		status: error.status,
		code: error.code,
		message: unknown ? `${error.message}; the outcome is unknown: the message may or may not have been sent` : error.message,
		hint,
		retry: error.retry,
		retryAfterMs: error.retryAfterMs,
		details: { ...error.details, ...(unknown ? { outcome: 'unknown' } : {}), ...identity, attempts, retryStopped: decision.reason },
	});
	retried.stack = error.stack;
	return retried;
}
