/**
 * One row of a benchmark's result, as `bench/index.js` prints it: a measured value, its unit,
 * and optionally the target it is held to and whether it was met.
 */
export interface Figure {
	name: string;
	value: number | string;
	unit?: string;
	target?: string;
	met?: boolean;
}

/** The value below which `share` (0..1) of the values fall (nearest rank). */
export function percentile(values: readonly number[], share: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))];
}
