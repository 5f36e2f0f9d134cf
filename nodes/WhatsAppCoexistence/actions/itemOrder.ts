/**
 * Lets items run concurrently while their sends still enter the per-number limiter in item
 * order. Item i's `wait()` resolves once every item before it has called `done()`: its send
 * calls it right after entering the limiter (see `scheduler`), and the execute loop again when
 * the item ends, whatever happened. The limiter is FIFO per number, so output order and send
 * order both follow the input, while the slow part (the HTTP round trip) overlaps.
 */
import type { Scheduler } from '../core/send';
import { scheduleSend, type SendAttempt } from '../core/throttle';

/** One item's place in line: `wait` until every earlier item has passed, `done` to pass. */
export interface QueueTurn {
	wait(): Promise<void>;
	done(): void;
}

export class ItemOrder {
	private readonly passed: boolean[] = [];
	/** Lowest index that has not passed yet. */
	private next = 0;
	private readonly waiting = new Map<number, Array<() => void>>();

	turn(index: number): QueueTurn {
		return { wait: () => this.waitFor(index), done: () => this.pass(index) };
	}

	/**
	 * The limiter entry for item `index`: it enters once every earlier item has entered (or
	 * ended), and lets the next item in as soon as it has. The only place item order meets
	 * the send path.
	 */
	scheduler(index: number, enter: Scheduler = scheduleSend): Scheduler {
		return async <T>(request: Parameters<Scheduler>[0], attempt: SendAttempt<T>): Promise<T> => {
			await this.waitFor(index);
			const entered = enter(request, attempt);
			this.pass(index);
			return entered;
		};
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
