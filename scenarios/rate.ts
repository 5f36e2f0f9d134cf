/**
 * Rate figures from arrival times (ms), as measured at a receiving server.
 */

/**
 * Sends per second once the limiter is saturated: arrivals after the first `windows` full
 * windows, over the time they took. Skipping the first window leaves out the start, where the
 * window is still empty; skipping one more also leaves out the first connection's set-up.
 * The span covers whole periods of `limit` sends: a limiter at its limit sends in a rhythm (four
 * short gaps and a long one at 5/s), and a span that starts before a long gap and ends after
 * another counts one long gap too many, which read 4.91 for a limiter holding 4.975.
 */
export function sustainedRate(times: number[], limit: number, windows = 1): number {
	const sorted = [...times].sort((a, b) => a - b);
	const from = windows * limit - 1;
	const periods = Math.floor((sorted.length - 1 - from) / limit);
	if (periods < 1) throw new Error(`need more than ${from + limit} arrivals, got ${sorted.length}`);
	const to = from + periods * limit;
	return ((to - from) * 1000) / (sorted[to] - sorted[from]);
}

/** Smallest gap between `limit` consecutive arrivals apart; the window bar needs at least 1000 ms. */
export function tightestWindow(times: number[], limit: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let tightest = Infinity;
	for (let i = limit; i < sorted.length; i++) tightest = Math.min(tightest, sorted[i] - sorted[i - limit]);
	return tightest;
}
