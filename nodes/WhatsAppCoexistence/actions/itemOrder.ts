import type { QueueTurn } from '../core/send';

/**
 * Lets items run concurrently while their sends still enter the per-number limiter in item
 * order. Item i's `wait()` resolves once every item before it has called `done()` (a send calls
 * it right after entering the limiter; the loop calls it again when the item ends, whatever
 * happened). The limiter is FIFO per number, so output order and send order both follow the
 * input, while the slow part (the HTTP round trip) overlaps.
 */
export class ItemOrder {
	private readonly passed: boolean[] = [];
	/** Lowest index that has not passed yet. */
	private next = 0;
	private readonly waiting = new Map<number, Array<() => void>>();

	turn(index: number): QueueTurn {
		return { wait: () => this.waitFor(index), done: () => this.pass(index) };
	}

	private waitFor(index: number): Promise<void> {
		if (index <= this.next) return Promise.resolve();
		return new Promise((resolve) => this.waiting.set(index, [...(this.waiting.get(index) ?? []), resolve]));
	}

	private pass(index: number): void {
		if (this.passed[index]) return;
		this.passed[index] = true;
		while (this.passed[this.next]) this.next++;
		// Released in index order, so items freed together still enter the limiter in order.
		const ready = [...this.waiting.keys()].filter((waiter) => waiter <= this.next).sort((a, b) => a - b);
		for (const waiter of ready) {
			this.waiting.get(waiter)!.forEach((resolve) => resolve());
			this.waiting.delete(waiter);
		}
	}
}
