/**
 * The fastest recent round trip to a provider, as the baseline for "this request reached the
 * provider late". Kept per provider, not per number: every number's requests go to the same
 * host, and a busy process can inflate every round trip of one number (the answer waits for
 * the event loop) while another number's request shows what the network alone takes. A
 * baseline taken too high would count a late arrival as normal and let a window overfill.
 *
 * The minimum is kept per second for the last WINDOW_SECONDS seconds, so a network that gets
 * slower is followed within that time, at a fixed cost per provider.
 */
const WINDOW_SECONDS = 10;

interface SecondMinimum {
	second: number;
	fastest: number;
}

export class RoundTripFloor {
	private readonly seconds = new Map<string, SecondMinimum[]>();
	private readonly samples = new Map<string, number>();

	record(provider: string, roundTripMs: number, now: number): void {
		const second = Math.floor(now / 1000);
		let kept = this.seconds.get(provider);
		if (!kept) {
			kept = [];
			this.seconds.set(provider, kept);
		}
		const latest = kept[kept.length - 1];
		if (latest?.second === second) latest.fastest = Math.min(latest.fastest, roundTripMs);
		else kept.push({ second, fastest: roundTripMs });
		while (kept.length > 0 && kept[0].second <= second - WINDOW_SECONDS) kept.shift();
		this.samples.set(provider, (this.samples.get(provider) ?? 0) + 1);
	}

	/**
	 * The fastest round trip of the last WINDOW_SECONDS seconds; 0 before there are two samples,
	 * since a single one says nothing about what is usual (its whole time then counts as delay).
	 */
	fastest(provider: string, now: number): number {
		if ((this.samples.get(provider) ?? 0) < 2) return 0;
		const oldest = Math.floor(now / 1000) - WINDOW_SECONDS;
		let fastest = Infinity;
		for (const minimum of this.seconds.get(provider) ?? []) if (minimum.second > oldest) fastest = Math.min(fastest, minimum.fastest);
		return Number.isFinite(fastest) ? fastest : 0;
	}
}
