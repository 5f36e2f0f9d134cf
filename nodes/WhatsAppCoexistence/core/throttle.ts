/**
 * Per-number send pacing and the retry policy. Every attempt (first or retry) passes through the
 * per-number limiter. (Interface first; the Bottleneck implementation replaces the body.)
 */
export interface SendSlotRequest {
	/** Sending number: one limiter per number, shared by every execution in the process. */
	sender: string;
	/** Recipient, for per-recipient backoff (Meta 131056). */
	recipient?: string;
	messagesPerSecond: number;
	/** When set, slots are reserved across processes in Redis. */
	redisUrl?: string;
	/** Retry a request that may have reached the provider (could duplicate a message). */
	retryUnsafe?: boolean;
}

/** Runs `attempt` in the sender's next free slot, retrying per the policy. */
export async function scheduleSend<T>(request: SendSlotRequest, attempt: (attemptNumber: number) => Promise<T>): Promise<T> {
	void request;
	return attempt(1);
}
