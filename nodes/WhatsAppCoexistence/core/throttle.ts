import Bottleneck from 'bottleneck';

import { InputError, ProviderError, type ProviderName } from './errors';
import { backoffMs, decideRetry, DEFAULT_RETRY_POLICY, finalError, type RetryPolicy } from './retry';
import { DEFAULT_GUARD_MS, MemorySlots, slotRule, type Reservation, type SlotRule, type SlotStore } from './slots';
import { RoundTripFloor } from './roundTrips';
import { sharedSlotsFor, StoreUnavailableError } from './stores';

/**
 * Per-number send pacing and the retry policy. Every attempt (first or retry) passes through the
 * sending number's slots: in this process (memory) or across processes (Redis, see stores.ts).
 *
 * In-process queuing is a process-wide Bottleneck Group keyed by the sending number: one job at
 * a time per number (`maxConcurrent: 1`), priority for retries, and an expiration on every job.
 * A job covers only waits for slots, never requests: a slow provider answer does not hold the
 * next send back, and the request has its own timeouts.
 * Bottleneck costs 0.1-0.4 ms of CPU per job, more than the rest of a send, so jobs are not
 * made per send:
 *  - a send that finds nothing of its number waiting here (the usual case when sends arrive no
 *    faster than the limit) waits for its slot directly, as the number's "head";
 *  - sends that arrive while others wait join a batch, and one job admits a batch's sends in
 *    order, each at its own slot. A batch takes the sends that queue until its job starts (a
 *    group commit), up to ten seconds' worth at the limit (`batchWindows`);
 *  - a retry joins the running job's retry lane and goes next; with no job running it gets a
 *    job of its own, with priority over queued first tries.
 * The queue bound counts sends, not jobs: at most `queueLimit` sends wait per number.
 *
 * Longer than our usual file on purpose: the queue, the admission loop, the settle step and the
 * retry loop share one per-number state, and Bottleneck may only be used from this file.
 */
export interface SendSlotRequest {
	/** Sending number: one limiter per number, shared by every execution in the process. */
	sender: string;
	/** Recipient, for per-recipient backoff (Meta 131056). */
	recipient?: string;
	messagesPerSecond: number;
	/** When set (or when n8n runs in queue mode), slots are reserved across processes in Redis. */
	redisUrl?: string;
	/** Retry a request that may have reached the provider (could duplicate a message). */
	retryUnsafe?: boolean;
	/** Named in errors the limiter raises itself (queue full, Redis down); default `meta`. */
	provider?: ProviderName;
	/** Sends allowed to wait for this number in this process; default 1000. */
	queueLimit?: number;
}

/** One admission, for measurements: how late it came after the slot the limiter waited for. */
export interface AdmitEvent {
	sender: string;
	attempt: number;
	lateMs: number;
	waitedMs: number;
}

export interface ThrottleOptions {
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	/** Shared slots for a credential's Redis, or undefined for this process only. */
	sharedSlots?: (redisUrl?: string) => SlotStore | undefined;
	policy?: Partial<RetryPolicy>;
	queueLimit?: number;
	/** Longest wait for one slot before the send fails clearly. */
	slotTimeoutMs?: number;
	/** A number unused this long gives back its queue and slot state. */
	idleMs?: number;
	guardMs?: number;
	/** Seconds' worth of sends (at the limit) one Bottleneck job may admit; default 10. */
	batchWindows?: number;
	onAdmit?: (event: AdmitEvent) => void;
}

export const DEFAULT_QUEUE_LIMIT = 1000;
const DEFAULT_SLOT_TIMEOUT_MS = 30_000;
const DEFAULT_IDLE_MS = 60_000;
const RETRY_PRIORITY = 4;
/**
 * A Bottleneck job admits at most this many seconds' worth of sends at the limit. Bottleneck
 * costs 0.1-0.4 ms of CPU per job (more when many numbers start at once), so a backlog should
 * take few jobs; the cap keeps each job's expiration finite.
 */
const DEFAULT_BATCH_WINDOWS = 10;
const FIRST_TRY_PRIORITY = 5;
/**
 * Admissions re-checked when a faster round trip turns up. A window holds `count` of them, but
 * a high limit (hundreds per second) would make every send walk hundreds of entries.
 */
const SETTLE_SAMPLES = 16;
/** The part of a delay the guard covers; only what exceeds it moves an admission. */
const SETTLE_THRESHOLD_MS = 3;

/** A slot as granted: its ticket, and when we asked for it (the store admitted it after that). */
interface Granted {
	ticket: string;
	askedAt: number;
}

