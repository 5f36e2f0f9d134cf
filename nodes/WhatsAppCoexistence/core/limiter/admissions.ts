/**
 * Admission to send slots, one number at a time: the single way a send (first try or retry)
 * gets its slot in this process.
 *
 * Roles:
 *  - the slot store (SlotStore port: memory, or Redis shared by every process) decides only
 *    whether a slot is free now and, if not, how long to wait. It is the one thing a single
 *    process cannot know on its own when several share a number;
 *  - this module owns the number's line in this process: first tries in arrival order, retries
 *    in a lane that goes first, a bound on how many may wait, and what happens when the store
 *    is down (fail every send waiting on it at once, or fall back to this process's own slots);
 *  - for a store that does I/O (Redis), one Bottleneck per number (a Group keyed by the number)
 *    runs that line's admission loop: one run at a time (`maxConcurrent: 1`), an expiration on
 *    every run so a stuck store can never hold the number forever, error events, and the limiter
 *    dropped with the idle number. A store that answers without I/O (memory) cannot get stuck,
 *    so its line runs the same loop without a Bottleneck: setting one up costs about 0.3 ms of
 *    CPU per number, which made a backlog starting on 1,000 numbers at once send late.
 *
 * One loop, group-committed: a Bottleneck job costs 0.1-0.4 ms of CPU (more when many numbers
 * start at once), more than the rest of a send, so a job is not made per send. A run takes
 * whatever waits when it starts and whatever joins while it runs, up to `batchWindows` seconds'
 * worth at the limit (then a new run continues), admitting each send at its own slot. Once the
 * line is empty the run lingers for one window: a number sending at its limit keeps one run
 * instead of starting a job every few sends. A send that finds its number with no run skips
 * the line when the store can answer without I/O (`reserveNow`, memory) and its slot is free;
 * otherwise it joins the line like any other.
 *
 * Near our usual file length on purpose: the line, its loop and the store-down rule share one
 * per-number state, and Bottleneck is used only here.
 */
import Bottleneck from 'bottleneck';

import type { Reservation, SlotRule, SlotStore } from '../slots';
import { StoreUnavailableError } from '../stores';
import type { Admitted } from './lateArrivals';
import { QueueFull, SlotTimeout, within } from './limiterErrors';

/** With the slot store down: fail at once, or use this process's own slots until it is back. */
export type StoreDownPolicy = 'fail' | 'localLimiter';

export interface AdmissionRequest {
	sender: string;
	rule: SlotRule;
	store: SlotStore;
	/** From 1; a retry (2 and up) goes ahead of first tries. */
	attempt: number;
	/** First tries allowed to wait for this number in this process. */
	queueLimit: number;
	onStoreDown: StoreDownPolicy;
}

/**
 * A send waiting in its number's line: the request, and how it is told the outcome. The line
 * holds the send itself (no promise per waiting send): a backlog of thousands handed over at
 * once then costs as little as possible while nothing else can run. Neither method is ever
 * called before `admit` has returned: the run that admits a send starts on a later turn.
 */
export interface WaitingSend extends AdmissionRequest {
	/** Its slot has come; called once, never together with `refused`. */
	admitted(admitted: Admitted): void;
	/** It gets no slot (slot timeout, store down, run expired); called once. */
	refused(error: unknown): void;
}

/** One admission, for measurements: how late it came after the slot the loop waited for. */
export interface AdmitEvent {
	sender: string;
	attempt: number;
	lateMs: number;
	waitedMs: number;
}

export interface AdmissionOptions {
	now: () => number;
	sleep: (ms: number) => Promise<void>;
	/** This process's own slots: the fallback while a shared store is down. */
	localSlots: SlotStore;
	slotTimeoutMs: number;
	/** Seconds' worth of sends (at the limit) one run may admit. */
	batchWindows: number;
	idleMs: number;
	onAdmit?: (event: AdmitEvent) => void;
}

/** One number's line in this process. */
interface NumberLine {
	sender: string;
	firstTries: WaitingSend[];
	retries: WaitingSend[];
	/** The send the loop is admitting now. */
	current?: WaitingSend;
	/** A run is scheduled or running; false exactly when both lanes are empty and nothing is admitted. */
	running: boolean;
	/** Wakes a run lingering on an empty line. */
	wake?: () => void;
	lastUsed: number;
}

/** One Bottleneck job; set once Bottleneck expired it, so the loop (which JS cannot stop) stops asking. */
interface Run {
	expired: boolean;
}

export class Admissions {
	private readonly lines = new Map<string, NumberLine>();
	private readonly group: Bottleneck.Group;
	private closed = false;

