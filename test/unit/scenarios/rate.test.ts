import { sustainedRate, tightestWindow } from '../../../scenarios/rate';

/** The rate figures the limiter tests and benchmarks are judged by. */
function arrivals(gaps: number[], count: number): number[] {
	const times = [0];
	for (let index = 1; index < count; index++) times.push(times[index - 1] + gaps[(index - 1) % gaps.length]);
	return times;
}

describe('rate figures', () => {
	// A limiter at 5/s with a 5 ms guard: four sends 181 ms apart, then the window makes it wait.
	const atLimit = [181, 181, 181, 181, 281];

	it('reads the rate of whole periods, whatever the number of arrivals', () => {
		for (const count of [31, 41, 43, 100]) expect(sustainedRate(arrivals(atLimit, count), 5, 2)).toBeCloseTo(5000 / 1005, 3);
	});

	it('reads a limiter that waits 60 ms too long per window as below the 98 % bar', () => {
		expect(sustainedRate(arrivals([181, 181, 181, 181, 341], 41), 5, 2)).toBeLessThan(4.9);
	});

	it('refuses too few arrivals to measure', () => {
		expect(() => sustainedRate(arrivals(atLimit, 14), 5, 2)).toThrow(/need more than 14 arrivals/);
	});

	it('finds the tightest span of limit + 1 arrivals', () => {
		expect(tightestWindow(arrivals(atLimit, 41), 5)).toBe(1005);
	});
});
