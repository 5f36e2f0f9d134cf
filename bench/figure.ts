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
