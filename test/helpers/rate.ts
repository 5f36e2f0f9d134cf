/**
 * Rate figures from arrival times (ms), as measured at a receiving server.
 */

/**
 * Sends per second once the limiter is saturated: arrivals after the first full window, over the
 * time they took. Skipping the first `limit` arrivals leaves out the start-up, where the window
 * is still empty.
 */
export function sustainedRate(times: number[], limit: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	if (sorted.length <= limit + 1) throw new Error(`need more than ${limit + 1} arrivals, got ${sorted.length}`);
	const from = limit - 1;
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