/** A queued send: settled with its slot, or with why it got none. */
interface Waiter {
	attempt: number;
	resolve: (granted: Granted) => void;
	reject: (error: unknown) => void;
}

/** The sends one Bottleneck job admits, in order. */
interface Batch {
	waiters: Waiter[];
	/** The number's head when the batch formed: the batch's sends go after it. */
	after?: Promise<unknown>;
	/** Set when the job ends or expires: the admission loop stops asking for slots. */
	cancelled: boolean;
}

/** A send that got its slot, and how late its request turned out to be. */
interface Admitted {
	slots: SlotStore;
	ticket: string;
	/** When the reservation was asked for: its round trip counts as part of the latency. */
	at: number;
	/** Set once the request finished. */
	latency: number;
	shifted: number;
}

interface SenderState {
	/** Sends of this process between asking for a slot and getting (or failing) it. */
	pending: number;
	lastUsed: number;
	/** The send waiting for its slot outside any job (nothing else was waiting when it came). */
	head?: Promise<Granted>;
	/** The first-try batch new queued sends join until its job starts. */
	openBatch?: Batch;
	/** Queued retries: whichever job admits next takes them before its own sends. */
	retries: Waiter[];
	/** The batch whose job is admitting sends now. */
	serving?: Batch;
	/** Jobs scheduled in Bottleneck whose admission loop has not started yet. */
	queuedJobs: number;
	/** The last few admissions (up to SETTLE_SAMPLES): the ones a window can still count. */
	recent: Admitted[];
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Throttle {
	private readonly now: () => number;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly random: () => number;
	private readonly sharedSlots: (redisUrl?: string) => SlotStore | undefined;
	private readonly policy: RetryPolicy;
	private readonly queueLimit: number;
	private readonly slotTimeoutMs: number;
	private readonly idleMs: number;
	private readonly guardMs: number;
	private readonly batchWindows: number;
	private readonly onAdmit?: (event: AdmitEvent) => void;
	private readonly memory: MemorySlots;
	private readonly group: Bottleneck.Group;
	private readonly senders = new Map<string, SenderState>();
	private readonly roundTrips = new RoundTripFloor();
	/** `sender \n recipient` -> time before which nothing goes to that recipient. */
	private readonly heldRecipients = new Map<string, number>();
	private readonly slotStores = new Map<string, SlotStore>();
	private sweeper?: NodeJS.Timeout;

	constructor(options: ThrottleOptions = {}) {
		this.now = options.now ?? Date.now;
		this.sleep = options.sleep ?? realSleep;
		this.random = options.random ?? Math.random;
		this.sharedSlots = options.sharedSlots ?? sharedSlotsFor;
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
		this.queueLimit = options.queueLimit ?? DEFAULT_QUEUE_LIMIT;
		this.slotTimeoutMs = options.slotTimeoutMs ?? DEFAULT_SLOT_TIMEOUT_MS;
		this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
		this.guardMs = options.guardMs ?? DEFAULT_GUARD_MS;
		this.batchWindows = options.batchWindows ?? DEFAULT_BATCH_WINDOWS;
		this.onAdmit = options.onAdmit;
		this.memory = new MemorySlots(this.now);
		this.group = new Bottleneck.Group({
			maxConcurrent: 1,
			// Our own sweep releases idle numbers; Bottleneck's is only a backstop.
			timeout: this.idleMs * 2,
		});
		// Limiter events are not forwarded to the group; failures reach callers through schedule().
		this.group.on('created', (limiter) => limiter.on('error', () => undefined));
	}

	/** Numbers with queue or slot state in this process (for memory checks). */
	get trackedNumbers(): number {
		return Math.max(this.senders.size, this.group.keys().length, this.memory.size);
	}

	/** Runs `attempt` in the sender's next free slot, retrying per the policy. */
	async schedule<T>(request: SendSlotRequest, attempt: (attemptNumber: number) => Promise<T>): Promise<T> {
		const checked = checkRequest(request);
		const rule = slotRule(checked.messagesPerSecond, this.guardMs);
		const slots = this.slotsFor(checked.redisUrl);
		this.startSweeper();
		const started = this.now();
		for (let attemptNumber = 1; ; attemptNumber++) {
			// Holds are rare (Meta 131056): the common send skips the wait entirely.
			if (this.heldRecipients.size > 0) await this.waitForRecipient(checked);
			const admitted = this.admitNow(checked, rule, slots, attemptNumber) ?? (await this.admit(checked, rule, slots, attemptNumber));
			try {
				const result = await attempt(attemptNumber);
				this.settle(checked, rule, admitted);
				return result;
			} catch (error) {
				this.settle(checked, rule, admitted);
				const elapsedMs = this.now() - started;
				const facts = { attempt: attemptNumber, elapsedMs, retryUnsafe: checked.retryUnsafe === true };
				const decision = decideRetry(error, facts, this.policy, this.random);
				if (!decision.retry) throw finalError(error, decision, attemptNumber, elapsedMs, checked);
				if (decision.scope === 'recipient' && checked.recipient) this.holdRecipient(checked, decision.delayMs);
				else await this.sleep(decision.delayMs);
			}
		}
	}

	/** Stops the sweep and forgets every number (tests, benchmarks): call it once nothing is sending. */
	async close(): Promise<void> {
		if (this.sweeper) clearInterval(this.sweeper);
		this.sweeper = undefined;
		await Promise.all(this.group.keys().map((key) => this.group.deleteKey(key)));
		this.senders.clear();
		this.heldRecipients.clear();
	}

	/** Drops numbers idle for `idleMs`, expired slot logs and past recipient holds. */
	sweep(): void {
		const now = this.now();
		for (const [sender, state] of this.senders) {
			if (state.pending > 0 || now - state.lastUsed < this.idleMs) continue;
			this.senders.delete(sender);
			void this.group.deleteKey(sender);
		}
		this.memory.sweep();
		for (const [key, until] of this.heldRecipients) if (until <= now) this.heldRecipients.delete(key);
	}

	/** The slot store for a credential's Redis; looked up once per URL, not per send. */
	private slotsFor(redisUrl: string | undefined): SlotStore {
		const key = redisUrl ?? '';
		let slots = this.slotStores.get(key);
		if (!slots) {
			slots = this.sharedSlots(redisUrl) ?? this.memory;
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

	/**
	 * Moves admissions later when their request took longer than the provider's fastest recent
	 * round trip (a new connection, a stall, a busy event loop): the provider may have seen
	 * them late, so the window must count them late. See RoundTripFloor for the baseline.
	 */
	private settle(request: SendSlotRequest, rule: SlotRule, admitted: Admitted): void {
		const state = this.senders.get(request.sender);
		if (!state) return;
		const now = this.now();
		const provider = request.provider ?? 'meta';
		admitted.latency = now - admitted.at;
		this.roundTrips.record(provider, admitted.latency, now);
		state.recent.push(admitted);
		if (state.recent.length > Math.min(rule.count, SETTLE_SAMPLES)) state.recent.shift();
		const fastest = this.roundTrips.fastest(provider, now);
		for (const sent of state.recent) {
			// The guard already absorbs the first few milliseconds of any delay.
			const shift = sent.latency - fastest - SETTLE_THRESHOLD_MS - sent.shifted;
			if (shift < 1) continue;
			sent.shifted += shift;
			// Best effort: if the store cannot be reached, the guard is all there is.
			sent.slots.settle(request.sender, sent.ticket, shift, rule).catch(() => undefined);
		}
	}

	private senderState(sender: string): SenderState {
		let state = this.senders.get(sender);
		if (!state) {
			state = { pending: 0, lastUsed: this.now(), retries: [], queuedJobs: 0, recent: [] };
			this.senders.set(sender, state);
		}
		return state;
	}

	private async admit(request: SendSlotRequest, rule: SlotRule, slots: SlotStore, attempt: number): Promise<Admitted> {
		const state = this.senderState(request.sender);
		const queueLimit = request.queueLimit ?? this.queueLimit;
		if (state.pending >= queueLimit) throw limiterError(new QueueFull(), request, queueLimit);
		state.pending++;
		try {
			const granted = state.pending > 1 ? await this.inBatch(state, request.sender, rule, slots, attempt) : await this.asHead(state, request.sender, rule, slots, attempt);
			return { slots, ticket: granted.ticket, at: granted.askedAt, latency: 0, shifted: 0 };
		} catch (error) {
			throw limiterError(error, request, queueLimit);
		} finally {
			state.pending--;
			state.lastUsed = this.now();
		}
	}

	/**
	 * The in-process fast path: with nothing of the number waiting here and its slot free, the
	 * send is admitted without a single await. Anything else goes through `admit`.
	 */
	private admitNow(request: SendSlotRequest, rule: SlotRule, slots: SlotStore, attempt: number): Admitted | undefined {
		if (!(slots instanceof MemorySlots)) return undefined;
		const state = this.senderState(request.sender);
		if (state.pending > 0) return undefined;
		const askedAt = this.now();
		const reservation = slots.reserveNow(request.sender, rule);
		if (reservation.ticket === undefined) return undefined;
		state.lastUsed = askedAt;
		this.onAdmit?.({ sender: request.sender, attempt, lateMs: 0, waitedMs: 0 });
		return { slots, ticket: reservation.ticket, at: askedAt, latency: 0, shifted: 0 };
	}

	/** Nothing of this number waits here: ask for a slot right away, and wait for it directly. */
	private async asHead(state: SenderState, sender: string, rule: SlotRule, slots: SlotStore, attempt: number): Promise<Granted> {
		const head = this.acquire(sender, rule, slots, attempt);
		state.head = head;
		try {
			return await head;
		} finally {
			if (state.head === head) state.head = undefined;
		}
	}

	/** Others of this number are waiting: join a batch, which a Bottleneck job admits in order. */
	private inBatch(state: SenderState, sender: string, rule: SlotRule, slots: SlotStore, attempt: number): Promise<Granted> {
		return new Promise<Granted>((resolve, reject) => {
			const waiter: Waiter = { attempt, resolve, reject };
			if (attempt > 1) {
				// Back to the front of the line: the job admitting now (or the next one) takes it first.
				state.retries.push(waiter);
				this.ensureRetryJob(state, sender, rule, slots);
				return;
			}
			let batch = state.openBatch;
			if (!batch || batch.waiters.length >= this.batchSize(rule)) {
				batch = this.startBatch(state, sender, rule, slots, FIRST_TRY_PRIORITY);
				state.openBatch = batch;
			}
			batch.waiters.push(waiter);
		});
	}

	/** Queued retries need a job to take them: a live one will, otherwise one with priority. */
	private ensureRetryJob(state: SenderState, sender: string, rule: SlotRule, slots: SlotStore): void {
		const live = state.serving !== undefined && !state.serving.cancelled;
		if (state.retries.length > 0 && !live && state.queuedJobs === 0) this.startBatch(state, sender, rule, slots, RETRY_PRIORITY);
	}

	private startBatch(state: SenderState, sender: string, rule: SlotRule, slots: SlotStore, priority: number): Batch {
		const batch: Batch = { waiters: [], after: state.head, cancelled: false };
		let started = false;
		state.queuedJobs++;
		// Each send of the batch (and retries it takes) may wait up to the slot timeout once its turn comes.
		const options = { priority, expiration: (this.batchSize(rule) + 1) * this.slotTimeout(rule) + 1_000 };
		this.group
			.key(sender)
			.schedule(options, () => {
				started = true;
				state.queuedJobs--;
				return this.runBatch(state, batch, sender, rule, slots);
			})
			// Expired (or failed outside the loop): no send is left without an answer.
			.catch((error: unknown) => {
				if (!started) state.queuedJobs--;
				batch.cancelled = true;
				for (const waiter of batch.waiters) waiter.reject(error);
				this.ensureRetryJob(state, sender, rule, slots);
			})
			// After an expiration the job keeps running (JS cannot cancel it): make it stop asking.
			.finally(() => {
				batch.cancelled = true;
			});
		return batch;
	}

	private async runBatch(state: SenderState, batch: Batch, sender: string, rule: SlotRule, slots: SlotStore): Promise<void> {
		// From here on the batch is closed: sends that come now form the next one.
		if (state.openBatch === batch) state.openBatch = undefined;
		state.serving = batch;
		try {
			await batch.after?.catch(() => undefined);
			for (let next = 0; !batch.cancelled; ) {
				const waiter = state.retries.shift() ?? batch.waiters[next++];
				if (!waiter) return;
				try {
					waiter.resolve(await this.acquire(sender, rule, slots, waiter.attempt, batch));
				} catch (error) {
					waiter.reject(error);
				}
			}
		} finally {
			// Synchronous with the last check above, so a retry queued from now on gets a job.
			if (state.serving === batch) state.serving = undefined;
			this.ensureRetryJob(state, sender, rule, slots);
		}
	}

	/**
	 * Waits until the slot store admits a send; Redis failures are retried until the deadline.
	 * The deadline runs from the send's turn: time spent behind others is bounded by the queue limit.
	 */
	private async acquire(sender: string, rule: SlotRule, slots: SlotStore, attempt: number, batch?: Batch): Promise<Granted> {
		const began = this.now();
		const deadline = began + this.slotTimeout(rule);
		let expected = began;
		let failures = 0;
		let lastFailure: unknown;
		while (!batch?.cancelled) {
			let reservation: Reservation | undefined;
			let failure: unknown;
			const askedAt = this.now();
			try {
				reservation = slots instanceof MemorySlots ? slots.reserveNow(sender, rule) : await within(slots.reserve(sender, rule), Math.max(1, deadline - askedAt));
				failures = 0;
				lastFailure = undefined;
			} catch (error) {
				failure = error;
			}
			if (!reservation) {
				if (!(failure instanceof StoreUnavailableError)) throw failure;
				lastFailure = failure;
				reservation = { wait: backoffMs(++failures, 100, 2_000, 0.25, this.random) };
			}
			const now = this.now();
			if (reservation.ticket !== undefined) {
				this.onAdmit?.({ sender, attempt, lateMs: Math.max(0, now - expected), waitedMs: now - began });
				return { ticket: reservation.ticket, askedAt };
			}
			const wait = reservation.wait;
			if (now + wait > deadline) throw lastFailure ?? new SlotTimeout(this.slotTimeout(rule));
			if (failures === 0) expected = now + wait;
			await this.sleep(Math.ceil(wait));
		}
		throw new SlotTimeout(this.slotTimeout(rule));
	}

	private batchSize(rule: SlotRule): number {
		return Math.max(1, Math.round(rule.count * this.batchWindows));
	}

	/** A very low limit (one send a minute) must still be able to wait for its next slot. */
	private slotTimeout(rule: SlotRule): number {
		return Math.max(this.slotTimeoutMs, 2 * (rule.windowMs + rule.guardMs));
	}
}

/** The number already has `queueLimit` sends waiting in this process. */
class QueueFull extends Error {}

class SlotTimeout extends Error {
	constructor(readonly timeoutMs: number) {
		super(`no send slot within ${timeoutMs / 1000} s`);
	}
}

/** A store call that does not answer in time fails instead of holding the number. */
async function within<T>(pending: Promise<T>, timeoutMs: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new SlotTimeout(timeoutMs)), timeoutMs);
	});
	try {
		return await Promise.race([pending, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

function checkRequest(request: SendSlotRequest): SendSlotRequest {
	if (typeof request.sender !== 'string' || !request.sender.trim()) {
		throw new InputError('phoneNumberId', 'A sending number is required', 'Set "Phone Number ID" on the node or a default sender on the credential.');
	}
	const rate = request.messagesPerSecond;
	if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
		throw new InputError('messagesPerSecond', `messagesPerSecond must be a number greater than 0, got ${String(rate)}`, 'Set "Messages per Second" on the credential (default 5).');
	}
	const limit = request.queueLimit;
	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		throw new InputError('queueLimit', `queueLimit must be a whole number of at least 1, got ${String(limit)}`);
	}
	return request;
}

/** Failures of the limiter itself, as errors an item can carry (code, message, hint). */
function limiterError(error: unknown, request: SendSlotRequest, queueLimit: number): unknown {
	const provider = request.provider ?? 'meta';
	if (error instanceof StoreUnavailableError) {
		return new ProviderError({ provider, code: error.code, message: error.message, hint: error.hint, retry: 'later', details: { sender: request.sender } });
	}
	if (error instanceof SlotTimeout || (error instanceof Bottleneck.BottleneckError && /timed out/i.test(error.message))) {
		return new ProviderError({
			provider,
			code: 'SEND_SLOT_TIMEOUT',
			message: `Number ${request.sender} got no send slot in time; the message was not sent`,
			hint: 'Other executions keep this number busy, or the shared limiter is stuck. Send fewer messages at once or raise "Messages per Second" if your provider allows it.',
			retry: 'later',
			details: { sender: request.sender },
		});
	}
	if (error instanceof QueueFull) {
		return new ProviderError({
			provider,
			code: 'QUEUE_FULL',
			message: `${queueLimit} sends are already waiting for number ${request.sender} in this n8n process; the message was not sent`,
			hint: 'Send in smaller batches or spread executions over time; each number sends at most its "Messages per Second".',
			retry: 'later',
			details: { sender: request.sender, queueLimit },
		});
	}
	return error;
}

let processThrottle: Throttle | undefined;

/** Runs `attempt` in the sender's next free slot, retrying per the policy (process-wide limiter). */
export async function scheduleSend<T>(request: SendSlotRequest, attempt: (attemptNumber: number) => Promise<T>): Promise<T> {
	processThrottle ??= new Throttle();
	return processThrottle.schedule(request, attempt);
}
