import { maxInAnyWindow } from '../../../doubles/http';
import { MemorySlots, slotRule, waitForSlot } from '../../../nodes/WhatsAppCoexistence/core/slots';

/** Drives the memory slot store on a simulated clock, admitting each send as soon as it may go. */
function simulate(messagesPerSecond: number, sends: number, lateMs = () => 0): number[] {
	let clock = 0;
	const slots = new MemorySlots(() => clock);
	const rule = slotRule(messagesPerSecond);
	const admitted: number[] = [];
	while (admitted.length < sends) {
		const { wait } = slots.reserveNow('n', rule);
		if (wait === 0) admitted.push(clock);
		else clock += wait + lateMs();
	}
	return admitted;
}

describe('send slot rule', () => {
	it.each([
		[5, { count: 5, windowMs: 1000 }],
		[20, { count: 20, windowMs: 1000 }],
		[5.7, { count: 5, windowMs: 1000 }],
		[0.5, { count: 1, windowMs: 2000 }],
	])('turns %p messages per second into %p', (rate, expected) => {
		expect(slotRule(rate)).toMatchObject(expected);
	});

	it('admits the first send of a number at once', () => {
		expect(waitForSlot([], 1000, slotRule(5))).toBe(0);
	});

	it('spaces sends out instead of letting a burst through', () => {
		const rule = slotRule(5);
		expect(waitForSlot([1000], 1000, rule)).toBeCloseTo(rule.spacingMs);
	});

	it('holds the next send until the oldest of the window is a full window and the guard old', () => {
		const rule = slotRule(5, 10);
		expect(waitForSlot([0, 200, 400, 600, 800], 900, rule)).toBe(110);
	});

	it.each([5, 20, 0.5])('never admits more than the limit in any window at %p/s, even with late timers', (rate) => {
		const rule = slotRule(rate);
		const times = simulate(rate, 200, () => Math.random() * 8);
		expect(maxInAnyWindow(times, rule.windowMs)).toBeLessThanOrEqual(rule.count);
	});

	it.each([5, 20])('keeps at least 98 %% of the limit sustained at %p/s with 2 ms late timers', (rate) => {
		const times = simulate(rate, 40 * rate + 1, () => 2);
		const span = times[times.length - 1] - times[rate - 1];
		expect(((times.length - rate) * 1000) / span).toBeGreaterThanOrEqual(rate * 0.98);
	});

	it('keeps numbers independent', () => {
		const slots = new MemorySlots(() => 0);
		const rule = slotRule(1);
		expect(slots.reserveNow('a', rule).wait).toBe(0);
		expect(slots.reserveNow('a', rule).wait).toBeGreaterThan(0);
		expect(slots.reserveNow('b', rule).wait).toBe(0);
	});

	it('counts a late request from when it reached the provider', async () => {
		let clock = 0;
		const slots = new MemorySlots(() => clock);
		const rule = slotRule(2, 10);
		const first = slots.reserveNow('a', rule);
		clock = 500;
		slots.reserveNow('a', rule);
		await slots.settle('a', first.ticket!, 40, rule);
		clock = 1010;
		expect(slots.reserveNow('a', rule).wait).toBe(40);
		clock = 1050;
		expect(slots.reserveNow('a', rule).wait).toBe(0);
	});

	it('forgets a number once its log can no longer refuse a send', () => {
		let clock = 0;
		const slots = new MemorySlots(() => clock);
		slots.reserveNow('a', slotRule(5));
		clock = 500;
		slots.sweep();
		expect(slots.size).toBe(1);
		clock = 1011;
		slots.sweep();
		expect(slots.size).toBe(0);
	});
});
