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

interface ProviderRoundTrips {
	/** Oldest first, at most WINDOW_SECONDS of them. */
	seconds: SecondMinimum[];
	samples: number;
}

export class RoundTripFloor {
	private readonly providers = new Map<string, ProviderRoundTrips>();

	record(provider: string, roundTripMs: number, now: number): void {
		const second = Math.floor(now / 1000);
		let kept = this.providers.get(provider);
		if (!kept) {
			kept = { seconds: [], samples: 0 };
			this.providers.set(provider, kept);
		}
		kept.samples++;
		const latest = kept.seconds[kept.seconds.length - 1];
		if (latest?.second === second) latest.fastest = Math.min(latest.fastest, roundTripMs);
		else kept.seconds.push({ second, fastest: roundTripMs });
		while (kept.seconds[0].second <= second - WINDOW_SECONDS) kept.seconds.shift();
	}

	/**
	 * The fastest round trip of the last WINDOW_SECONDS seconds; 0 before there are two samples,
	 * since a single one says nothing about what is usual (its whole time then counts as delay).
	 */
	fastest(provider: string, now: number): number {
		const kept = this.providers.get(provider);
		if (!kept || kept.samples < 2) return 0;
		const oldest = Math.floor(now / 1000) - WINDOW_SECONDS;
		let fastest = Infinity;
		for (const minimum of kept.seconds) if (minimum.second > oldest) fastest = Math.min(fastest, minimum.fastest);
		return Number.isFinite(fastest) ? fastest : 0;
	}
}
