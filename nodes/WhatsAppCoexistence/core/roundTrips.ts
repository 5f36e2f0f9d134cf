/**
 * The fastest recent round trip to a provider, as the baseline for "this request reached the
 * provider late". Kept per provider, not per number: every number's requests go to the same
 * host, and a busy process can inflate every round trip of one number (the answer waits for
 * the event loop) while another number's request shows what the network alone takes. A
 * baseline taken too high would count a late arrival as normal and let a window overfill.
 *
 * The minimum is kept per second for the last WINDOW_SECONDS seconds, so a network that gets
 * slower is followed within that time, at a fixed cost per provider.
 *
 * No baseline (0: every delay counts) until a request that started after an earlier one had
 * finished has finished too. Before that, each request may have opened its own connection: a
 * process starting on many numbers at once sees all its first requests equally slow (seen: six
 * of them 110 ms), and their minimum would pass that slowness off as the usual round trip.
 */
const WINDOW_SECONDS = 10;

interface SecondMinimum {
	second: number;
	fastest: number;
}

interface ProviderRoundTrips {
	/** Oldest first, at most WINDOW_SECONDS of them. */
	seconds: SecondMinimum[];
	/** When the first request finished: a request started from then on could reuse its connection. */
	firstFinishedAt: number;
	/** A request started at or after `firstFinishedAt` has finished. */
	warm: boolean;
}

export class RoundTripFloor {
	private readonly providers = new Map<string, ProviderRoundTrips>();

	/** A request to `provider` that started at `startedAt` and finished at `finishedAt`. */
	record(provider: string, startedAt: number, finishedAt: number): void {
		const roundTripMs = finishedAt - startedAt;
		const second = Math.floor(finishedAt / 1000);
		let kept = this.providers.get(provider);
		if (kept) while (kept.seconds.length > 0 && kept.seconds[0].second <= second - WINDOW_SECONDS) kept.seconds.shift();
		if (!kept || kept.seconds.length === 0) {
			// First request, or the first after a quiet spell long enough for every sample to
			// expire (its connections were likely closed too): start over as cold.
			kept = { seconds: [], firstFinishedAt: finishedAt, warm: false };
			this.providers.set(provider, kept);
		} else if (startedAt >= kept.firstFinishedAt) {
			kept.warm = true;
		}
		const latest = kept.seconds[kept.seconds.length - 1];
		if (latest?.second === second) latest.fastest = Math.min(latest.fastest, roundTripMs);
		else kept.seconds.push({ second, fastest: roundTripMs });
	}

	/** The fastest round trip of the last WINDOW_SECONDS seconds; 0 while none can be trusted. */
	fastest(provider: string, now: number): number {
		const kept = this.providers.get(provider);
		if (!kept?.warm) return 0;
		const oldest = Math.floor(now / 1000) - WINDOW_SECONDS;
		let fastest = Infinity;
		for (const minimum of kept.seconds) if (minimum.second > oldest) fastest = Math.min(fastest, minimum.fastest);
		return Number.isFinite(fastest) ? fastest : 0;
	}
}
