import { RoundTripFloor } from '../../../nodes/WhatsAppCoexistence/core/roundTrips';
import type { Reservation, SlotStore } from '../../../nodes/WhatsAppCoexistence/core/slots';
import { Throttle } from '../../../nodes/WhatsAppCoexistence/core/throttle';

describe('round-trip floor', () => {
	it('counts nothing as usual before two round trips are known', () => {
		const floor = new RoundTripFloor();
		expect(floor.fastest('meta', 0)).toBe(0);
		floor.record('meta', 40, 0);
		expect(floor.fastest('meta', 0)).toBe(0);
		floor.record('meta', 60, 10);
		expect(floor.fastest('meta', 10)).toBe(40);
	});

	it('keeps providers apart', () => {
		const floor = new RoundTripFloor();
		for (const at of [0, 1]) floor.record('meta', 120, at);
		for (const at of [0, 1]) floor.record('zenvia', 30, at);
		expect(floor.fastest('meta', 1)).toBe(120);
		expect(floor.fastest('zenvia', 1)).toBe(30);
	});

	it('follows a network that got slower once the fast seconds are ten seconds old', () => {
		const floor = new RoundTripFloor();
		floor.record('meta', 5, 0);
		floor.record('meta', 5, 500);
		floor.record('meta', 80, 9_000);
		expect(floor.fastest('meta', 9_500)).toBe(5);
		floor.record('meta', 90, 10_200);
		expect(floor.fastest('meta', 10_200)).toBe(80);
	});
});

describe('settling a late request', () => {
	/** Records the shifts the limiter asks for; always admits. */
	class RecordingSlots implements SlotStore {
		readonly shifts: Array<{ ticket: string; shiftMs: number }> = [];
		private issued = 0;
		async reserve(): Promise<Reservation> {
			return { wait: 0, ticket: String(++this.issued) };
		}
		async settle(_sender: string, ticket: string, shiftMs: number): Promise<void> {
			this.shifts.push({ ticket, shiftMs });
		}
	}

	it("measures a number's slow request against the fastest round trip of any number", async () => {
		let clock = 0;
		const slots = new RecordingSlots();
		const limiter = new Throttle({ now: () => clock, sharedSlots: () => slots });
		const send = (sender: string, takesMs: number) =>
			limiter.schedule({ sender, messagesPerSecond: 5, redisUrl: 'redis://unused' }, async () => {
				clock += takesMs;
			});
		// Another number shows the network answers in 1 ms; this one's answers always take 9 ms
		// or more (its answers wait for a busy event loop), so only comparing across numbers
		// shows the 14 ms send as 13 ms late.
		await send('quick', 1);
		await send('quick', 1);
		await send('busy', 9);
		await send('busy', 14);
		await limiter.close();
		expect(slots.shifts).toEqual([
			{ ticket: '3', shiftMs: 5 },
			{ ticket: '4', shiftMs: 10 },
		]);
	});
});
