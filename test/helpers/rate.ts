/**
 * Rate figures from arrival times (ms), as measured at a receiving server.
 */

/**
 * Sends per second once the limiter is saturated: arrivals after the first `windows` full
 * windows, over the time they took. Skipping the first window leaves out the start, where the
 * window is still empty; skipping one more also leaves out the first connection's set-up.
 */
export function sustainedRate(times: number[], limit: number, windows = 1): number {
	const sorted = [...times].sort((a, b) => a - b);
	const from = windows * limit - 1;
	if (sorted.length <= from + limit) throw new Error(`need more than ${from + limit} arrivals, got ${sorted.length}`);
	const span = sorted[sorted.length - 1] - sorted[from];
	return ((sorted.length - 1 - from) * 1000) / span;
}

/** Smallest gap between `limit` consecutive arrivals apart; the window bar needs at least 1000 ms. */
export function tightestWindow(times: number[], limit: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let tightest = Infinity;
	for (let i = limit; i < sorted.length; i++) tightest = Math.min(tightest, sorted[i] - sorted[i - limit]);
	return tightest;
}
