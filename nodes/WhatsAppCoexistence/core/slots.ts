/**
 * The send-slot rule shared by the in-memory and the Redis slot stores: a sliding-window log of
 * the last `count` admissions per number. A send is admitted only when
 *  - it comes at least `spacingMs` after the previous one (smooth pacing, no bursts), and
 *  - the `count`-th previous send is at least `windowMs + guardMs` old.
 * The second condition is what "never more than N in any 1-second window" literally means; the
 * guard absorbs the jitter between admission and arrival at the provider (event loop, network).
 * Admissions are recorded at the time they happen, never booked in the future, so a late timer
 * can only spread sends out, never bunch them together. A request that reached the provider
 * later than usual (new connection, stall) is settled afterwards: its admission moves later by
 * the delay, so the window counts it from about when it arrived.
 */
import type { Reservation, SlotRule, SlotStore } from './ports';

export type { Reservation, SlotRule, SlotStore };

/**
 * Covers the jitter the settle step cannot see: delays under its threshold (3 ms) and the
 * receiving side's own timing. Larger delays are settled (see SlotStore.settle). With 5 ms,
 * queue-mode runs on a loaded machine saw 6 sends within 996 ms at the provider; 10 ms costs 1 %
 * of the rate (4.95/s at a limit of 5), well above the 98 % the limiter must keep.
 */

export const DEFAULT_GUARD_MS = 10;
/**
 * Pacing below the window's share: with full spacing every late timer would add up across the
 * window, and the sustained rate would drift under the limit. The window log is the real bound.
 */
const SPACING_SHARE = 0.9;

/**
 * The rule for a per-second limit. The bar is "never more than the limit in any 1-second window",
 * so a fractional limit above 1 rounds down (5.5/s allows 5 per second); a limit below 1 becomes
 * one send per `1000 / limit` ms.
 */
export function slotRule(messagesPerSecond: number, guardMs = DEFAULT_GUARD_MS): SlotRule {
	const atLeastOne = messagesPerSecond >= 1;
	const count = atLeastOne ? Math.floor(messagesPerSecond) : 1;
	const windowMs = atLeastOne ? 1000 : 1000 / messagesPerSecond;
	return { count, windowMs, spacingMs: (SPACING_SHARE * windowMs) / count, guardMs };
}

/** Milliseconds until the next send may go (0: now), given admission times oldest first. */
export function waitForSlot(recentOldestFirst: readonly number[], now: number, rule: SlotRule): number {
	const length = recentOldestFirst.length;
	let wait = 0;
	if (length > 0) wait = recentOldestFirst[length - 1] + rule.spacingMs - now;
	if (length >= rule.count) {
		wait = Math.max(wait, recentOldestFirst[length - rule.count] + rule.windowMs + rule.guardMs - now);
	}
	return Math.max(0, wait);
}

/**
 * One number's recent admissions, oldest first: times and the tickets naming them, side by side
 * so the slot check reads two entries instead of copying the log, and an admission appends
 * instead of moving every entry (a limit of 1000/s keeps 1000 of them).
 */
interface AdmissionLog {
	times: number[];
	tickets: string[];
	keepUntil: number;
}

/** Slots for one process: the log of each number, dropped once it can no longer matter. */
export class MemorySlots implements SlotStore {
	private readonly logs = new Map<string, AdmissionLog>();
	private issued = 0;

	constructor(private readonly now: () => number = Date.now) {}

	get size(): number {
		return this.logs.size;
	}

	async reserve(sender: string, rule: SlotRule): Promise<Reservation> {
		return this.reserveNow(sender, rule);
	}

	reserveNow(sender: string, rule: SlotRule): Reservation {
		const now = this.now();
		let log = this.logs.get(sender);
		const wait = log ? waitForSlot(log.times, now, rule) : 0;
		if (wait > 0) return { wait };
		if (!log) {
			log = { times: [], tickets: [], keepUntil: 0 };
			this.logs.set(sender, log);
		}
		const ticket = String(++this.issued);
		log.times.push(now);
		log.tickets.push(ticket);
		while (log.times.length > rule.count) {
			log.times.shift();
			log.tickets.shift();
		}
		log.keepUntil = Math.max(log.keepUntil, now + rule.windowMs + rule.guardMs);
		return { wait: 0, ticket };
	}

	async settle(sender: string, ticket: string, shiftMs: number, rule: SlotRule): Promise<void> {
		const log = this.logs.get(sender);
		const index = log ? log.tickets.indexOf(ticket) : -1;
		if (!log || index < 0) return;
		const at = log.times[index] + shiftMs;
		log.times.splice(index, 1);
		log.tickets.splice(index, 1);
		// Moved later, so it can only belong at or after its old place (oldest first).
		let position = index;
		while (position < log.times.length && log.times[position] <= at) position++;
		log.times.splice(position, 0, at);
		log.tickets.splice(position, 0, ticket);
		log.keepUntil = Math.max(log.keepUntil, at + rule.windowMs + rule.guardMs);
	}

	sweep(): void {
		const now = this.now();
		for (const [sender, log] of this.logs) if (log.keepUntil <= now) this.logs.delete(sender);
	}
}
