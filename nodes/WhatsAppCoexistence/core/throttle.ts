/**
 * Per-number send pacing and the retry policy: the limiter every send goes through. Every
 * attempt (first or retry) passes through the sending number's slots, in this process (memory)
 * or across processes (Redis), by the one admission loop in `limiter/admissions.ts` (which
 * explains the roles of the slot store and Bottleneck). This file runs the attempts: it waits
 * out per-recipient holds, asks for a slot, makes the request, settles late arrivals
 * (`limiter/lateArrivals.ts`) and decides retries (`retry.ts`), each retry going back in line.
 */
import type { ProviderName } from './errors';
import { Admissions, type AdmitEvent, type StoreDownPolicy, type WaitingSend } from './limiter/admissions';
import { LateArrivals, type Admitted } from './limiter/lateArrivals';
import { checkRequest, limiterError } from './limiter/limiterErrors';
import { decideRetry, DEFAULT_RETRY_POLICY, finalError, type RetryPolicy } from './retry';
import { DEFAULT_GUARD_MS, MemorySlots, slotRule, type SlotRule, type SlotStore } from './slots';
import { sharedSlotsFor, type RedisSettings } from './stores';
import type { WriteListener } from './writeReports';
import { DEFAULT_PROVIDER } from './credentials';

export type { AdmitEvent, StoreDownPolicy } from './limiter/admissions';

/**
 * One attempt of a send, made in its slot. `onWritten` goes with the request to the transport
 * (`HttpRequest.onWritten`): a request written late then moves its slot at once.
 */
export type SendAttempt<T> = (attemptNumber: number, onWritten: WriteListener) => Promise<T>;

/**
 * The Redis settings (`redisUrl`, `redisUsername`, `redisPassword`) are the credential's: when a
 * URL is set (or n8n runs in queue mode), slots are reserved across processes in Redis.
 */
export interface SendSlotRequest extends RedisSettings {
	/** Sending number: one limiter per number, shared by every execution in the process. */
	sender: string;
	/** Recipient, for per-recipient backoff (Meta 131056) and to name an unknown outcome. */
	recipient?: string;
	messagesPerSecond: number;
	/** Retry a request that may have reached the provider (could duplicate a message). */
	retryUnsafe?: boolean;
	/** Named in errors the limiter raises itself (queue full, Redis down); default: the credential's default provider. */
	provider?: ProviderName;
	/** Sends allowed to wait for this number in this process; default 1000. */
	queueLimit?: number;
	/**
	 * With the shared slot store (Redis) unreachable: `fail` (default) fails the send at once
	 * with REDIS_UNAVAILABLE, and every send of the number waiting on that store with it;
	 * `localLimiter` sends within this process's own limit until the store answers again.
	 */
	onStoreDown?: StoreDownPolicy;
}

export interface ThrottleOptions {
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	/** Shared slots for a credential's Redis, or undefined for this process only. */
	sharedSlots?: (redis: RedisSettings) => SlotStore | undefined;
	policy?: Partial<RetryPolicy>;
	queueLimit?: number;
	/** Longest wait for one slot before the send fails clearly. */
	slotTimeoutMs?: number;
	/** A number unused this long gives back its queue and slot state. */
	idleMs?: number;
	guardMs?: number;
	/** Seconds' worth of sends (at the limit) one admission run may take; default 10. */
	batchWindows?: number;
	onAdmit?: (event: AdmitEvent) => void;
}

/**
 * A send from the moment it is handed over: the first try's place in its number's line, what
 * every attempt needs, and how its caller's promise settles. One object per waiting send, its
 * methods on the prototype.
 */
class PendingSend<T> implements WaitingSend {
	readonly attempt = 1;
	resolve!: (result: T | Promise<T>) => void;
	reject!: (error: unknown) => void;

	constructor(
		readonly checked: SendSlotRequest,
		readonly rule: SlotRule,
		readonly store: SlotStore,
		readonly queueLimit: number,
		/** When the send was handed over: the retry policy's deadline runs from here. */
		readonly started: number,
		readonly attemptOnce: SendAttempt<T>,
		private readonly attempts: (send: PendingSend<T>, admitted?: Admitted) => Promise<T>,
	) {}

	get sender(): string {
		return this.checked.sender;
	}

	get onStoreDown(): StoreDownPolicy {
		return this.checked.onStoreDown ?? 'fail';
	}

	admitted(admitted: Admitted): void {
		this.resolve(this.attempts(this, admitted));
	}

	refused(error: unknown): void {
		this.reject(this.failure(error));
	}

