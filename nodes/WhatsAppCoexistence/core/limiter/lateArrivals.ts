/**
 * The settle step: after a request finishes, admissions whose request took longer than the
 * provider's fastest recent round trip (a new connection, a stall, a busy event loop) move later
 * in the slot store by the delay, since the provider may have seen them late and the window must
 * count them from then. See RoundTripFloor for the baseline.
 */
import { RoundTripFloor } from '../roundTrips';
import type { SlotRule, SlotStore } from '../slots';

/**
 * Admissions re-checked when a faster round trip turns up. A window holds `count` of them, but
 * a high limit (hundreds per second) would make every send walk hundreds of entries.
 */
const SETTLE_SAMPLES = 16;
/** The part of a delay the guard covers; only what exceeds it moves an admission. */
const SETTLE_THRESHOLD_MS = 3;

/** A send that got its slot, and how late its request turned out to be. */
export interface Admitted {
	store: SlotStore;
	ticket: string;
	/** When the reservation was asked for: its round trip counts as part of the latency. */
	at: number;
	/** Set once the request finished. */
	latency: number;
	shifted: number;
}

export class LateArrivals {
	private readonly roundTrips = new RoundTripFloor();
	/** Per number, its last few admissions (up to SETTLE_SAMPLES): the ones a window can still count. */
	private readonly recent = new Map<string, Admitted[]>();

	/**
	 * The request of `admitted` has just been written. A process short of CPU can write it long
	 * after its slot was granted, and then the provider sees it late whatever the network does:
	 * moving the admission now, rather than when the answer comes back, tells the store before
	 * the number's next sends ask for their slots. The whole time since the slot was asked for
	 * counts, with no baseline: normally a few milliseconds (the store's answer, the request
	 * being built and written), and a baseline taken on a machine that stays busy would be just
	 * as slow as the delay it has to reveal (measured: 11 ms, hiding a send that reached the
	 * provider 17 ms after its slot). With Redis far from n8n this costs the number about one
	 * round trip to Redis per second of its rate.
	 */
	departed(sender: string, rule: SlotRule, admitted: Admitted, now: number): void {
		const shift = now - admitted.at - SETTLE_THRESHOLD_MS - admitted.shifted;
		if (shift < 1) return;
		admitted.shifted += shift;
		admitted.store.settle(sender, admitted.ticket, shift, rule).catch(() => undefined);
	}

	/** Records the finished request of `admitted` and moves any admission that turned out late. */
	settle(sender: string, provider: string, rule: SlotRule, admitted: Admitted, now: number): void {
		admitted.latency = now - admitted.at;
		this.roundTrips.record(provider, admitted.at, now);
		let recent = this.recent.get(sender);
		if (!recent) {
			recent = [];
			this.recent.set(sender, recent);
		}
		recent.push(admitted);
		if (recent.length > Math.min(rule.count, SETTLE_SAMPLES)) recent.shift();
		const fastest = this.roundTrips.fastest(provider, now);
		for (const sent of recent) {
			// The guard already absorbs the first few milliseconds of any delay.
			const shift = sent.latency - fastest - SETTLE_THRESHOLD_MS - sent.shifted;
			if (shift < 1) continue;
			sent.shifted += shift;
			// Best effort: if the store cannot be reached, the guard is all there is.
			sent.store.settle(sender, sent.ticket, shift, rule).catch(() => undefined);
		}
	}

	forget(sender: string): void {
		this.recent.delete(sender);
	}

	clear(): void {
		this.recent.clear();
	}
}