	constructor(private readonly options: AdmissionOptions) {
		this.group = new Bottleneck.Group({
			maxConcurrent: 1,
			// Our own sweep releases idle numbers; Bottleneck's is only a backstop.
			timeout: options.idleMs * 2,
		});
		// Limiter events are not forwarded to the group; a run's failure reaches its sends through schedule().
		this.group.on('created', (limiter) => limiter.on('error', () => undefined));
	}

	/** Numbers with a line or a Bottleneck in this process. */
	get size(): number {
		return Math.max(this.lines.size, this.group.keys().length);
	}

	/**
	 * The slot for one send: returned at once when it is free and nothing waits; otherwise the
	 * send joins its number's line (undefined is returned) and is told later. A first try finding
	 * the line full is refused here, by throwing QueueFull.
	 */
	admit(request: WaitingSend): Admitted | undefined {
		const line = this.lineFor(request.sender);
		const now = this.options.now();
		line.lastUsed = now;
		if (!line.running && request.store.reserveNow) {
			const reservation = request.store.reserveNow(request.sender, request.rule);
			if (reservation.ticket !== undefined) {
				this.options.onAdmit?.({ sender: request.sender, attempt: request.attempt, lateMs: 0, waitedMs: 0 });
				return { store: request.store, ticket: reservation.ticket, at: now, latency: 0, shifted: 0 };
			}
		}
		// A retry already held a place in line: it is never refused for the bound.
		if (request.attempt === 1 && waiting(line) >= request.queueLimit) throw new QueueFull();
		(request.attempt > 1 ? line.retries : line.firstTries).push(request);
		if (line.wake) line.wake();
		else this.startRun(line);
		return undefined;
	}

	/** Drops numbers with nothing waiting and unused for `idleMs`; returns them. */
	sweep(now: number): string[] {
		const dropped: string[] = [];
		for (const [sender, line] of this.lines) {
			if (line.running || now - line.lastUsed < this.options.idleMs) continue;
			this.lines.delete(sender);
			void this.group.deleteKey(sender);
			dropped.push(sender);
		}
		return dropped;
	}

	/** Forgets every number (tests, benchmarks): call it once nothing is sending. */
	async close(): Promise<void> {
		this.closed = true;
		for (const line of this.lines.values()) line.wake?.();
		await Promise.all(this.group.keys().map((key) => this.group.deleteKey(key)));
		this.lines.clear();
	}

	private lineFor(sender: string): NumberLine {
		let line = this.lines.get(sender);
		if (!line) {
			line = { sender, firstTries: [], retries: [], running: false, lastUsed: 0 };
			this.lines.set(sender, line);
		}
		return line;
	}

	private startRun(line: NumberLine): void {
		if (line.running) return;
		line.running = true;
		const run: Run = { expired: false };
		const request = line.retries[0] ?? line.firstTries[0];
		const rule = request.rule;
		const stopped = () => {
			// Expired (or failed): the send being admitted fails, the ones behind it get a new run.
			run.expired = true;
			const current = line.current;
			line.current = undefined;
			current?.refused(new SlotTimeout(this.slotTimeout(rule)));
			line.running = false;
			if (waiting(line) > 0) this.startRun(line);
		};
		if (request.store.reserveNow) {
			// A store that answers without I/O cannot stall a run: every wait in the loop is a timer
			// of known length. Such a line runs on its own, at the cost of a promise, not of a
			// Bottleneck (about 0.3 ms of CPU to set up per number: 300 ms when a backlog starts on
			// 1,000 numbers at once, which made the first second's sends late).
			Promise.resolve()
				.then(() => this.loop(line, run))
				.catch(stopped);
			return;
		}
		// Each send of the run may wait up to its slot timeout once its turn comes, and the run
		// may linger for a window before each.
		const expiration = (this.batchSize(rule) + 1) * (this.slotTimeout(rule) + lingerMs(rule)) + 1_000;
		this.group
			.key(line.sender)
			.schedule({ expiration }, () => this.loop(line, run))
			.catch(stopped);
	}