	/** A limiter failure as the item error it becomes (QUEUE_FULL, SEND_SLOT_TIMEOUT, REDIS_UNAVAILABLE). */
	failure(error: unknown): unknown {
		return limiterError(error, this.checked, this.queueLimit);
	}
}

export const DEFAULT_QUEUE_LIMIT = 1000;
const DEFAULT_SLOT_TIMEOUT_MS = 30_000;
const DEFAULT_IDLE_MS = 60_000;
/**
 * An admission run takes at most this many seconds' worth of sends at the limit: few Bottleneck
 * jobs for a backlog, and a finite expiration for each.
 */
const DEFAULT_BATCH_WINDOWS = 10;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Throttle {
	private readonly now: () => number;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly random: () => number;
	private readonly sharedSlots: (redis: RedisSettings) => SlotStore | undefined;
	private readonly policy: RetryPolicy;
	private readonly queueLimit: number;
	private readonly idleMs: number;
	private readonly guardMs: number;
	private readonly memory: MemorySlots;
	private readonly admissions: Admissions;
	private readonly lateArrivals = new LateArrivals();
	/** `sender \n recipient` -> time before which nothing goes to that recipient. */
	private readonly heldRecipients = new Map<string, number>();
	private readonly slotStores = new Map<string, SlotStore>();
	private readonly rules = new Map<number, SlotRule>();
	private sweeper?: NodeJS.Timeout;

	constructor(options: ThrottleOptions = {}) {
		this.now = options.now ?? Date.now;
		this.sleep = options.sleep ?? realSleep;
		this.random = options.random ?? Math.random;
		this.sharedSlots = options.sharedSlots ?? sharedSlotsFor;
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
		this.queueLimit = options.queueLimit ?? DEFAULT_QUEUE_LIMIT;
		this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
		this.guardMs = options.guardMs ?? DEFAULT_GUARD_MS;
		this.memory = new MemorySlots(this.now);
		this.admissions = new Admissions({
			now: this.now,
			sleep: this.sleep,
			localSlots: this.memory,
			slotTimeoutMs: options.slotTimeoutMs ?? DEFAULT_SLOT_TIMEOUT_MS,
			batchWindows: options.batchWindows ?? DEFAULT_BATCH_WINDOWS,
			idleMs: this.idleMs,
			onAdmit: options.onAdmit,
		});
	}

	/** Numbers with queue or slot state in this process (for memory checks). */
	get trackedNumbers(): number {
		return Math.max(this.admissions.size, this.memory.size);
	}

	/**
	 * Runs `attempt` in the sender's next free slot, retrying per the policy. Until its slot comes,
	 * a waiting send is one record in its number's line and the promise returned here: a backlog
	 * handed over at once (thousands of sends in one synchronous loop) blocks the process for as
	 * short a time as possible, because every slot falling due meanwhile goes out late. The
	 * attempt and retry machinery starts only once the send is admitted.
	 */
	schedule<T>(request: SendSlotRequest, attempt: SendAttempt<T>): Promise<T> {
		let send: PendingSend<T>;
		try {
			const checked = checkRequest(request);
			send = new PendingSend(checked, this.ruleFor(checked.messagesPerSecond), this.slotsFor(checked), checked.queueLimit ?? this.queueLimit, this.now(), attempt, this.runAttempts);
		} catch (error) {
			return Promise.reject(error);
		}
		this.startSweeper();
		// Holds are rare (Meta 131056): the common send skips the wait entirely.
		if (this.heldRecipients.size > 0) return this.runAttempts(send);
		let admitted: Admitted | undefined;
		try {
			admitted = this.admissions.admit(send);
		} catch (error) {
			return Promise.reject(send.failure(error));
		}
		if (admitted) return this.runAttempts(send, admitted);
		return new Promise<T>((resolve, reject) => {
			send.resolve = resolve;
			send.reject = reject;
		});
	}

	/**
	 * Makes the attempts of one send, from `admittedFirst` (the first try's slot) or from asking
	 * for a slot, each retry asking again and going back in line. One function per limiter, so a
	 * waiting send holds a reference to it rather than a closure of its own.
	 */
	private readonly runAttempts = async <T>(send: PendingSend<T>, admittedFirst?: Admitted): Promise<T> => {
		const { checked, rule } = send;
		const provider = checked.provider ?? DEFAULT_PROVIDER;
		let admitted = admittedFirst;
		for (let attemptNumber = 1; ; attemptNumber++) {
			admitted ??= await this.slotFor(send, attemptNumber);
			const slot = admitted;
			try {
				const result = await send.attemptOnce(attemptNumber, () => this.lateArrivals.departed(checked.sender, rule, slot, this.now()));
				this.lateArrivals.settle(checked.sender, provider, rule, slot, this.now());
				return result;
			} catch (error) {
				this.lateArrivals.settle(checked.sender, provider, rule, slot, this.now());
				const elapsedMs = this.now() - send.started;
				const facts = { attempt: attemptNumber, elapsedMs, retryUnsafe: checked.retryUnsafe === true };
				const decision = decideRetry(error, facts, this.policy, this.random);
				if (!decision.retry) throw finalError(error, decision, attemptNumber, elapsedMs, checked);
				if (decision.scope === 'recipient' && checked.recipient) this.holdRecipient(checked, decision.delayMs);
				else await this.sleep(decision.delayMs);
			}
			admitted = undefined;
		}
	};

	/**
	 * A slot for an attempt after a recipient hold or a failed try: it waits in line like any
	 * other, as its own entry (a retry goes in the retry lane). Rare, so a promise of its own.
	 */
	private async slotFor<T>(send: PendingSend<T>, attemptNumber: number): Promise<Admitted> {
		if (this.heldRecipients.size > 0) await this.waitForRecipient(send.checked);
		return new Promise<Admitted>((resolve, reject) => {
			const refused = (error: unknown) => reject(send.failure(error));
			const waiting: WaitingSend = { sender: send.sender, rule: send.rule, store: send.store, attempt: attemptNumber, queueLimit: send.queueLimit, onStoreDown: send.onStoreDown, admitted: resolve, refused };
			try {
				const admitted = this.admissions.admit(waiting);
				if (admitted) resolve(admitted);
			} catch (error) {
				refused(error);
			}
		});
	}

	/** Stops the sweep and forgets every number (tests, benchmarks): call it once nothing is sending. */
	async close(): Promise<void> {
		if (this.sweeper) clearInterval(this.sweeper);
		this.sweeper = undefined;
		await this.admissions.close();
		this.lateArrivals.clear();
		this.heldRecipients.clear();
	}

	/** Drops numbers idle for `idleMs`, expired slot logs and past recipient holds. */
	sweep(): void {
		const now = this.now();
		for (const sender of this.admissions.sweep(now)) this.lateArrivals.forget(sender);
		this.memory.sweep();
		for (const [key, until] of this.heldRecipients) if (until <= now) this.heldRecipients.delete(key);
	}

	/** One rule object per limit: made once, not per send. */
	private ruleFor(messagesPerSecond: number): SlotRule {
		let rule = this.rules.get(messagesPerSecond);
		if (!rule) {
			rule = slotRule(messagesPerSecond, this.guardMs);
			this.rules.set(messagesPerSecond, rule);
		}
		return rule;
	}

	/** The slot store for a credential's Redis; looked up once per setting, not per send (the key stays in this process). */
	private slotsFor(redis: RedisSettings): SlotStore {
		const key = `${redis.redisUrl ?? ''}\n${redis.redisUsername ?? ''}\n${redis.redisPassword ?? ''}`;
		let slots = this.slotStores.get(key);
		if (!slots) {
			slots = this.sharedSlots({ redisUrl: redis.redisUrl, redisUsername: redis.redisUsername, redisPassword: redis.redisPassword }) ?? this.memory;
			this.slotStores.set(key, slots);
		}
		return slots;
	}

	private startSweeper(): void {
		if (this.sweeper) return;
		this.sweeper = setInterval(() => this.sweep(), Math.max(50, this.idleMs / 2));
		this.sweeper.unref();
	}

	private async waitForRecipient(request: SendSlotRequest): Promise<void> {
		if (!request.recipient) return;
		const key = `${request.sender}\n${request.recipient}`;
		for (let until = this.heldRecipients.get(key); until !== undefined && until > this.now(); until = this.heldRecipients.get(key)) {
			await this.sleep(until - this.now());
		}
	}

	private holdRecipient(request: SendSlotRequest, delayMs: number): void {
		const key = `${request.sender}\n${request.recipient}`;
		this.heldRecipients.set(key, Math.max(this.heldRecipients.get(key) ?? 0, this.now() + delayMs));
	}
}

let processThrottle: Throttle | undefined;

/** Runs `attempt` in the sender's next free slot, retrying per the policy (process-wide limiter). */
export function scheduleSend<T>(request: SendSlotRequest, attempt: SendAttempt<T>): Promise<T> {
	processThrottle ??= new Throttle();
	return processThrottle.schedule(request, attempt);
}
