/**
 * A circuit breaker for one Redis: after a connection failure it opens, every command then fails
 * at once instead of waiting out a timeout, and a background probe closes it when Redis answers.
 * Listeners (the send limiter) learn when it opens, to fail or re-route queued work early.
 */
import type { StoreUnavailableError } from './unavailable';

/** What other modules may see of a breaker. */
export interface RedisBreaker {
	/** True while commands to this Redis fail at once. */
	readonly open: boolean;
	/** Calls `listener` each time the breaker opens; returns a function that unsubscribes. */
	onOpen(listener: (error: StoreUnavailableError) => void): () => void;
	/** Calls `listener` each time the breaker closes again; returns a function that unsubscribes. */
	onClose(listener: () => void): () => void;
}

export class CircuitBreaker implements RedisBreaker {
	private failure?: StoreUnavailableError;
	private readonly openListeners = new Set<(error: StoreUnavailableError) => void>();
	private readonly closeListeners = new Set<() => void>();
	private timer?: NodeJS.Timeout;
	private stopped = false;

	/**
	 * @param probe resolves when Redis answers again, rejects otherwise.
	 * @param intervalMs time between probes while open.
	 */
	constructor(
		private readonly probe: () => Promise<void>,
		private readonly intervalMs: number,
	) {}

	get open(): boolean {
		return this.failure !== undefined;
	}

	/** The failure that opened the breaker, while it is open. */
	get cause(): StoreUnavailableError | undefined {
		return this.failure;
	}

	onOpen(listener: (error: StoreUnavailableError) => void): () => void {
		this.openListeners.add(listener);
		return () => this.openListeners.delete(listener);
	}

	onClose(listener: () => void): () => void {
		this.closeListeners.add(listener);
		return () => this.closeListeners.delete(listener);
	}

	/** Opens the breaker (no-op when already open) and starts probing. */
	trip(error: StoreUnavailableError): void {
		if (this.failure || this.stopped) return;
		this.failure = error;
		this.scheduleProbe();
		for (const listener of this.openListeners) notify(() => listener(error));
	}

	/** Stops probing for good (the client is being closed). */
	stop(): void {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.openListeners.clear();
		this.closeListeners.clear();
	}

	private scheduleProbe(): void {
		// Unref'd: a Redis that stays down must not keep n8n (or a test run) from exiting.
		this.timer = setTimeout(() => void this.runProbe(), this.intervalMs);
		this.timer.unref();
	}

	private async runProbe(): Promise<void> {
		this.timer = undefined;
		if (this.stopped) return;
		try {
			await this.probe();
		} catch {
			if (!this.stopped) this.scheduleProbe();
			return;
		}
		if (this.stopped) return;
		this.failure = undefined;
		for (const listener of this.closeListeners) notify(listener);
	}
}

/** A listener that throws must not stop the others or the breaker. */
function notify(call: () => void): void {
	try {
		call();
	} catch {
		// The listener's own failure is its business; the breaker state is already updated.
	}
}