	/** The admission loop: retries first, then first tries in order, each at its own slot. */
	private async loop(line: NumberLine, run: Run): Promise<void> {
		let rule: SlotRule | undefined;
		for (let admitted = 0; !run.expired; admitted++) {
			let next = line.retries[0] ?? line.firstTries[0];
			if (!next && rule && !this.closed) {
				await this.nextArrival(line, lingerMs(rule));
				next = line.retries[0] ?? line.firstTries[0];
			}
			if (!next) {
				// Synchronous with the check above: a send that comes from now on starts a new run.
				line.running = false;
				return;
			}
			rule = next.rule;
			if (admitted >= this.batchSize(next.rule)) {
				// This run admitted its share: the rest go in a new run, after this one ends.
				line.running = false;
				this.startRun(line);
				return;
			}
			const waiter = (line.retries.length > 0 ? line.retries : line.firstTries).shift()!;
			line.current = waiter;
			let slot: Admitted | undefined;
			let failure: unknown;
			try {
				slot = await this.acquire(waiter, run);
			} catch (error) {
				failure = error;
			}
			// An expired run has already refused the send it was admitting and let go of it (see
			// startRun): that send is told nothing more, whatever the store answered meanwhile.
			const stillOurs = line.current === waiter;
			if (stillOurs) line.current = undefined;
			if (slot) {
				if (stillOurs) waiter.admitted(slot);
				continue;
			}
			if (stillOurs) waiter.refused(failure);
			if (failure instanceof StoreUnavailableError) this.failWaitingOn(line, waiter.store, failure);
		}
	}

	/** Resolves when a send joins the line, or after `ms` without one. */
	private nextArrival(line: NumberLine, ms: number): Promise<void> {
		return new Promise<void>((resolve) => {
			const timer = setTimeout(done, ms);
			// Lingering must not keep a process alive that has nothing else to do.
			timer.unref();
			function done() {
				clearTimeout(timer);
				line.wake = undefined;
				resolve();
			}
			line.wake = done;
		});
	}

	/**
	 * The store is down: every send of this number waiting on it fails now with the same error,
	 * rather than one by one as each reaches the front. Sends allowed to fall back stay in line.
	 */
	private failWaitingOn(line: NumberLine, store: SlotStore, error: StoreUnavailableError): void {
		for (const lane of [line.retries, line.firstTries]) {
			const failing = lane.filter((waiter) => waiter.store === store && waiter.onStoreDown === 'fail');
			if (failing.length === 0) continue;
			const kept = lane.filter((waiter) => !failing.includes(waiter));
			lane.splice(0, lane.length, ...kept);
			for (const waiter of failing) waiter.refused(error);
		}
	}

	/**
	 * Waits until the store admits the send. The deadline runs from the send's turn: time spent
	 * behind others is bounded by the queue limit. A store that is down fails the send at once,
	 * or, when the request allows it, hands it to this process's own slots.
	 */
	private async acquire(request: AdmissionRequest, run: Run): Promise<Admitted> {
		const { sender, rule } = request;
		const timeoutMs = this.slotTimeout(rule);
		const began = this.options.now();
		const deadline = began + timeoutMs;
		let store = request.store;
		let expected = began;
		while (!run.expired) {
			const askedAt = this.options.now();
			let reservation: Reservation | undefined;
			let failure: unknown;
			try {
				reservation = store.reserveNow ? store.reserveNow(sender, rule) : await within(store.reserve(sender, rule), Math.max(1, deadline - askedAt));
			} catch (error) {
				failure = error;
			}
			if (!reservation) {
				const fallBack = failure instanceof StoreUnavailableError && request.onStoreDown === 'localLimiter' && store !== this.options.localSlots;
				if (!fallBack) throw failure;
				store = this.options.localSlots;
				continue;
			}
			const now = this.options.now();
			if (reservation.ticket !== undefined) {
				this.options.onAdmit?.({ sender, attempt: request.attempt, lateMs: Math.max(0, now - expected), waitedMs: now - began });
				return { store, ticket: reservation.ticket, at: askedAt, latency: 0, shifted: 0 };
			}
			if (now + reservation.wait > deadline) throw new SlotTimeout(timeoutMs);
			expected = now + reservation.wait;
			await this.options.sleep(Math.ceil(reservation.wait));
		}
		throw new SlotTimeout(timeoutMs);
	}

	private batchSize(rule: SlotRule): number {
		return Math.max(1, Math.round(rule.count * this.options.batchWindows));
	}

	/** A very low limit (one send a minute) must still be able to wait for its next slot. */
	private slotTimeout(rule: SlotRule): number {
		return Math.max(this.options.slotTimeoutMs, 2 * (rule.windowMs + rule.guardMs));
	}
}

/** How long a run waits on an empty line for the next send before it ends: one window. */
function lingerMs(rule: SlotRule): number {
	return rule.windowMs + rule.guardMs;
}

/** First tries and retries waiting in the line (the one being admitted included). */
function waiting(line: NumberLine): number {
	return line.firstTries.length + line.retries.length + (line.current ? 1 : 0);
}
